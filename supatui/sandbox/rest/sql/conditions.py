"""SQL for filters: operators, quantifiers, text search and logic trees."""

from __future__ import annotations

from ..errors import parse_error
from ..parser.model import Condition
from .ident import Params

__all__ = ["condition_sql"]

_COMPARISON = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_PATTERN = {"like": "LIKE", "ilike": "ILIKE", "match": "~", "imatch": "~*"}
_RANGE = {"cs": "@>", "cd": "<@", "ov": "&&", "sl": "<<", "sr": ">>", "nxr": "&<", "nxl": "&>", "adj": "-|-"}
_TEXT_SEARCH = {"fts": "to_tsquery", "plfts": "plainto_tsquery", "phfts": "phraseto_tsquery",
                "wfts": "websearch_to_tsquery"}
_IS = {"null": "IS NULL", "not_null": "IS NOT NULL", "true": "IS TRUE", "false": "IS FALSE",
       "unknown": "IS UNKNOWN"}


def condition_sql(condition: Condition, lhs: str, type_sql: str, params: Params) -> str:
    """Return the SQL for ``condition`` applied to expression ``lhs`` of type ``type_sql``.

    Values always travel as bind parameters cast from text to the column type.
    """
    sql = _positive_sql(condition, lhs, type_sql, params)
    return f"NOT ({sql})" if condition.negated else sql


def _positive_sql(condition: Condition, lhs: str, type_sql: str, params: Params) -> str:
    operator = condition.operator
    value = condition.value
    quantifier = condition.modifier.upper() if condition.modifier in ("any", "all") else None

    if operator == "is":
        return f"{lhs} {_IS[str(value)]}"
    if operator == "in":
        assert isinstance(value, list)
        return f"{lhs} = ANY({params.add(list(value))}::text[]::{type_sql}[])"
    assert isinstance(value, str)

    if operator in _COMPARISON:
        symbol = _COMPARISON[operator]
        if quantifier:
            return f"{lhs} {symbol} {quantifier}({params.add(value)}::text::{type_sql}[])"
        return f"{lhs} {symbol} {params.typed(value, type_sql)}"

    if operator in _PATTERN:
        symbol = _PATTERN[operator]
        pattern = value.replace("*", "%") if operator in ("like", "ilike") else value
        if quantifier:
            return f"{lhs} {symbol} {quantifier}({params.add(pattern)}::text::text[])"
        return f"{lhs} {symbol} {params.text(pattern)}"

    if operator == "isdistinct":
        return f"{lhs} IS DISTINCT FROM {params.typed(value, type_sql)}"

    if operator in _RANGE:
        return f"{lhs} {_RANGE[operator]} {params.typed(value, type_sql)}"

    if operator in _TEXT_SEARCH:
        function = _TEXT_SEARCH[operator]
        config = f"{params.text(condition.modifier)}::regconfig, " if condition.modifier else ""
        document = lhs if type_sql == "tsvector" else f"to_tsvector({config}{lhs})"
        return f"{document} @@ {function}({config}{params.text(value)})"

    raise parse_error(f"Unsupported operator {operator!r}", "see the list of PostgREST filter operators")
