"""Auth errors and their three body shapes: modern, legacy and OAuth."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["API_VERSION", "AuthError", "OAuthError", "error_response", "uses_modern_errors"]

#: The API version the sandbox speaks; requests that send it (or later) get modern errors.
API_VERSION = "2024-01-01"
_API_VERSION_DATE = dt.date(2024, 1, 1)


class AuthError(Exception):
    """An error returned as ``{"code", "message"}`` (modern) or ``{"code", "error_code", "msg"}`` (legacy).

    Args:
        status: HTTP status.
        code: error code such as ``invalid_credentials``.
        message: human-readable message.
        extra: more body keys, such as ``weak_password={"reasons": [...]}``.
    """

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


class OAuthError(Exception):
    """An OAuth-style error: ``{"error", "error_description"}``, status 400 unless given.

    Args:
        error: OAuth error name such as ``invalid_request``.
        description: human-readable description.
        status: HTTP status.
    """

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def uses_modern_errors(request: Request) -> bool:
    """Return True when ``request`` sent ``X-Supabase-Api-Version`` 2024-01-01 or later."""
    version = request.headers.get("x-supabase-api-version")
    if not version:
        return False
    try:
        return dt.date.fromisoformat(version.strip()) >= _API_VERSION_DATE
    except ValueError:
        return False


def error_response(request: Request, error: AuthError | OAuthError) -> Response:
    """Render ``error`` in the shape ``request`` asked for."""
    headers = {"X-Supabase-Api-Version": API_VERSION}

    if isinstance(error, OAuthError):
        body: dict[str, Any] = {"error": error.error, "error_description": error.description}
        return _json(body, error.status, headers)

    headers["x-sb-error-code"] = error.code
    if uses_modern_errors(request):
        body = {"code": error.code, "message": error.message}
    else:
        body = {"code": error.status, "error_code": error.code, "msg": error.message}
        if error.status >= 500:
            body["error_id"] = str(uuid.uuid4())
    body.update(error.extra)
    return _json(body, error.status, headers)


def _json(body: dict[str, Any], status: int, headers: dict[str, str]) -> Response:
    return Response(json.dumps(body), status_code=status, headers=headers, media_type="application/json")
