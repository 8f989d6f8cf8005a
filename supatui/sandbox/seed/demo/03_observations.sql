-- The large table: current_setting('supatui.seed_rows') observations (1,000,000 for the demo),
-- spread over two years at one per 63 seconds. setseed() makes every load produce the same rows.

select setseed(0.42);

with planet_ids as (
    select array_agg(id order by id) as ids from public.planets
),
observatory_ids as (
    select array_agg(id order by id) as ids from public.observatories
)
insert into public.observations
    (id, planet_id, observatory_id, observed_at, magnitude, seeing_arcsec, flagged)
select
    g,
    p.ids[1 + g % cardinality(p.ids)],
    o.ids[1 + (g / 7) % cardinality(o.ids)],
    timestamptz '2024-01-01 00:00:00+00' + g * interval '63 seconds',
    (-4.5 + (g % cardinality(p.ids)) * 1.6 + random() * 0.4)::real,
    (0.4 + random() * 1.6)::real,
    random() < 0.02
from generate_series(1, current_setting('supatui.seed_rows')::bigint) as g,
     planet_ids as p,
     observatory_ids as o;

-- Constraints and indexes after the insert: one sort per index instead of a million updates.
alter table public.observations add primary key (id);
alter table public.observations
    add foreign key (planet_id) references public.planets (id) on delete cascade,
    add foreign key (observatory_id) references public.observatories (id);
create index observations_planet_id_observed_at_idx on public.observations (planet_id, observed_at);
create index observations_observed_at_idx on public.observations (observed_at);

select setval(
    pg_get_serial_sequence('public.observations', 'id'),
    (select coalesce(max(id), 0) + 1 from public.observations),
    false
);
