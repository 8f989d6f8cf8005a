"""SQL for INSERT (with ON CONFLICT), UPDATE and DELETE; row data travels as JSON parameters."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ApiError
from ..schema_model import Relation
from ..sql import ROOT_ALIAS, Params, quote_ident, quote_qualified

__all__ = ["delete_sql", "insert_sql", "returning_clause", "update_sql"]


def _missing_column(relation: Relation, column: str) -> ApiError:
    return ApiError(400, "PGRST204", f"Could not find the '{column}' column of '{relation.name}' in the schema cache")


def _check_columns(relation: Relation, columns: list[str]) -> None:
    for column in columns:
        if column not in relation.columns:
            raise _missing_column(relation, column)


def _insert_columns(relation: Relation, rows: list[dict[str, Any]], columns: list[str] | None) -> list[str]:
    if columns is not None:
        _check_columns(relation, columns)
        return columns
    if not rows:
        return []
    first = list(rows[0].keys())
    key_set = set(first)
    for row in rows[1:]:
        if set(row.keys()) != key_set:
            raise ApiError(400, "PGRST102", "All object keys must match",
                           "every object of a bulk insert needs the same keys; or send ?columns=")
    _check_columns(relation, first)
    return first


def insert_sql(relation: Relation, rows: list[dict[str, Any]], columns: list[str] | None,
               missing_default: bool, conflict: list[str] | None, resolution: str | None,
               params: Params) -> str | None:
    """Return an INSERT for ``rows`` (None when there is nothing to insert).

    Absent keys become NULL, or the column DEFAULT when ``missing_default``. With ``conflict``
    the insert becomes an upsert that merges or ignores duplicates per ``resolution``.
    """
    if not rows:
        return None
    target = quote_qualified(relation.schema, relation.name)
    names = _insert_columns(relation, rows, columns)
    alias = quote_ident(ROOT_ALIAS)

    if not names:
        first = quote_ident(next(iter(relation.columns)))
        body = f"({first}) VALUES " + ", ".join("(DEFAULT)" for _ in rows)
    elif missing_default:
        body = f"({', '.join(map(quote_ident, names))}) VALUES " + ", ".join(
            _values_row(target, names, row, params) for row in rows)
    else:
        payload = params.add(json.dumps(rows))
        quoted = ", ".join(map(quote_ident, names))
        body = (f"({quoted}) SELECT {quoted} FROM json_populate_recordset(NULL::{target}, {payload}::json)")

    sql = f"INSERT INTO {target} AS {alias} {body}"
    if conflict:
        target_columns = ", ".join(map(quote_ident, conflict))
        if resolution == "ignore-duplicates":
            sql += f" ON CONFLICT ({target_columns}) DO NOTHING"
        else:
            updated = [name for name in names if name not in conflict] or list(conflict)
            assignments = ", ".join(f"{quote_ident(name)} = EXCLUDED.{quote_ident(name)}" for name in updated)
            sql += f" ON CONFLICT ({target_columns}) DO UPDATE SET {assignments}"
    return sql


def returning_clause(relation: Relation, method: str, is_upsert: bool) -> str:
    """Return the RETURNING clause for a representation; ``pgrst_inserted`` flags new rows.

    Minimal responses use no RETURNING at all, because RETURNING makes PostgreSQL apply the
    SELECT privileges and row-level security policies to the written rows.
    """
    alias = quote_ident(ROOT_ALIAS)
    if method in ("POST", "PUT") and is_upsert and relation.kind in ("r", "p"):
        flag = f"({alias}.xmax = 0)"
    else:
        flag = "true" if method in ("POST", "PUT") else "false"
    return f" RETURNING {alias}.*, {flag} AS pgrst_inserted"


def _values_row(target: str, names: list[str], row: dict[str, Any], params: Params) -> str:
    placeholder = params.add(json.dumps(row))
    cells = []
    for name in names:
        if name in row:
            cells.append(f"(SELECT {quote_ident(name)} FROM json_populate_record(NULL::{target}, {placeholder}::json))")
        else:
            cells.append("DEFAULT")
    return f"({', '.join(cells)})"


def update_sql(relation: Relation, row: dict[str, Any], columns: list[str] | None, where: str,
               params: Params) -> str | None:
    """Return an UPDATE that sets the keys of ``row`` (or ``columns``) on rows matching ``where``."""
    names = columns if columns is not None else list(row.keys())
    _check_columns(relation, names)
    if not names:
        return None
    target = quote_qualified(relation.schema, relation.name)
    alias = quote_ident(ROOT_ALIAS)
    payload = params.add(json.dumps(row))
    assignments = ", ".join(f"{quote_ident(name)} = pgrst_body.{quote_ident(name)}" for name in names)
    return (f"UPDATE {target} AS {alias} SET {assignments} "
            f"FROM json_populate_record(NULL::{target}, {payload}::json) AS pgrst_body{where}")


def delete_sql(relation: Relation, where: str, params: Params) -> str:
    """Return a DELETE of the rows matching ``where``."""
    target = quote_qualified(relation.schema, relation.name)
    alias = quote_ident(ROOT_ALIAS)
    return f"DELETE FROM {target} AS {alias}{where}"
