"""The PostgREST service of an AsyncClient: tables, RPC and schema discovery."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ._builder import CountMethod, RequestBuilder, rpc_query
from ._query import RPCRequestBuilder
from ._response import error_from_response

if TYPE_CHECKING:
    from .._http import HttpSession

__all__ = ["AsyncPostgrestClient"]

# A schema name no project exposes. Requesting it makes PostgREST return
# PGRST106 with the list of exposed schemas in the hint or message.
_PROBE_SCHEMA = "supatui_schema_probe_nonexistent"

# PostgREST 13.0.7+: hint "Only the following schemas are exposed: public, api";
# older versions: message "The schema must be one of the following: public, api".
_SCHEMA_LIST = re.compile(r"(?:are exposed|one of the following):\s*(.+)$")


class AsyncPostgrestClient:
    """Queries against ``{url}/rest/v1`` in one schema.

    Args:
        session: The shared HTTP session.
        rest_url: Base URL of the REST service, ending in ``/rest/v1``.
        schema: Schema that tables and functions are looked up in.
        headers: Per-service headers, shared with clients from `schema` so
            that `auth` applies to all of them.
    """

    def __init__(
        self,
        session: HttpSession,
        rest_url: str,
        *,
        schema: str = "public",
        headers: dict[str, str] | None = None,
    ) -> None:
        self._session = session
        self.rest_url = rest_url.rstrip("/")
        self.schema_name = schema
        self._headers = headers if headers is not None else {}

    def auth(self, token: str) -> None:
        """Send ``token`` as the bearer JWT of every following request."""
        self._headers["Authorization"] = f"Bearer {token}"

    def schema(self, name: str) -> AsyncPostgrestClient:
        """Return a client for schema ``name`` sharing this session."""
        if not name:
            raise ValueError("schema name is empty. Pass e.g. 'public'")
        return AsyncPostgrestClient(
            self._session, self.rest_url, schema=name, headers=self._headers
        )

    def from_(self, table: str) -> RequestBuilder:
        """Start a query on table or view ``table``."""
        if not table:
            raise ValueError("table name is empty. Pass the table or view to query")
        url = f"{self.rest_url}/{quote(table, safe='')}"
        return RequestBuilder(self._session, url, headers=self._headers, schema=self.schema_name)

    table = from_

    def rpc(
        self,
        fn: str,
        params: Mapping[str, Any] | None = None,
        count: CountMethod | None = None,
        head: bool = False,
        get: bool = False,
    ) -> RPCRequestBuilder:
        """Call the PostgreSQL function ``fn``.

        Args:
            fn: Function name.
            params: Named arguments.
            count: Count the rows a set-returning function returns.
            head: Send HEAD, returning no data (use with ``count``).
            get: Send GET with the arguments in the query string, for STABLE
                or IMMUTABLE functions (runs read-only).
        """
        if not fn:
            raise ValueError("function name is empty. Pass the function to call")
        url = f"{self.rest_url}/rpc/{quote(fn, safe='')}"
        return rpc_query(
            self._session,
            url,
            headers=self._headers,
            schema=self.schema_name,
            params=params,
            count=count,
            head=head,
            get=get,
        )

    async def get_openapi(self, schema: str | None = None) -> dict[str, Any]:
        """Fetch the OpenAPI description of ``schema`` (default: this client's).

        The hosted platform only serves it to service-role keys.

        Raises:
            APIError: The server rejected the request.
        """
        headers = {**self._headers, "Accept-Profile": schema or self.schema_name}
        request = self._session.build_request("GET", f"{self.rest_url}/", headers=headers)
        response = await self._session.send(request)
        if response.is_error:
            raise error_from_response(response)
        return response.json()

    async def list_schemas(self) -> list[str]:
        """Return the schemas the server exposes.

        Requests a schema that does not exist and reads the exposed ones
        from the PGRST106 error. Returns ``[this client's schema]`` when the
        server does not list them.
        """
        headers = {**self._headers, "Accept-Profile": _PROBE_SCHEMA}
        request = self._session.build_request("GET", f"{self.rest_url}/", headers=headers)
        response = await self._session.send(request)
        if response.is_error and response.status_code != 406:
            raise error_from_response(response)

        try:
            body = response.json()
        except ValueError:
            body = None

        if isinstance(body, dict):
            for field in ("hint", "message"):
                text = body.get(field)
                match = _SCHEMA_LIST.search(text) if isinstance(text, str) else None
                if match:
                    names = [name.strip() for name in match.group(1).split(",")]
                    return [name for name in names if name]

        return [self.schema_name]


def offline_postgrest_client(
    rest_url: str = "http://localhost/rest/v1", *, schema: str = "public"
) -> AsyncPostgrestClient:
    """Return a client whose queries can be prepared (``.prepare()``) but never sent.

    For showing the PostgREST URL of a query when no project is connected.
    """
    import httpx

    from .._http import HttpSession

    # The base transport raises NotImplementedError if anything tried to send through it.
    session = HttpSession(
        headers={}, timeout=httpx.Timeout(None), transport=httpx.AsyncBaseTransport(), max_retries=0
    )
    return AsyncPostgrestClient(session, rest_url, schema=schema)
