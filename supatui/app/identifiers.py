"""Quoting plain column names for the places where PostgREST reads them as syntax."""

from __future__ import annotations

__all__ = ["quote_column"]

# PostgREST reads these inside a name as syntax: "." starts an embedded resource or a
# JSON path, "," separates items, ":" an alias or cast, "()" an embed or a function.
_RESERVED = frozenset(',.:()"\\')


def quote_column(name: str) -> str:
    """Return ``name`` as PostgREST reads a plain column in a filter key, ``order`` or ``select``.

    A name with a reserved character or any whitespace is double-quoted, with
    ``\\`` and ``"`` escaped by a backslash: ``a.b`` becomes ``"a.b"``. Other
    names are returned unchanged, so ordinary queries read as before.
    """
    if any(char in _RESERVED or char.isspace() for char in name):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name
