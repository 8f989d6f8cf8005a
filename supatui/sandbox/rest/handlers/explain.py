"""``Accept: application/vnd.pgrst.plan`` responses: EXPLAIN output of the request's query."""

from __future__ import annotations

import json

import asyncpg
from starlette.responses import Response

from ..errors import error_from_postgres
from .common import RequestBase

__all__ = ["explain_response"]


async def explain_response(connection: asyncpg.Connection, base: RequestBase, sql: str,
                           args: list[object]) -> Response:
    """Run ``EXPLAIN`` with the negotiated format and options on ``sql``.

    With ``options=analyze`` the statement really runs, so callers must run writes in a
    transaction that is rolled back afterwards.
    """
    media = base.media
    options = [f"FORMAT {media.plan_format.upper()}"] + [option.upper() for option in media.plan_options]
    try:
        rows = await connection.fetch(f"EXPLAIN ({', '.join(options)}) {sql}", *args)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, base.identity.role) from error

    if media.plan_format == "json":
        value = rows[0][0]
        body = value if isinstance(value, str) else json.dumps(value)
        content_type = 'application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8'
    else:
        body = "\n".join(row[0] for row in rows)
        content_type = 'application/vnd.pgrst.plan+text; for="application/json"; charset=utf-8'
    return Response(body.encode(), status_code=200, headers=base.finish_headers(), media_type=content_type)
