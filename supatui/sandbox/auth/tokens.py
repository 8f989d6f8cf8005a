"""Access tokens: signing (HS256 or ES256), verification and the JWKS document."""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass
from typing import Any

import jwt

from .config import AuthConfig
from .errors import AuthError

__all__ = ["TokenSigner"]

#: Clock skew tolerated on ``exp`` and ``iat``, in seconds.
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class _EcKey:
    private_key: Any
    public_jwk: dict[str, Any]
    kid: str


class TokenSigner:
    """Signs access tokens with the configured algorithm and verifies HS256 and ES256 tokens.

    Args:
        config: the auth settings; an ES256 key is generated when ``jwt_algorithm`` is ES256
            and no PEM is given, so tokens then do not outlive the app.
    """

    def __init__(self, config: AuthConfig) -> None:
        self.config = config
        self._ec: _EcKey | None = None
        if config.jwt_algorithm == "ES256":
            self._ec = _load_ec_key(config.es256_private_key_pem)

    @property
    def kid(self) -> str | None:
        """Key id of the ES256 key, or ``None`` with HS256."""
        return None if self._ec is None else self._ec.kid

    def sign(self, claims: dict[str, Any]) -> str:
        """Return ``claims`` signed with the configured algorithm."""
        if self._ec is None:
            return jwt.encode(claims, self.config.jwt_secret, algorithm="HS256")
        return jwt.encode(claims, self._ec.private_key, algorithm="ES256", headers={"kid": self._ec.kid})

    def verify(self, token: str) -> dict[str, Any]:
        """Return the claims of ``token``, an HS256 or ES256 access token or API key.

        Raises:
            AuthError: 403 ``bad_jwt`` for a malformed, wrongly signed or expired token.
        """
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise _bad_jwt(f"unable to parse or verify signature, {error}") from error

        algorithm = header.get("alg")
        if algorithm == "ES256" and self._ec is not None and header.get("kid") == self._ec.kid:
            key: Any = self._ec.private_key.public_key()
        elif algorithm == "HS256":
            key = self.config.jwt_secret
        else:
            raise _bad_jwt(f"signing method {algorithm} is invalid or its key id is unknown")

        try:
            return jwt.decode(
                token, key, algorithms=[algorithm], leeway=LEEWAY_SECONDS,
                options={"verify_aud": False, "require": ["exp"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise _bad_jwt("token has invalid claims: token is expired") from error
        except jwt.InvalidTokenError as error:
            raise _bad_jwt(f"unable to parse or verify signature, {error}") from error

    def jwks(self) -> dict[str, Any]:
        """Return the JWKS: the ES256 public key, or no keys with HS256 (secrets are never listed)."""
        if self._ec is None:
            return {"keys": []}
        return {"keys": [self._ec.public_jwk]}

    def now(self) -> int:
        """Return the current Unix time in seconds."""
        return int(time.time())


def _bad_jwt(detail: str) -> AuthError:
    return AuthError(403, "bad_jwt", f"invalid JWT: {detail}")


def es256_public_keys(pem: str) -> dict[str, Any]:
    """Return the public key of the ES256 private key ``pem``, by its key id, for verifiers."""
    ec_key = _load_ec_key(pem)
    return {ec_key.kid: ec_key.private_key.public_key()}


def _load_ec_key(pem: str | None) -> _EcKey:
    # cryptography is imported here so HS256 sandboxes never load it.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if pem is None:
        private_key = ec.generate_private_key(ec.SECP256R1())
    else:
        loaded = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey) or loaded.curve.name != "secp256r1":
            raise ValueError("es256_private_key_pem must hold a P-256 (secp256r1) EC private key.")
        private_key = loaded

    numbers = private_key.public_key().public_numbers()
    x = _b64url(numbers.x.to_bytes(32, "big"))
    y = _b64url(numbers.y.to_bytes(32, "big"))
    kid = hashlib.sha256(f"{x}.{y}".encode()).hexdigest()[:16]
    jwk = {"kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": kid, "alg": "ES256",
           "use": "sig", "key_ops": ["verify"]}
    return _EcKey(private_key=private_key, public_jwk=jwk, kid=kid)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
