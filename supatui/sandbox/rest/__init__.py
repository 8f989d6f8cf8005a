"""PostgREST-compatible ``/rest/v1`` for the sandbox, served by Starlette over asyncpg."""

from .app import create_rest_app
from .config import RestConfig

__all__ = ["RestConfig", "create_rest_app"]
