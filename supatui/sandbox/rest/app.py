"""The Starlette application serving ``/rest/v1``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import asyncpg
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .config import RestConfig
from .errors import ApiError, GatewayError
from .handlers.common import RestState
from .handlers.read import handle_read
from .handlers.root import handle_root
from .handlers.rpc import handle_rpc
from .handlers.write import handle_write
from .response import error_response, gateway_response
from .schema_cache import SchemaCache

__all__ = ["create_rest_app"]

logger = logging.getLogger(__name__)

_ALL_METHODS = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"]

_STALE_STATEMENT_ERRORS = (asyncpg.InvalidCachedStatementError, asyncpg.OutdatedSchemaCacheError)


class _AnyPathConvertor(Convertor[str]):
    """Like Starlette's ``path`` convertor but also matching newlines, which names may hold."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("pgrst_name", _AnyPathConvertor())


def create_rest_app(pool: asyncpg.Pool, config: RestConfig, dsn: str | None = None) -> Starlette:
    """Create the PostgREST-compatible ASGI app; mount it at ``/rest/v1``.

    The schema cache loads on the first request and reloads on ``NOTIFY pgrst, 'reload schema'``.
    ``app.state.rest`` is the RestState, and ``await app.state.rest.cache.aclose()`` stops the
    listener when the app is mounted inside another app (mounted apps get no lifespan events).

    Args:
        pool: Pool connected as a role that may ``SET ROLE`` to anon, authenticated and service_role.
        config: Keys, exposed schemas and row limit.
        dsn: DSN for the dedicated ``LISTEN pgrst`` connection; without it a pooled one is held.
    """
    state = RestState(pool=pool, config=config, cache=SchemaCache(pool, config.schemas, dsn))

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await state.cache.aclose()

    def wrap(handler: Callable[[Request, RestState], Awaitable[Response]]):
        async def endpoint(request: Request) -> Response:
            try:
                return await _run_retrying_stale_statement(handler, request, state)
            except GatewayError as error:
                logger.info("%s %s rejected by the API gateway: %s", request.method, request.url.path,
                            error.message)
                return gateway_response(error)
            except ApiError as error:
                log = logger.warning if error.status >= 500 else logger.info
                log("%s %s failed with %d %s: %s", request.method, request.url.path, error.status,
                    error.code, error.message)
                return error_response(error, head=request.method == "HEAD")
        return endpoint

    routes = [
        Route("/", wrap(handle_root), methods=_ALL_METHODS),
        Route("/rpc/{name:pgrst_name}", wrap(handle_rpc), methods=_ALL_METHODS),
        Route("/{name:pgrst_name}", wrap(_relation), methods=_ALL_METHODS),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.rest = state
    return app


async def _run_retrying_stale_statement(handler: Callable[[Request, RestState], Awaitable[Response]],
                                        request: Request, state: RestState) -> Response:
    """Run ``handler``, and run it once more if a statement asyncpg cached predates a DDL change.

    Pooled connections keep their prepared statements across schema reloads. PostgreSQL re-plans
    them itself, but rejects one whose result columns changed type, and asyncpg cannot re-prepare
    inside the request's transaction. asyncpg then drops the pool's statement cache, and the
    first attempt's transaction was rolled back, so a second attempt is safe and re-prepares.
    """
    try:
        return await handler(request, state)
    except (ApiError, *_STALE_STATEMENT_ERRORS) as error:
        cause = error.__cause__ if isinstance(error, ApiError) else error
        if not isinstance(cause, _STALE_STATEMENT_ERRORS):
            raise
        logger.info("%s %s hit a statement cached before a schema change (%s); retrying once",
                    request.method, request.url.path, cause)
    return await handler(request, state)


async def _relation(request: Request, state: RestState) -> Response:
    name = request.path_params["name"]
    if "/" in name or not name:
        raise ApiError(404, "PGRST125", f"Invalid path specified in request URL: {request.url.path}")
    if "\x00" in name:
        raise ApiError(400, "PGRST100", "Invalid table name: NUL characters are not allowed")
    if request.method in ("GET", "HEAD"):
        return await handle_read(request, state, name)
    if request.method in ("POST", "PATCH", "PUT", "DELETE", "OPTIONS"):
        return await handle_write(request, state, name)
    raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {request.method}")
