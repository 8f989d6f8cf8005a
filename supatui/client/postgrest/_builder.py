"""Request builders for PostgREST: table reads and writes, and RPC calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ._encoding import array_literal, clean_columns, format_value, quote_column
from ._query import (
    FilterRequestBuilder,
    QueryRequestBuilder,
    RPCRequestBuilder,
    SelectRequestBuilder,
)

if TYPE_CHECKING:
    from .._http import HttpSession

__all__ = [
    "CountMethod",
    "RequestBuilder",
    "ReturnMethod",
    "rpc_query",
]

CountMethod = Literal["exact", "planned", "estimated"]
ReturnMethod = Literal["minimal", "representation", "headers-only"]

_COUNT_METHODS = ("exact", "planned", "estimated")
_RETURN_METHODS = ("minimal", "representation", "headers-only")


def _check_count(count: str | None) -> None:
    if count is not None and count not in _COUNT_METHODS:
        raise ValueError(f"count {count!r} is invalid. Use 'exact', 'planned', 'estimated' or None")


def _check_returning(returning: str) -> None:
    if returning not in _RETURN_METHODS:
        raise ValueError(
            f"returning {returning!r} is invalid. Use 'representation', 'minimal' or 'headers-only'"
        )


class RequestBuilder:
    """Entry point for one table or view: pick select, insert, upsert, update or delete."""

    def __init__(
        self,
        session: HttpSession,
        url: str,
        *,
        headers: Mapping[str, str],
        schema: str,
    ) -> None:
        self._session = session
        self._url = url
        self._headers = headers
        self._schema = schema

    def _query(self, cls: type[QueryRequestBuilder], method: str, **kwargs: Any) -> Any:
        return cls(
            self._session,
            self._url,
            method=method,
            headers=self._headers,
            schema=self._schema,
            **kwargs,
        )

    def select(
        self,
        *columns: str,
        count: CountMethod | None = None,
        head: bool = False,
    ) -> SelectRequestBuilder:
        """Read rows.

        Args:
            *columns: Columns and embeds, e.g. ``"name"``, ``"cities(name)"``;
                defaults to ``*``. Whitespace outside double quotes is dropped.
            count: Also count matching rows: ``"exact"``, ``"planned"`` or ``"estimated"``.
            head: Send HEAD so only the count comes back.
        """
        _check_count(count)
        return self._query(
            SelectRequestBuilder,
            "HEAD" if head else "GET",
            params=[("select", clean_columns(columns or ("*",)))],
            prefer=[f"count={count}"] if count else [],
        )

    def insert(
        self,
        json: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        count: CountMethod | None = None,
        returning: ReturnMethod = "representation",
        upsert: bool = False,
        default_to_null: bool = True,
    ) -> FilterRequestBuilder:
        """Insert one row (a dict) or several rows (a list of dicts).

        Args:
            json: The row or rows.
            count: Count the inserted rows.
            returning: ``"representation"`` returns the rows, ``"minimal"`` nothing.
            upsert: Update rows whose primary key already exists.
            default_to_null: ``False`` gives keys missing from a row of a bulk
                insert the column DEFAULT instead of NULL.
        """
        return self._write(
            json,
            count=count,
            returning=returning,
            resolution="merge-duplicates" if upsert else None,
            default_to_null=default_to_null,
            on_conflict="",
        )

    def upsert(
        self,
        json: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        count: CountMethod | None = None,
        returning: ReturnMethod = "representation",
        ignore_duplicates: bool = False,
        on_conflict: str = "",
        default_to_null: bool = True,
    ) -> FilterRequestBuilder:
        """Insert rows, or update/skip those that conflict with an existing row.

        Args:
            json: The row or rows, each carrying the conflict columns.
            count: Count the affected rows.
            returning: ``"representation"`` returns the rows, ``"minimal"`` nothing.
            ignore_duplicates: Skip conflicting rows instead of updating them.
            on_conflict: Comma-separated columns of a UNIQUE constraint to
                detect conflicts on, or the primary key when empty.
            default_to_null: ``False`` gives keys missing from a row of a bulk
                upsert the column DEFAULT instead of NULL.
        """
        return self._write(
            json,
            count=count,
            returning=returning,
            resolution="ignore-duplicates" if ignore_duplicates else "merge-duplicates",
            default_to_null=default_to_null,
            on_conflict=on_conflict,
        )

    def _write(
        self,
        json: Any,
        *,
        count: CountMethod | None,
        returning: str,
        resolution: str | None,
        default_to_null: bool,
        on_conflict: str,
    ) -> FilterRequestBuilder:
        _check_count(count)
        _check_returning(returning)
        if not isinstance(json, (Mapping, list, tuple)):
            raise TypeError(f"rows must be a dict or a list of dicts, got {type(json).__name__}")

        prefer = [f"return={returning}"]
        if count:
            prefer.append(f"count={count}")
        if resolution:
            prefer.append(f"resolution={resolution}")
        if not default_to_null:
            prefer.append("missing=default")

        params: list[tuple[str, str]] = []
        if on_conflict:
            params.append(("on_conflict", on_conflict))
        if isinstance(json, (list, tuple)):
            columns = dict.fromkeys(key for row in json for key in row)
            if columns:
                params.append(("columns", ",".join(quote_column(c) for c in columns)))
            json = list(json)

        return self._query(FilterRequestBuilder, "POST", params=params, body=json, prefer=prefer)

    def update(
        self,
        json: Mapping[str, Any],
        *,
        count: CountMethod | None = None,
        returning: ReturnMethod = "representation",
    ) -> FilterRequestBuilder:
        """Update the rows matched by the filters that follow with ``json``.

        Without a filter every row the role can see is updated.
        """
        _check_count(count)
        _check_returning(returning)
        prefer = [f"return={returning}"] + ([f"count={count}"] if count else [])
        return self._query(FilterRequestBuilder, "PATCH", body=dict(json), prefer=prefer)

    def delete(
        self,
        *,
        count: CountMethod | None = None,
        returning: ReturnMethod = "representation",
    ) -> FilterRequestBuilder:
        """Delete the rows matched by the filters that follow.

        Without a filter every row the role can see is deleted.
        """
        _check_count(count)
        _check_returning(returning)
        prefer = [f"return={returning}"] + ([f"count={count}"] if count else [])
        return self._query(FilterRequestBuilder, "DELETE", prefer=prefer)


def rpc_query(
    session: HttpSession,
    url: str,
    *,
    headers: Mapping[str, str],
    schema: str,
    params: Mapping[str, Any] | None,
    count: CountMethod | None,
    head: bool,
    get: bool,
) -> RPCRequestBuilder:
    """Build the query for calling a PostgreSQL function.

    POST sends ``params`` as a JSON object, while ``get``/``head`` send them as
    query parameters, with lists as PostgreSQL array literals.
    """
    _check_count(count)
    params = dict(params or {})
    prefer = [f"count={count}"] if count else []

    if get or head:
        query = [
            (
                name,
                array_literal(value) if isinstance(value, (list, tuple)) else format_value(value),
            )
            for name, value in params.items()
        ]
        method = "HEAD" if head else "GET"
        return RPCRequestBuilder(
            session, url, method=method, headers=headers, schema=schema, params=query, prefer=prefer
        )

    return RPCRequestBuilder(
        session, url, method="POST", headers=headers, schema=schema, body=params, prefer=prefer
    )
