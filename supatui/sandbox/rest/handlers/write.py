"""POST (insert/upsert), PUT, PATCH, DELETE and OPTIONS on relations."""

from __future__ import annotations

import json
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from ..context import RequestInfo, request_transaction
from ..errors import ApiError, error_from_postgres
from ..parser import Condition, QueryParts, parse_query
from ..response import content_range, render_rows, singular_error
from ..schema_cache import find_relation
from ..schema_model import Relation
from ..sql import ROOT_ALIAS, Level, Params, ShapeBuilder, quote_ident
from .body import read_rows
from .common import RequestBase, RestState, begin_request, check_embed_paths, query_pairs
from .explain import explain_response
from .mutation_sql import delete_sql, insert_sql, returning_clause, update_sql

__all__ = ["handle_write"]


async def handle_write(request: Request, state: RestState, name: str) -> Response:
    """Handle POST, PUT, PATCH, DELETE and OPTIONS on ``/{relation}``."""
    base = await begin_request(request, state)
    relation = find_relation(base.snapshot, base.schema, name)
    if request.method == "OPTIONS":
        return Response(b"", status_code=200, headers={"Allow": _allow(relation)})

    parts = parse_query(query_pairs(request))
    params = Params()
    level = Level(ROOT_ALIAS, relation.columns, relation.name, relation)

    method = request.method
    rows: list[dict[str, Any]] = []
    single_object = True
    upsert = None
    if method in ("POST", "PUT", "PATCH"):
        rows, single_object = await read_rows(request)

    if method == "POST":
        upsert = _conflict_target(base, relation, parts)
        mutation = insert_sql(relation, rows, parts.columns, base.prefs.missing == "default", upsert,
                              base.prefs.resolution, params)
    elif method == "PUT":
        upsert = _check_put(relation, parts, rows)
        mutation = insert_sql(relation, rows, None, False, upsert, "merge-duplicates", params)
    elif method == "PATCH":
        where = _require_where("UPDATE", _filters_sql(base, level, parts, params))
        if not single_object:
            raise ApiError(400, "PGRST102", "Empty or invalid json", "PATCH takes one JSON object")
        mutation = update_sql(relation, rows[0], parts.columns, where, params)
    else:
        where = _require_where("DELETE", _filters_sql(base, level, parts, params))
        mutation = delete_sql(relation, where, params)

    return await _run(request, state, base, relation, parts, params, mutation, upsert is not None)


def _require_where(statement: str, where: str) -> str:
    """Reject an UPDATE or DELETE without filters, as Supabase's pg-safeupdate does for API roles."""
    if not where.strip():
        raise ApiError(
            400,
            "21000",
            f"{statement} requires a WHERE clause",
            hint="Add a filter; to change every row on purpose, filter on a condition every row meets",
        )
    return where


def _filters_sql(base: RequestBase, level: Level, parts: QueryParts, params: Params) -> str:
    root_only = {(): parts.at(())}
    return ShapeBuilder(base.snapshot, params, root_only).build(level, []).where_sql()


def _allow(relation: Relation) -> str:
    verbs = ["OPTIONS", "GET", "HEAD"]
    if relation.insertable:
        verbs.append("POST")
    if relation.insertable and relation.updatable and relation.primary_key:
        verbs.append("PUT")
    if relation.updatable:
        verbs.append("PATCH")
    if relation.deletable:
        verbs.append("DELETE")
    return ",".join(verbs)


def _conflict_target(base: RequestBase, relation: Relation, parts: QueryParts) -> list[str] | None:
    if base.prefs.resolution is None:
        return None
    target = parts.on_conflict or relation.primary_key
    if not target:
        return None
    for column in target:
        if column not in relation.columns:
            raise ApiError(400, "PGRST204",
                           f"Could not find the '{column}' column of '{relation.name}' in the schema cache")
    base.prefs.apply(f"resolution={base.prefs.resolution}")
    return list(target)


def _check_put(relation: Relation, parts: QueryParts, rows: list[dict[str, Any]]) -> list[str]:
    root = parts.at(())
    if root.limit is not None or root.offset is not None:
        raise ApiError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT")
    filters = root.filters
    pk = relation.primary_key
    conditions = {f.field.name: f for f in filters if isinstance(f, Condition)}
    valid = (pk and len(filters) == len(pk) and set(conditions) == set(pk)
             and all(c.operator == "eq" and not c.negated and not c.field.path for c in conditions.values()))
    if not valid:
        raise ApiError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators")
    if len(rows) != 1:
        raise ApiError(400, "PGRST102", "Empty or invalid json", "PUT takes exactly one JSON object")
    for column in pk:
        if str(rows[0].get(column)) != str(conditions[column].value):
            raise ApiError(400, "PGRST115", "Payload values do not match URL in primary key column(s)")
    root.filters = []
    return list(pk)


async def _run(request: Request, state: RestState, base: RequestBase, relation: Relation,
               parts: QueryParts, params: Params, mutation: str | None, is_upsert: bool) -> Response:
    prefs = base.prefs
    returning = prefs.return_ or "minimal"
    if prefs.return_:
        prefs.apply(f"return={returning}")
    if prefs.missing == "default" and request.method == "POST":
        prefs.apply("missing=default")
    if prefs.count:
        prefs.apply(f"count={prefs.count}")
    representation = returning == "representation" or base.media.singular or base.media.kind == "plan"

    info = RequestInfo.from_request(request, base.identity, base.schema, prefs.timezone)
    try:
        async with request_transaction(state.pool, info, read_only=False) as connection:
            if mutation is None:
                returned, body, inserted, keys = 0, "[]", 0, []
            elif base.media.kind == "plan":
                response = await explain_response(connection, base, mutation, params.values)
                raise _Rollback(response)
            elif representation or returning == "headers-only":
                mutation += returning_clause(relation, request.method, is_upsert)
                returned, body, inserted, keys = await _fetch_representation(
                    connection, base, relation, parts, params, mutation, is_upsert, returning)
            else:
                returned = await _execute(connection, base, mutation, params)
                body, inserted, keys = "", returned, []

            if base.media.singular and returned != 1:
                raise singular_error(returned)
            _check_max_affected(base, request.method, returned)
    except _Rollback as rollback:
        return rollback.response
    return _respond(request, base, relation, returned, body, inserted, keys, is_upsert, returning)


def _check_max_affected(base: RequestBase, method: str, returned: int) -> None:
    prefs = base.prefs
    if prefs.handling != "strict" or prefs.max_affected is None or method not in ("PATCH", "DELETE"):
        return
    prefs.apply("handling=strict")
    prefs.apply(f"max-affected={prefs.max_affected}")
    if returned > prefs.max_affected:
        raise ApiError(400, "PGRST124", "Query result exceeds max-affected preference constraint",
                       f"The query affects {returned} rows")


class _Rollback(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__("rolled back after EXPLAIN")
        self.response = response


async def _execute(connection: asyncpg.Connection, base: RequestBase, sql: str, params: Params) -> int:
    try:
        status = await connection.execute(sql, *params.values)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, base.identity.role) from error
    return int(status.rsplit(" ", 1)[-1]) if status and status.rsplit(" ", 1)[-1].isdigit() else 0


async def _fetch_representation(connection: asyncpg.Connection, base: RequestBase, relation: Relation,
                                parts: QueryParts, params: Params, mutation: str, is_upsert: bool,
                                returning: str) -> tuple[int, str, int, list[str]]:
    level = Level(ROOT_ALIAS, relation.columns, relation.name, relation)
    items = parts.select if returning != "headers-only" else []
    output_options = {path: options for path, options in parts.options.items() if path != ()}
    builder = ShapeBuilder(base.snapshot, params, output_options)
    shape = builder.build(level, items)
    builder.visited.add(())
    check_embed_paths(parts, builder.visited)

    if returning == "headers-only":
        shape.select = [(f"{quote_ident(ROOT_ALIAS)}.{quote_ident(column)}", column)
                        for column in relation.primary_key]
    inserted = "(SELECT count(*) FROM pgrst_mutation WHERE pgrst_inserted)" if is_upsert else "count(*)"
    sql = (f"WITH pgrst_mutation AS ({mutation}) "
           f"SELECT count(*) AS returned, coalesce(json_agg(pgrst_page), '[]')::text AS body, "
           f"{inserted} AS inserted FROM (SELECT {shape.select_sql()} FROM pgrst_mutation AS "
           f"{quote_ident(ROOT_ALIAS)} {' '.join(shape.joins)}) AS pgrst_page")
    try:
        row = await connection.fetchrow(sql, *params.values)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, base.identity.role) from error
    return row["returned"], row["body"], row["inserted"], shape.keys


def _respond(request: Request, base: RequestBase, relation: Relation, returned: int, body: str,
             inserted: int, keys: list[str], is_upsert: bool, returning: str) -> Response:
    method = request.method
    headers = base.finish_headers()
    total = returned if base.prefs.count else None
    representation = returning == "representation" or base.media.singular

    if method in ("POST", "PUT"):
        if method == "PUT" and not representation:
            status = 204
        elif is_upsert and inserted == 0 and returned > 0:
            status = 200
        else:
            status = 201
        headers["Content-Range"] = f"*/{'*' if total is None else total}"
        if returning == "headers-only" and body:
            rows = json.loads(body)
            if rows and relation.primary_key:
                query = "&".join(f"{column}=eq.{rows[0][column]}" for column in relation.primary_key)
                headers["Location"] = f"/{relation.name}?{query}"
    else:
        status = 200 if representation else 204
        if method == "PATCH":
            headers["Content-Range"] = content_range(0, returned, total)
        else:
            headers["Content-Range"] = f"*/{'*' if total is None else total}"

    if not representation or status == 204:
        return Response(b"", status_code=status, headers=headers)
    content, content_type = render_rows(body, keys, base.media)
    return Response(content, status_code=status, headers=headers, media_type=content_type)
