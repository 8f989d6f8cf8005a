"""Turn Python values into PostgREST query-string text.

PostgREST reads a filter as ``column=operator.value`` and takes a top-level
value verbatim. The elements of an ``in.(...)`` list and the values inside an
``or=(...)`` tree end at the first ``,`` or ``)``, however. So an element that
contains a character PostgREST reads as syntax is wrapped in double quotes,
with ``\\`` and ``"`` escaped by a backslash. Percent-encoding is left to
httpx, which encodes ``+`` as ``%2B``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "array_literal",
    "clean_columns",
    "contains_value",
    "format_value",
    "in_list",
    "quote_column",
    "quote_value",
    "range_literal",
]

# Characters that end or restructure an element of an in.(...) list or an
# or=(...) value, so an element containing one of them is double-quoted.
_RESERVED_IN_LIST = frozenset(',()"\\.:')

# Characters that PostgreSQL's array-literal parser treats as syntax.
_RESERVED_IN_ARRAY = frozenset(',{}"\\')


def format_value(value: Any) -> str:
    """Return the text PostgREST expects for a top-level filter value.

    ``None`` becomes ``null``, booleans ``true``/``false``, dicts and lists
    compact JSON, and every other value ``str(value)``.
    """
    if value is None:
        return "null"

    if isinstance(value, bool):
        return "true" if value else "false"

    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    return str(value)


def _escape(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_value(value: Any) -> str:
    """Quote one element of an ``in.(...)`` list or an ``or=(...)`` value.

    ``None`` becomes the bare word ``null`` (SQL NULL). A string is wrapped in
    double quotes, with ``\\`` and ``"`` escaped, when it is empty, has leading
    or trailing whitespace, contains one of ``, ( ) " \\ . :``, or is the word
    ``null`` in any letter case, which PostgREST would otherwise read as NULL.
    A leading ``{`` is quoted too, because or=(...) reads ``{...}`` as an array.

    Args:
        value: The element. Non-strings are formatted with `format_value`.
    """
    if value is None:
        return "null"

    text = format_value(value)
    needs_quotes = (
        text == ""
        or text != text.strip()
        or text.lower() == "null"
        or text.startswith("{")
        or any(char in _RESERVED_IN_LIST for char in text)
    )
    if not needs_quotes:
        return text

    return _escape(text)


def in_list(values: Iterable[Any]) -> str:
    """Return the ``(a,b,...)`` list for the ``in`` operator."""
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"in_() expects a list of values, not the string {values!r}. "
            "Wrap a single value in a list"
        )

    return "(" + ",".join(quote_value(value) for value in values) + ")"


def _array_element(value: Any) -> str:
    if value is None:
        return "NULL"

    text = format_value(value)
    needs_quotes = (
        text == ""
        or text != text.strip()
        or text.lower() == "null"
        or any(char in _RESERVED_IN_ARRAY or char.isspace() for char in text)
    )
    if not needs_quotes:
        return text

    return _escape(text)


def array_literal(values: Iterable[Any]) -> str:
    """Return a PostgreSQL array literal ``{a,b}`` for ``cs``/``cd``/``ov``."""
    return "{" + ",".join(_array_element(value) for value in values) + "}"


def range_literal(bounds: Any) -> str:
    """Return the ``(lower,upper)`` text for the range operators.

    A ``None`` bound is left empty, which PostgreSQL reads as unbounded. A
    string is passed through unchanged so callers can write inclusive bounds
    themselves, e.g. ``"[2000-01-01 08:00,2000-01-01 09:00]"``.
    """
    if isinstance(bounds, str):
        return bounds

    lower, upper = bounds
    lower_text = "" if lower is None else format_value(lower)
    upper_text = "" if upper is None else format_value(upper)
    return f"({lower_text},{upper_text})"


def contains_value(value: Any) -> str:
    """Return the operand of ``cs``/``cd``/``ov``: array, jsonb or raw range."""
    if isinstance(value, str):
        return value

    if isinstance(value, Mapping):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    return array_literal(value)


def clean_columns(columns: Iterable[str]) -> str:
    """Join select columns with ``,`` and drop whitespace outside double quotes."""
    cleaned: list[str] = []
    for column in columns:
        inside_quotes = False
        characters: list[str] = []
        for char in column:
            if char == '"':
                inside_quotes = not inside_quotes
            if char.isspace() and not inside_quotes:
                continue
            characters.append(char)
        cleaned.append("".join(characters))

    return ",".join(cleaned)


def quote_column(name: str) -> str:
    """Double-quote a column name for ``columns=``/``on_conflict=`` lists."""
    return _escape(name)
