"""Exceptions raised by supatui.client."""

from __future__ import annotations

from typing import Any

__all__ = ["APIError", "ClientError"]


class ClientError(Exception):
    """Base class of every error raised by supatui.client."""


class APIError(ClientError):
    """A PostgREST request failed.

    Carries the four fields of a PostgREST error body plus the HTTP status.
    When no response arrived, ``code`` is ``"TIMEOUT"`` or ``"NETWORK"`` and
    ``status`` is ``None``.

    Args:
        message: What failed, as the server or the client phrased it.
        code: A SQLSTATE (``"23505"``), a PostgREST code (``"PGRST116"``) or,
            for a body without one, the HTTP status as text.
        details: Extra detail from the server: a string, a list or ``None``.
        hint: What the server suggests doing, or ``None``.
        status: HTTP status of the response, or ``None`` when none arrived.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: Any = None,
        hint: str | None = None,
        status: int | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.details = details
        self.hint = hint
        self.status = status
        super().__init__(message)

    def __str__(self) -> str:
        parts = [f"{self.code}: {self.message}" if self.code else self.message]
        if self.details:
            parts.append(f"Details: {self.details}")
        if self.hint:
            parts.append(f"Hint: {self.hint}")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return (
            f"APIError(code={self.code!r}, message={self.message!r}, "
            f"details={self.details!r}, hint={self.hint!r}, status={self.status!r})"
        )

    def json(self) -> dict[str, Any]:
        """Return the error as a PostgREST-shaped dict."""
        return {
            "code": self.code,
            "message": self.message,
            "details": self.details,
            "hint": self.hint,
        }
