"""The PostgREST filter operators that fit each kind of column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from supatui.app.schema import ColumnInfo, ColumnKind

__all__ = [
    "FTS_OPERATORS",
    "OperatorSpec",
    "ValueShape",
    "operators_for",
    "spec_for",
    "split_json_path",
]

ValueShape = Literal["none", "scalar", "list", "pair", "array", "range", "json", "query"]
"""What the value of a condition looks like.

``none``: no value (``is null``); ``scalar``: one value; ``list``: the values of
``in``; ``pair``: the two bounds of ``between``; ``array``: a PostgreSQL array
literal ``{a,b}``; ``range``: a range literal such as ``[1,10)``, also for
``cs``; ``json``: a JSON document; ``query``: a full-text query.
"""

FTS_OPERATORS = ("fts", "plfts", "phfts", "wfts")


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """One choice in the operator picker."""

    key: str
    """Unique within one column's choices, e.g. ``is_not_null``."""
    label: str
    operator: str
    """The PostgREST operator, or ``between``."""
    shape: ValueShape
    fixed_value: str | None = None
    """The value that the operator implies, for ``is`` operators (``null``, ``not_null``, ``true``)."""


def _spec(key: str, label: str, shape: ValueShape = "scalar", operator: str | None = None,
          fixed_value: str | None = None) -> OperatorSpec:
    return OperatorSpec(key=key, label=label, operator=operator or key, shape=shape,
                        fixed_value=fixed_value)


_EQ = _spec("eq", "= equals")
_NEQ = _spec("neq", "<> not equal")
_GT = _spec("gt", "> greater than")
_GTE = _spec("gte", ">= at least")
_LT = _spec("lt", "< less than")
_LTE = _spec("lte", "<= at most")
_IN = _spec("in", "in list", "list")
_BETWEEN = _spec("between", "between (inclusive)", "pair")
_IS_NULL = _spec("is_null", "is null", "none", "is", "null")
_IS_NOT_NULL = _spec("is_not_null", "is not null", "none", "is", "not_null")
_NULL_TESTS = (_IS_NULL, _IS_NOT_NULL)
_COMPARISONS = (_EQ, _NEQ, _GT, _GTE, _LT, _LTE)
_FTS = (
    _spec("fts", "fts full-text (to_tsquery)", "query"),
    _spec("plfts", "plfts plain text (plainto_tsquery)", "query"),
    _spec("phfts", "phfts phrase (phraseto_tsquery)", "query"),
    _spec("wfts", "wfts web search (websearch_to_tsquery)", "query"),
)
_TEXT = (
    *_COMPARISONS,
    _spec("like", "like (* is the wildcard)"),
    _spec("ilike", "ilike, case-insensitive like"),
    _spec("match", "match POSIX regex (~)"),
    _spec("imatch", "imatch case-insensitive regex (~*)"),
    _IN,
    *_NULL_TESTS,
    *_FTS,
)
_ORDERED = (*_COMPARISONS, _IN, _BETWEEN, *_NULL_TESTS)
_BOOLEAN = (
    _spec("is_true", "is true", "none", "is", "true"),
    _spec("is_false", "is false", "none", "is", "false"),
    *_NULL_TESTS,
    _EQ,
    _NEQ,
)
_ENUM = (_EQ, _NEQ, _IN, *_NULL_TESTS)
_ARRAY = (
    _spec("cs", "cs contains", "array"),
    _spec("cd", "cd contained by", "array"),
    _spec("ov", "ov overlaps", "array"),
    _EQ,
    *_NULL_TESTS,
)
_RANGE = (
    _spec("cs", "cs contains (element or range)", "range"),
    _spec("cd", "cd contained by", "range"),
    _spec("ov", "ov overlaps", "range"),
    _spec("sl", "sl strictly left of (<<)", "range"),
    _spec("sr", "sr strictly right of (>>)", "range"),
    _spec("nxl", "nxl does not extend left of (&>)", "range"),
    _spec("nxr", "nxr does not extend right of (&<)", "range"),
    _spec("adj", "adj adjacent to (-|-)", "range"),
    _EQ,
    *_NULL_TESTS,
)
_JSON = (
    _spec("cs", "cs contains JSON", "json"),
    _spec("cd", "cd contained by JSON", "json"),
    _EQ,
    _NEQ,
    *_NULL_TESTS,
)

_BY_KIND: dict[ColumnKind, tuple[OperatorSpec, ...]] = {
    "text": _TEXT,
    "integer": _ORDERED,
    "number": _ORDERED,
    "datetime": _ORDERED,
    "boolean": _BOOLEAN,
    "enum": _ENUM,
    "array": _ARRAY,
    "range": _RANGE,
    "json": _JSON,
    "tsvector": (*_FTS, *_NULL_TESTS),
    "uuid": (_EQ, _NEQ, _IN, *_NULL_TESTS),
    "other": (_EQ, _NEQ, _IN, *_NULL_TESTS),
}

def split_json_path(column: str) -> tuple[str, str]:
    """Split ``meta->'a'->>b`` into the column name and its JSON path (``->'a'->>b``).

    A column without ``->`` returns an empty path.
    """
    index = column.find("->")
    if index < 0:
        return column, ""
    return column[:index], column[index:]


def operators_for(column: ColumnInfo, path: str = "") -> list[OperatorSpec]:
    """Return the operators that fit ``column``, or its JSON ``path`` when given.

    A path ending in ``->>key`` selects text, so it gets the text operators;
    a path ending in ``->key`` selects JSON, so it gets the JSON operators.
    """
    if path and column.kind == "json":
        last = path.rfind("->")
        if path[last:].startswith("->>"):
            return list(_TEXT)
        return list(_JSON)

    return list(_BY_KIND.get(column.kind, _BY_KIND["other"]))


def spec_for(specs: list[OperatorSpec], operator: str, value: object) -> OperatorSpec | None:
    """Return the choice among ``specs`` that a condition's operator and value stand for."""
    for spec in specs:
        if spec.operator != operator:
            continue
        if spec.fixed_value is None or (isinstance(value, str) and spec.fixed_value == value.lower()):
            return spec
    return None
