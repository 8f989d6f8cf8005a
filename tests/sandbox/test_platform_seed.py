"""The demo seed: schema, data, RPC functions, RLS and grants, loaded into a database of its own."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from supatui.sandbox import Sandbox, SandboxError, SandboxSettings
from supatui.sandbox.db import bootstrap_database
from supatui.sandbox.seed import apply_seed

#: Rows of public.observations in the fast tests; the real seed loads 1,000,000.
SMALL_ROWS = 5000

#: Demo users (see demo/02_catalog.sql): OWNER has 3 notes (1 public), OTHER has 2 (1 public).
OWNER_ID = "4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a"
OTHER_ID = "9c1e5f3a-6d2b-4e8f-a0b1-c2d3e4f5a6b7"


@pytest.fixture(scope="module")
async def demo_db(db_url: str) -> AsyncIterator[str]:
    """DSN of a new database on the session server with the demo seed (5,000 observations)."""
    name = f"seed_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(db_url)
    await admin.execute(f"create database {name}")
    dsn = db_url.replace("/postgres?", f"/{name}?")

    connection = await asyncpg.connect(dsn)
    try:
        await bootstrap_database(connection)
        await apply_seed(connection, "demo", rows=SMALL_ROWS)
    finally:
        await connection.close()

    try:
        yield dsn
    finally:
        await admin.execute(f"drop database {name} with (force)")
        await admin.close()


@pytest.fixture
async def demo(demo_db: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(demo_db)
    try:
        yield connection
    finally:
        await connection.close()


async def _as_role(
    connection: asyncpg.Connection, role: str, query: str, *args: object, sub: str | None = None
) -> list[asyncpg.Record]:
    """Run ``query`` as ``role`` with JWT claims, the way the REST app runs a request."""
    claims = {"role": role} if sub is None else {"role": role, "sub": sub}
    async with connection.transaction():
        await connection.execute(
            "select set_config('request.jwt.claims', $1, true)", json.dumps(claims)
        )
        await connection.execute(f"set local role {role}")
        return await connection.fetch(query, *args)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("public.star_systems", 6),
        ("public.planets", 18),
        ("public.moons", 17),
        ("public.missions", 21),
        ("public.mission_targets", 33),
        ("public.observatories", 10),
        ("public.observations", SMALL_ROWS),
        ("public.user_notes", 5),
        ("analytics.page_views", 20000),
    ],
)
async def test_demo_row_counts(demo: asyncpg.Connection, table: str, expected: int) -> None:
    assert await demo.fetchval(f"select count(*) from {table}") == expected


async def test_demo_foreign_keys(demo: asyncpg.Connection) -> None:
    rows = await demo.fetch(
        "select conrelid::regclass::text as child, confrelid::regclass::text as parent "
        "from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace"
    )
    pairs = {(row["child"], row["parent"]) for row in rows}

    assert ("planets", "star_systems") in pairs
    assert ("moons", "planets") in pairs
    assert ("mission_targets", "missions") in pairs
    assert ("observations", "planets") in pairs
    assert ("observations", "observatories") in pairs


async def test_demo_column_types(demo: asyncpg.Connection) -> None:
    rows = await demo.fetch(
        "select column_name, data_type, udt_name, is_generated from information_schema.columns "
        "where table_schema = 'public' and table_name = 'planets'"
    )
    columns = {row["column_name"]: row for row in rows}

    assert columns["kind"]["udt_name"] == "body_kind"
    assert columns["atmosphere"]["data_type"] == "ARRAY"
    assert columns["details"]["data_type"] == "jsonb"
    assert columns["created_at"]["data_type"] == "timestamp with time zone"
    assert columns["search"]["data_type"] == "tsvector"
    assert columns["search"]["is_generated"] == "ALWAYS"


async def test_demo_planets_ordered_from_sun(demo: asyncpg.Connection) -> None:
    names = await demo.fetch("select name from public.planets order by id limit 4")

    assert [row["name"] for row in names] == ["Mercury", "Venus", "Earth", "Mars"]


async def test_demo_view_counts(demo: asyncpg.Connection) -> None:
    row = await demo.fetchrow("select * from public.planet_summary where name = 'Jupiter'")

    assert row["system_name"] == "Solar System"
    assert row["moon_count"] == 4
    assert row["mission_count"] == 8


async def test_demo_set_returning_rpc(demo: asyncpg.Connection) -> None:
    names = await demo.fetch("select name from public.planets_in_system('TRAPPIST-1')")
    found = await demo.fetch("select name from public.search_planets('ring system')")

    assert [row["name"] for row in names] == ["TRAPPIST-1e", "TRAPPIST-1f", "TRAPPIST-1g"]
    assert [row["name"] for row in found] == ["Saturn"]


async def test_demo_rpc_volatility(demo: asyncpg.Connection) -> None:
    rows = await demo.fetch(
        "select proname, provolatile::text, proretset from pg_proc "
        "where pronamespace = 'public'::regnamespace"
    )
    functions = {row["proname"]: row for row in rows}

    assert functions["planets_in_system"]["provolatile"] == "s"
    assert functions["planets_in_system"]["proretset"] is True
    assert functions["count_moons"]["provolatile"] == "s"
    assert functions["record_observation"]["provolatile"] == "v"


async def test_demo_volatile_rpc_inserts(demo: asyncpg.Connection) -> None:
    # Rolled back, so the other tests keep seeing SMALL_ROWS observations.
    transaction = demo.transaction()
    await transaction.start()
    try:
        row = await demo.fetchrow("select * from public.record_observation(3, 1::smallint, 1.5)")
        count = await demo.fetchval("select count(*) from public.observations")
    finally:
        await transaction.rollback()

    assert row["id"] == SMALL_ROWS + 1
    assert row["planet_id"] == 3
    assert count == SMALL_ROWS + 1


async def test_demo_rls_owner_sees_own_and_public(demo: asyncpg.Connection) -> None:
    rows = await _as_role(
        demo, "authenticated", "select user_id::text from public.user_notes", sub=OWNER_ID
    )
    owners = [row["user_id"] for row in rows]

    assert owners.count(OWNER_ID) == 3
    assert owners.count(OTHER_ID) == 1


async def test_demo_rls_anon_sees_public(demo: asyncpg.Connection) -> None:
    rows = await _as_role(demo, "anon", "select is_public from public.user_notes")

    assert len(rows) == 2
    assert all(row["is_public"] for row in rows)


async def test_demo_rls_rejects_foreign_insert(demo: asyncpg.Connection) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
        await _as_role(
            demo,
            "authenticated",
            "insert into public.user_notes (user_id, planet_id, body) values ($1, 1, 'forged')",
            uuid.UUID(OTHER_ID),
            sub=OWNER_ID,
        )


async def test_demo_rls_insert_defaults_to_uid(demo: asyncpg.Connection) -> None:
    rows = await _as_role(
        demo,
        "authenticated",
        "insert into public.user_notes (planet_id, body) values (1, 'hot') returning user_id::text",
        sub=OWNER_ID,
    )
    await demo.execute("delete from public.user_notes where body = 'hot'")

    assert rows[0]["user_id"] == OWNER_ID


async def test_demo_anon_cannot_write_catalog(demo: asyncpg.Connection) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await _as_role(demo, "anon", "delete from public.planets")


async def test_demo_analytics_readable_by_anon(demo: asyncpg.Connection) -> None:
    rows = await _as_role(
        demo, "anon", "select sum(views) as views from analytics.daily_page_views"
    )

    assert rows[0]["views"] == 20000


async def test_demo_statistics_gathered(demo: asyncpg.Connection) -> None:
    estimate = await demo.fetchval(
        "select reltuples from pg_class where oid = 'public.observations'::regclass"
    )

    assert estimate == SMALL_ROWS


async def test_demo_seed_loads_once(demo_db: str) -> None:
    connection = await asyncpg.connect(demo_db)
    try:
        demo_again = await apply_seed(connection, "demo")
        bench_after_demo = await apply_seed(connection, "bench")
        empty = await apply_seed(connection, "empty")
    finally:
        await connection.close()

    assert demo_again is False
    assert bench_after_demo is False
    assert empty is False


async def test_seed_conflict_names_fix(sql, db_url: str, unique_name: str) -> None:
    await sql(f"create database {unique_name}", reload=False)
    dsn = db_url.replace("/postgres?", f"/{unique_name}?")
    connection = await asyncpg.connect(dsn)
    try:
        await bootstrap_database(connection)
        await connection.execute("create table public.planets (id int)")

        with pytest.raises(SandboxError, match="--seed empty"):
            await apply_seed(connection, "demo", rows=10)
        leftover = await connection.fetchval("select to_regclass('public.star_systems') is null")
    finally:
        await connection.close()
        await sql(f"drop database {unique_name} with (force)", reload=False)

    assert leftover


async def test_unknown_seed_rejected(demo: asyncpg.Connection) -> None:
    with pytest.raises(SandboxError, match="Unknown seed 'huge'"):
        await apply_seed(demo, "huge")


@pytest.mark.slow
async def test_demo_seed_full_size(sql, db_url: str, unique_name: str) -> None:
    await sql(f"create database {unique_name}", reload=False)
    dsn = db_url.replace("/postgres?", f"/{unique_name}?")
    try:
        started = time.perf_counter()
        async with Sandbox(SandboxSettings(database_url=dsn, seed="demo")) as demo:
            seconds = time.perf_counter() - started
            connection = await asyncpg.connect(dsn)
            count = await connection.fetchval("select count(*) from public.observations")
            estimate = await connection.fetchval(
                "select reltuples from pg_class where oid = 'public.observations'::regclass"
            )
            await connection.close()
            schemas = demo.schemas
    finally:
        await sql(f"drop database {unique_name} with (force)", reload=False)

    print(f"demo seed with 1,000,000 observations: sandbox started in {seconds:.1f} s")
    assert count == 1_000_000
    assert estimate == 1_000_000
    assert schemas == ("public", "analytics")
    assert seconds < 60
