"""The HTTP session of the REST service, sending the signed-in user's access token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from .._http import HttpSession
    from ._sessions import SessionManager

__all__ = ["BearerSession"]


class BearerSession:
    """Wraps the shared `HttpSession` so database requests carry the user's access token.

    A request whose ``Authorization`` is still the API key's gets the current access token
    instead, refreshed first when it is expiring. Signed out, the API key is sent. A header
    set explicitly (``client.postgrest.auth(token)``) is left alone.

    Args:
        session: The shared HTTP session.
        sessions: The auth session manager.
        key: The project API key.
    """

    def __init__(self, session: HttpSession, sessions: SessionManager, key: str) -> None:
        self._session = session
        self._sessions = sessions
        self._key_header = f"Bearer {key}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
        """Build a request as `HttpSession.build_request` does."""
        return self._session.build_request(*args, **kwargs)

    async def send(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with the user's access token when it carries the API key.

        Raises:
            AuthRetryableError: An expiring session could not be refreshed (server unreachable).
        """
        # Signed out, the key stays: this check is cheap, and most dashboard requests take it.
        if self._sessions.signed_out:
            return await self._session.send(request)
        if request.headers.get("Authorization") == self._key_header:
            token = await self._sessions.access_token()
            if token is not None:
                request.headers["Authorization"] = f"Bearer {token}"
        return await self._session.send(request)
