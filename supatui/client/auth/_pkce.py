"""PKCE (RFC 7636) code verifiers and S256 challenges."""

from __future__ import annotations

import base64
import hashlib
import secrets

__all__ = ["code_challenge", "generate_code_verifier"]


def generate_code_verifier() -> str:
    """Return a random 64-character verifier from the RFC 7636 alphabet (43 to 128 allowed)."""
    # 48 random bytes encode to exactly 64 base64url characters, without padding.
    return secrets.token_urlsafe(48)


def code_challenge(verifier: str) -> str:
    """Return the S256 challenge of ``verifier``: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
