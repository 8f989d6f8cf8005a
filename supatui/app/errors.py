"""Turning any worker failure into a readable report: what failed, code, message, hint."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from supatui.client.errors import APIError, AuthAdminRoleError, AuthError, AuthRetryableError

__all__ = ["ErrorReport", "describe_error"]


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """A failure as the app shows it."""

    title: str
    message: str
    code: str | None = None
    details: str | None = None
    hint: str | None = None
    retryable: bool = False
    """True when sending the same request again may work (timeouts, network, 5xx)."""

    @property
    def text(self) -> str:
        """The report as lines: ``code: message``, then details and hint when present."""
        lines = [f"{self.code}: {self.message}" if self.code else self.message]
        if self.details:
            lines.append(f"Details: {self.details}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)


def describe_error(error: BaseException, *, action: str = "Request") -> ErrorReport:
    """Return the report for ``error`` raised while doing ``action`` (e.g. "Loading planets")."""
    if isinstance(error, APIError):
        if error.code == "TIMEOUT":
            return ErrorReport(f"{action} timed out", error.message, code=error.code,
                               hint="The server is slow or unreachable; press r to retry.",
                               retryable=True)
        if error.code == "NETWORK":
            return ErrorReport(f"{action} failed: server unreachable", error.message,
                               code=error.code,
                               hint="Check the project URL and that the server runs; press r to retry.",
                               retryable=True)
        details = None if error.details in (None, "") else str(error.details)
        status = error.status or 0
        return ErrorReport(f"{action} failed", error.message, code=error.code, details=details,
                           hint=error.hint, retryable=status >= 500)

    if isinstance(error, AuthAdminRoleError):
        return ErrorReport(f"{action} failed", error.message, code=error.code,
                           hint="Connect with the project's service_role key to administer users.")
    if isinstance(error, AuthRetryableError):
        return ErrorReport(f"{action} failed: server unreachable or busy", error.message,
                           code=error.code, hint="Press r to retry.", retryable=True)
    if isinstance(error, AuthError):
        status = error.status or 0
        return ErrorReport(f"{action} failed", error.message, code=error.code,
                           retryable=status >= 500)

    if isinstance(error, httpx.TimeoutException):
        return ErrorReport(f"{action} timed out", str(error) or type(error).__name__,
                           code="TIMEOUT", retryable=True)
    if isinstance(error, httpx.TransportError):
        return ErrorReport(f"{action} failed: server unreachable", str(error) or type(error).__name__,
                           code="NETWORK", retryable=True)
    if isinstance(error, (ValueError, LookupError, RuntimeError, OSError)):
        return ErrorReport(f"{action} failed", str(error))
    return ErrorReport(f"{action} failed", f"{type(error).__name__}: {error}")
