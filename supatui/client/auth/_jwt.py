"""JWT helpers: reading claims without verifying, the role of an API key, JWKS verification.

Reading a token needs only base64 and json. pyjwt and cryptography are imported inside
`verify_with_jwk`, the one function that checks signatures, so ``import supatui.client``
stays fast.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass
from typing import Any

from ..errors import AuthInvalidJwtError

__all__ = [
    "ADMIN_ROLES",
    "DecodedJWT",
    "JWKSCache",
    "decode_jwt",
    "key_role",
    "verify_with_jwk",
]

#: Roles the Auth server accepts on ``/admin/*`` routes.
ADMIN_ROLES = frozenset({"service_role", "supabase_admin"})

#: How long a fetched JWKS is reused, in seconds (the server sends ``max-age=600`` too).
JWKS_TTL_SECONDS = 600.0


@dataclass(frozen=True)
class DecodedJWT:
    """The three parts of a JWT, decoded but not verified."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signature: bytes


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode_jwt(token: str) -> DecodedJWT:
    """Split and decode ``token`` without checking its signature.

    Raises:
        AuthInvalidJwtError: The token does not have three base64url parts with JSON objects.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise AuthInvalidJwtError(
            f"invalid JWT: expected 3 dot-separated parts, got {len(parts)}. "
            "Pass an access token as returned by sign-in",
            code="invalid_jwt",
        )
    try:
        header = json.loads(_b64url_decode(parts[0]))
        payload = json.loads(_b64url_decode(parts[1]))
        signature = _b64url_decode(parts[2])
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise AuthInvalidJwtError(
            f"invalid JWT: a part is not base64url-encoded JSON ({error})", code="invalid_jwt"
        ) from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise AuthInvalidJwtError(
            "invalid JWT: the header and payload must be JSON objects", code="invalid_jwt"
        )
    return DecodedJWT(header, payload, signature)


def key_role(key: str) -> str | None:
    """Return the role of a project API key, or ``None`` when it cannot be read.

    Legacy keys are JWTs with a ``role`` claim. Opaque keys carry their kind in a prefix:
    ``sb_secret_`` keys act as service_role, ``sb_publishable_`` keys as anon.
    """
    if key.startswith("sb_secret_"):
        return "service_role"
    if key.startswith("sb_publishable_"):
        return "anon"
    try:
        role = decode_jwt(key).payload.get("role")
    except AuthInvalidJwtError:
        return None
    return role if isinstance(role, str) else None


def verify_with_jwk(token: str, jwk: dict[str, Any], algorithm: str) -> dict[str, Any]:
    """Check the signature and ``exp`` of ``token`` with one public key and return its claims.

    Raises:
        AuthInvalidJwtError: The signature does not verify, the token expired, or the
            key cannot be loaded.
    """
    import jwt

    try:
        key = jwt.PyJWK(jwk, algorithm=algorithm)
        return jwt.decode(
            token,
            key.key,
            algorithms=[algorithm],
            options={"verify_aud": False, "require": ["exp"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthInvalidJwtError(
            "JWT expired: refresh the session (refresh_session) and try again", code="bad_jwt"
        ) from error
    except jwt.PyJWTError as error:
        raise AuthInvalidJwtError(
            f"JWT verification failed with key {jwk.get('kid')!r}: {error}", code="bad_jwt"
        ) from error


class JWKSCache:
    """Public signing keys fetched from ``/.well-known/jwks.json``, reused for `JWKS_TTL_SECONDS`."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetched_at: float | None = None

    def is_fresh(self) -> bool:
        """Whether the keys were fetched less than `JWKS_TTL_SECONDS` ago."""
        return self.fetched_at is not None and time.monotonic() - self.fetched_at < JWKS_TTL_SECONDS

    def store(self, keys: list[dict[str, Any]]) -> None:
        """Replace the cached keys with ``keys`` fetched just now."""
        self.keys = keys
        self.fetched_at = time.monotonic()

    def find(self, kid: str | None) -> dict[str, Any] | None:
        """Return the key with id ``kid``, or ``None``."""
        for key in self.keys:
            if key.get("kid") == kid:
                return key
        return None
