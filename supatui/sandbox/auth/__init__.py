"""GoTrue-compatible ``/auth/v1`` for the sandbox, on the same PostgreSQL as ``/rest/v1``."""

from .app import create_auth_app
from .config import FAST_BCRYPT_ROUNDS, AuthConfig
from .schema import apply_auth_schema

__all__ = ["FAST_BCRYPT_ROUNDS", "AuthConfig", "apply_auth_schema", "create_auth_app"]
