-- Row-level security on user_notes, where rows belong to the user whose id is auth.uid().
-- service_role bypasses RLS (it has BYPASSRLS), as on Supabase.

alter table public.user_notes enable row level security;

create policy "Public notes are readable by everyone"
    on public.user_notes for select
    to anon, authenticated
    using (is_public);

create policy "Users read their own notes"
    on public.user_notes for select
    to authenticated
    using (user_id = auth.uid());

create policy "Users add notes as themselves"
    on public.user_notes for insert
    to authenticated
    with check (user_id = auth.uid());

create policy "Users edit their own notes"
    on public.user_notes for update
    to authenticated
    using (user_id = auth.uid())
    with check (user_id = auth.uid());

create policy "Users delete their own notes"
    on public.user_notes for delete
    to authenticated
    using (user_id = auth.uid());

-- The catalogue is read-only for anonymous visitors; signed-in users and service_role write.
revoke insert, update, delete, truncate on
    public.star_systems, public.planets, public.moons, public.missions, public.mission_targets,
    public.observatories
    from anon;
