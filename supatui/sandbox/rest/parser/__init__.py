"""Parsers for PostgREST query strings and headers."""

from .filters import OPERATORS, parse_condition_value, parse_in_list, parse_logic_tree
from .model import (
    ColumnItem,
    Condition,
    EmbedItem,
    EmbedOptions,
    Field,
    Filter,
    LogicTree,
    OrderTerm,
    SelectItem,
    StarItem,
)
from .order import parse_column_list, parse_order
from .prefer import Preferences, parse_prefer
from .query import QueryParts, parse_query
from .select import parse_select

__all__ = [
    "OPERATORS",
    "ColumnItem",
    "Condition",
    "EmbedItem",
    "EmbedOptions",
    "Field",
    "Filter",
    "LogicTree",
    "OrderTerm",
    "Preferences",
    "QueryParts",
    "SelectItem",
    "StarItem",
    "parse_column_list",
    "parse_condition_value",
    "parse_in_list",
    "parse_logic_tree",
    "parse_order",
    "parse_prefer",
    "parse_query",
    "parse_select",
]
