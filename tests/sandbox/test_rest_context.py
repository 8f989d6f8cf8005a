"""The per-request transaction: settings reach SQL intact, end with the request, and tokens expire."""

from __future__ import annotations

import datetime
import time
from urllib.parse import quote

import pytest
import pytest_asyncio
from test_rest_support import RestEnv

from supatui.sandbox.keys import LEEWAY_SECONDS, mint_jwt
from supatui.sandbox.rest import gateway

pytest_plugins = ["test_rest_support"]
pytestmark = pytest.mark.asyncio(loop_scope="session")

HOSTILE = "x'); DROP TABLE cx_items; -- \\' E'\\\\' $$ \u00e9\u2603 \"q\""

SEED = """
DROP TABLE IF EXISTS cx_items CASCADE;
CREATE TABLE cx_items (id int PRIMARY KEY);
INSERT INTO cx_items VALUES (1);
CREATE OR REPLACE VIEW cx_whoami AS SELECT current_user::text AS role,
  current_setting('request.path', true) AS path,
  current_setting('request.headers', true)::json->>'x-probe' AS probe,
  current_setting('request.jwt.claim.sub', true) AS sub,
  auth.jwt()->>'note' AS note,
  current_setting('timezone') AS timezone;
CREATE OR REPLACE VIEW "cx_it's odd" AS SELECT current_setting('request.path', true) AS path;
CREATE OR REPLACE VIEW cx_broken AS SELECT 1 / 0 AS boom;
"""


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(rest_env: RestEnv) -> RestEnv:
    await rest_env.sql(SEED)
    return rest_env


def _bearer(env: RestEnv, token: str) -> dict[str, str]:
    return {"apikey": env.config.anon_key, "Authorization": f"Bearer {token}"}


async def test_hostile_values_reach_sql_intact(env: RestEnv) -> None:
    token = mint_jwt(env.config.jwt_secret, role="authenticated", sub=HOSTILE, note=HOSTILE)

    probe = HOSTILE.encode()
    rows = await env.json("/cx_whoami", headers={**_bearer(env, token), "X-Probe": probe})

    assert rows[0]["role"] == "authenticated"
    assert rows[0]["sub"] == HOSTILE
    assert rows[0]["note"] == HOSTILE
    assert rows[0]["probe"] == probe.decode("latin-1")
    assert await env.json("/cx_items") == [{"id": 1}]


async def test_hostile_path_reaches_sql_intact(env: RestEnv) -> None:
    rows = await env.json("/" + quote("cx_it's odd"))

    assert rows == [{"path": "/cx_it's odd"}]


async def test_nul_in_claim_is_400(env: RestEnv) -> None:
    token = mint_jwt(env.config.jwt_secret, role="authenticated", sub="a\x00b")

    response = await env.get("/cx_whoami", headers=_bearer(env, token))

    assert response.status_code == 400
    assert response.json()["code"] == "22021"


async def test_settings_end_with_the_request(env: RestEnv) -> None:
    token = mint_jwt(env.config.jwt_secret, role="authenticated", sub="someone", note="secret")
    await env.json("/cx_whoami", headers=_bearer(env, token))

    # asyncpg hands out the most recently released connection first, so these reuse the user's.
    later = [await env.json("/cx_whoami", headers=env.anon) for _ in range(4)]

    for rows in later:
        assert rows[0]["role"] == "anon"
        assert rows[0]["sub"] == ""
        assert rows[0]["note"] is None


async def test_timezone_preference_applies(env: RestEnv) -> None:
    rows = await env.json("/cx_whoami", headers={**env.service, "Prefer": "timezone=Asia/Tokyo"})
    later = await env.json("/cx_whoami")

    assert rows[0]["timezone"] == "Asia/Tokyo"
    assert later[0]["timezone"] != "Asia/Tokyo"


async def test_failed_requests_leave_connections_usable(env: RestEnv) -> None:
    failures = [await env.get("/cx_broken") for _ in range(6)]

    rows = await env.json("/cx_items")

    assert {response.status_code for response in failures} == {400}
    assert rows == [{"id": 1}]


async def test_cached_token_still_expires(env: RestEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    token = mint_jwt(env.config.jwt_secret, role="authenticated", sub="short", expires_in=60)
    first = await env.get("/cx_items", headers=_bearer(env, token))

    expired_at = time.time() + 60 + LEEWAY_SECONDS + 1
    monkeypatch.setattr(gateway.time, "time", lambda: expired_at)
    monkeypatch.setattr("jwt.api_jwt.datetime", _FrozenDatetime(expired_at))
    second = await env.get("/cx_items", headers=_bearer(env, token))

    assert first.status_code == 200
    assert second.status_code == 401
    assert second.json()["code"] == "PGRST303"


class _FrozenDatetime:
    """Stand-in for the ``datetime`` class inside PyJWT, frozen at one POSIX time."""

    def __init__(self, timestamp: float) -> None:
        self._timestamp = timestamp

    def now(self, tz: datetime.tzinfo | None = None) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self._timestamp, tz=tz)
