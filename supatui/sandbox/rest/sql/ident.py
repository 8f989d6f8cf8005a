"""Identifier quoting, bind-parameter collection and the allow-list for ``::type`` casts."""

from __future__ import annotations

import re
from typing import Any

from ..errors import parse_error

__all__ = ["Params", "quote_ident", "quote_qualified", "render_cast_type"]


def quote_ident(name: str) -> str:
    """Quote ``name`` as a PostgreSQL identifier (double quotes, inner quotes doubled).

    Raises:
        ApiError: PGRST100 when the name contains a NUL byte, which no identifier can hold.
    """
    if "\x00" in name:
        raise parse_error("Invalid name: NUL characters are not allowed", f"remove the NUL byte from {name!r}")
    return '"' + name.replace('"', '""') + '"'


def quote_qualified(schema: str, name: str) -> str:
    """Quote ``schema.name``."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


class Params:
    """Bind parameters of one statement; ``add`` returns the ``$n`` placeholder for a value."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        """Append ``value`` and return its placeholder."""
        self.values.append(value)
        return f"${len(self.values)}"

    def text(self, value: str) -> str:
        """Append a string and return a placeholder typed ``text``."""
        return f"{self.add(value)}::text"

    def typed(self, value: str, type_sql: str) -> str:
        """Append a string and return a placeholder converted from text to ``type_sql``.

        ``type_sql`` must come from the catalog or ``render_cast_type``, never from the request.
        """
        return f"{self.add(value)}::text::{type_sql}"


#: Type names written with SQL keywords, which cannot be quoted; emitted from this set only.
_KEYWORD_TYPES = frozenset({
    "int", "integer", "smallint", "bigint", "real", "double precision", "float", "boolean", "bool",
    "text", "varchar", "character varying", "char", "character", "numeric", "decimal", "date", "time",
    "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone",
    "time with time zone", "time without time zone", "timetz", "interval", "json", "jsonb", "uuid",
    "bytea", "int2", "int4", "int8", "float4", "float8", "money", "inet", "cidr", "macaddr",
    "tsvector", "tsquery", "name", "oid", "xml", "point", "bit", "varbit", "bit varying",
})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render_cast_type(text: str) -> str:
    """Return SQL for a cast target written in ``select=col::type``.

    Keyword type names are emitted from a fixed list. Other names must be plain identifiers
    (optionally ``schema.type``) and are quoted, so no request text reaches the SQL unquoted.

    Raises:
        ApiError: PGRST100 for anything else.
    """
    base = " ".join(text.split())
    dimensions = 0
    while base.endswith("[]"):
        base = base[:-2].rstrip()
        dimensions += 1
    suffix = "[]" * dimensions

    lowered = base.lower()
    if lowered in _KEYWORD_TYPES:
        return lowered + suffix
    parts = base.split(".")
    if 1 <= len(parts) <= 2 and all(_IDENTIFIER.fullmatch(part) for part in parts):
        return ".".join(quote_ident(part) for part in parts) + suffix
    raise parse_error(f"Invalid cast type {text!r}", "use a type name such as text, int or numeric")
