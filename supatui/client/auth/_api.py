"""Requests to ``{url}/auth/v1`` and the typed errors built from the Auth server's responses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from ..errors import APIError, AuthApiError, AuthError, AuthRetryableError, AuthWeakPasswordError

if TYPE_CHECKING:
    from .._http import HttpSession

__all__ = ["API_VERSION", "AuthHttp", "error_from_response"]

#: Value of ``X-Supabase-Api-Version``, which selects the modern error body ``{"code", "message"}``.
API_VERSION = "2024-01-01"

_RETRYABLE_STATUSES = frozenset({502, 503, 504})


def _error_message(body: Mapping[str, Any], response: httpx.Response) -> str:
    for name in ("msg", "message", "error_description", "error"):
        value = body.get(name)
        if isinstance(value, str) and value:
            return value
    return f"{response.request.method} {response.request.url.path} failed with status {response.status_code}"


def _error_code(body: Mapping[str, Any]) -> str | None:
    code = body.get("code")
    if isinstance(code, str):
        return code
    legacy = body.get("error_code")
    if isinstance(legacy, str):
        return legacy
    oauth = body.get("error")
    return oauth if isinstance(oauth, str) else None


def error_from_response(response: httpx.Response) -> AuthError:
    """Return the typed error for an Auth error response (status 400 or above)."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}

    status = response.status_code
    message = _error_message(body, response)
    code = _error_code(body) or response.headers.get("x-sb-error-code")

    if status in _RETRYABLE_STATUSES:
        return AuthRetryableError(message, code=code, status=status)

    weak = body.get("weak_password")
    if code == "weak_password" or isinstance(weak, dict):
        reasons = weak.get("reasons") if isinstance(weak, dict) else None
        return AuthWeakPasswordError(message, status, list(reasons or []))

    return AuthApiError(message, status, code)


class AuthHttp:
    """Sends JSON requests to one Auth server through the client's shared `HttpSession`.

    Args:
        session: The shared HTTP session (it adds ``apikey`` and ``X-Client-Info``).
        auth_url: Base URL of the Auth service, ending in ``/auth/v1``.
        key: The project API key, sent as bearer token when no user token is given.
    """

    def __init__(self, session: HttpSession, auth_url: str, key: str) -> None:
        self.session = session
        self.auth_url = auth_url.rstrip("/")
        self.key = key

    async def send(
        self,
        method: str,
        path: str,
        *,
        jwt: str | None = None,
        body: Any = None,
        query: Iterable[tuple[str, str]] = (),
        redirect_to: str | None = None,
    ) -> httpx.Response:
        """Send one request and return the response, or raise the server's error.

        Args:
            method: HTTP method.
            path: Path below ``/auth/v1``, starting with ``/``.
            jwt: Bearer token, or ``None`` to send the API key.
            body: JSON body, or ``None`` for none.
            query: Query parameters.
            redirect_to: Added as the ``redirect_to`` query parameter.

        Raises:
            AuthApiError: The server returned an error.
            AuthRetryableError: No response arrived, or the status was 502, 503 or 504.
        """
        params = list(query)
        if redirect_to:
            params.append(("redirect_to", redirect_to))

        headers = {
            "Authorization": f"Bearer {jwt or self.key}",
            "X-Supabase-Api-Version": API_VERSION,
        }
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json;charset=UTF-8"
            content = json.dumps(body, separators=(",", ":")).encode()

        request = self.session.build_request(
            method, f"{self.auth_url}{path}", params=params, headers=headers, content=content
        )
        try:
            response = await self.session.send(request)
        except APIError as error:
            if error.code == "CLOSED":
                raise AuthError(error.message, code=error.code) from error
            raise AuthRetryableError(error.message, code=error.code) from error

        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send like `send` and return the decoded JSON body (``None`` for an empty body)."""
        response = await self.send(method, path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as error:
            raise AuthApiError(
                f"{method} {path} returned a body that is not JSON: {response.text[:200]!r}",
                response.status_code,
                "invalid_response",
            ) from error
