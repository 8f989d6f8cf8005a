"""A small TOML writer for the profile and key files (tomllib only reads)."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["dumps_toml"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    if _BARE_KEY.match(name):
        return name
    return _string(name)


def _string(text: str) -> str:
    # A JSON string is a valid TOML basic string once non-ASCII stays as is
    # and control characters are \u-escaped, which json.dumps does.
    return json.dumps(text, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_key(str(key))} = {_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(items) + " }" if value else "{}"
    if value is None:
        raise TypeError("TOML has no null; drop the key instead of writing None")
    raise TypeError(f"cannot write {type(value).__name__} value {value!r} as TOML")


def _table(lines: list[str], path: list[str], table: dict[str, Any]) -> None:
    scalars = {key: value for key, value in table.items() if not isinstance(value, dict)}
    tables = {key: value for key, value in table.items() if isinstance(value, dict)}

    if path and (scalars or not tables):
        lines.append("[" + ".".join(_key(part) for part in path) + "]")
    for key, value in scalars.items():
        if value is not None:
            lines.append(f"{_key(str(key))} = {_value(value)}")
    if path and (scalars or not tables):
        lines.append("")

    for key, value in tables.items():
        _table(lines, [*path, str(key)], value)


def dumps_toml(document: dict[str, Any]) -> str:
    """Return ``document`` as TOML text; nested dicts become ``[a.b]`` tables.

    Raises:
        TypeError: for a value TOML cannot hold, such as None or a set.
    """
    lines: list[str] = []
    _table(lines, [], document)
    return "\n".join(lines).rstrip("\n") + "\n"
