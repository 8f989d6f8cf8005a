"""Exceptions raised by supatui.client."""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIError",
    "AuthAdminRoleError",
    "AuthApiError",
    "AuthError",
    "AuthInvalidCredentialsError",
    "AuthInvalidJwtError",
    "AuthPKCEError",
    "AuthRetryableError",
    "AuthSessionMissingError",
    "AuthWeakPasswordError",
    "ClientError",
]


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


class AuthError(ClientError):
    """Base class of the errors raised by ``client.auth``.

    Args:
        message: What failed and what to do about it.
        code: The Auth server's error code (``"invalid_credentials"``, ...) or ``None``.
        status: HTTP status of the response, or ``None`` when no response arrived.
    """

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        self.message = message
        self.code = code
        self.status = status
        super().__init__(message)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, code={self.code!r}, "
            f"status={self.status!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the error as a dict with ``name``, ``message``, ``code`` and ``status``."""
        return {
            "name": type(self).__name__,
            "message": self.message,
            "code": self.code,
            "status": self.status,
        }


class AuthApiError(AuthError):
    """The Auth server rejected a request with an error response.

    Args:
        message: The server's message (``msg``, ``message``, ``error_description`` or ``error``).
        status: HTTP status of the response.
        code: The server's error code, e.g. ``"weak_password"``, ``"user_already_exists"``,
            ``"invalid_credentials"`` or ``"mfa_verification_failed"``.
    """

    def __init__(self, message: str, status: int, code: str | None = None) -> None:
        super().__init__(message, code=code, status=status)


class AuthWeakPasswordError(AuthApiError):
    """The password does not meet the project's password policy (HTTP 422 ``weak_password``).

    Args:
        message: The server's message.
        status: HTTP status of the response.
        reasons: Which rules failed: ``"length"``, ``"characters"`` and/or ``"pwned"``.
    """

    def __init__(self, message: str, status: int, reasons: list[str]) -> None:
        super().__init__(message, status, "weak_password")
        self.reasons = reasons


class AuthRetryableError(AuthError):
    """No usable response arrived (network failure, timeout, or HTTP 502/503/504): try again later."""


class AuthSessionMissingError(AuthError):
    """The call needs a signed-in user, but the client has no session."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "No user is signed in. Sign in first (e.g. sign_in_with_password) or call "
            "set_session(access_token, refresh_token)",
            code="session_missing",
        )


class AuthInvalidCredentialsError(AuthError):
    """The arguments of an auth call are missing or invalid, so nothing was sent."""


class AuthInvalidJwtError(AuthError):
    """A JWT is malformed, expired, or its signature does not verify."""


class AuthAdminRoleError(AuthError):
    """An ``auth.admin`` call was made with a key whose role is not ``service_role``, so nothing was sent."""


class AuthPKCEError(AuthError):
    """A PKCE code exchange cannot start, e.g. because no code verifier is stored."""
