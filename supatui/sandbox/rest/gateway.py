"""API-key gate and JWT verification: from request headers to a database role and claims."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from ..keys import LEEWAY_SECONDS, JWTError, verify_jwt
from .config import RestConfig
from .errors import ApiError, GatewayError

__all__ = ["Identity", "authenticate", "check_api_key"]

_TIME_CLAIM_ERRORS = ("JWT expired", "JWT not yet valid", "JWT issued at future")


#: Verified tokens kept, so repeated requests with the same token skip the HMAC check.
_TOKEN_CACHE_SIZE = 1024


@dataclass(frozen=True)
class Identity:
    """The database role a request runs as and the verified JWT claims behind it.

    One Identity is shared by every request that sends the same token, so treat ``claims``
    as read-only.
    """

    role: str
    claims: dict[str, Any]
    claims_json: str = field(init=False, repr=False, compare=False)
    expires_at: float | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "claims_json", json.dumps(self.claims))
        exp = self.claims.get("exp")
        is_number = isinstance(exp, (int, float)) and not isinstance(exp, bool)
        object.__setattr__(self, "expires_at", exp + LEEWAY_SECONDS if is_number else None)


class _TokenCache:
    """Identities of recently verified tokens, keyed by secret and token, evicting the least recently used."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, str], Identity] = OrderedDict()

    def get(self, secret: str, token: str) -> Identity | None:
        key = (secret, token)
        identity = self._entries.get(key)
        if identity is None:
            return None
        if identity.expires_at is not None and time.time() >= identity.expires_at:
            # Verify again, so the caller gets the usual "JWT expired" error.
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return identity

    def put(self, secret: str, token: str, identity: Identity) -> None:
        self._entries[(secret, token)] = identity
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)


_verified_tokens = _TokenCache(_TOKEN_CACHE_SIZE)


def check_api_key(request: Request, accepted_keys: Collection[str]) -> str:
    """Return the ``apikey`` header (or query parameter) of ``request`` if it is one of ``accepted_keys``.

    Raises:
        GatewayError: the key is missing or unknown, in the API gateway's words.
    """
    api_key = request.headers.get("apikey") or request.query_params.get("apikey")
    if not api_key:
        raise GatewayError(
            "No API key found in request",
            "No `apikey` request header or url param was found.",
        )
    if api_key not in accepted_keys:
        raise GatewayError("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.")
    return api_key


def authenticate(request: Request, config: RestConfig) -> Identity:
    """Check the ``apikey`` and the bearer token of ``request`` and return its identity.

    Raises:
        GatewayError: the ``apikey`` header and query parameter are missing or unknown.
        ApiError: 401 PGRST301/PGRST303 for an undecodable, wrongly signed or expired token.
    """
    token = check_api_key(request, (config.anon_key, config.service_role_key))
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise _invalid_token("PGRST301", "Empty JWT is sent in Authorization header")
        token = credentials.strip()

    cached = _verified_tokens.get(config.jwt_secret, token)
    if cached is not None:
        return cached

    try:
        claims = verify_jwt(token, config.jwt_secret, public_keys=config.public_keys)
    except JWTError as error:
        message = str(error)
        code = "PGRST303" if message in _TIME_CLAIM_ERRORS else "PGRST301"
        raise _invalid_token(code, message) from error

    role = claims.get("role")
    if not isinstance(role, str) or not role:
        role = "anon"
    identity = Identity(role=role, claims=claims)
    _verified_tokens.put(config.jwt_secret, token, identity)
    return identity


def _invalid_token(code: str, message: str) -> ApiError:
    description = message.replace('"', "'")
    return ApiError(
        401,
        code,
        message,
        headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'},
    )
