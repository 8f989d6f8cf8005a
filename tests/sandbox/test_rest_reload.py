"""Requests keep working when DDL changes the types behind statements that pooled connections cached.

asyncpg prepares and caches each statement per connection, and PostgreSQL rejects a cached
statement whose result type changed. Each test sends the same request before and after the DDL,
so the second request reuses a statement prepared against the old schema.
"""

from __future__ import annotations

import asyncpg
import pytest
import pytest_asyncio
from test_rest_support import RestEnv

pytest_plugins = ["test_rest_support"]
pytestmark = pytest.mark.asyncio(loop_scope="session")

SEED = """
DROP TABLE IF EXISTS rl_items, rl_moods CASCADE;
DROP FUNCTION IF EXISTS rl_value(), rl_rows();
DROP TYPE IF EXISTS rl_mood, rl_point CASCADE;
CREATE TYPE rl_mood AS ENUM ('sad', 'happy');
CREATE TYPE rl_point AS (x int, y int);
CREATE TABLE rl_items (id int PRIMARY KEY, amount int, mood rl_mood, spot rl_point);
INSERT INTO rl_items VALUES (1, 10, 'happy', ROW(1, 2)), (2, 20, 'sad', ROW(3, 4));
CREATE FUNCTION rl_value() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 7 $$;
CREATE FUNCTION rl_rows() RETURNS TABLE (k text, v int) LANGUAGE sql STABLE AS $$ VALUES ('a', 1) $$;
"""


@pytest_asyncio.fixture(loop_scope="session")
async def env(rest_env: RestEnv) -> RestEnv:
    await rest_env.sql(SEED)
    return rest_env


async def _twice(env: RestEnv, path: str) -> object:
    first = await env.json(path)
    second = await env.json(path)
    assert first == second
    return first


async def test_column_type_change(env: RestEnv) -> None:
    path = "/rl_items?select=id,amount&id=eq.1"
    before = await _twice(env, path)

    await env.sql("ALTER TABLE rl_items ALTER COLUMN amount TYPE text USING amount::text || '!'")
    after = await env.json(path)

    assert before == [{"id": 1, "amount": 10}]
    assert after == [{"id": 1, "amount": "10!"}]


async def test_table_recreated_with_new_types(env: RestEnv) -> None:
    path = "/rl_items?select=*&id=eq.2"
    await _twice(env, path)

    await env.sql("DROP TABLE rl_items; CREATE TABLE rl_items (id text PRIMARY KEY, amount numeric, "
                  "mood text, spot text); INSERT INTO rl_items VALUES ('2', 2.5, 'calm', 'here')")
    after = await env.json(path)

    assert after == [{"id": "2", "amount": 2.5, "mood": "calm", "spot": "here"}]


async def test_enum_recreated(env: RestEnv) -> None:
    path = "/rl_items?select=id&mood=eq.happy"
    await _twice(env, path)

    await env.sql("ALTER TABLE rl_items ALTER COLUMN mood TYPE text; DROP TYPE rl_mood; "
                  "CREATE TYPE rl_mood AS ENUM ('happy', 'sad', 'calm'); "
                  "ALTER TABLE rl_items ALTER COLUMN mood TYPE rl_mood USING mood::rl_mood")
    after = await env.json(path)

    assert after == [{"id": 1}]


async def test_composite_attribute_added(env: RestEnv) -> None:
    path = "/rl_items?select=spot&id=eq.1"
    await _twice(env, path)

    await env.sql("ALTER TYPE rl_point ADD ATTRIBUTE z int CASCADE")
    after = await env.json(path)

    assert after == [{"spot": {"x": 1, "y": 2, "z": None}}]


async def test_scalar_function_return_type_change(env: RestEnv) -> None:
    await _twice(env, "/rpc/rl_value")

    await env.sql("DROP FUNCTION rl_value(); "
                  "CREATE FUNCTION rl_value() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'seven' $$")
    after = await env.json("/rpc/rl_value")

    assert after == "seven"


async def test_table_function_column_type_change(env: RestEnv) -> None:
    await _twice(env, "/rpc/rl_rows")

    await env.sql("DROP FUNCTION rl_rows(); CREATE FUNCTION rl_rows() RETURNS TABLE (k text, v text) "
                  "LANGUAGE sql STABLE AS $$ VALUES ('a', 'one') $$")
    after = await env.json("/rpc/rl_rows")

    assert after == [{"k": "a", "v": "one"}]


async def test_insert_after_column_type_change(env: RestEnv) -> None:
    headers = {**env.service, "Prefer": "return=representation"}
    first = await env.client.post("/rl_items?select=id,amount", json={"id": 3, "amount": 30}, headers=headers)
    await env.client.delete("/rl_items?id=eq.3", headers=env.service)

    await env.sql("ALTER TABLE rl_items ALTER COLUMN amount TYPE bigint")
    second = await env.client.post("/rl_items?select=id,amount", json={"id": 3, "amount": 30}, headers=headers)

    assert first.status_code == 201
    assert second.status_code == 201, second.text
    assert second.json() == [{"id": 3, "amount": 30}]


def _fail_page_queries(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[str]:
    """Make the next ``failures`` page queries raise the error of a stale cached statement."""
    calls: list[str] = []
    original = asyncpg.connection.Connection.fetchrow

    async def fetchrow(self: asyncpg.connection.Connection, query: str, *args: object, **kwargs: object):
        if query.startswith("SELECT count(*) AS returned"):
            calls.append(query)
            if len(calls) <= failures:
                raise asyncpg.InvalidCachedStatementError("cached plan must not change result type")
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "fetchrow", fetchrow)
    return calls


async def test_stale_statement_is_retried_once(env: RestEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fail_page_queries(monkeypatch, failures=1)

    rows = await env.json("/rl_items?select=id&id=eq.1")

    assert rows == [{"id": 1}]
    assert len(calls) == 2


async def test_stale_statement_twice_is_error(env: RestEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fail_page_queries(monkeypatch, failures=2)

    response = await env.get("/rl_items?select=id&id=eq.1")

    assert response.status_code == 400
    assert response.json()["code"] == "0A000"
    assert len(calls) == 2
