"""Parsers for the PostgreSQL array and range literals that a user types into a filter."""

from __future__ import annotations

__all__ = ["parse_array_literal", "parse_range_literal"]


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """Read a double-quoted element starting at ``text[start] == '"'``; return it and the next index."""
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            if index + 1 >= len(text):
                break
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    raise ValueError("a double quote is not closed")


def _parse_array(text: str, start: int, elements: list[str | None]) -> int:
    """Parse ``{...}`` at ``start`` into ``elements`` (nested arrays are flattened); return the next index."""
    index = start + 1
    expect_element = True
    if text[index:].lstrip().startswith("}"):
        return text.index("}", index) + 1

    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
            continue

        if expect_element:
            if char == "{":
                index = _parse_array(text, index, elements)
            elif char == '"':
                element, index = _read_quoted(text, index)
                elements.append(element)
            elif char in ",}":
                raise ValueError("an element is missing (two commas in a row, or a comma before '}')")
            else:
                chars: list[str] = []
                while index < len(text) and text[index] not in ',{}"':
                    if text[index] == "\\" and index + 1 < len(text):
                        index += 1
                    chars.append(text[index])
                    index += 1
                element = "".join(chars).strip()
                elements.append(None if element.lower() == "null" else element)
            expect_element = False
            continue

        if char == ",":
            expect_element = True
            index += 1
        elif char == "}":
            return index + 1
        else:
            raise ValueError(f"unexpected {char!r}; quote elements that contain spaces, commas or braces")

    raise ValueError("the closing '}' is missing")


def parse_array_literal(text: str) -> list[str | None]:
    """Parse a PostgreSQL array literal such as ``{a,"b c",NULL}``; raise ``ValueError`` on bad syntax.

    Nested arrays are flattened; an unquoted ``NULL`` becomes ``None``.
    """
    stripped = text.strip()
    if not stripped.startswith("{"):
        raise ValueError("an array literal starts with '{', as in {a,b}")

    elements: list[str | None] = []
    end = _parse_array(stripped, 0, elements)
    if stripped[end:].strip():
        raise ValueError(f"unexpected text after the closing '}}': {stripped[end:]!r}")
    return elements


def parse_range_literal(text: str) -> tuple[str | None, str | None] | None:
    """Parse a range literal such as ``[1,10)`` into its bounds; ``empty`` returns ``None``.

    An omitted bound (``[1,)``) is ``None``. Raises ``ValueError`` on bad syntax.
    """
    stripped = text.strip()
    if stripped.lower() == "empty":
        return None
    if len(stripped) < 3 or stripped[0] not in "[(" or stripped[-1] not in "])":
        raise ValueError("a range literal looks like [lower,upper) with [ or ( and ] or )")

    bounds: list[str | None] = []
    index = 1
    inner_end = len(stripped) - 1
    current: list[str] = []
    quoted = False
    while index < inner_end:
        char = stripped[index]
        if char == '"':
            element, index = _read_quoted(stripped, index)
            current.append(element)
            quoted = True
            continue
        if char == ",":
            bounds.append("".join(current) if current or quoted else None)
            current, quoted = [], False
            index += 1
            continue
        if char == "\\" and index + 1 < inner_end:
            index += 1
        current.append(stripped[index])
        index += 1
    bounds.append("".join(current) if current or quoted else None)

    if len(bounds) != 2:
        raise ValueError(f"a range has two bounds separated by one comma, found {len(bounds)}; quote a bound that contains a comma")
    return bounds[0], bounds[1]
