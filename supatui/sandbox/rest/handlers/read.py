"""GET and HEAD on relations (and on set-returning RPC results)."""

from __future__ import annotations

import json

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from ..context import RequestInfo, request_transaction
from ..errors import ApiError, error_from_postgres
from ..parser import QueryParts, parse_query
from ..response import content_range, render_rows, singular_error
from ..schema_cache import find_relation
from ..sql import ROOT_ALIAS, Level, LevelSql, Params, ShapeBuilder, quote_ident, quote_qualified
from .common import (
    RequestBase,
    RestState,
    begin_request,
    check_embed_paths,
    compute_window,
    query_pairs,
)
from .explain import explain_response

__all__ = ["ReadPlan", "build_read", "handle_read", "run_read"]


class ReadPlan:
    """A built read: the statement pieces plus the window and count settings.

    Args:
        shape: Select list, joins, filters and order of the root level.
        source: ``FROM`` item of the root level (table, CTE or function call with its alias).
        params: Bind parameters; the window parameters are added last.
        offset: Effective offset.
        limit: Effective limit (already capped by ``max_rows``).
    """

    def __init__(self, shape: LevelSql, source: str, params: Params, offset: int, limit: int) -> None:
        self.shape = shape
        self.source = source
        self.params = params
        self.offset = offset
        self.limit = limit
        self.shape_param_count = len(params.values)
        self.from_where = f"{source} {' '.join(shape.joins)}{shape.where_sql()}"

    def unwindowed_sql(self) -> str:
        """Return the page query without LIMIT/OFFSET (used by EXPLAIN for planned counts)."""
        return f"SELECT {self.shape.select_sql()} FROM {self.from_where}{self.shape.order_sql()}"

    def statement(self, count: str | None, max_rows: int) -> tuple[str, list[object]]:
        """Return the statement that yields ``returned``, ``body`` and ``total`` plus its arguments."""
        params = Params()
        params.values = list(self.params.values)
        window = f" LIMIT {params.add(self.limit)}::bigint OFFSET {params.add(self.offset)}::bigint"
        page = self.unwindowed_sql() + window

        total = "NULL::bigint"
        if count == "exact":
            total = f"(SELECT count(*) FROM {self.from_where})"
        elif count == "estimated":
            total = f"(SELECT count(*) FROM (SELECT 1 FROM {self.from_where} LIMIT {int(max_rows) + 1}) AS pgrst_capped)"
        sql = (f"SELECT count(*) AS returned, coalesce(json_agg(pgrst_page), '[]')::text AS body, "
               f"{total} AS total FROM ({page}) AS pgrst_page")
        return sql, params.values

    def page_sql(self) -> tuple[str, list[object]]:
        """Return the windowed page query alone (for EXPLAIN output)."""
        params = Params()
        params.values = list(self.params.values)
        window = f" LIMIT {params.add(self.limit)}::bigint OFFSET {params.add(self.offset)}::bigint"
        return self.unwindowed_sql() + window, params.values


def build_read(base: RequestBase, level: Level, source: str, parts: QueryParts, params: Params,
               range_header: str | None, max_rows: int) -> ReadPlan:
    """Build the read of ``source`` shaped by ``parts``."""
    builder = ShapeBuilder(base.snapshot, params, parts.options)
    shape = builder.build(level, parts.select)
    check_embed_paths(parts, builder.visited)
    offset, limit = compute_window(parts.at(()), range_header, max_rows)
    return ReadPlan(shape, source, params, offset, limit)


async def handle_read(request: Request, state: RestState, name: str) -> Response:
    """Handle GET and HEAD on ``/{relation}``."""
    base = await begin_request(request, state)
    relation = find_relation(base.snapshot, base.schema, name)
    parts = parse_query(query_pairs(request))

    level = Level(ROOT_ALIAS, relation.columns, relation.name, relation)
    source = f"{quote_qualified(relation.schema, relation.name)} AS {quote_ident(level.alias)}"
    plan = build_read(base, level, source, parts, Params(), request.headers.get("range"),
                      state.config.max_rows)

    info = RequestInfo.from_request(request, base.identity, base.schema, base.prefs.timezone)
    async with request_transaction(state.pool, info, read_only=True) as connection:
        if base.media.kind == "plan":
            return await explain_response(connection, base, *plan.page_sql())
        return await run_read(connection, base, plan, state.config.max_rows, request.method == "HEAD")


async def run_read(connection: asyncpg.Connection, base: RequestBase, plan: ReadPlan, max_rows: int,
                   head: bool, unwrap: str | None = None) -> Response:
    """Run a built read inside the request transaction and produce the response.

    ``unwrap="object"`` (a function returning one composite value) returns that object instead of
    an array. ``unwrap="scalars"`` (a function returning a set of scalars) returns bare values.
    """
    count = base.prefs.count
    if count:
        base.prefs.apply(f"count={count}")
    role = base.identity.role
    sql, args = plan.statement(count if count in ("exact", "estimated") else None, max_rows)
    try:
        row = await connection.fetchrow(sql, *args)
        total = row["total"]
        if count == "planned" or (count == "estimated" and total is not None and total > max_rows):
            total = await planned_count(connection, plan)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, role) from error

    returned = row["returned"]
    if base.media.singular and returned != 1:
        raise singular_error(returned)
    if total is not None and plan.offset > total:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       f"An offset of {plan.offset} was requested, but there are only {total} rows.")

    status = 206 if total is not None and returned < total else 200
    headers = base.finish_headers()
    headers["Content-Range"] = content_range(plan.offset, returned, total)
    body, content_type = render_rows(row["body"], plan.shape.keys, base.media)
    if unwrap and base.media.kind == "json" and not base.media.nulls_stripped:
        rows = json.loads(body)
        if unwrap == "object":
            value = rows[0] if rows else None
        else:
            value = [next(iter(row.values()), None) if isinstance(row, dict) else row for row in rows]
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(b"" if head else body, status_code=status, headers=headers, media_type=content_type)


async def planned_count(connection: asyncpg.Connection, plan: ReadPlan) -> int:
    """Return the planner's row estimate for the unwindowed query."""
    args = plan.params.values[: plan.shape_param_count]
    explained = await connection.fetchval(f"EXPLAIN (FORMAT JSON) {plan.unwindowed_sql()}", *args)
    document = json.loads(explained) if isinstance(explained, str) else explained
    return int(document[0]["Plan"]["Plan Rows"])
