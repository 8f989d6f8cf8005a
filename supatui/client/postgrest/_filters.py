"""Filter methods shared by select, update, upsert, delete and rpc queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

from ._encoding import (
    array_literal,
    contains_value,
    format_value,
    in_list,
    range_literal,
)

__all__ = ["TEXT_SEARCH_OPERATORS", "FilterMixin"]

# text_search() option "type" mapped to the PostgREST full-text operator.
TEXT_SEARCH_OPERATORS: dict[str | None, str] = {
    None: "fts",
    "plain": "plfts",
    "phrase": "phfts",
    "websearch": "wfts",
    "web_search": "wfts",
}


# Query parameters PostgREST reads as its own rather than as filters: a filter on a column with one
# of these names would be dropped silently, and an update or delete would then match every row.
_RESERVED_NAMES = frozenset({"select", "columns", "on_conflict"})
_RESERVED_LAST_SEGMENTS = frozenset({"order", "limit", "offset", "and", "or"})


def _check_filter_column(column: str, operator: str) -> None:
    last_segment = column.rsplit(".", 1)[-1]
    if column in _RESERVED_NAMES or last_segment in _RESERVED_LAST_SEGMENTS:
        raise ValueError(
            f"column {column!r} cannot be filtered with a query parameter, because PostgREST reads "
            f"a parameter named {column!r} as its own and would ignore the filter. "
            f"Use .or_('{column}.{operator}.<value>') instead, which PostgREST reads as a filter"
        )


def _pattern_list(patterns: str | Iterable[str]) -> str:
    if isinstance(patterns, str):
        return "{" + patterns + "}"
    return array_literal(patterns)


class FilterMixin:
    """PostgREST filters, each adding one ``column=operator.value`` parameter.

    Every method returns the query itself so calls chain. ``not_`` negates
    the filter that follows it.
    """

    _negate_next: bool = False

    if TYPE_CHECKING:

        def _add_param(self, key: str, value: str) -> None: ...

    @property
    def not_(self) -> Self:
        """Negate the next filter: ``.not_.eq("a", 1)`` sends ``a=not.eq.1``."""
        self._negate_next = True
        return self

    def filter(self, column: str, operator: str, criteria: Any) -> Self:
        """Add a raw filter, the criteria written in PostgREST syntax.

        Args:
            column: Column, JSON path (``data->>k``) or embedded column (``cities.name``).
            operator: PostgREST operator such as ``eq``, ``in`` or ``cs``, which may
                carry a ``not.`` prefix.
            criteria: Value written as PostgREST reads it, e.g. ``(1,2)`` for ``in``.
        """
        if not column:
            raise ValueError("filter column is empty. Pass the column to filter on")
        if not operator:
            raise ValueError(f"filter operator for column {column!r} is empty. Pass e.g. 'eq'")
        _check_filter_column(column, operator)

        prefix = "not." if self._negate_next else ""
        self._negate_next = False
        self._add_param(column, f"{prefix}{operator}.{format_value(criteria)}")
        return self

    def eq(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` equals ``value``."""
        return self.filter(column, "eq", value)

    def neq(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` does not equal ``value``."""
        return self.filter(column, "neq", value)

    def gt(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` is greater than ``value``."""
        return self.filter(column, "gt", value)

    def gte(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` is greater than or equal to ``value``."""
        return self.filter(column, "gte", value)

    def lt(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` is less than ``value``."""
        return self.filter(column, "lt", value)

    def lte(self, column: str, value: Any) -> Self:
        """Match rows where ``column`` is less than or equal to ``value``."""
        return self.filter(column, "lte", value)

    def like(self, column: str, pattern: str) -> Self:
        """Match rows where ``column`` matches the LIKE ``pattern`` (``%`` or ``*``)."""
        return self.filter(column, "like", pattern)

    def ilike(self, column: str, pattern: str) -> Self:
        """Match rows where ``column`` matches ``pattern`` ignoring case."""
        return self.filter(column, "ilike", pattern)

    def like_all_of(self, column: str, patterns: str | Iterable[str]) -> Self:
        """Match rows where ``column`` matches every pattern (``"a%,b%"`` or a list)."""
        return self.filter(column, "like(all)", _pattern_list(patterns))

    def like_any_of(self, column: str, patterns: str | Iterable[str]) -> Self:
        """Match rows where ``column`` matches at least one pattern."""
        return self.filter(column, "like(any)", _pattern_list(patterns))

    def ilike_all_of(self, column: str, patterns: str | Iterable[str]) -> Self:
        """Match rows where ``column`` matches every pattern, ignoring case."""
        return self.filter(column, "ilike(all)", _pattern_list(patterns))

    def ilike_any_of(self, column: str, patterns: str | Iterable[str]) -> Self:
        """Match rows where ``column`` matches at least one pattern, ignoring case."""
        return self.filter(column, "ilike(any)", _pattern_list(patterns))

    def is_(self, column: str, value: bool | str | None) -> Self:
        """Match rows where ``column`` IS ``value``: ``None``/``"null"``, ``True``, ``False``."""
        return self.filter(column, "is", value)

    def in_(self, column: str, values: Iterable[Any]) -> Self:
        """Match rows where ``column`` is one of ``values``, quoting each element as needed."""
        return self.filter(column, "in", in_list(values))

    def contains(self, column: str, value: Iterable[Any] | Mapping[str, Any] | str) -> Self:
        """Match rows where the array, jsonb or range ``column`` contains ``value``.

        A list becomes an array literal, a dict jsonb, and a string is sent as
        written (use it for ranges such as ``"[1,5)"``).
        """
        return self.filter(column, "cs", contains_value(value))

    def contained_by(self, column: str, value: Iterable[Any] | Mapping[str, Any] | str) -> Self:
        """Match rows where every element of ``column`` is contained by ``value``."""
        return self.filter(column, "cd", contains_value(value))

    def overlaps(self, column: str, value: Iterable[Any] | str) -> Self:
        """Match rows where the array or range ``column`` shares an element with ``value``."""
        return self.filter(column, "ov", contains_value(value))

    def range_gt(self, column: str, range: Iterable[Any] | str) -> Self:
        """Match rows where every element of ``column`` is right of ``range`` (``sr``)."""
        return self.filter(column, "sr", range_literal(range))

    def range_gte(self, column: str, range: Iterable[Any] | str) -> Self:
        """Match rows where ``column`` does not extend left of ``range`` (``nxl``)."""
        return self.filter(column, "nxl", range_literal(range))

    def range_lt(self, column: str, range: Iterable[Any] | str) -> Self:
        """Match rows where every element of ``column`` is left of ``range`` (``sl``)."""
        return self.filter(column, "sl", range_literal(range))

    def range_lte(self, column: str, range: Iterable[Any] | str) -> Self:
        """Match rows where ``column`` does not extend right of ``range`` (``nxr``)."""
        return self.filter(column, "nxr", range_literal(range))

    def range_adjacent(self, column: str, range: Iterable[Any] | str) -> Self:
        """Match rows where ``column`` is adjacent to ``range`` with no gap (``adj``)."""
        return self.filter(column, "adj", range_literal(range))

    def text_search(
        self,
        column: str,
        query: str,
        options: Mapping[str, str | None] | None = None,
    ) -> Self:
        """Match rows where the text or tsvector ``column`` matches a full-text ``query``.

        Args:
            column: Text or tsvector column.
            query: The full-text query.
            options: ``{"config": "english", "type": "plain" | "phrase" | "websearch"}``.
                Without a type the query uses to_tsquery syntax.
        """
        options = options or {}
        search_type = options.get("type")
        if search_type not in TEXT_SEARCH_OPERATORS:
            raise ValueError(
                f"text_search type {search_type!r} is invalid. "
                "Use 'plain', 'phrase', 'websearch' or leave it out"
            )

        operator = TEXT_SEARCH_OPERATORS[search_type]
        config = options.get("config")
        if config:
            operator = f"{operator}({config})"

        return self.filter(column, operator, query)

    def match(self, query: Mapping[str, Any]) -> Self:
        """Match rows where each key column equals its value: several ``eq`` filters."""
        if not query:
            raise ValueError("match() needs at least one column and value, got an empty dict")

        for column, value in query.items():
            self.eq(column, value)
        return self

    def or_(self, filters: str, reference_table: str | None = None) -> Self:
        """Match rows satisfying at least one of ``filters`` (PostgREST syntax).

        Args:
            filters: Comma-separated conditions, e.g. ``"id.eq.2,name.eq.Mars"``.
                Quote values with `quote_value` when they may contain ``,`` or ``)``.
            reference_table: Apply the condition inside this embedded resource.
        """
        key = "not.or" if self._negate_next else "or"
        self._negate_next = False
        if reference_table:
            key = f"{reference_table}.{key}"

        self._add_param(key, f"({filters})")
        return self

    # Short names with the PostgREST operator spelling.

    def fts(self, column: str, query: str) -> Self:
        """Full-text match with to_tsquery syntax."""
        return self.filter(column, "fts", query)

    def plfts(self, column: str, query: str) -> Self:
        """Full-text match with plainto_tsquery."""
        return self.filter(column, "plfts", query)

    def phfts(self, column: str, query: str) -> Self:
        """Full-text match with phraseto_tsquery."""
        return self.filter(column, "phfts", query)

    def wfts(self, column: str, query: str) -> Self:
        """Full-text match with websearch_to_tsquery."""
        return self.filter(column, "wfts", query)

    def cs(self, column: str, values: Iterable[Any] | Mapping[str, Any] | str) -> Self:
        """Same as `contains`."""
        return self.contains(column, values)

    def cd(self, column: str, values: Iterable[Any] | Mapping[str, Any] | str) -> Self:
        """Same as `contained_by`."""
        return self.contained_by(column, values)

    def ov(self, column: str, values: Iterable[Any] | str) -> Self:
        """Same as `overlaps`."""
        return self.overlaps(column, values)

    def sl(self, column: str, range: Iterable[Any] | str) -> Self:
        """Same as `range_lt`."""
        return self.range_lt(column, range)

    def sr(self, column: str, range: Iterable[Any] | str) -> Self:
        """Same as `range_gt`."""
        return self.range_gt(column, range)

    def nxl(self, column: str, range: Iterable[Any] | str) -> Self:
        """Same as `range_gte`."""
        return self.range_gte(column, range)

    def nxr(self, column: str, range: Iterable[Any] | str) -> Self:
        """Same as `range_lte`."""
        return self.range_lte(column, range)

    def adj(self, column: str, range: Iterable[Any] | str) -> Self:
        """Same as `range_adjacent`."""
        return self.range_adjacent(column, range)
