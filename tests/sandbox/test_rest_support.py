"""Fixture for the REST tests: a REST app on the session sandbox's database, served over ASGI.

The app is a second instance next to the one the sandbox mounts, so the tests can expose an
extra schema and use a small ``max_rows``. Other ``test_rest_*`` modules load this module with
``pytest_plugins``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest_asyncio

from supatui.sandbox.keys import mint_jwt
from supatui.sandbox.rest import RestConfig, create_rest_app

__all__ = ["RestEnv", "rest_env"]

#: Extra schemas the REST tests expose (``analytics``) or keep hidden (``hidden``).
SCHEMAS_SQL = """
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS hidden;
GRANT USAGE ON SCHEMA analytics, hidden TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT ALL ON TABLES TO anon, authenticated, service_role;
"""


@dataclass
class RestEnv:
    """A running REST app on a private PostgreSQL, with keys and helpers for tests."""

    client: httpx.AsyncClient
    pool: asyncpg.Pool
    app: Any
    config: RestConfig
    dsn: str

    @property
    def anon(self) -> dict[str, str]:
        """Headers of an anonymous request."""
        return {"apikey": self.config.anon_key}

    @property
    def service(self) -> dict[str, str]:
        """Headers of a service_role request."""
        return {"apikey": self.config.service_role_key,
                "Authorization": f"Bearer {self.config.service_role_key}"}

    def user(self, sub: str, **claims: Any) -> dict[str, str]:
        """Headers of a request by an authenticated user with id ``sub``."""
        token = mint_jwt(self.config.jwt_secret, role="authenticated", sub=sub, **claims)
        return {"apikey": self.config.anon_key, "Authorization": f"Bearer {token}"}

    async def sql(self, statements: str) -> None:
        """Run ``statements`` as the superuser, then reload the schema cache."""
        async with self.pool.acquire() as connection:
            await connection.execute(statements)
        await self.app.state.rest.cache.reload()

    async def get(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        """GET ``path`` as service_role unless ``headers`` are given."""
        return await self.client.get(path, headers=headers if headers is not None else self.service, **kwargs)

    async def json(self, path: str, **kwargs: Any) -> Any:
        """GET ``path`` as service_role and return the decoded JSON after asserting 200/206."""
        response = await self.get(path, **kwargs)
        assert response.status_code in (200, 206), response.text
        return json.loads(response.text)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def rest_env(sandbox: Any) -> AsyncIterator[RestEnv]:
    """Serve a REST app over ASGI on the session sandbox's database (schemas public, analytics)."""
    pool = await asyncpg.create_pool(sandbox.db_url, min_size=1, max_size=4)
    async with pool.acquire() as connection:
        await connection.execute(SCHEMAS_SQL)

    config = RestConfig(
        jwt_secret=sandbox.jwt_secret,
        anon_key=sandbox.anon_key,
        service_role_key=sandbox.service_role_key,
        schemas=("public", "analytics"),
        max_rows=50,
    )
    app = create_rest_app(pool, config, dsn=sandbox.db_url)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://rest.test") as client:
            yield RestEnv(client, pool, app, config, sandbox.db_url)
    finally:
        await app.state.rest.cache.aclose()
        await pool.close()
