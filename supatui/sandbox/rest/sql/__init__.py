"""SQL generation: every identifier quoted, every value a bind parameter."""

from .conditions import condition_sql
from .ident import Params, quote_ident, quote_qualified, render_cast_type
from .read import ROOT_ALIAS, Level, LevelSql, ShapeBuilder
from .relationships import Relationship, resolve_relationship

__all__ = [
    "ROOT_ALIAS",
    "Level",
    "LevelSql",
    "Params",
    "Relationship",
    "ShapeBuilder",
    "condition_sql",
    "quote_ident",
    "quote_qualified",
    "render_cast_type",
    "resolve_relationship",
]
