"""Split a request's query parameters into select, per-embed filters/order/window and RPC args."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..errors import ApiError, parse_error
from .filters import parse_condition_value, parse_logic_tree
from .model import EmbedOptions, SelectItem, StarItem
from .order import parse_column_list, parse_order
from .scanner import Scanner, unquote_element
from .select import parse_select

__all__ = ["QueryParts", "parse_query"]

_RESERVED = {"select", "columns", "on_conflict", "apikey"}

#: Distinct ``select`` values whose parse is kept; clients repeat a few of them.
_SELECT_CACHE_SIZE = 512


@dataclass
class QueryParts:
    """Parsed query string of one request: select, columns, RPC arguments and per-level options keyed by embed path (``()`` is the root)."""

    select: list[SelectItem] = field(default_factory=lambda: [StarItem()])
    options: dict[tuple[str, ...], EmbedOptions] = field(default_factory=dict)
    columns: list[str] | None = None
    on_conflict: list[str] | None = None
    rpc_args: dict[str, list[str]] = field(default_factory=dict)

    def at(self, path: tuple[str, ...]) -> EmbedOptions:
        """Return the options of embed ``path``, creating an empty entry."""
        return self.options.setdefault(path, EmbedOptions())


def parse_query(pairs: list[tuple[str, str]], rpc_arg_names: frozenset[str] = frozenset()) -> QueryParts:
    """Parse decoded ``(key, value)`` query pairs in their original order.

    Args:
        pairs: Query parameters, ``+`` already decoded to a space.
        rpc_arg_names: For ``GET /rpc/fn``, the argument names; those keys become arguments.

    Raises:
        ApiError: PGRST100 for syntax errors, PGRST103 (416) for a negative limit or offset.
    """
    parts = QueryParts()
    parts.at(())
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:
            raise parse_error("Invalid query string: NUL characters are not allowed",
                              f"parameter {key!r} contains a NUL byte; remove it")
        _parse_pair(parts, key, value, rpc_arg_names)
    return parts


def _parse_pair(parts: QueryParts, key: str, value: str, rpc_arg_names: frozenset[str]) -> None:
    if key in _RESERVED:
        if key == "select":
            parts.select = list(_parse_select_cached(value))
        elif key == "columns":
            parts.columns = parse_column_list(value, "columns parameter")
        elif key == "on_conflict":
            parts.on_conflict = parse_column_list(value, "on_conflict parameter")
        return

    if key in rpc_arg_names:
        parts.rpc_args.setdefault(key, []).append(value)
        return

    segments = split_key(key)
    segments[:-1] = [unquote_element(segment) for segment in segments[:-1]]
    last = segments[-1]
    if last in ("order", "limit", "offset"):
        options = parts.at(tuple(segments[:-1]))
        if last == "order":
            options.order = parse_order(value)
        elif last == "limit":
            options.limit = _parse_integer(key, value)
        else:
            options.offset = _parse_integer(key, value)
        return

    if last in ("or", "and"):
        negated = len(segments) >= 2 and segments[-2] == "not"
        path = tuple(segments[:-2] if negated else segments[:-1])
        parts.at(path).filters.append(parse_logic_tree(last, negated, value))
        return

    scanner = Scanner(last, "filter")
    column = scanner.read_field(stop='"')
    if not scanner.at_end():
        raise scanner.error("unexpected text in the column name")
    parts.at(tuple(segments[:-1])).filters.append(parse_condition_value(column, value))


@functools.lru_cache(maxsize=_SELECT_CACHE_SIZE)
def _parse_select_cached(value: str) -> tuple[SelectItem, ...]:
    # Requests share the cached items, and nothing after the parser changes them.
    return tuple(parse_select(value))


def split_key(key: str) -> list[str]:
    """Split ``embed.sub."col.name"`` on dots outside double quotes, keeping quotes on segments."""
    segments: list[str] = []
    current: list[str] = []
    quoted = False
    index = 0
    while index < len(key):
        char = key[index]
        if char == "\\" and quoted and index + 1 < len(key):
            current.append(key[index : index + 2])
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        if char == "." and not quoted:
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    segments.append("".join(current))
    if quoted or any(not segment.strip() for segment in segments):
        raise parse_error(f'"failed to parse filter key ({key})"', "empty name or unbalanced double quote")
    return [segment if segment.startswith('"') else segment.strip() for segment in segments]



def _parse_integer(key: str, value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise parse_error(f'"failed to parse {key} ({value})"', f"{key} must be an integer") from None
    if number < 0:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       f"{key} must be zero or positive, got {number}")
    return number
