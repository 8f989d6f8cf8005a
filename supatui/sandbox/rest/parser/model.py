"""Parsed forms of the query-string parts: select items, filters, logic trees, order terms."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ColumnItem",
    "Condition",
    "EmbedItem",
    "EmbedOptions",
    "Field",
    "Filter",
    "LogicTree",
    "OrderTerm",
    "SelectItem",
    "StarItem",
]


@dataclass(frozen=True)
class Field:
    """A column with an optional JSON path: ``meta->dims->>0`` is name ``meta`` and two steps."""

    name: str
    path: tuple[tuple[str, str], ...] = ()

    @property
    def output_name(self) -> str:
        """Key of this field in a JSON row: the last JSON key that is not an index, else the column."""
        for _arrow, key in reversed(self.path):
            if not _is_index(key):
                return key
        return self.name


def _is_index(key: str) -> bool:
    return key.lstrip("-").isdigit()


@dataclass(frozen=True)
class ColumnItem:
    """A column, JSON path, or aggregate in ``select``."""

    field: Field
    alias: str | None = None
    cast: str | None = None
    aggregate: str | None = None

    @property
    def output_name(self) -> str:
        """Key of the item in each returned row."""
        if self.alias:
            return self.alias
        if self.aggregate and self.field.name == "":
            return self.aggregate
        if self.aggregate:
            return self.aggregate
        return self.field.output_name


@dataclass(frozen=True)
class StarItem:
    """``*``: every column of the relation."""


@dataclass
class EmbedItem:
    """An embedded resource ``alias:relation!hint!inner(children)`` or spread ``...relation(...)``."""

    relation: str
    alias: str | None = None
    hints: list[str] = field(default_factory=list)
    join: str = "left"
    spread: bool = False
    children: list[SelectItem] = field(default_factory=list)

    @property
    def output_name(self) -> str:
        """Key of the embed in each parent row, and its name in filter paths."""
        return self.alias or self.relation


SelectItem = ColumnItem | StarItem | EmbedItem


@dataclass(frozen=True)
class Condition:
    """One filter ``field=[not.]operator[(modifier)].value``.

    ``value`` is a string, a list of strings for ``in``, or the keyword for ``is``.
    ``modifier`` is ``any``/``all`` for quantified operators or the text-search configuration.
    """

    field: Field
    operator: str
    value: str | list[str]
    negated: bool = False
    modifier: str | None = None


@dataclass(frozen=True)
class LogicTree:
    """``and=(...)`` / ``or=(...)`` with optional ``not.``; children are conditions or trees."""

    operator: str
    children: tuple[Filter, ...]
    negated: bool = False


Filter = Condition | LogicTree


@dataclass(frozen=True)
class OrderTerm:
    """One ``order`` term; ``embed`` is set for ``order=relation(column).desc``."""

    field: Field
    descending: bool = False
    nulls: str | None = None
    embed: str | None = None


@dataclass
class EmbedOptions:
    """Filters, order and window that apply at one level: the root or one embed path."""

    filters: list[Filter] = field(default_factory=list)
    order: list[OrderTerm] = field(default_factory=list)
    limit: int | None = None
    offset: int | None = None
