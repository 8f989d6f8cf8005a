"""Query state, execution and modifiers shared by every PostgREST request."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Self

import httpx

from ._encoding import clean_columns
from ._filters import FilterMixin
from ._response import APIResponse, PreparedRequest, decode_response

if TYPE_CHECKING:
    from .._http import HttpSession

__all__ = [
    "FilterRequestBuilder",
    "QueryRequestBuilder",
    "RPCRequestBuilder",
    "SelectRequestBuilder",
    "encode_json",
]

SINGLE_OBJECT = "application/vnd.pgrst.object+json"

_READ_METHODS = ("GET", "HEAD")


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(
        f"value {value!r} of type {type(value).__name__} cannot be sent as JSON. "
        "Convert it to str, int, float, bool, list or dict"
    )


def encode_json(body: Any) -> bytes:
    """Encode a request body as compact UTF-8 JSON (dates, UUIDs, Decimals as text)."""
    return json.dumps(
        body, separators=(",", ":"), ensure_ascii=False, default=_json_default
    ).encode()


class QueryRequestBuilder:
    """State and execution shared by every PostgREST query.

    Holds the method, URL, query parameters, headers and body. `prepare`
    builds the request without I/O and `execute` sends it.
    """

    def __init__(
        self,
        session: HttpSession,
        url: str,
        *,
        method: str,
        headers: Mapping[str, str],
        schema: str,
        params: Sequence[tuple[str, str]] = (),
        body: Any = None,
        prefer: Sequence[str] = (),
    ) -> None:
        self._session = session
        self._url = url
        self._method = method
        self._headers = dict(headers)
        self._schema = schema
        self._params: list[tuple[str, str]] = list(params)
        self._body = body
        self._prefer: list[str] = list(prefer)
        self._maybe_single = False
        self._as_text = False

    def _add_param(self, key: str, value: str) -> None:
        self._params.append((key, value))

    def _set_param(self, key: str, value: str) -> None:
        self._params = [(k, v) for k, v in self._params if k != key]
        self._params.append((key, value))

    def _get_param(self, key: str) -> str | None:
        for existing_key, value in self._params:
            if existing_key == key:
                return value
        return None

    def single(self) -> Self:
        """Return ``data`` as one object, raising APIError PGRST116 for 0 or several rows."""
        self._headers["Accept"] = SINGLE_OBJECT
        return self

    def maybe_single(self) -> Self:
        """Return ``data`` as one object, or ``None`` when no row matches.

        Several rows raise APIError PGRST116.
        """
        self._maybe_single = True
        return self

    def csv(self) -> Self:
        """Return ``data`` as a CSV string."""
        self._headers["Accept"] = "text/csv"
        self._as_text = True
        return self

    def explain(
        self,
        analyze: bool = False,
        verbose: bool = False,
        settings: bool = False,
        buffers: bool = False,
        wal: bool = False,
        format: Literal["text", "json"] = "text",
    ) -> Self:
        """Return the PostgreSQL EXPLAIN plan instead of rows.

        The server must allow plans (``db-plan-enabled``), and Supabase disables
        them by default.

        Args:
            analyze: Run the query and report actual times.
            verbose: Include the output columns and query identifier.
            settings: Include planner settings that differ from the defaults.
            buffers: Include buffer usage.
            wal: Include WAL record generation.
            format: ``"text"`` returns a string, ``"json"`` parsed JSON.
        """
        if format not in ("text", "json"):
            raise ValueError(f"explain format {format!r} is invalid. Use 'text' or 'json'")

        flags = {
            "analyze": analyze,
            "verbose": verbose,
            "settings": settings,
            "buffers": buffers,
            "wal": wal,
        }
        options = "|".join(name for name, enabled in flags.items() if enabled)
        target = self._headers.get("Accept", "application/json")
        accept = f'application/vnd.pgrst.plan+{format}; for="{target}"'
        if options:
            accept += f"; options={options}"

        self._headers["Accept"] = accept
        self._as_text = format == "text"
        return self

    def max_affected(self, value: int) -> Self:
        """Fail a write affecting more than ``value`` rows (PostgREST 13+, PGRST124)."""
        self._prefer = [p for p in self._prefer if not p.startswith(("handling=", "max-affected="))]
        self._prefer += ["handling=strict", f"max-affected={value}"]
        return self

    def _build_headers(self) -> dict[str, str]:
        headers = dict(self._headers)

        profile = "Accept-Profile" if self._method in _READ_METHODS else "Content-Profile"
        headers[profile] = self._schema

        if self._prefer:
            headers["Prefer"] = ",".join(self._prefer)

        if self._body is not None and self._method not in _READ_METHODS:
            headers["Content-Type"] = "application/json"
        return headers

    def _build_request(self) -> httpx.Request:
        body = None
        if self._body is not None and self._method not in _READ_METHODS:
            body = encode_json(self._body)

        return self._session.build_request(
            self._method, self._url, params=self._params, headers=self._build_headers(), content=body
        )

    def prepare(self) -> PreparedRequest:
        """Build the request this query would send, without sending it."""
        request = self._build_request()
        return PreparedRequest(request.method, request.url, request.headers, request.content or None)

    @property
    def _counted(self) -> bool:
        return any(p.startswith("count=") for p in self._prefer)

    async def execute(self) -> APIResponse:
        """Send the query and return its APIResponse.

        Raises:
            APIError: The server returned an error status, or no response arrived.
        """
        request = self._build_request()
        response = await self._session.send(request)
        return decode_response(
            response,
            counted=self._counted,
            as_text=self._as_text,
            maybe_single=self._maybe_single,
        )


class FilterRequestBuilder(FilterMixin, QueryRequestBuilder):
    """A query that accepts filters: update, upsert, delete and insert."""


class SelectRequestBuilder(FilterRequestBuilder):
    """A query that returns rows (select and RPC), with filters and modifiers."""

    def order(
        self,
        column: str,
        *,
        desc: bool = False,
        nullsfirst: bool | None = None,
        foreign_table: str | None = None,
    ) -> Self:
        """Order rows by ``column``, with each later call adding a tie-breaker.

        Args:
            column: Column, JSON path or ``embed(column)`` for a to-one embed.
            desc: Sort descending.
            nullsfirst: ``True`` puts NULLs first, ``False`` last, ``None`` keeps the default.
            foreign_table: Order the rows of this embedded resource instead.
        """
        key = f"{foreign_table}.order" if foreign_table else "order"
        term = f"{column}.{'desc' if desc else 'asc'}"
        if nullsfirst is not None:
            term += ".nullsfirst" if nullsfirst else ".nullslast"

        existing = self._get_param(key)
        self._set_param(key, f"{existing},{term}" if existing else term)
        return self

    def limit(self, size: int, *, foreign_table: str | None = None) -> Self:
        """Return at most ``size`` rows (of ``foreign_table`` when given)."""
        key = f"{foreign_table}.limit" if foreign_table else "limit"
        self._set_param(key, str(int(size)))
        return self

    def offset(self, size: int, *, foreign_table: str | None = None) -> Self:
        """Skip the first ``size`` rows (of ``foreign_table`` when given)."""
        key = f"{foreign_table}.offset" if foreign_table else "offset"
        self._set_param(key, str(int(size)))
        return self

    def range(self, start: int, end: int, foreign_table: str | None = None) -> Self:
        """Return rows ``start`` to ``end``, both 0-based and inclusive."""
        self.offset(start, foreign_table=foreign_table)
        self.limit(end - start + 1, foreign_table=foreign_table)
        return self


class RPCRequestBuilder(SelectRequestBuilder):
    """A function call, whose ``select`` shapes the rows of a set-returning function."""

    def select(self, *columns: str) -> Self:
        """Keep only ``columns`` of the function's result rows."""
        self._set_param("select", clean_columns(columns or ("*",)))
        return self
