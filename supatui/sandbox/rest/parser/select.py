"""Parser for the ``select`` query parameter (columns, casts, JSON paths, embeds, spreads)."""

from __future__ import annotations

from .model import ColumnItem, EmbedItem, Field, SelectItem, StarItem
from .scanner import Scanner

__all__ = ["AGGREGATES", "parse_select"]

AGGREGATES = frozenset({"sum", "avg", "count", "min", "max"})


def parse_select(text: str) -> list[SelectItem]:
    """Parse a ``select`` value into items; an empty value selects nothing.

    Raises:
        ApiError: PGRST100 with the position of the first invalid character.
    """
    scanner = Scanner(text, "select parameter")
    items = _parse_items(scanner)
    if not scanner.at_end():
        raise scanner.error('expecting "," or end of input')
    return items


def _parse_items(scanner: Scanner) -> list[SelectItem]:
    items: list[SelectItem] = []
    scanner.skip_spaces()
    if scanner.at_end() or scanner.peek() == ")":
        return items
    while True:
        items.append(_parse_item(scanner))
        scanner.skip_spaces()
        if not scanner.accept(","):
            return items


def _parse_item(scanner: Scanner) -> SelectItem:
    scanner.skip_spaces()
    if scanner.accept("..."):
        relation = scanner.read_name()
        return _parse_embed(scanner, relation, alias=None, spread=True)
    if scanner.accept("*"):
        return StarItem()

    alias: str | None = None
    if scanner.peek(7) == "count()":
        scanner.pos += 7
        return _finish_count(scanner, alias)
    name = scanner.read_name()
    if scanner.peek() == ":" and scanner.peek(2) != "::":
        scanner.pos += 1
        alias = name
        scanner.skip_spaces()
        if scanner.peek(7) == "count()":
            scanner.pos += 7
            return _finish_count(scanner, alias)
        if scanner.accept("..."):
            raise scanner.error("a spread embed cannot have an alias")
        name = scanner.read_name()

    if scanner.peek() in ("!", "("):
        return _parse_embed(scanner, name, alias=alias, spread=False)

    field = _finish_field(scanner, name)
    cast = _parse_cast(scanner)
    aggregate = None
    if scanner.peek() == ".":
        scanner.pos += 1
        aggregate = scanner.read_name()
        if aggregate not in AGGREGATES:
            raise scanner.error(f"unknown aggregate {aggregate!r}")
        scanner.expect("()")
        cast = _parse_cast(scanner) or cast
    return ColumnItem(field, alias, cast, aggregate)


def _finish_count(scanner: Scanner, alias: str | None) -> ColumnItem:
    cast = _parse_cast(scanner)
    return ColumnItem(Field(""), alias, cast, "count")


def _finish_field(scanner: Scanner, name: str) -> Field:
    path: list[tuple[str, str]] = []
    while True:
        if scanner.accept("->>"):
            arrow = "->>"
        elif scanner.accept("->"):
            arrow = "->"
        else:
            break
        path.append((arrow, scanner.read_name()))
    return Field(name, tuple(path))


def _parse_cast(scanner: Scanner) -> str | None:
    if not scanner.accept("::"):
        return None
    start = scanner.pos
    while not scanner.at_end() and scanner.text[scanner.pos] not in ",().":
        scanner.pos += 1
    cast = scanner.text[start : scanner.pos].strip()
    if not cast:
        raise scanner.error("expecting a type name after ::")
    return cast


def _parse_embed(scanner: Scanner, relation: str, alias: str | None, spread: bool) -> EmbedItem:
    embed = EmbedItem(relation=relation, alias=alias, spread=spread)
    while scanner.accept("!"):
        hint = scanner.read_name()
        if hint in ("inner", "left"):
            embed.join = hint
        else:
            embed.hints.append(hint)
    scanner.expect("(")
    embed.children = _parse_items(scanner)
    scanner.skip_spaces()
    scanner.expect(")")
    return embed
