"""supatui: a terminal dashboard for Supabase, its async client and a local sandbox.

``from supatui import create_client`` loads only the client, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "create_client"]

if TYPE_CHECKING:
    from .client import create_client


def __getattr__(name: str) -> Any:
    if name == "create_client":
        from .client import create_client

        return create_client
    raise AttributeError(f"module 'supatui' has no attribute {name!r}")
