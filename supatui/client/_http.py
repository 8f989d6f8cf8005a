"""The HTTP session shared by every service of one AsyncClient."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import httpx

from .errors import APIError

__all__ = ["RETRY_STATUSES", "HttpSession", "encode_query"]

logger = logging.getLogger("supatui.client")

# Statuses after which an idempotent read is sent again: 503 is PostgREST's
# "database unreachable / schema cache loading", 520 a gateway's unknown error.
RETRY_STATUSES = frozenset({503, 520})

_RETRY_METHODS = frozenset({"GET", "HEAD"})
_RETRY_BASE_DELAY = 0.2
_RETRY_MAX_DELAY = 2.0

# Characters left readable in query strings. PostgREST's own syntax characters ( , . : * ! )
# stay as they are, and everything else, `+ & # % " { } \` and spaces included, is
# percent-encoded, so a value reaches PostgREST exactly as the caller wrote it.
_QUERY_SAFE = ",.:*!()-_~"


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """Return ``params`` as a query string, without the leading ``?``."""
    return "&".join(
        f"{quote(key, safe=_QUERY_SAFE)}={quote(value, safe=_QUERY_SAFE)}" for key, value in params
    )


class HttpSession:
    """A pooled httpx transport, the headers of every request, and the retry policy.

    Requests go straight to the transport's ``handle_async_request``: no redirects,
    cookies, auth flows or event hooks sit between a query and the connection pool, so
    a request costs little more CPU than the transport itself.

    Args:
        headers: Headers sent with every request (apikey, Authorization, ...).
        timeout: Timeouts applied to every request.
        transport: Transport to send requests through, or ``None`` for httpx's pool.
        max_retries: Maximum retries of a GET/HEAD that received 503 or 520.
    """

    def __init__(
        self,
        *,
        headers: dict[str, str],
        timeout: httpx.Timeout,
        transport: httpx.AsyncBaseTransport | None,
        max_retries: int,
    ) -> None:
        self.max_retries = max_retries
        self.headers = headers
        self._timeout = timeout.as_dict()
        self._transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._closed = False

    @property
    def is_closed(self) -> bool:
        """Whether aclose() has run."""
        return self._closed

    def build_request(
        self,
        method: str,
        url: str,
        *,
        params: Iterable[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Request:
        """Build a request to ``url`` carrying the session headers and timeouts.

        ``headers`` are added after the session headers and replace any of the same name.
        """
        query = encode_query(params)
        if query:
            url = f"{url}?{query}"

        merged = dict(self.headers)
        if headers:
            merged.update(headers)

        return httpx.Request(
            method, url, headers=merged, content=content, extensions={"timeout": self._timeout}
        )

    async def send(self, request: httpx.Request) -> httpx.Response:
        """Send a request, reading the whole body, and retry reads on 503/520.

        Raises:
            APIError: with code ``"TIMEOUT"`` or ``"NETWORK"`` when no response arrived,
                or ``"CLOSED"`` after ``aclose()``.
        """
        attempt = 0
        while True:
            response = await self._send_once(request)

            can_retry = (
                request.method in _RETRY_METHODS
                and response.status_code in RETRY_STATUSES
                and attempt < self.max_retries
            )
            if not can_retry:
                return response

            attempt += 1
            delay = min(_RETRY_BASE_DELAY * 2 ** (attempt - 1), _RETRY_MAX_DELAY)
            logger.info(
                "retrying %s %s after status %d (retry %d of %d)",
                request.method,
                request.url.path,
                response.status_code,
                attempt,
                self.max_retries,
            )
            await asyncio.sleep(delay)

            headers = request.headers.copy()
            headers["X-Retry-Count"] = str(attempt)
            request = httpx.Request(
                request.method,
                request.url,
                headers=headers,
                content=request.content,
                extensions=request.extensions,
            )

    async def _send_once(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise APIError(
                f"{request.method} {request.url.path} was not sent because the client is closed. "
                "Create a new client with create_client()",
                code="CLOSED",
            )
        try:
            response = await self._transport.handle_async_request(request)
            try:
                await response.aread()
            finally:
                # Closing returns the connection to the pool, also when the read is cancelled.
                await response.aclose()
        except httpx.TimeoutException as exc:
            raise APIError(
                f"{request.method} {request.url.path} timed out ({type(exc).__name__}). "
                "Check that the server is reachable, or raise the client timeout",
                code="TIMEOUT",
            ) from exc
        except httpx.TransportError as exc:
            raise APIError(
                f"{request.method} {request.url.path} failed: {type(exc).__name__}: {exc}",
                code="NETWORK",
            ) from exc

        response.request = request
        return response

    async def aclose(self) -> None:
        """Close every pooled connection."""
        self._closed = True
        await self._transport.aclose()
