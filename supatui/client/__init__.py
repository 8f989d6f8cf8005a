"""Async client for Supabase projects: ``create_client(url, key)``.

Only httpx is imported here, so the import stays fast.
"""

from ._client import AsyncClient, create_client
from ._options import ClientOptions
from .errors import APIError, ClientError
from .postgrest import APIResponse, PreparedRequest, quote_value

__all__ = [
    "APIError",
    "APIResponse",
    "AsyncClient",
    "ClientError",
    "ClientOptions",
    "PreparedRequest",
    "create_client",
    "quote_value",
]
