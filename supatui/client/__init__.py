"""Async client for Supabase projects: ``create_client(url, key)``.

Only httpx is imported here, so the import stays fast: pyjwt and cryptography
are imported when a JWT signature is first verified.
"""

from ._client import AsyncClient, create_client
from ._options import ClientOptions
from .errors import (
    APIError,
    AuthApiError,
    AuthError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
    ClientError,
)
from .postgrest import APIResponse, PreparedRequest, quote_value

__all__ = [
    "APIError",
    "APIResponse",
    "AsyncClient",
    "AuthApiError",
    "AuthError",
    "AuthRetryableError",
    "AuthSessionMissingError",
    "AuthWeakPasswordError",
    "ClientError",
    "ClientOptions",
    "PreparedRequest",
    "create_client",
    "quote_value",
]
