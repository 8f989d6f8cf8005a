"""Per-request transaction: role, JWT claims and request GUCs, then the request's statements."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from starlette.requests import Request

from .errors import ApiError, error_from_postgres
from .gateway import Identity
from .sql.ident import quote_ident

__all__ = ["RequestInfo", "request_transaction"]

logger = logging.getLogger(__name__)

#: Distinct header sets whose JSON is kept; a client sends the same headers on every request.
_HEADER_CACHE_SIZE = 256


@dataclass(frozen=True)
class RequestInfo:
    """Request data exposed to SQL through the ``request.*`` settings."""

    identity: Identity
    schema: str
    method: str
    path: str
    headers_json: str
    timezone: str | None = None

    @classmethod
    def from_request(cls, request: Request, identity: Identity, schema: str,
                     timezone: str | None = None) -> RequestInfo:
        """Collect method, path and lower-cased headers from ``request``."""
        headers_json = _headers_json(tuple(request.scope["headers"]))
        return cls(identity, schema, request.method, request.url.path, headers_json, timezone)


@functools.lru_cache(maxsize=_HEADER_CACHE_SIZE)
def _headers_json(raw_headers: tuple[tuple[bytes, bytes], ...]) -> str:
    # Same decoding as Starlette's Headers; a repeated header keeps its last value.
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in raw_headers}
    return json.dumps(headers)


@asynccontextmanager
async def request_transaction(pool: asyncpg.Pool, info: RequestInfo, *,
                              read_only: bool) -> AsyncIterator[asyncpg.Connection]:
    """Yield a connection inside a transaction set up for ``info``; roll back on any error.

    Raises:
        ApiError: PostgreSQL errors translated with the role's status rules; 401 when the JWT
            names a role that does not exist.
    """
    role = info.identity.role
    async with pool.acquire() as connection:
        try:
            await _begin(connection, info, read_only)
            yield connection
        except BaseException:
            await _rollback(connection)
            raise
        try:
            await connection.execute("COMMIT")
        except asyncpg.PostgresError as error:
            raise error_from_postgres(error, role) from error


async def _begin(connection: asyncpg.Connection, info: RequestInfo, read_only: bool) -> None:
    """Start the transaction and apply the request settings in one round trip.

    The settings travel as quoted literals in a simple-protocol script, because a statement
    with bind parameters cannot share a round trip with ``BEGIN`` in asyncpg.
    """
    identity = info.identity
    subject = identity.claims.get("sub")
    settings = [
        ("role", identity.role),
        ("request.jwt.claims", identity.claims_json),
        ("request.method", info.method),
        ("request.path", info.path),
        ("request.headers", info.headers_json),
        ("search_path", f"{quote_ident(info.schema)}, public"),
        ("request.jwt.claim.role", identity.role),
        ("request.jwt.claim.sub", subject if isinstance(subject, str) else ""),
    ]
    if info.timezone:
        settings.append(("timezone", info.timezone))
    calls = ", ".join(f"set_config({_literal(name)}, {_literal(value)}, true)" for name, value in settings)
    begin = "BEGIN READ ONLY" if read_only else "BEGIN"

    try:
        await connection.execute(f"{begin}; SELECT {calls}")
    except asyncpg.PostgresError as error:
        if getattr(error, "sqlstate", None) == "22023" and "role" in str(error):
            raise ApiError(401, "22023", str(error), None, None,
                           {"WWW-Authenticate": "Bearer"}) from error
        raise error_from_postgres(error, identity.role) from error


async def _rollback(connection: asyncpg.Connection) -> None:
    if not connection.is_in_transaction():
        return
    try:
        await connection.execute("ROLLBACK")
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
        # The pool's reset on release rolls back or discards the connection anyway.
        logger.warning("rolling back a request transaction failed: %s", error)


def _literal(value: str) -> str:
    """Quote ``value`` as an escape-string literal, safe whatever ``standard_conforming_strings`` is.

    Raises:
        ApiError: 400 for a NUL character or a lone surrogate, which PostgreSQL text cannot hold.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ApiError(400, "22021", 'invalid byte sequence for encoding "UTF8"',
                       f"a request setting contains {value[error.start]!r}; send valid UTF-8") from None
    if "\x00" in value:
        raise ApiError(400, "22021", 'invalid byte sequence for encoding "UTF8": 0x00',
                       "a request setting (path, header or JWT claim) contains a NUL character; remove it")
    escaped = value.replace("\\", "\\\\").replace("'", "''")
    return f"E'{escaped}'"
