"""Options accepted by create_client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

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
    """

    schema: str = "public"
    headers: dict[str, str] = field(default_factory=dict)
    postgrest_client_timeout: float = 120.0
    storage_client_timeout: float = 20.0
    function_client_timeout: float = 5.0
    connect_timeout: float = 10.0
    max_retries: int = 3
    transport: httpx.AsyncBaseTransport | None = None

    def __post_init__(self) -> None:
        if not self.schema:
            raise ValueError("ClientOptions.schema is empty. Pass a schema name such as 'public'")

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
