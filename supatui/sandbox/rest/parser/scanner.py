"""Character scanner shared by the ``select``, ``order`` and logic-tree parsers."""

from __future__ import annotations

from ..errors import parse_error
from .model import Field

__all__ = ["Scanner", "unquote_element"]

#: Characters that end a bare (unquoted) name in ``select``, ``order`` and filter keys.
NAME_STOP = ',.:()!"'


class Scanner:
    """A cursor over one query-string value, with PGRST100 errors that quote the input.

    Args:
        text: The decoded parameter value.
        what: The parameter being parsed, used in error messages (``select``, ``order``...).
    """

    def __init__(self, text: str, what: str) -> None:
        self.text = text
        self.what = what
        self.pos = 0

    def at_end(self) -> bool:
        """Return whether the whole input has been consumed."""
        return self.pos >= len(self.text)

    def peek(self, size: int = 1) -> str:
        """Return the next ``size`` characters without consuming them."""
        return self.text[self.pos : self.pos + size]

    def accept(self, token: str) -> bool:
        """Consume ``token`` if the input continues with it."""
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        """Consume ``token`` or raise PGRST100."""
        if not self.accept(token):
            raise self.error(f'expecting "{token}"')

    def skip_spaces(self) -> None:
        """Skip whitespace."""
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def error(self, problem: str):
        """Return a PGRST100 error that names the position and the input."""
        found = self.peek(10) or "end of input"
        return parse_error(
            f"\"failed to parse {self.what} ({self.text})\" (line 1, column {self.pos + 1})",
            f"unexpected {found!r}: {problem}",
        )

    def read_quoted(self) -> str:
        """Read a double-quoted string where backslash escapes the next character."""
        self.expect('"')
        chars: list[str] = []
        while True:
            if self.at_end():
                raise self.error("unterminated double quote")
            char = self.text[self.pos]
            self.pos += 1
            if char == "\\":
                if self.at_end():
                    raise self.error("backslash at end of input")
                chars.append(self.text[self.pos])
                self.pos += 1
            elif char == '"':
                return "".join(chars)
            else:
                chars.append(char)

    def read_name(self, stop: str = NAME_STOP) -> str:
        """Read a quoted name, or a bare name that ends at a ``stop`` character or ``->``."""
        self.skip_spaces()
        if self.peek() == '"':
            name = self.read_quoted()
            self.skip_spaces()
            return name
        start = self.pos
        while not self.at_end():
            char = self.text[self.pos]
            if char in stop or self.text.startswith("->", self.pos):
                break
            self.pos += 1
        name = self.text[start : self.pos].strip()
        if not name:
            raise self.error("expecting a name")
        return name

    def read_field(self, stop: str = NAME_STOP) -> Field:
        """Read a column name followed by ``->``/``->>`` JSON path steps."""
        name = self.read_name(stop)
        path: list[tuple[str, str]] = []
        while True:
            if self.accept("->>"):
                arrow = "->>"
            elif self.accept("->"):
                arrow = "->"
            else:
                break
            path.append((arrow, self.read_name(stop)))
        return Field(name, tuple(path))


def unquote_element(text: str) -> str:
    """Decode a ``"..."`` list element with backslash escapes; leave bare elements unchanged."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        scanner = Scanner(text, "value")
        return scanner.read_quoted()
    return text
