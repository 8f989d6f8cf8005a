"""Helpers every auth route uses: request state, JSON bodies, bearer checks and re-exports.

Routes written by other modules (MFA, admin, OAuth clients) build on these names:
``AuthError``, ``require_user``, ``require_admin``, ``user_json``, ``issue_session``, ``db``,
``config``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from .config import AuthConfig
from .errors import AuthError, OAuthError
from .sessions import issue_session
from .state import AuthState
from .tokens import TokenSigner
from .users import fetch_user, user_json

__all__ = [
    "ADMIN_ROLES",
    "AuthError",
    "OAuthError",
    "bearer_claims",
    "config",
    "db",
    "issue_session",
    "json_response",
    "parse_uuid",
    "read_json",
    "redirect_target",
    "require_admin",
    "require_user",
    "signer",
    "state",
    "user_json",
]

#: JWT roles allowed on ``/admin`` routes.
ADMIN_ROLES = ("service_role", "supabase_admin")

#: Largest request body accepted, in bytes.
MAX_BODY_BYTES = 1024 * 1024


def state(request: Request) -> AuthState:
    """Return the auth app's state."""
    return request.app.state.auth


def db(request: Request) -> asyncpg.Pool:
    """Return the connection pool."""
    return state(request).pool


def config(request: Request) -> AuthConfig:
    """Return the auth settings."""
    return state(request).config


def signer(request: Request) -> TokenSigner:
    """Return the access-token signer."""
    return state(request).signer


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return ``body`` as a JSON response."""
    return Response(json.dumps(body), status_code=status, headers=headers, media_type="application/json")


async def read_json(request: Request) -> dict[str, Any]:
    """Return the JSON object in the request body (``{}`` for an empty body).

    Raises:
        AuthError: 400 ``bad_json`` for an unparsable body or one that is not an object,
            413 ``request_entity_too_large`` above 1 MB.
    """
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise AuthError(413, "request_entity_too_large", "Request body is larger than 1 MB")
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise AuthError(400, "bad_json", f"Could not parse request body as JSON: {error}") from error
    if not isinstance(body, dict):
        raise AuthError(400, "bad_json", "Request body must be a JSON object")
    return body


def parse_uuid(value: Any) -> uuid.UUID | None:
    """Return ``value`` as a UUID, or ``None`` when it is not one."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def bearer_claims(request: Request) -> dict[str, Any]:
    """Return the verified claims of the request's bearer token.

    Without an ``Authorization`` header the API key stands in, as the Supabase gateway
    injects it.

    Raises:
        AuthError: 401 ``no_authorization`` for an empty bearer, 403 ``bad_jwt`` for a bad token.
    """
    authorization = request.headers.get("authorization")
    if authorization is None:
        token = request.headers.get("apikey") or request.query_params.get("apikey") or ""
    else:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer":
            token = ""
    token = token.strip()
    if not token:
        raise AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token")
    return signer(request).verify(token)


async def require_user(request: Request) -> tuple[asyncpg.Record, dict[str, Any]]:
    """Return the user row and claims of the request's access token.

    Raises:
        AuthError: 401 ``no_authorization``; 403 ``bad_jwt`` (bad token or no ``sub``),
            ``session_not_found`` (signed out) or ``user_not_found`` (user deleted).
    """
    claims = bearer_claims(request)
    user_id = parse_uuid(claims.get("sub"))
    if user_id is None:
        raise AuthError(403, "bad_jwt", "invalid claim: missing sub claim")

    async with db(request).acquire() as conn:
        session_id = claims.get("session_id")
        if session_id:
            exists = await conn.fetchval(
                "select 1 from auth.sessions where id = $1", parse_uuid(session_id)
            )
            if not exists:
                raise AuthError(
                    403, "session_not_found", "Session from session_id claim in JWT does not exist"
                )
        user = await fetch_user(conn, user_id)

    if user is None or user["deleted_at"] is not None:
        raise AuthError(403, "user_not_found", "User from sub claim in JWT does not exist")
    return user, claims


async def require_admin(request: Request) -> dict[str, Any]:
    """Return the claims of the request's token after checking it has an admin role.

    Raises:
        AuthError: 401 ``no_authorization``, 403 ``bad_jwt`` or 403 ``not_admin``.
    """
    claims = bearer_claims(request)
    if claims.get("role") not in ADMIN_ROLES:
        raise AuthError(403, "not_admin", "User not allowed")
    return claims


def redirect_target(request: Request, requested: str | None) -> str:
    """Return ``requested`` when it is allowed as a redirect, else the Site URL.

    Allowed: URLs under the Site URL or an allow-list prefix, and any http(s) loopback URL.
    """
    settings = config(request)
    if not requested:
        return settings.site_url
    if requested.startswith(settings.site_url) or any(
        requested.startswith(prefix) for prefix in settings.redirect_allow_list
    ):
        return requested
    parts = urlsplit(requested)
    if parts.scheme in ("http", "https") and parts.hostname in ("localhost", "127.0.0.1", "::1"):
        return requested
    return settings.site_url
