"""PostgREST reads and writes behind the table browser; no Textual here, so workers call these."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from supatui.app.filters_bridge import apply_filter_tree, is_empty_tree
from supatui.app.identifiers import quote_column
from supatui.app.schema import TableInfo, parse_openapi
from supatui.app.screens.tables.paging import Pager
from supatui.client.errors import APIError

__all__ = [
    "PageResult",
    "TableView",
    "count_rows",
    "delete_rows",
    "estimate_rows",
    "fetch_last_page",
    "fetch_page",
    "insert_row",
    "list_schemas",
    "load_tables",
    "primary_key_of",
    "stream_rows",
    "update_row",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TableView:
    """The grid's view of one table: its filter tree, sort column and hidden columns."""

    table: TableInfo
    filters: Any = None
    """A FilterTree from the filter builder, or None for no filter."""
    sort: tuple[str, bool] | None = None
    """``(column, descending)`` or None to order by the primary key only."""
    hidden: frozenset[str] = field(default_factory=frozenset)

    @property
    def visible_columns(self) -> list[str]:
        return [column.name for column in self.table.columns if column.name not in self.hidden]


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page of rows and the estimated total that came with it."""

    rows: list[dict[str, Any]]
    pager: Pager


def _relation(client: Any, table: TableInfo) -> Any:
    return client.schema(table.schema).table(table.name)


def _ordered(query: Any, view: TableView) -> Any:
    sorted_by: set[str] = set()
    if view.sort is not None:
        column, descending = view.sort
        query = query.order(quote_column(column), desc=descending)
        sorted_by.add(column)

    # The primary key breaks ties, so pages never repeat or skip rows.
    # NOTE: a table or view without a primary key gets no tiebreak, so its pages may overlap.
    for column in view.table.primary_key:
        if column not in sorted_by:
            query = query.order(quote_column(column))
    return query


def _match_key(query: Any, key: dict[str, Any]) -> Any:
    """Add one ``eq`` filter per primary key column, its name quoted where PostgREST needs it."""
    for column, value in key.items():
        query = query.eq(quote_column(column), value)
    return query


def filtered_select(client: Any, view: TableView, *, count: str | None = None,
                    columns: Sequence[str] = ()) -> Any:
    """Return a select of ``columns`` (``*`` when empty) with the view's filters and order applied."""
    select = ",".join(quote_column(column) for column in columns) or "*"
    query = _relation(client, view.table).select(select, count=count)
    if not is_empty_tree(view.filters):
        query = apply_filter_tree(query, view.filters)
    return _ordered(query, view)


async def list_schemas(client: Any) -> list[str]:
    return list(await client.postgrest.list_schemas())


async def load_tables(client: Any, schema: str) -> list[TableInfo]:
    document = await client.postgrest.get_openapi(schema=schema)
    return parse_openapi(document, schema)


async def estimate_rows(client: Any, table: TableInfo) -> int | None:
    """Return the planner's row estimate of ``table`` (``count=planned``, HEAD request)."""
    response = await _relation(client, table).select("*", count="planned", head=True).execute()
    return response.count


async def count_rows(client: Any, view: TableView) -> int | None:
    """Return the exact row count of the filtered view (``count=exact``, HEAD request)."""
    query = _relation(client, view.table).select("*", count="exact", head=True)
    if not is_empty_tree(view.filters):
        query = apply_filter_tree(query, view.filters)
    response = await query.execute()
    return response.count


async def fetch_last_page(client: Any, view: TableView, pager: Pager) -> PageResult:
    """Count the filtered view exactly, then fetch the page that ends at its last row."""
    total = await count_rows(client, view)
    last = pager.counted(total, estimate=False).last()
    start, end = last.range
    response = await filtered_select(client, view).range(start, end).execute()
    return PageResult(rows=list(response.data or []), pager=last)


async def fetch_page(client: Any, view: TableView, pager: Pager) -> PageResult:
    """Fetch the rows of ``pager``'s window, with ``count=estimated`` unless an exact total is known.

    PostgREST returns PGRST103 (416) when the offset is past the estimated
    total, and with a filter that estimate can be far too low, so the window
    is then requested again without a count. When the offset is past the real
    end (an empty page), the total is counted exactly and the last page is
    requested instead.
    """
    start, end = pager.range
    exact = pager.exact_total is not None
    try:
        query = filtered_select(client, view, count=None if exact else "estimated")
        response = await query.range(start, end).execute()
        counted = pager if exact else pager.counted(response.count)
    except APIError as error:
        if error.code != "PGRST103":
            raise
        log.info("offset %d of %s is past the estimated total; reading it without a count",
                 pager.offset, view.table.name)
        response = await filtered_select(client, view).range(start, end).execute()
        counted = pager

    rows = list(response.data or [])
    if rows or pager.offset == 0:
        return PageResult(rows=rows, pager=counted)

    log.info("offset %d is past the end of %s; counting its rows exactly", pager.offset, view.table.name)
    return await fetch_last_page(client, view, counted)


def primary_key_of(table: TableInfo, row: dict[str, Any]) -> dict[str, Any]:
    """Return ``{pk column: value}`` of ``row``; raise ValueError for a table without a primary key."""
    if not table.primary_key:
        raise ValueError(f"{table.schema}.{table.name} has no primary key, so rows cannot be addressed")
    return {column: row.get(column) for column in table.primary_key}


async def insert_row(client: Any, table: TableInfo, values: dict[str, Any]) -> dict[str, Any]:
    response = await _relation(client, table).insert(values).execute()
    data = response.data or []
    return data[0] if data else values


async def update_row(
    client: Any, table: TableInfo, key: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    response = await _match_key(_relation(client, table).update(changes), key).execute()
    data = response.data or []
    if not data:
        raise LookupError(f"no row of {table.name} matches {key}; it may have been deleted")
    return data[0]


async def delete_rows(client: Any, table: TableInfo, keys: Sequence[dict[str, Any]]) -> int:
    """Delete each row addressed by its primary key; return how many rows the server deleted."""
    deleted = 0
    for key in keys:
        response = await _match_key(_relation(client, table).delete(), key).execute()
        deleted += len(response.data or [])
    return deleted


async def stream_rows(
    client: Any, view: TableView, *, batch_size: int = 500
) -> AsyncIterator[list[dict[str, Any]]]:
    """Yield the view's rows batch by batch until a short batch ends the relation.

    With a single-column primary key and no other sort, each batch starts after
    the last key of the previous one (keyset paging), so deep batches cost no
    more than the first. Otherwise batches use growing offsets.
    """
    keyset = len(view.table.primary_key) == 1 and view.sort is None
    key = view.table.primary_key[0] if keyset else ""
    offset = 0
    last_key: Any = None

    # Only the visible columns are read, with the key kept for keyset paging.
    columns = list(view.visible_columns) if view.hidden else []
    if columns and keyset and key not in columns:
        columns.append(key)

    while True:
        query = filtered_select(client, view, columns=columns)
        if keyset:
            if last_key is not None:
                query = query.gt(quote_column(key), last_key)
            query = query.limit(batch_size)
        else:
            query = query.range(offset, offset + batch_size - 1)

        response = await query.execute()
        rows = list(response.data or [])
        if rows:
            yield rows
        if len(rows) < batch_size:
            return

        offset += batch_size
        last_key = rows[-1].get(key) if keyset else None
