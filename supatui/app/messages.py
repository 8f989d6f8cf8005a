"""Typed results that workers post back to screens, named after what finished."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from supatui.app.schema import TableInfo
from supatui.app.screens.tables.paging import Pager

__all__ = [
    "CountEstimated",
    "PageFetched",
    "RowSaved",
    "RowsDeleted",
    "SchemasListed",
    "TablesLoaded",
]


@dataclass
class SchemasListed(Message):
    schemas: list[str]


@dataclass
class TablesLoaded(Message):
    schema: str
    tables: list[TableInfo]


@dataclass
class CountEstimated(Message):
    schema: str
    table: str
    count: int | None


@dataclass
class PageFetched(Message):
    """A page arrived; ``generation`` lets the grid drop results of superseded requests."""

    generation: int
    rows: list[dict[str, Any]]
    pager: Pager


@dataclass
class RowSaved(Message):
    table: str
    row: dict[str, Any]
    inserted: bool


@dataclass
class RowsDeleted(Message):
    table: str
    count: int
