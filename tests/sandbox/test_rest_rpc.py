"""``/rpc``: named arguments, GET for stable functions, set results with filters, scalars, void."""

from __future__ import annotations

import pytest
import pytest_asyncio
from test_rest_support import RestEnv

pytest_plugins = ["test_rest_support"]
pytestmark = pytest.mark.asyncio(loop_scope="session")

SEED = """
DROP TABLE IF EXISTS rp_items CASCADE;
CREATE TABLE rp_items (id int PRIMARY KEY, name text, prio int);
INSERT INTO rp_items VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);
CREATE OR REPLACE FUNCTION rp_add(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE OR REPLACE FUNCTION rp_items_above(min_prio int) RETURNS SETOF rp_items LANGUAGE sql STABLE AS
  $$ SELECT * FROM rp_items WHERE prio > min_prio $$;
CREATE OR REPLACE FUNCTION rp_pairs() RETURNS TABLE (k text, v int) LANGUAGE sql STABLE AS
  $$ VALUES ('x', 1), ('y', 2) $$;
CREATE OR REPLACE FUNCTION rp_numbers(n int) RETURNS SETOF int LANGUAGE sql STABLE AS
  $$ SELECT generate_series(1, n) $$;
CREATE OR REPLACE FUNCTION rp_first() RETURNS rp_items LANGUAGE sql STABLE AS
  $$ SELECT * FROM rp_items ORDER BY id LIMIT 1 $$;
CREATE OR REPLACE FUNCTION rp_bump(item int) RETURNS void LANGUAGE sql VOLATILE AS
  $$ UPDATE rp_items SET prio = prio + 1 WHERE id = item $$;
CREATE OR REPLACE FUNCTION rp_sneaky() RETURNS int LANGUAGE plpgsql STABLE AS
  $$ BEGIN PERFORM rp_bump(1); RETURN 1; END $$;
CREATE OR REPLACE FUNCTION rp_echo(payload json) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT payload $$;
CREATE OR REPLACE FUNCTION rp_sum(nums int[]) RETURNS int LANGUAGE sql IMMUTABLE AS
  $$ SELECT sum(x)::int FROM unnest(nums) x $$;
CREATE OR REPLACE FUNCTION rp_fail() RETURNS int LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'custom failure' USING HINT = 'try again'; END $$;
CREATE OR REPLACE FUNCTION rp_teapot() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING message = '{"code":"X1","message":"short and stout"}',
                               detail = '{"status":418,"headers":{"X-Kettle":"on"}}';
END $$;
CREATE OR REPLACE FUNCTION rp_created() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('response.status', '202', true);
  PERFORM set_config('response.headers', '[{"X-Job":"7"}]', true);
  RETURN 1;
END $$;
"""


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(rest_env: RestEnv) -> RestEnv:
    await rest_env.sql(SEED)
    return rest_env


async def test_post_scalar_with_named_args(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_add", json={"a": 1, "b": 2}, headers=env.service)
    defaulted = await env.client.post("/rpc/rp_add", json={"a": 1}, headers=env.service)

    assert response.status_code == 200
    assert response.json() == 3
    assert defaulted.json() == 11


async def test_get_stable_function_with_query_args(env: RestEnv) -> None:
    response = await env.get("/rpc/rp_add?a=5&b=6")

    assert response.status_code == 200
    assert response.json() == 11


async def test_get_volatile_function_is_405(env: RestEnv) -> None:
    response = await env.get("/rpc/rp_bump?item=1")

    assert response.status_code == 405
    assert response.json()["code"] == "PGRST101"


async def test_set_returning_with_filters_select_order(env: RestEnv) -> None:
    response = await env.get("/rpc/rp_items_above?min_prio=1&select=name&name=neq.c&order=id.desc",
                             headers={**env.service, "Prefer": "count=exact"})

    assert response.status_code == 200
    assert response.json() == [{"name": "b"}]
    assert response.headers["content-range"] == "0-0/1"


async def test_returns_table_and_setof_scalar(env: RestEnv) -> None:
    pairs = await env.client.post("/rpc/rp_pairs?v=gt.1", json={}, headers=env.service)
    numbers = await env.client.post("/rpc/rp_numbers?limit=2", json={"n": 5}, headers=env.service)

    assert pairs.json() == [{"k": "y", "v": 2}]
    assert numbers.json() == [1, 2]


async def test_single_composite_is_object(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_first", headers=env.service)

    assert response.json() == {"id": 1, "name": "a", "prio": 1}


async def test_void_function_is_204_and_writes(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_bump", json={"item": 3}, headers=env.service)
    rows = await env.json("/rp_items?select=prio&id=eq.3")

    assert response.status_code == 204
    assert response.content == b""
    assert rows == [{"prio": 4}]
    await env.sql("UPDATE rp_items SET prio = 3 WHERE id = 3")


async def test_stable_function_runs_read_only(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_sneaky", headers=env.service)

    assert response.status_code == 405
    assert response.json()["code"] == "25006"


async def test_head_rpc_has_no_body(env: RestEnv) -> None:
    response = await env.client.head("/rpc/rp_items_above?min_prio=0", headers={**env.service, "Prefer": "count=exact"})

    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-range"] == "0-2/3"


async def test_unknown_function_or_argument_is_404(env: RestEnv) -> None:
    missing = await env.client.post("/rpc/rp_nope", json={}, headers=env.service)
    bad_arg = await env.client.post("/rpc/rp_add", json={"zzz": 1}, headers=env.service)

    assert (missing.status_code, missing.json()["code"]) == (404, "PGRST202")
    assert (bad_arg.status_code, bad_arg.json()["code"]) == (404, "PGRST202")


async def test_single_unnamed_json_argument_gets_body(env: RestEnv) -> None:
    await env.sql("CREATE OR REPLACE FUNCTION rp_whole(json) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;")

    response = await env.client.post("/rpc/rp_whole", json={"any": ["thing"]}, headers=env.service)

    assert response.json() == {"any": ["thing"]}


async def test_json_and_array_arguments(env: RestEnv) -> None:
    echoed = await env.client.post("/rpc/rp_echo", json={"payload": {"a": [1, 2]}}, headers=env.service)
    summed = await env.client.post("/rpc/rp_sum", json={"nums": [1, 2, 3]}, headers=env.service)
    summed_get = await env.get("/rpc/rp_sum?nums=%7B4,5%7D")

    assert echoed.json() == {"a": [1, 2]}
    assert summed.json() == 6
    assert summed_get.json() == 9


async def test_raise_exception_is_400_with_hint(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_fail", headers=env.service)

    assert response.status_code == 400
    assert response.json() == {"code": "P0001", "details": None, "hint": "try again", "message": "custom failure"}


async def test_raise_pgrst_sets_status_and_headers(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_teapot", headers=env.service)

    assert response.status_code == 418
    assert response.headers["x-kettle"] == "on"
    assert response.json()["code"] == "X1"
    assert response.json()["message"] == "short and stout"


async def test_response_settings_from_function(env: RestEnv) -> None:
    response = await env.client.post("/rpc/rp_created", headers=env.service)

    assert response.status_code == 202
    assert response.headers["x-job"] == "7"


async def test_rpc_options_and_unsupported_verb(env: RestEnv) -> None:
    stable = await env.client.options("/rpc/rp_add", headers=env.service)
    volatile = await env.client.options("/rpc/rp_bump", headers=env.service)
    patch = await env.client.patch("/rpc/rp_add", json={}, headers=env.service)

    assert stable.headers["allow"] == "OPTIONS,GET,HEAD,POST"
    assert volatile.headers["allow"] == "OPTIONS,POST"
    assert (patch.status_code, patch.json()["code"]) == (405, "PGRST101")
