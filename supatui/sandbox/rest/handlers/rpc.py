"""``/rpc/{function}``: POST with named arguments, GET/HEAD for STABLE and IMMUTABLE functions."""

from __future__ import annotations

import json
import logging
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from ..context import RequestInfo, request_transaction
from ..errors import ApiError, error_from_postgres
from ..parser import parse_query
from ..schema_cache import find_functions
from ..schema_model import Column, Function
from ..sql import ROOT_ALIAS, Level, Params, quote_ident, quote_qualified
from .common import RequestBase, RestState, begin_request, query_pairs
from .explain import explain_response
from .read import build_read, run_read

__all__ = ["handle_rpc"]

logger = logging.getLogger(__name__)

_JSON_TYPES = ("json", "jsonb")


async def handle_rpc(request: Request, state: RestState) -> Response:
    """Call a function and shape its result like a relation read."""
    name = request.path_params["name"]
    base = await begin_request(request, state)
    overloads = find_functions(base.snapshot, base.schema, name)
    method = request.method

    if method == "OPTIONS":
        if not overloads:
            raise _not_found(base.schema, name, [])
        verbs = "OPTIONS,POST" if all(not f.read_only for f in overloads) else "OPTIONS,GET,HEAD,POST"
        return Response(b"", status_code=200, headers={"Allow": verbs})
    if method not in ("GET", "HEAD", "POST"):
        raise ApiError(405, "PGRST101", f"Cannot use the {method} method on RPC")

    all_arg_names = frozenset(arg.name for function in overloads for arg in function.args if arg.name)
    pairs = query_pairs(request)
    if method == "POST":
        parts = parse_query(pairs)
        arguments, whole_body = await _body_arguments(request)
    else:
        parts = parse_query(pairs, rpc_arg_names=all_arg_names)
        arguments = {key: values[0] if len(values) == 1 else values for key, values in parts.rpc_args.items()}
        whole_body = None

    function = _choose(base.schema, name, overloads, arguments, whole_body is not None)
    if method in ("GET", "HEAD") and not function.read_only:
        raise ApiError(405, "PGRST101", "Cannot use the GET method on RPC to call a volatile function")

    params = Params()
    source = _call_source(function, arguments, whole_body, params)
    level = Level(ROOT_ALIAS, _result_columns(function), function.name)
    info = RequestInfo.from_request(request, base.identity, base.schema, base.prefs.timezone)
    read_only = method in ("GET", "HEAD") or function.read_only

    async with request_transaction(state.pool, info, read_only=read_only) as connection:
        if function.is_void:
            await _execute(connection, base, f"SELECT FROM {source}", params.values)
            return await _with_response_settings(connection, Response(b"", status_code=204,
                                                                        headers=base.finish_headers()))
        if not function.returns_set and function.return_kind == "scalar":
            sql = f"SELECT to_json({quote_ident(ROOT_ALIAS)}.{quote_ident(function.name)})::text FROM {source}"
            value = await _fetch_value(connection, base, sql, params.values)
            response = Response(b"" if method == "HEAD" else (value or "null").encode(), status_code=200,
                                headers=base.finish_headers(), media_type="application/json; charset=utf-8")
            return await _with_response_settings(connection, response)

        plan = build_read(base, level, source, parts, params, request.headers.get("range"),
                          state.config.max_rows)
        if base.media.kind == "plan":
            return await explain_response(connection, base, *plan.page_sql())
        response = await run_read(connection, base, plan, state.config.max_rows, method == "HEAD",
                                  unwrap=_unwrap_mode(function))
        return await _with_response_settings(connection, response)


async def _body_arguments(request: Request) -> tuple[dict[str, Any], Any]:
    raw = await request.body()
    if not raw.strip():
        return {}, None
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, "PGRST102", "Empty or invalid json", str(error)) from None
    if isinstance(payload, dict):
        return payload, payload
    return {}, payload


def _not_found(schema: str, name: str, argument_names: list[str]) -> ApiError:
    listed = ", ".join(sorted(argument_names))
    return ApiError(
        404, "PGRST202",
        f"Could not find the function {schema}.{name}({listed}) in the schema cache",
        f"Searched for the function {schema}.{name} with parameters {listed or 'none'} or with a single "
        "unnamed json/jsonb parameter, but no matches were found in the schema cache.",
    )


def _choose(schema: str, name: str, overloads: list[Function], arguments: dict[str, Any],
            has_body: bool) -> Function:
    given = set(arguments)
    matches = []
    for function in overloads:
        names = {arg.name for arg in function.args}
        required = {arg.name for arg in function.args if not arg.has_default}
        if given <= names and required <= given or has_body and _takes_whole_body(function):
            matches.append(function)
    if not matches:
        raise _not_found(schema, name, list(given))
    if len(matches) > 1:
        raise ApiError(300, "PGRST203",
                       "Could not choose the best candidate function between: "
                       + ", ".join(f"{schema}.{name}({', '.join(a.name + ' => ' + a.type_sql for a in f.args)})"
                                   for f in matches),
                       None, "Try renaming the parameters or the function itself in the database so "
                       "function overloading can be resolved")
    return matches[0]


def _takes_whole_body(function: Function) -> bool:
    return len(function.args) == 1 and not function.args[0].name and function.args[0].type_name in _JSON_TYPES


def _call_source(function: Function, arguments: dict[str, Any], whole_body: Any, params: Params) -> str:
    target = quote_qualified(function.schema, function.name)
    alias = quote_ident(ROOT_ALIAS)
    column_list = f"({quote_ident(function.name)})" if function.return_kind == "scalar" else ""

    if _takes_whole_body(function):
        call = f"{target}({params.add(json.dumps(whole_body))}::json::{function.args[0].type_sql})"
        return f"{call} AS {alias}{column_list}"

    used = [arg for arg in function.args if arg.name in arguments]
    if not used:
        return f"{target}() AS {alias}{column_list}"
    payload = params.add(json.dumps({arg.name: arguments[arg.name] for arg in used}))
    definitions = ", ".join(f"{quote_ident(arg.name)} {arg.type_sql}" for arg in used)
    call_args = ", ".join(f"{quote_ident(arg.name)} => pgrst_args.{quote_ident(arg.name)}" for arg in used)
    return (f"json_to_record({payload}::json) AS pgrst_args({definitions}) "
            f"CROSS JOIN LATERAL {target}({call_args}) AS {alias}{column_list}")


def _unwrap_mode(function: Function) -> str | None:
    if not function.returns_set:
        return "object"
    return "scalars" if function.return_kind == "scalar" else None


def _result_columns(function: Function) -> dict[str, Column]:
    if function.return_kind == "composite":
        return function.result_columns
    name, category = function.name, "X"
    return {name: Column(name, function.return_type_sql, function.return_type_sql, category, True)}


async def _execute(connection: asyncpg.Connection, base: RequestBase, sql: str, args: list[object]) -> None:
    try:
        await connection.execute(sql, *args)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, base.identity.role) from error


async def _fetch_value(connection: asyncpg.Connection, base: RequestBase, sql: str,
                       args: list[object]) -> str | None:
    try:
        return await connection.fetchval(sql, *args)
    except asyncpg.PostgresError as error:
        raise error_from_postgres(error, base.identity.role) from error


async def _with_response_settings(connection: asyncpg.Connection, response: Response) -> Response:
    """Apply ``response.status`` and ``response.headers`` set by the function through set_config."""
    row = await connection.fetchrow(
        "SELECT current_setting('response.status', true) AS status, "
        "current_setting('response.headers', true) AS headers")
    status, headers = row["status"], row["headers"]
    if status and status.isdigit():
        response.status_code = int(status)
    if headers:
        try:
            entries = json.loads(headers)
        except ValueError:
            logger.warning("ignoring response.headers set by a function: not JSON: %r", headers)
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    response.headers[str(key)] = str(value)
    return response
