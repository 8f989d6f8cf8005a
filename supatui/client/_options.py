"""Options accepted by create_client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import httpx

    from .auth import AsyncSupportedStorage

__all__ = ["ClientOptions"]


@dataclass
class ClientOptions:
    """Settings of an AsyncClient.

    Args:
        schema: Database schema used by ``client.table(...)`` and ``client.rpc(...)``.
        headers: Extra headers sent with every request.
        postgrest_client_timeout: Seconds to wait for a PostgREST response.
        storage_client_timeout: Seconds to wait for a Storage response.
        function_client_timeout: Seconds to wait for an Edge Function response.
        connect_timeout: Seconds to wait for a TCP/TLS connection.
        max_retries: How many times a GET or HEAD that received 503 or 520 is
            sent again (0 disables retries).
        transport: httpx transport for every request, e.g. a fault-injecting
            one in tests, or ``None`` for httpx's default connection pool.
        auto_refresh_token: Refresh the signed-in session in a background task
            shortly before its access token expires.
        persist_session: Keep the session in ``storage`` (else only in memory).
        storage: Where the session and the PKCE code verifier are kept, or
            ``None`` for an in-memory store that lives as long as the client.
        flow_type: ``"pkce"`` makes email links and OAuth redirects return a
            code for ``auth.exchange_code_for_session``; ``"implicit"`` returns tokens.
    """

    schema: str = "public"
    headers: dict[str, str] = field(default_factory=dict)
    postgrest_client_timeout: float = 120.0
    storage_client_timeout: float = 20.0
    function_client_timeout: float = 5.0
    connect_timeout: float = 10.0
    max_retries: int = 3
    transport: httpx.AsyncBaseTransport | None = None
    auto_refresh_token: bool = True
    persist_session: bool = True
    storage: AsyncSupportedStorage | None = None
    flow_type: Literal["pkce", "implicit"] = "pkce"

    def __post_init__(self) -> None:
        if not self.schema:
            raise ValueError("ClientOptions.schema is empty. Pass a schema name such as 'public'")

        if self.flow_type not in ("pkce", "implicit"):
            raise ValueError(
                f"ClientOptions.flow_type is {self.flow_type!r}. Pass 'pkce' or 'implicit'"
            )

        if self.max_retries < 0:
            raise ValueError(
                f"ClientOptions.max_retries is {self.max_retries}. Pass 0 or a positive number"
            )

        for name in ("postgrest_client_timeout", "connect_timeout"):
            value = getattr(self, name)
            if value <= 0:
                raise ValueError(
                    f"ClientOptions.{name} is {value}. Pass a number of seconds above 0"
                )
