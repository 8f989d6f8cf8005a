"""Parsers for horizontal filters and ``and``/``or`` logic trees, with PostgREST's quoting rules."""

from __future__ import annotations

from ..errors import parse_error
from .model import Condition, Field, Filter, LogicTree
from .scanner import Scanner

__all__ = ["OPERATORS", "QUANTIFIABLE", "parse_condition_value", "parse_in_list", "parse_logic_tree"]

OPERATORS = frozenset({
    "eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch", "in", "is",
    "isdistinct", "fts", "plfts", "phfts", "wfts", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj",
})
QUANTIFIABLE = frozenset({"eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"})
TEXT_SEARCH = frozenset({"fts", "plfts", "phfts", "wfts"})
IS_VALUES = frozenset({"null", "not_null", "true", "false", "unknown"})


def parse_condition_value(field: Field, text: str) -> Condition:
    """Parse a top-level filter value ``[not.]op[(modifier)].value``, whose value runs to the end.

    Raises:
        ApiError: PGRST100 for an unknown operator or an invalid ``in``/``is`` value.
    """
    scanner = Scanner(text, "filter")
    negated, operator, modifier = _read_operator(scanner, text)
    value = text[scanner.pos :]
    return _make_condition(field, operator, modifier, negated, value, text)


def _read_operator(scanner: Scanner, source: str) -> tuple[bool, str, str | None]:
    negated = False
    if scanner.text.startswith("not.", scanner.pos):
        scanner.pos += 4
        negated = True

    start = scanner.pos
    while not scanner.at_end() and scanner.text[scanner.pos] not in ".(":
        scanner.pos += 1
    operator = scanner.text[start : scanner.pos]
    if operator not in OPERATORS:
        raise parse_error(f'"failed to parse filter ({source})" (line 1, column {start + 1})',
                          f"unknown operator {operator!r}")

    modifier = None
    if scanner.accept("("):
        end = scanner.text.find(")", scanner.pos)
        if end < 0:
            raise scanner.error("unterminated operator modifier")
        modifier = scanner.text[scanner.pos : end]
        scanner.pos = end + 1
        if operator in TEXT_SEARCH:
            if not modifier:
                raise scanner.error("empty text search configuration")
        elif operator not in QUANTIFIABLE or modifier not in ("any", "all"):
            raise scanner.error(f"operator {operator!r} does not take ({modifier})")
    if not scanner.accept("."):
        raise scanner.error('expecting "." before the value')
    return negated, operator, modifier


def _make_condition(
    field: Field, operator: str, modifier: str | None, negated: bool, value: str, source: str
) -> Condition:
    if operator == "in":
        return Condition(field, operator, parse_in_list(value, source), negated, modifier)
    if operator == "is":
        keyword = value.lower()
        if keyword not in IS_VALUES:
            raise parse_error(
                f'"failed to parse filter ({source})"',
                f"is accepts null, not_null, true, false or unknown, got {value!r}",
            )
        return Condition(field, operator, keyword, negated, modifier)
    return Condition(field, operator, value, negated, modifier)


def parse_in_list(text: str, source: str) -> list[str]:
    """Parse ``(a,"b,c",d)``: elements split on commas, double-quoted elements unescaped."""
    scanner = Scanner(text, "filter")
    if not scanner.accept("("):
        raise parse_error(f'"failed to parse filter ({source})"', 'in expects a list such as (1,2,3)')
    elements = _read_list_elements(scanner)
    if not scanner.at_end():
        raise parse_error(f'"failed to parse filter ({source})"', "unexpected text after the in list")
    return elements


def _read_list_elements(scanner: Scanner) -> list[str]:
    elements: list[str] = []
    if scanner.accept(")"):
        return elements
    while True:
        if scanner.peek() == '"':
            elements.append(scanner.read_quoted())
        else:
            start = scanner.pos
            while not scanner.at_end() and scanner.text[scanner.pos] not in ",)":
                scanner.pos += 1
            elements.append(scanner.text[start : scanner.pos])
        if scanner.accept(","):
            continue
        if scanner.accept(")"):
            return elements
        raise scanner.error('expecting "," or ")" after a list element')


def parse_logic_tree(operator: str, negated: bool, text: str) -> LogicTree:
    """Parse the value of ``or=``/``and=``: ``(cond,cond,and(cond,...),...)``.

    Raises:
        ApiError: PGRST100 naming the position of the first invalid character.
    """
    scanner = Scanner(text, "logic tree")
    tree = _read_tree_body(scanner, operator, negated)
    if not scanner.at_end():
        raise scanner.error("unexpected text after the closing parenthesis")
    return tree


def _read_tree_body(scanner: Scanner, operator: str, negated: bool) -> LogicTree:
    scanner.expect("(")
    children: list[Filter] = []
    while True:
        children.append(_read_tree_element(scanner))
        if scanner.accept(","):
            continue
        scanner.expect(")")
        return LogicTree(operator, tuple(children), negated)


def _read_tree_element(scanner: Scanner) -> Filter:
    for prefix, operator, negated in (
        ("not.and(", "and", True), ("not.or(", "or", True), ("and(", "and", False), ("or(", "or", False)
    ):
        if scanner.text.startswith(prefix, scanner.pos):
            scanner.pos += len(prefix) - 1
            return _read_tree_body(scanner, operator, negated)

    field = scanner.read_field()
    while scanner.peek() == "." and not _operator_follows(scanner):
        scanner.pos += 1
        nested = scanner.read_field()
        field = Field(f"{field.name}.{nested.name}", nested.path) if not field.path else field
    scanner.expect(".")
    source = scanner.text
    negated, operator, modifier = _read_operator(scanner, source)
    value = _read_tree_value(scanner, operator)
    if isinstance(value, list):
        return Condition(field, operator, value, negated, modifier)
    return _make_condition(field, operator, modifier, negated, value, source)


def _operator_follows(scanner: Scanner) -> bool:
    rest = scanner.text[scanner.pos + 1 :]
    if rest.startswith("not."):
        return True
    name = ""
    for char in rest:
        if char in ".(":
            break
        name += char
    return name in OPERATORS


def _read_tree_value(scanner: Scanner, operator: str) -> str | list[str]:
    if operator == "in":
        if not scanner.accept("("):
            raise scanner.error("in expects a list such as (1,2,3)")
        return _read_list_elements(scanner)
    if scanner.peek() == '"':
        return scanner.read_quoted()
    if scanner.peek() == "{":
        end = scanner.text.find("}", scanner.pos)
        if end < 0:
            raise scanner.error("unterminated {")
        value = scanner.text[scanner.pos : end + 1]
        scanner.pos = end + 1
        return value
    start = scanner.pos
    while not scanner.at_end() and scanner.text[scanner.pos] not in ",)":
        scanner.pos += 1
    return scanner.text[start : scanner.pos]
