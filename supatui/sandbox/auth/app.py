"""The Starlette application serving ``/auth/v1``."""

from __future__ import annotations

import importlib
import logging

import asyncpg
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from . import mailbox, oauth, passwordless, public, signup, token, user, verify
from .config import AuthConfig
from .errors import AuthError, OAuthError, error_response
from .gateway import AuthGateway
from .state import AuthState
from .tokens import TokenSigner

__all__ = ["create_auth_app"]

logger = logging.getLogger(__name__)

#: Route modules that may not exist yet; each provides ``routes: list[starlette.routing.Route]``.
_OPTIONAL_ROUTE_MODULES = ("mfa", "admin", "oauth_clients")


def create_auth_app(pool: asyncpg.Pool, config: AuthConfig) -> Starlette:
    """Create the GoTrue-compatible ASGI app; mount it at ``/auth/v1``.

    Args:
        pool: pool connected as a superuser (the auth schema is not granted to API roles).
        config: keys, signing and feature settings.
    """
    state = AuthState(pool=pool, config=config, signer=TokenSigner(config))

    routes: list[BaseRoute] = []
    for module in (public, mailbox, signup, token, verify, passwordless, user, oauth):
        routes += module.routes
    routes += _optional_routes()

    async def handle_auth_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, AuthError | OAuthError)
        if getattr(error, "status", 400) >= 500:
            logger.error("%s %s failed: %s", request.method, request.url.path, error)
        return error_response(request, error)

    app = Starlette(
        routes=routes,
        middleware=[Middleware(AuthGateway, state=state)],
        exception_handlers={AuthError: handle_auth_error, OAuthError: handle_auth_error},
    )
    app.state.auth = state
    return app


def _optional_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in _OPTIONAL_ROUTE_MODULES:
        qualified = f"{__package__}.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            # Only the module itself may be missing; an import error inside it propagates.
            if error.name != qualified:
                raise
            logger.info("Auth routes of %s not available yet", qualified)
            continue
        routes += getattr(module, "routes", [])
    return routes
