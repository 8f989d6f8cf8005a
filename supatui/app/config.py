"""Profiles, keys and file locations of the dashboard.

Profiles live in ``profiles.toml`` in the config directory (platformdirs'
user config dir, or ``$SUPATUI_CONFIG_DIR`` when set). Keys never go into that
file: they are stored in ``keys.toml`` next to it with mode 0600, or taken from
the ``SUPABASE_KEY`` environment variable.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from supatui.app._toml import dumps_toml

__all__ = [
    "ConfigError",
    "Profile",
    "ProfileStore",
    "config_dir",
    "log_dir",
]

APP_NAME = "supatui"
CONFIG_DIR_ENV = "SUPATUI_CONFIG_DIR"
KEY_ENV = "SUPABASE_KEY"
URL_ENV = "SUPABASE_URL"


class ConfigError(Exception):
    """A profile file or key file that cannot be read or written."""


def config_dir() -> Path:
    """Return the config directory: ``$SUPATUI_CONFIG_DIR`` or platformdirs' user config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME))


def log_dir() -> Path:
    """Return the log directory: ``$SUPATUI_CONFIG_DIR/logs`` or platformdirs' user log dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME))


@dataclass(slots=True)
class Profile:
    """A saved connection: a project URL plus per-table saved filters, without its key."""

    name: str
    url: str
    read_only: bool = False
    saved_filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per table (``schema.table``), filter name → serialized filter tree."""

    def to_toml(self) -> dict[str, Any]:
        """Return the profile as a TOML table (without the name, which is its key)."""
        table: dict[str, Any] = {"url": self.url, "read_only": self.read_only}
        if self.saved_filters:
            table["saved_filters"] = self.saved_filters
        return table

    @classmethod
    def from_toml(cls, name: str, table: dict[str, Any]) -> Profile:
        """Build a profile from its TOML table; raise `ConfigError` when ``url`` is missing."""
        url = table.get("url")
        if not isinstance(url, str) or not url:
            raise ConfigError(f"profile {name!r} has no url; add url = \"https://...\" to it")
        return cls(
            name=name,
            url=url,
            read_only=bool(table.get("read_only", False)),
            saved_filters=dict(table.get("saved_filters", {})),
        )


class ProfileStore:
    """Reads and writes ``profiles.toml`` and the 0600 ``keys.toml`` of one config directory."""

    def __init__(self, directory: Path | None = None) -> None:
        """Create a store.

        Args:
            directory: The config directory; `config_dir()` when None.
        """
        self.directory = directory if directory is not None else config_dir()

    @property
    def profiles_path(self) -> Path:
        return self.directory / "profiles.toml"

    @property
    def keys_path(self) -> Path:
        return self.directory / "keys.toml"

    def load(self) -> dict[str, Profile]:
        """Return every saved profile by name (empty when the file does not exist)."""
        document = self._read(self.profiles_path)
        profiles = document.get("profiles", {})
        return {name: Profile.from_toml(name, table) for name, table in profiles.items()}

    def save(self, profile: Profile, key: str | None = None) -> None:
        """Add or replace ``profile``; store ``key`` in the key file when given."""
        profiles = self.load()
        profiles[profile.name] = profile
        document = {"profiles": {name: item.to_toml() for name, item in profiles.items()}}
        self._write(self.profiles_path, dumps_toml(document), secret=False)

        if key is not None:
            keys = self._read(self.keys_path)
            keys[profile.name] = key
            self._write(self.keys_path, dumps_toml(keys), secret=True)

    def key_for(self, name: str) -> str | None:
        """Return the stored key of profile ``name``, else ``$SUPABASE_KEY``, else None."""
        stored = self._read(self.keys_path).get(name)
        if isinstance(stored, str) and stored:
            return stored
        return os.environ.get(KEY_ENV) or None

    def _read(self, path: Path) -> dict[str, Any]:
        try:
            with path.open("rb") as file:
                return tomllib.load(file)
        except FileNotFoundError:
            return {}
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read {path}: {error}; fix or delete the file") from error

    def _write(self, path: Path, text: str, *, secret: bool) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")

        # The key file is created 0600 before any byte is written to it.
        mode = stat.S_IRUSR | stat.S_IWUSR if secret else 0o644
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        if secret:
            os.chmod(temporary, mode)

        os.replace(temporary, path)
