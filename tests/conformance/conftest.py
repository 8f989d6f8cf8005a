"""Fixtures for conformance tests: supatui.client and the official supabase
client, both pointed at the same sandbox with the same seeded tables."""

from __future__ import annotations

import asyncio

import pytest

from supatui.client import APIError, create_client

SCHEMA_SQL = """
drop table if exists cf_cities, cf_countries, cf_tagged, cf_people cascade;
drop function if exists cf_people_named(text), cf_add(int, int) cascade;

create table cf_countries (id int8 primary key, name text not null);
create table cf_cities (id int8 primary key, name text, population int8,
    country_id int8 references cf_countries(id));
create table cf_tagged (id int8 primary key, tags text[], meta jsonb, during int4range);
create table cf_people (id int8 primary key, name text, nick text unique);

create function cf_people_named(prefix text) returns setof cf_people language sql stable as
    $$ select * from cf_people where name like prefix || '%' $$;
create function cf_add(a int, b int) returns int language sql immutable as $$ select a + b $$;
"""

SEED_SQL = """
truncate cf_cities, cf_countries, cf_tagged, cf_people restart identity cascade;
insert into cf_countries (id, name) values (1, 'Chile'), (2, 'Indonesia'), (3, 'Japan');
insert into cf_cities (id, name, population, country_id) values
    (1, 'Valparaiso', 300000, 1), (2, 'Santiago', 6000000, 1), (3, 'Bali', 4000, 2),
    (4, 'Kyoto', 1400000, 3), (5, 'Osaka', null, 3);
insert into cf_tagged (id, tags, meta, during) values
    (1, array['a', 'b'], '{"kind": "x", "n": 1}', '[1,5)'),
    (2, array['b', 'c'], '{"kind": "y", "n": 2}', '[5,10)'),
    (3, array['d'], '{"kind": "x", "n": 3}', '[20,30)');
insert into cf_people (id, name, nick) values
    (1, 'Ann Lee', 'ann'), (2, 'Bob Ray', 'bob'), (3, 'Doe, Jane', 'jd'), (4, 'Al (Jr)', 'al'),
    (5, 'null', 'nullname'), (6, null, 'nobody'), (7, 'a.b:c', 'dots');
"""


@pytest.fixture(scope="module")
async def ours(sandbox):
    """supatui.client with the service-role key."""
    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        yield client


@pytest.fixture(scope="module")
async def official(sandbox):
    """The official supabase async client with the service-role key (test oracle only)."""
    from supabase import acreate_client

    client = await acreate_client(sandbox.api_url, sandbox.service_role_key)
    yield client
    await client.postgrest.aclose()


@pytest.fixture(scope="module")
async def conformance_schema(sql, ours):
    await sql(SCHEMA_SQL)
    for _ in range(150):
        try:
            await ours.table("cf_people").select("id").limit(0).execute()
            break
        except APIError:
            await asyncio.sleep(0.1)
    yield
    await sql(SCHEMA_SQL.split("create table", 1)[0])


@pytest.fixture
async def reseed(conformance_schema, sql):
    """An async function that restores the seeded rows of the conformance tables."""

    async def run_seed() -> None:
        await sql(SEED_SQL, reload=False)

    return run_seed


@pytest.fixture
async def seeded(reseed):
    """Reseed the conformance tables before each test."""
    await reseed()
