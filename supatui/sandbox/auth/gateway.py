"""The API gateway in front of ``/auth/v1``: the ``apikey`` check, shared with ``/rest/v1``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ..rest.errors import GatewayError
from ..rest.gateway import check_api_key
from ..rest.response import gateway_response
from .state import AuthState, _current

__all__ = ["OPEN_PATHS", "AuthGateway"]

#: Routes a browser reaches without an API key: email links, OAuth redirects and the JWKS.
OPEN_PATHS = frozenset({
    "/verify", "/callback", "/authorize", "/.well-known/jwks.json", "/.well-known/openid-configuration",
})


class AuthGateway:
    """ASGI middleware: rejects requests without a known ``apikey`` and sets the request's state.

    Args:
        app: the auth routes.
        state: the auth app's state, made current for each request.
    """

    def __init__(self, app: ASGIApp, state: AuthState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]

        if path.rstrip("/") not in OPEN_PATHS:
            request = Request(scope)
            # Only the key is checked here: the auth routes check the bearer token themselves,
            # with GoTrue's error codes.
            config = self.state.config
            try:
                check_api_key(request, (config.anon_key, config.service_role_key))
            except GatewayError as error:
                await gateway_response(error)(scope, receive, send)
                return

        token = _current.set(self.state)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
