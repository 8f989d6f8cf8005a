"""Per-request transaction: role, JWT claims and request GUCs, then the request's statements."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from starlette.requests import Request

from .errors import ApiError, error_from_postgres
from .gateway import Identity
from .sql.ident import quote_ident

__all__ = ["RequestInfo", "request_transaction"]

_SETUP = """SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
  set_config('request.method', $3, true), set_config('request.path', $4, true),
  set_config('request.headers', $5, true), set_config('search_path', $6, true),
  set_config('request.jwt.claim.role', $1, true), set_config('request.jwt.claim.sub', $7, true)"""


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
        headers = {key.lower(): value for key, value in request.headers.items()}
        return cls(identity, schema, request.method, request.url.path, json.dumps(headers), timezone)


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
        transaction = connection.transaction(readonly=read_only)
        await transaction.start()
        try:
            await _set_up(connection, info)
            yield connection
        except BaseException:
            await transaction.rollback()
            raise
        else:
            try:
                await transaction.commit()
            except asyncpg.PostgresError as error:
                raise error_from_postgres(error, role) from error


async def _set_up(connection: asyncpg.Connection, info: RequestInfo) -> None:
    claims = info.identity.claims
    subject = claims.get("sub")
    search_path = f"{quote_ident(info.schema)}, public"
    try:
        await connection.execute(
            _SETUP, info.identity.role, json.dumps(claims), info.method, info.path,
            info.headers_json, search_path, subject if isinstance(subject, str) else "",
        )
        if info.timezone:
            await connection.execute("SELECT set_config('timezone', $1, true)", info.timezone)
    except asyncpg.PostgresError as error:
        if getattr(error, "sqlstate", None) == "22023" and "role" in str(error):
            raise ApiError(401, "22023", str(error), None, None,
                           {"WWW-Authenticate": "Bearer"}) from error
        raise error_from_postgres(error, info.identity.role) from error
