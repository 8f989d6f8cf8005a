"""The HTTP session shared by every service of one AsyncClient."""

from __future__ import annotations

import asyncio
import logging

import httpx

from .errors import APIError

__all__ = ["RETRY_STATUSES", "HttpSession"]

logger = logging.getLogger("supatui.client")

# Statuses after which an idempotent read is sent again: 503 is PostgREST's
# "database unreachable / schema cache loading", 520 a gateway's unknown error.
RETRY_STATUSES = frozenset({503, 520})

_RETRY_METHODS = frozenset({"GET", "HEAD"})
_RETRY_BASE_DELAY = 0.2
_RETRY_MAX_DELAY = 2.0


class HttpSession:
    """One pooled httpx.AsyncClient plus the retry policy.

    Args:
        headers: Headers sent with every request (apikey, Authorization, ...).
        timeout: Timeouts applied to every request.
        transport: Transport to send requests through, or ``None`` for httpx's pool.
        max_retries: Maximum retries of a GET/HEAD answered with 503 or 520.
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
        self.client = httpx.AsyncClient(
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    @property
    def is_closed(self) -> bool:
        """Whether aclose() has run."""
        return self.client.is_closed

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        headers: httpx.Headers | dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Request:
        """Build a request carrying the session headers and timeouts."""
        return self.client.build_request(method, url, headers=headers, content=content)

    async def send(self, request: httpx.Request) -> httpx.Response:
        """Send a request, reading the whole body, and retry reads on 503/520.

        Raises:
            APIError: with code ``"TIMEOUT"`` or ``"NETWORK"`` when no response arrived.
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
            request = self.build_request(request.method, request.url, headers=headers)

    async def _send_once(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.client.send(request)
        except httpx.TimeoutException as exc:
            raise APIError(
                f"{request.method} {request.url.path} timed out ({type(exc).__name__}). the server or raise the client timeout",
                code="TIMEOUT",
            ) from exc
        except httpx.TransportError as exc:
            raise APIError(
                f"{request.method} {request.url.path} failed: {type(exc).__name__}: {exc}",
                code="NETWORK",
            ) from exc

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.client.aclose()
