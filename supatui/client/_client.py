"""AsyncClient, the entry point of supatui.client, and create_client."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ._http import HttpSession
from ._options import ClientOptions
from .auth import AsyncAuthClient, AsyncMemoryStorage, AuthHttp, BearerSession, SessionManager
from .postgrest import AsyncPostgrestClient, RequestBuilder, RPCRequestBuilder
from .postgrest._builder import CountMethod

__all__ = ["AsyncClient", "create_client"]


class AsyncClient:
    """An async client for one Supabase project.

    Use it as ``async with create_client(url, key) as client:`` or call
    `aclose` when done. Every service shares one pooled httpx.AsyncClient.

    Args:
        supabase_url: Project URL, e.g. ``https://xyz.supabase.co`` or a local sandbox.
        supabase_key: The anon, publishable, service-role or secret key.
        options: Schema, headers, timeouts and transport.
    """

    def __init__(
        self,
        supabase_url: str,
        supabase_key: str,
        options: ClientOptions | None = None,
    ) -> None:
        if not supabase_url:
            raise ValueError(
                "supabase_url is empty. Pass the project URL, e.g. https://xyz.supabase.co"
            )
        if not supabase_url.startswith(("http://", "https://")):
            raise ValueError(
                f"supabase_url {supabase_url!r} is invalid. It must start with http:// or https://"
            )
        if not supabase_key:
            raise ValueError("supabase_key is empty. Pass the project's anon or service-role key")

        self.supabase_url = supabase_url.rstrip("/")
        self.supabase_key = supabase_key
        self.options = options or ClientOptions()

        headers = {
            "X-Client-Info": f"supatui/{__version__}",
            **self.options.headers,
            "apikey": supabase_key,
        }
        timeout = httpx.Timeout(
            self.options.postgrest_client_timeout, connect=self.options.connect_timeout
        )
        self._session = HttpSession(
            headers=headers,
            timeout=timeout,
            transport=self.options.transport,
            max_retries=self.options.max_retries,
        )

        auth_url = f"{self.supabase_url}/auth/v1"
        sessions = SessionManager(
            AuthHttp(self._session, auth_url, supabase_key),
            storage=self.options.storage or AsyncMemoryStorage(),
            storage_key=_storage_key(self.supabase_url),
            auto_refresh_token=self.options.auto_refresh_token,
            persist_session=self.options.persist_session,
        )
        self.auth = AsyncAuthClient(sessions.http, sessions, self.options.flow_type)

        # Database requests carry the signed-in user's access token, or the key when signed out.
        rest_headers = {"Authorization": f"Bearer {supabase_key}"}
        self.postgrest = AsyncPostgrestClient(
            BearerSession(self._session, sessions, supabase_key),  # type: ignore[arg-type]
            f"{self.supabase_url}/rest/v1",
            schema=self.options.schema,
            headers=rest_headers,
        )

    def __repr__(self) -> str:
        # The key stays out of reprs so it never lands in logs or tracebacks.
        return f"AsyncClient(url={self.supabase_url!r})"

    @property
    def rest_url(self) -> str:
        """Base URL of the REST service (``{url}/rest/v1``)."""
        return self.postgrest.rest_url

    def table(self, table_name: str) -> RequestBuilder:
        """Start a query on a table or view in the client's schema."""
        return self.postgrest.from_(table_name)

    def from_(self, table_name: str) -> RequestBuilder:
        """Same as `table`."""
        return self.postgrest.from_(table_name)

    def schema(self, schema: str) -> AsyncPostgrestClient:
        """Return a PostgREST client for another exposed schema: ``client.schema("x").table(...)``."""
        return self.postgrest.schema(schema)

    def rpc(
        self,
        fn: str,
        params: Mapping[str, Any] | None = None,
        count: CountMethod | None = None,
        head: bool = False,
        get: bool = False,
    ) -> RPCRequestBuilder:
        """Call a PostgreSQL function, as `AsyncPostgrestClient.rpc` does."""
        return self.postgrest.rpc(fn, params, count=count, head=head, get=get)

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has run."""
        return self._session.is_closed

    async def aclose(self) -> None:
        """Stop the background session refresh and close the pooled connections.

        The client cannot send afterwards.
        """
        await self.auth.aclose()
        await self._session.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


def _storage_key(url: str) -> str:
    """Return the storage key of a project's session, ``sb-<first host label>-auth-token``."""
    host = urlsplit(url).hostname or "local"
    return f"sb-{host.split('.')[0]}-auth-token"


def create_client(
    supabase_url: str,
    supabase_key: str,
    options: ClientOptions | None = None,
) -> AsyncClient:
    """Create an AsyncClient for the project at ``supabase_url``.

    No request is sent until a query runs.

    Args:
        supabase_url: Project URL, e.g. ``https://xyz.supabase.co``.
        supabase_key: The anon, publishable, service-role or secret key.
        options: Schema, headers, timeouts and transport.
    """
    return AsyncClient(supabase_url, supabase_key, options)
