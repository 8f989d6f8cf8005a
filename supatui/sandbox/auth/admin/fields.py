"""Parsing of admin request fields: Go durations for bans, metadata patches, passwords."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import AuthError

__all__ = ["merge_metadata", "metadata_field", "parse_ban_duration", "parse_go_duration"]

#: Nanoseconds per unit of a Go duration string.
_GO_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60 * 1_000_000_000,
    "h": 3600 * 1_000_000_000,
}
_GO_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_go_duration(text: str) -> dt.timedelta:
    """Parse a Go ``time.ParseDuration`` string such as ``24h``, ``1h30m`` or ``1.5h``.

    Raises:
        ValueError: ``text`` is not a Go duration.
    """
    body = text.strip()
    sign = 1
    if body[:1] in ("+", "-"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if body == "0":
        return dt.timedelta(0)

    nanoseconds = 0.0
    position = 0
    while position < len(body):
        match = _GO_PART.match(body, position)
        if match is None:
            raise ValueError(f"Invalid duration {text!r}: use a Go duration such as 24h, 90m or 1h30m")
        nanoseconds += float(match.group(1)) * _GO_UNITS[match.group(2)]
        position = match.end()
    if position == 0:
        raise ValueError(f"Invalid duration {text!r}: use a Go duration such as 24h, 90m or 1h30m")
    return dt.timedelta(microseconds=sign * nanoseconds / 1000)


def parse_ban_duration(value: Any) -> dt.datetime | None:
    """Return the ``banned_until`` for a ``ban_duration``: ``None`` lifts a ban (``"none"``).

    Raises:
        AuthError: 400 ``validation_failed`` for a value that is not a Go duration.
    """
    if not isinstance(value, str):
        raise AuthError(400, "validation_failed", f"ban_duration must be a string such as \"24h\" or \"none\", got {value!r}")
    if value.strip().lower() == "none":
        return None
    try:
        duration = parse_go_duration(value)
    except ValueError as error:
        raise AuthError(400, "validation_failed", f"invalid format for ban duration: {error}") from error
    return dt.datetime.now(dt.UTC) + duration


def metadata_field(body: dict[str, Any], key: str) -> dict[str, Any] | None:
    """Return the JSON object at ``body[key]``, or ``None`` when absent or null.

    Raises:
        AuthError: 400 ``validation_failed`` when it is not an object.
    """
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise AuthError(400, "validation_failed", f"{key} must be a JSON object, got {value!r}")
    return value


def merge_metadata(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Merge ``patch`` into ``current`` one level deep, removing keys that ``patch`` sets to ``None``."""
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
