"""Parser for ``order=col.desc.nullslast,relation(col).asc``."""

from __future__ import annotations

from .model import OrderTerm
from .scanner import Scanner

__all__ = ["parse_column_list", "parse_order"]

_MODIFIERS = {"asc", "desc", "nullsfirst", "nullslast"}


def parse_order(text: str) -> list[OrderTerm]:
    """Parse an ``order`` value into terms.

    Raises:
        ApiError: PGRST100 for an unknown direction or nulls modifier.
    """
    scanner = Scanner(text, "order")
    terms: list[OrderTerm] = []
    while True:
        terms.append(_read_term(scanner))
        if scanner.at_end():
            return terms
        scanner.expect(",")


def _read_term(scanner: Scanner) -> OrderTerm:
    field = scanner.read_field()
    embed = None
    if scanner.accept("("):
        embed = field.name
        field = scanner.read_field()
        scanner.expect(")")

    descending = False
    nulls = None
    while scanner.accept("."):
        start = scanner.pos
        while not scanner.at_end() and scanner.text[scanner.pos] not in ".,":
            scanner.pos += 1
        word = scanner.text[start : scanner.pos]
        if word not in _MODIFIERS:
            scanner.pos = start
            raise scanner.error("expecting asc, desc, nullsfirst or nullslast")
        if word in ("asc", "desc"):
            descending = word == "desc"
        else:
            nulls = "first" if word == "nullsfirst" else "last"
    return OrderTerm(field, descending, nulls, embed)


def parse_column_list(text: str, what: str) -> list[str]:
    """Parse ``columns=`` / ``on_conflict=``: comma-separated, optionally double-quoted names."""
    scanner = Scanner(text, what)
    names: list[str] = []
    while True:
        names.append(scanner.read_name(stop=',"'))
        if scanner.at_end():
            return names
        scanner.expect(",")

