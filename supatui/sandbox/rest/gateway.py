"""API-key gate and JWT verification: from request headers to a database role and claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from ..keys import JWTError, verify_jwt
from .config import RestConfig
from .errors import ApiError, GatewayError

__all__ = ["Identity", "authenticate"]

_TIME_CLAIM_ERRORS = ("JWT expired", "JWT not yet valid", "JWT issued at future")


@dataclass(frozen=True)
class Identity:
    """The database role a request runs as and the verified JWT claims behind it."""

    role: str
    claims: dict[str, Any]


def authenticate(request: Request, config: RestConfig) -> Identity:
    """Check the ``apikey`` and the bearer token of ``request`` and return its identity.

    Raises:
        GatewayError: the ``apikey`` header and query parameter are missing or unknown.
        ApiError: 401 PGRST301/PGRST303 for an undecodable, wrongly signed or expired token.
    """
    api_key = request.headers.get("apikey") or request.query_params.get("apikey")
    if not api_key:
        raise GatewayError(
            "No API key found in request",
            "No `apikey` request header or url param was found.",
        )
    if api_key not in (config.anon_key, config.service_role_key):
        raise GatewayError("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.")

    token = api_key
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise _invalid_token("PGRST301", "Empty JWT is sent in Authorization header")
        token = credentials.strip()

    try:
        claims = verify_jwt(token, config.jwt_secret)
    except JWTError as error:
        message = str(error)
        code = "PGRST303" if message in _TIME_CLAIM_ERRORS else "PGRST301"
        raise _invalid_token(code, message) from error

    role = claims.get("role")
    if not isinstance(role, str) or not role:
        role = "anon"
    return Identity(role=role, claims=claims)


def _invalid_token(code: str, message: str) -> ApiError:
    description = message.replace('"', "'")
    return ApiError(
        401,
        code,
        message,
        headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'},
    )
