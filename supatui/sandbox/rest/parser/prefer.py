"""Parser for the ``Prefer`` request header."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ApiError

__all__ = ["Preferences", "parse_prefer"]

_KNOWN = {
    "return": {"minimal", "representation", "headers-only"},
    "count": {"exact", "planned", "estimated"},
    "resolution": {"merge-duplicates", "ignore-duplicates"},
    "missing": {"default", "null"},
    "handling": {"lenient", "strict"},
    "tx": {"commit", "rollback"},
}


@dataclass
class Preferences:
    """Preferences of one request; ``applied`` lists the ``key=value`` pairs honoured so far."""

    return_: str | None = None
    count: str | None = None
    resolution: str | None = None
    missing: str | None = None
    handling: str = "lenient"
    max_affected: int | None = None
    timezone: str | None = None
    applied: list[str] = field(default_factory=list)

    def apply(self, item: str) -> None:
        """Record ``item`` for the ``Preference-Applied`` response header."""
        if item not in self.applied:
            self.applied.append(item)


def parse_prefer(values: list[str]) -> Preferences:
    """Parse every ``Prefer`` header value (comma-separated ``key=value`` items).

    Raises:
        ApiError: 400 PGRST122 for an unknown preference when ``handling=strict``.
    """
    prefs = Preferences()
    invalid: list[str] = []
    for value in values:
        for raw in value.split(","):
            item = raw.strip()
            if not item:
                continue
            key, _, setting = item.partition("=")
            key = key.strip()
            setting = setting.strip()
            if key in _KNOWN and setting in _KNOWN[key]:
                _store(prefs, key, setting)
            elif key == "max-affected" and setting.isdigit():
                prefs.max_affected = int(setting)
            elif key == "timezone" and setting:
                prefs.timezone = setting
            else:
                invalid.append(item)

    if prefs.handling == "strict" and invalid:
        raise ApiError(400, "PGRST122", "Invalid preferences given with handling=strict",
                       f"Invalid preferences: {', '.join(invalid)}")
    return prefs


def _store(prefs: Preferences, key: str, setting: str) -> None:
    if key == "return":
        prefs.return_ = setting
    elif key == "count":
        prefs.count = setting
    elif key == "resolution":
        prefs.resolution = setting
    elif key == "missing":
        prefs.missing = setting
    elif key == "handling":
        prefs.handling = setting
