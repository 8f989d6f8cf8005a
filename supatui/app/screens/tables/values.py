"""Turning typed form text into JSON values for a row, and row values into display text."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

from rich.text import Text

from supatui.app.filters import check_scalar
from supatui.app.schema import ColumnInfo

__all__ = ["EMPTY_STRING", "FieldError", "cell_text", "field_text", "grid_cell", "parse_field"]

EMPTY_STRING = '""'
"""The form text that sends an empty string instead of NULL."""

_TRUE = {"true", "t", "yes", "y", "1", "on"}
_SCALAR_KINDS = {"integer", "number", "boolean", "uuid", "enum", "datetime"}


class FieldError(ValueError):
    """A form value that does not fit its column's type."""

    def __init__(self, column: str, text: str, expected: str) -> None:
        self.column = column
        self.text = text
        super().__init__(f"{column}: {text!r} is not {expected}")


def parse_field(column: ColumnInfo, text: str) -> Any:
    """Return the JSON value for ``text`` typed into ``column``'s field; '' means NULL.

    Raises:
        FieldError: when the text does not parse as the column's type.
    """
    if text == "":
        return None
    if text == EMPTY_STRING:
        return ""

    kind = column.kind
    stripped = text.strip()

    # The filter builder's checks are the one definition of a valid value per column type.
    if kind in _SCALAR_KINDS and (expected := check_scalar(kind, column.format, stripped, column.enum_values)):
        raise FieldError(column.name, text, expected)

    if kind == "integer":
        return int(stripped)

    if kind == "number":
        number = Decimal(stripped)
        if not number.is_finite():
            return stripped
        return int(number) if number == number.to_integral_value() and "." not in stripped else float(number)

    if kind == "boolean":
        return stripped.lower() in _TRUE

    if kind in ("json", "array"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise FieldError(column.name, text, f"valid JSON ({error.msg})") from None
        if kind == "array" and not isinstance(value, list):
            raise FieldError(column.name, text, "a JSON array such as [1, 2]")
        return value

    if kind == "uuid":
        return str(uuid.UUID(stripped))

    if kind == "datetime":
        return stripped

    return text


def field_text(value: Any) -> str:
    """Return the form text that `parse_field` turns back into ``value``."""
    if value is None:
        return ""
    if value == "":
        return EMPTY_STRING
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def cell_text(value: Any, *, max_width: int = 40) -> str:
    """Return a one-line rendering of ``value`` for a grid cell, cut to ``max_width``."""
    if value is None:
        text = "NULL"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = str(value)

    text = text.replace("\n", "⏎")
    if len(text) > max_width:
        text = text[: max_width - 1] + "…"
    return text


def grid_cell(value: Any, *, max_width: int = 40) -> Text:
    """Return ``value`` as a grid cell: literal text (never markup), NULL dimmed."""
    if value is None:
        return Text("NULL", style="dim italic", no_wrap=True)
    return Text(cell_text(value, max_width=max_width), no_wrap=True)
