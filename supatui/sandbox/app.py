"""The sandbox's ASGI application: ``/health`` plus each service mounted at its Supabase path."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

__all__ = ["build_app", "build_auth_app", "build_rest_app"]

logger = logging.getLogger(__name__)


def build_rest_app(
    pool: asyncpg.Pool,
    *,
    dsn: str,
    jwt_secret: str,
    anon_key: str,
    service_role_key: str,
    schemas: tuple[str, ...],
    max_rows: int,
    public_keys: dict[str, Any] | None = None,
) -> ASGIApp | None:
    """Create the PostgREST-compatible app.

    Returns ``None`` when the ``supatui.sandbox.rest`` package is missing, and the sandbox
    then serves ``/health`` only.
    """
    try:
        from supatui.sandbox.rest import create_rest_app
        from supatui.sandbox.rest.config import RestConfig
    except ModuleNotFoundError as error:
        # Only a missing REST package is tolerated; an import error inside it propagates.
        if error.name != "supatui.sandbox.rest":
            raise
        logger.warning("REST API not available (%s); serving /health only", error)
        return None

    config = RestConfig(
        jwt_secret=jwt_secret,
        anon_key=anon_key,
        service_role_key=service_role_key,
        schemas=schemas,
        max_rows=max_rows,
        public_keys=public_keys or {},
    )
    return create_rest_app(pool, config, dsn=dsn)


def build_auth_app(pool: asyncpg.Pool, config: Any) -> ASGIApp:
    """Create the GoTrue-compatible app from an ``AuthConfig``."""
    from supatui.sandbox.auth import create_auth_app

    return create_auth_app(pool, config)


def build_app(pool: asyncpg.Pool, services: dict[str, ASGIApp]) -> Starlette:
    """Return the root app: ``/health`` and each of ``services`` mounted at its path.

    Starlette runs only the root app's lifespan, so the root lifespan enters each mounted
    service's lifespan (the REST app's starts its schema cache and its LISTEN there).
    """

    async def health(request: Request) -> JSONResponse:
        try:
            async with pool.acquire() as connection:
                await connection.fetchval("select 1")
        except (OSError, asyncpg.PostgresError) as error:
            return JSONResponse({"status": "unavailable", "database": str(error)}, status_code=503)
        return JSONResponse({"status": "ok", "services": sorted(services)})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for service in services.values():
                enter = _lifespan_of(service)
                if enter is not None:
                    await stack.enter_async_context(enter(service))
            yield

    routes: list[BaseRoute] = [Route("/health", health, methods=["GET"])]
    routes += [Mount(path, app=service) for path, service in services.items()]
    return Starlette(routes=routes, lifespan=lifespan)


def _lifespan_of(
    app: ASGIApp,
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[Any]] | None:
    router = getattr(app, "router", None)
    return getattr(router, "lifespan_context", None)
