"""PostgREST error bodies and the mapping from PostgreSQL SQLSTATE codes to HTTP statuses."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

__all__ = [
    "ApiError",
    "GatewayError",
    "column_not_found",
    "error_from_postgres",
    "parse_error",
    "status_for_sqlstate",
]


class ApiError(Exception):
    """An error returned with PostgREST's ``{code, details, hint, message}`` JSON body.

    Args:
        status: HTTP status code of the response.
        code: ``PGRSTxxx`` or a SQLSTATE.
        message: Human-readable message.
        details: Extra detail (a string, a list for PGRST201, or None).
        hint: Suggestion for fixing the request, or None.
        headers: Extra response headers (``WWW-Authenticate`` for 401s).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        hint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """Return the JSON body with all four keys present."""
        return {"code": self.code, "details": self.details, "hint": self.hint, "message": self.message}


class GatewayError(Exception):
    """An API-gateway rejection (missing or unknown ``apikey``): body ``{message, hint}``, 401."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_error(message: str, details: str | None = None) -> ApiError:
    """Return the 400 PGRST100 error for an invalid query string part."""
    return ApiError(400, "PGRST100", message, details)


def column_not_found(relation: str, column: str) -> ApiError:
    """Return the 400 ``42703`` error PostgreSQL would give for an unknown column."""
    return ApiError(400, "42703", f"column {relation}.{column} does not exist")


_PREFIX_STATUS = {
    "08": 503, "53": 503, "28": 403, "0L": 403, "0P": 403,
    "40": 500, "25": 500, "2D": 500, "38": 500, "39": 500, "3B": 500, "54": 500, "55": 500,
    "57": 500, "58": 500, "F0": 500, "HV": 500, "XX": 500, "P0": 500,
}
_EXACT_STATUS = {
    "23505": 409, "23503": 409, "25006": 405, "42883": 404, "42P01": 404, "P0001": 400,
    "53400": 500, "57014": 500, "22023": 400,
}


def status_for_sqlstate(sqlstate: str, role: str) -> int:
    """Return the HTTP status PostgREST uses for ``sqlstate`` raised during a request by ``role``."""
    if sqlstate == "42501":
        return 401 if role == "anon" else 403
    if sqlstate in _EXACT_STATUS:
        return _EXACT_STATUS[sqlstate]
    if sqlstate.startswith("PT") and sqlstate[2:].isdigit():
        return int(sqlstate[2:])
    return _PREFIX_STATUS.get(sqlstate[:2], 400)


def error_from_postgres(error: asyncpg.PostgresError, role: str) -> ApiError:
    """Translate a PostgreSQL error raised by the request's query into PostgREST's shape.

    A ``RAISE SQLSTATE 'PGRST'`` whose message and detail are JSON sets the code, message,
    status and headers itself, as in PostgREST.
    """
    sqlstate = getattr(error, "sqlstate", None) or "XX000"
    message = getattr(error, "message", None) or str(error)
    detail = getattr(error, "detail", None)
    hint = getattr(error, "hint", None)

    if sqlstate == "PGRST":
        custom = _custom_error(message, detail)
        if custom is not None:
            return custom

    return ApiError(status_for_sqlstate(sqlstate, role), sqlstate, message, detail, hint)


def _custom_error(message: str, detail: str | None) -> ApiError | None:
    try:
        body = json.loads(message)
        extra = json.loads(detail) if detail else {}
    except ValueError:
        return None
    if not isinstance(body, dict) or not isinstance(extra, dict):
        return None

    status = extra.get("status", 400)
    headers = extra.get("headers") or {}
    if not isinstance(status, int) or not isinstance(headers, dict):
        return None
    return ApiError(
        status,
        str(body.get("code", "PGRST")),
        str(body.get("message", "")),
        body.get("details"),
        body.get("hint"),
        {str(key): str(value) for key, value in headers.items()},
    )
