"""Tables, views and columns of an exposed schema, read from PostgREST's OpenAPI document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["ColumnInfo", "ColumnKind", "ForeignKey", "TableInfo", "columns_from_row", "parse_openapi"]

ColumnKind = Literal["text", "integer", "number", "boolean", "datetime", "enum", "array", "range", "json", "tsvector", "uuid", "other"]

_FOREIGN_KEY = re.compile(r"<fk table='([^']*)' column='([^']*)'/>")
_DATETIME_FORMATS = {"date", "time", "timestamp", "timestamp with time zone",
                     "timestamp without time zone", "time with time zone", "time without time zone"}


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """The column referenced by a single-column foreign key."""

    table: str
    column: str


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """One column as the OpenAPI document describes it."""

    name: str
    format: str
    """PostgreSQL type name, such as ``text``, ``bigint``, ``text[]`` or an enum's name."""
    kind: ColumnKind
    """The family of filter operators and editors that fit the column."""
    required: bool = False
    """True for NOT NULL columns."""
    primary_key: bool = False
    foreign_key: ForeignKey | None = None
    enum_values: tuple[str, ...] = ()
    default: Any = None
    max_length: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table or view of one schema."""

    name: str
    schema: str
    columns: tuple[ColumnInfo, ...]
    writable: bool
    """False for read-only relations such as most views (no POST in the document)."""
    description: str = ""
    primary_key: tuple[str, ...] = field(default=())

    def column(self, name: str) -> ColumnInfo:
        """Return the column called ``name``; raise ``KeyError`` when there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _column_kind(prop: dict[str, Any]) -> ColumnKind:
    fmt = str(prop.get("format", ""))
    json_type = prop.get("type")

    if "enum" in prop:
        return "enum"
    if json_type == "array" or fmt.endswith("[]"):
        return "array"
    if fmt in ("json", "jsonb"):
        return "json"
    if fmt == "tsvector":
        return "tsvector"
    if fmt == "uuid":
        return "uuid"
    if fmt.endswith(("range", "multirange")):
        return "range"
    if fmt in _DATETIME_FORMATS:
        return "datetime"
    if json_type == "integer":
        return "integer"
    if json_type == "number":
        return "number"
    if json_type == "boolean":
        return "boolean"
    if json_type == "string":
        return "text"
    return "other"


def _parse_column(name: str, prop: dict[str, Any], required: set[str]) -> ColumnInfo:
    description = str(prop.get("description", ""))
    foreign_key = None
    if match := _FOREIGN_KEY.search(description):
        foreign_key = ForeignKey(table=match.group(1), column=match.group(2))

    note_start = description.find("Note:")
    readable_description = description[:note_start].strip() if note_start >= 0 else description

    return ColumnInfo(
        name=name,
        format=str(prop.get("format", "")),
        kind=_column_kind(prop),
        required=name in required,
        primary_key="<pk/>" in description,
        foreign_key=foreign_key,
        enum_values=tuple(str(value) for value in prop.get("enum", ())),
        default=prop.get("default"),
        max_length=prop.get("maxLength"),
        description=readable_description,
    )


def parse_openapi(document: dict[str, Any], schema: str) -> list[TableInfo]:
    """Return the tables and views that ``document`` describes, sorted by name."""
    paths = document.get("paths", {})
    tables = []

    for name, definition in document.get("definitions", {}).items():
        required = set(definition.get("required", ()))
        columns = tuple(
            _parse_column(column_name, prop, required)
            for column_name, prop in definition.get("properties", {}).items()
        )
        tables.append(
            TableInfo(
                name=name,
                schema=schema,
                columns=columns,
                writable="post" in paths.get(f"/{name}", {}),
                description=str(definition.get("description", "")),
                primary_key=tuple(column.name for column in columns if column.primary_key),
            )
        )

    return sorted(tables, key=lambda table: table.name)


def columns_from_row(row: dict[str, Any]) -> tuple[ColumnInfo, ...]:
    """Return columns guessed from the keys and JSON values of one row, for a table opened by name.

    A string value gives kind ``text`` and any other value (NULL included) ``other``; the
    format is empty.

    NOTE: without the OpenAPI document (Supabase serves it to the service_role key only),
    column types, enum values and the primary key are unknown. Typed filters need the
    service_role key, and rows cannot be edited or deleted because no key addresses them.
    """
    return tuple(
        ColumnInfo(name=name, format="", kind="text" if isinstance(value, str) else "other")
        for name, value in row.items()
    )
