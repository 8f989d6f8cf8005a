"""The auth app's shared state and the per-request handle on it."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

import asyncpg

from .config import AuthConfig
from .tokens import TokenSigner

__all__ = ["AuthState", "current_state"]


@dataclass(frozen=True)
class AuthState:
    """What every auth route uses: the pool, the settings and the token signer."""

    pool: asyncpg.Pool
    config: AuthConfig
    signer: TokenSigner


#: The state of the auth app serving the current request; the app sets it for each request.
_current: ContextVar[AuthState] = ContextVar("supatui_auth_state")


def current_state() -> AuthState:
    """Return the state of the auth app serving the current request.

    Raises:
        RuntimeError: called outside a request of the auth app.
    """
    try:
        return _current.get()
    except LookupError:
        raise RuntimeError("No auth request is being served; pass state= explicitly.") from None
