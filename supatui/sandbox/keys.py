"""HS256 JSON Web Tokens for the sandbox: the anon and service_role keys and user tokens."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

import jwt

__all__ = ["JWTError", "generate_secret", "mint_jwt", "verify_jwt"]

ALGORITHM = "HS256"

#: Clock skew tolerated on ``exp``, ``nbf`` and ``iat``, in seconds, as PostgREST allows.
LEEWAY_SECONDS = 30

#: Lifetime of the anon and service_role API keys: ten years, like a project's legacy keys.
API_KEY_LIFETIME_SECONDS = 10 * 365 * 24 * 3600


class JWTError(Exception):
    """A token that is malformed, wrongly signed, expired or not yet valid."""


def generate_secret() -> str:
    """Return a new random signing secret (64 hex characters, 256 bits)."""
    return secrets.token_hex(32)


def mint_jwt(secret: str, *, role: str, expires_in: int = 3600, **claims: Any) -> str:
    """Sign a token for ``role`` that expires ``expires_in`` seconds from now.

    Extra keyword arguments become claims (``sub``, ``email``, ``aal`` ...).
    """
    now = int(time.time())
    payload = {"iss": "supatui-sandbox", "role": role, "iat": now, "exp": now + expires_in}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def verify_jwt(
    token: str, secret: str, *, public_keys: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the claims of ``token`` after checking its signature and time claims.

    Args:
        token: The compact JWT.
        secret: The HS256 secret.
        public_keys: ES256 public keys by key id (``kid``), for tokens that Auth signs
            with ES256; HS256 is the only algorithm accepted without them.

    Raises:
        JWTError: with a message in PostgREST's words (``JWT expired``, ...).
    """
    key: Any = secret
    algorithm = ALGORITHM
    if public_keys:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise JWTError(f"JWSError (CompactDecodeError {error})") from error
        if header.get("alg") == "ES256":
            if header.get("kid") not in public_keys:
                raise JWTError("JWSError JWSInvalidSignature")
            key = public_keys[header["kid"]]
            algorithm = "ES256"

    try:
        return jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            leeway=LEEWAY_SECONDS,
            options={"verify_aud": False, "require": []},
        )
    except jwt.ExpiredSignatureError as error:
        raise JWTError("JWT expired") from error
    except jwt.ImmatureSignatureError as error:
        raise JWTError("JWT not yet valid") from error
    except jwt.InvalidIssuedAtError as error:
        raise JWTError("JWT issued at future") from error
    except jwt.InvalidSignatureError as error:
        raise JWTError("JWSError JWSInvalidSignature") from error
    except jwt.InvalidTokenError as error:
        raise JWTError(f"JWSError (CompactDecodeError {error})") from error
