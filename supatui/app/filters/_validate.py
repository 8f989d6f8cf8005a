"""Check a filter tree against a table before anything is sent."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from supatui.app.schema import ColumnInfo, TableInfo

from ._literals import parse_array_literal, parse_range_literal
from ._model import Condition, FilterTree, Group, NodePath
from ._operators import operators_for, spec_for, split_json_path

__all__ = ["FilterProblem", "check_scalar", "format_path", "validate"]

_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_INTEGER_BITS = {"smallint": 16, "int2": 16, "integer": 32, "int4": 32, "bigint": 64, "int8": 64}
_NUMBER_FORMATS = {"numeric", "real", "double precision", "float4", "float8", "decimal", "money"}
_BOOLEAN_WORDS = {"true", "false", "t", "f", "yes", "no", "y", "n", "on", "off", "1", "0"}
_DATETIME_WORDS = {"now", "today", "tomorrow", "yesterday", "infinity", "-infinity", "epoch", "allballs"}
_FTS_CONFIG = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RANGE_ELEMENT_FORMATS = {
    "int4range": "integer", "int8range": "bigint", "numrange": "numeric",
    "daterange": "date", "tsrange": "timestamp without time zone",
    "tstzrange": "timestamp with time zone",
}


@dataclass(frozen=True, slots=True)
class FilterProblem:
    """A reason the filter cannot be sent as it is."""

    path: NodePath
    """Where the problem is; ``()`` is the root group."""
    message: str
    column: str | None = None


def format_path(path: NodePath) -> str:
    """Return a 1-based position such as ``2.1`` for messages, or ``top`` for the root group."""
    return ".".join(str(index + 1) for index in path) if path else "top"


def _element_kind(fmt: str) -> str:
    """Return the value family of a PostgreSQL type name: integer, number, boolean, uuid, datetime or text."""
    fmt = fmt.lower()
    if fmt in _INTEGER_BITS:
        return "integer"
    if fmt in _NUMBER_FORMATS or fmt.startswith("numeric"):
        return "number"
    if fmt in ("boolean", "bool"):
        return "boolean"
    if fmt == "uuid":
        return "uuid"
    if fmt == "date" or fmt.startswith(("timestamp", "time")):
        return "datetime"
    return "text"


def check_scalar(kind: str, fmt: str, text: str, enum_values: tuple[str, ...] = ()) -> str | None:
    """Return what a value of this kind should look like when ``text`` is not one, else ``None``.

    Args:
        kind: A column kind (``integer``, ``number``, ``datetime``, ``boolean``, ``uuid``, ``enum``, ...).
        fmt: The PostgreSQL type name, used for integer sizes and date versus timestamp.
        text: The value as typed.
        enum_values: The labels an enum value must be one of.
    """
    if kind == "integer":
        if not _INTEGER.match(text):
            return "an integer such as 42"
        bits = _INTEGER_BITS.get(fmt.lower(), 64)
        if not -(2 ** (bits - 1)) <= int(text) < 2 ** (bits - 1):
            return f"an integer that fits in {fmt} ({bits} bits)"
        return None

    if kind == "number":
        try:
            Decimal(text.strip())
        except InvalidOperation:
            return "a number such as 3.14"
        return None if text.strip() else "a number such as 3.14"

    if kind == "boolean":
        return None if text.strip().lower() in _BOOLEAN_WORDS else "true or false"

    if kind == "uuid":
        try:
            uuid.UUID(text.strip())
        except ValueError:
            return "a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        return None

    if kind == "enum" and enum_values:
        return None if text in enum_values else "one of " + ", ".join(enum_values)

    if kind == "datetime":
        return _check_datetime(fmt.lower(), text.strip())

    return None


def _check_datetime(fmt: str, text: str) -> str | None:
    if text.lower() in _DATETIME_WORDS:
        return None

    try:
        if fmt == "date":
            date.fromisoformat(text)
        elif fmt.startswith("time") and not fmt.startswith("timestamp"):
            time.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        if fmt == "date":
            return "an ISO 8601 date such as 2024-05-01"
        if fmt.startswith("time") and not fmt.startswith("timestamp"):
            return "an ISO 8601 time such as 10:30:00"
        return "an ISO 8601 timestamp such as 2024-05-01T10:30:00+00:00"
    return None


def _check_json_path(path: str) -> str | None:
    segments = path.split("->")[1:]
    for position, segment in enumerate(segments):
        key = segment.removeprefix(">")
        if not key or key.startswith(">"):
            return "every -> or ->> is followed by a key or an array index, as in meta->>color"
        if segment.startswith(">") and position != len(segments) - 1:
            return "->> returns text, so it can only be the last step of the path"
    return None


class _Checker:
    def __init__(self, table: TableInfo) -> None:
        self.table = table
        self.problems: list[FilterProblem] = []

    def report(self, path: NodePath, message: str, column: str | None = None) -> None:
        self.problems.append(FilterProblem(path=path, message=message, column=column))

    def group(self, group: Group, path: NodePath) -> None:
        if not group.children and path:
            self.report(path, f"The {group.op.upper()} group at {format_path(path)} is empty; "
                              "add a condition to it or delete it.")
        for index, child in enumerate(group.children):
            if isinstance(child, Group):
                self.group(child, (*path, index))
            else:
                self.condition(child, (*path, index))

    def bad_value(self, path: NodePath, condition: Condition, value: str, expected: str) -> None:
        self.report(path, f'Column "{condition.column}" expects {expected}, but the value is {json.dumps(value, ensure_ascii=False)}.',
                    condition.column)

    def condition(self, condition: Condition, path: NodePath) -> None:
        name, json_path = split_json_path(condition.column)
        try:
            column = self.table.column(name)
        except KeyError:
            self.report(path, f'Column "{name}" does not exist in {self.table.schema}.{self.table.name}; '
                              "pick one of its columns.", condition.column)
            return

        if json_path:
            if column.kind != "json":
                self.report(path, f'Column "{name}" is {column.format}, not json or jsonb, '
                                  f'so it has no JSON path ("{json_path}").', condition.column)
                return
            if problem := _check_json_path(json_path):
                self.report(path, f'The JSON path "{condition.column}" is invalid: {problem}.',
                            condition.column)
                return

        specs = operators_for(column, json_path)
        spec = spec_for(specs, condition.operator, condition.value)
        if spec is None:
            choices = ", ".join(sorted({s.operator for s in specs}))
            self.report(path, f'Operator "{condition.operator}" does not apply to column '
                              f'"{condition.column}" ({column.format}); use one of {choices}.',
                        condition.column)
            return

        if spec.shape == "none":
            return

        if condition.operator in ("fts", "plfts", "phfts", "wfts") and condition.config \
                and not _FTS_CONFIG.match(condition.config):
            self.report(path, f'Text search configuration {condition.config!r} for column '
                              f'"{condition.column}" is not a plain name such as english.',
                        condition.column)

        kind = column.kind
        if json_path:
            kind = "text" if json_path[json_path.rfind("->"):].startswith("->>") else "json"
        self.value(condition, path, column, spec.shape, kind)

    def value(self, condition: Condition, path: NodePath, column: ColumnInfo, shape: str, kind: str) -> None:
        value = condition.value
        is_text = kind in ("text", "other", "tsvector")

        if shape in ("list", "pair"):
            if not isinstance(value, list) or not value:
                self.report(path, f'The {condition.operator} filter on column "{condition.column}" '
                                  "has no values; enter at least one.", condition.column)
                return
            if shape == "pair" and (len(value) != 2 or not all(item.strip() for item in value)):
                self.report(path, f'The between filter on column "{condition.column}" needs a lower '
                                  "and an upper bound.", condition.column)
                return
            for item in value:
                self.scalar(condition, path, column, kind, item)
            return

        if isinstance(value, list):
            self.report(path, f'The {condition.operator} filter on column "{condition.column}" '
                              "takes one value, not a list.", condition.column)
            return
        if value is None or (value == "" and (not is_text or shape in ("array", "range", "json", "query"))):
            self.report(path, f'The {condition.operator} filter on column "{condition.column}" '
                              "has no value; enter one.", condition.column)
            return

        if shape == "scalar":
            if kind == "json":
                self.json_value(condition, path, value, containers_only=False)
            else:
                self.scalar(condition, path, column, kind, value)
        elif shape == "json":
            self.json_value(condition, path, value, containers_only=True)
        elif shape == "array":
            self.array(condition, path, column, value)
        elif shape == "range":
            self.range(condition, path, column, value)

    def scalar(self, condition: Condition, path: NodePath, column: ColumnInfo, kind: str, text: str) -> None:
        if expected := check_scalar(kind, column.format, text, column.enum_values):
            self.bad_value(path, condition, text, expected)

    def json_value(self, condition: Condition, path: NodePath, text: str, containers_only: bool) -> None:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            self.bad_value(path, condition, text, f"JSON ({error.msg} at character {error.pos + 1})")
            return
        if containers_only and not isinstance(document, (dict, list)):
            self.bad_value(path, condition, text, 'a JSON object or array such as {"color": "red"}')

    def array(self, condition: Condition, path: NodePath, column: ColumnInfo, text: str) -> None:
        try:
            elements = parse_array_literal(text)
        except ValueError as error:
            self.bad_value(path, condition, text, f"an array literal such as {{a,b}} ({error})")
            return
        element_format = column.format.removesuffix("[]").lstrip("_")
        kind = _element_kind(element_format)
        for element in elements:
            if element is not None and (expected := check_scalar(kind, element_format, element)):
                self.bad_value(path, condition, element, f"array elements that are {expected}")
                return

    def range(self, condition: Condition, path: NodePath, column: ColumnInfo, text: str) -> None:
        element_format = _RANGE_ELEMENT_FORMATS.get(column.format.lower(), "")
        kind = _element_kind(element_format) if element_format else "text"
        if "multirange" in column.format.lower():
            return

        # PostgREST sends the value as an untyped literal, which PostgreSQL reads as a range
        # beside a range column, so even ``cs`` needs a range here, never a single element.
        try:
            bounds = parse_range_literal(text)
        except ValueError as error:
            self.bad_value(path, condition, text, f"a range literal such as [1,10) ({error})")
            return
        for bound in bounds or ():
            if bound is not None and element_format and (expected := check_scalar(kind, element_format, bound)):
                self.bad_value(path, condition, bound, f"range bounds that are {expected}")
                return


def validate(tree: FilterTree, table: TableInfo) -> list[FilterProblem]:
    """Return every problem of ``tree`` as a filter on ``table``; an empty list means it can be sent.

    Checks that columns exist, operators fit the column type, values are present and parse as
    the column type (integers, numbers, ISO 8601 dates, booleans, UUIDs, enum labels, JSON,
    array and range literals), and that no group other than the root is empty.
    """
    checker = _Checker(table)
    checker.group(tree.root, ())
    return checker.problems
