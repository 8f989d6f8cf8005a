"""What the dashboard is connected to: project host, the key's role and read-only state."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt

__all__ = ["Session", "key_role"]


def key_role(key: str) -> str:
    """Return the ``role`` claim of ``key`` read without verifying it (``"unknown"`` if none).

    Supabase's newer opaque keys carry no claims, so their prefix decides:
    ``sb_publishable_`` acts as anon and ``sb_secret_`` as service_role.
    """
    if key.startswith("sb_publishable_"):
        return "anon"
    if key.startswith("sb_secret_"):
        return "service_role"

    try:
        claims = jwt.decode(key, options={"verify_signature": False})
    except jwt.PyJWTError:
        return "unknown"
    role = claims.get("role")
    return role if isinstance(role, str) and role else "unknown"


@dataclass(frozen=True, slots=True)
class Session:
    """The connection the app runs with; the key is held here and nowhere on screen."""

    url: str
    key: str
    read_only: bool = False
    profile_name: str | None = None

    @property
    def host(self) -> str:
        """The project's host and port, as shown in the status line."""
        parts = urlsplit(self.url)
        return parts.netloc or self.url

    @property
    def role(self) -> str:
        """The key's role: anon, service_role, authenticated or unknown."""
        return key_role(self.key)

    def __repr__(self) -> str:
        return (
            f"Session(url={self.url!r}, key='***', read_only={self.read_only}, "
            f"profile_name={self.profile_name!r})"
        )
