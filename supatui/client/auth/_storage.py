"""Where `client.auth` keeps the session and the PKCE code verifier between calls."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["AsyncMemoryStorage", "AsyncSupportedStorage"]


@runtime_checkable
class AsyncSupportedStorage(Protocol):
    """String key-value storage. Pass your own (a file, a keyring) as ``ClientOptions(storage=...)``."""

    async def get_item(self, key: str) -> str | None:
        """Return the value stored under ``key``, or ``None``."""
        ...

    async def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing any earlier value."""
        ...

    async def remove_item(self, key: str) -> None:
        """Delete ``key`` if it is present."""
        ...


class AsyncMemoryStorage:
    """The default storage: a dict that lives as long as the client."""

    def __init__(self) -> None:
        self.storage: dict[str, str] = {}

    async def get_item(self, key: str) -> str | None:
        """Return the value stored under ``key``, or ``None``."""
        return self.storage.get(key)

    async def set_item(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        self.storage[key] = value

    async def remove_item(self, key: str) -> None:
        """Delete ``key`` if present."""
        self.storage.pop(key, None)
