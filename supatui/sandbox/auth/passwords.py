"""Password policy and bcrypt hashing (run off the event loop)."""

from __future__ import annotations

import asyncio
from typing import Any

import bcrypt

from .config import AuthConfig
from .errors import AuthError

__all__ = ["check_password", "hash_password", "validate_password"]

#: bcrypt ignores bytes past 72, so longer passwords are rejected rather than truncated.
MAX_PASSWORD_BYTES = 72


def validate_password(password: Any, config: AuthConfig) -> str:
    """Return ``password`` if the policy accepts it.

    Raises:
        AuthError: 400 ``validation_failed`` when it is not a string or too long,
            422 ``weak_password`` when it is shorter than ``password_min_length``.
    """
    if not isinstance(password, str):
        raise AuthError(400, "validation_failed", "Password must be a string")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise AuthError(400, "validation_failed", "Password cannot be longer than 72 characters")
    if len(password) < config.password_min_length:
        raise AuthError(
            422, "weak_password",
            f"Password should be at least {config.password_min_length} characters.",
            weak_password={"reasons": ["length"]},
        )
    return password


async def hash_password(password: str, rounds: int) -> str:
    """Return the bcrypt hash of ``password`` with cost ``rounds``."""
    salt = bcrypt.gensalt(rounds)
    hashed = await asyncio.to_thread(bcrypt.hashpw, password.encode(), salt)
    return hashed.decode()


async def check_password(password: str, hashed: str | None) -> bool:
    """Return whether ``password`` matches the bcrypt ``hashed`` (``False`` without a hash)."""
    if not hashed or not password:
        return False
    try:
        return await asyncio.to_thread(bcrypt.checkpw, password.encode(), hashed.encode())
    except ValueError:
        # A hash in another format (argon2, scrypt) that bcrypt cannot read.
        return False
