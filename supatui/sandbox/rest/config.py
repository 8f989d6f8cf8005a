"""Settings of the REST service that the sandbox platform passes in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RestConfig"]


@dataclass(frozen=True)
class RestConfig:
    """Settings for the PostgREST-compatible ``/rest/v1`` service.

    Args:
        jwt_secret: HS256 secret that signs every accepted token.
        anon_key: API key (a JWT with role ``anon``) accepted in the ``apikey`` header.
        service_role_key: API key (a JWT with role ``service_role``) accepted in ``apikey``.
        schemas: Exposed schemas; the first one is the default schema.
        max_rows: Maximum number of rows any read returns (PostgREST ``db-max-rows``).
        plan_enabled: Whether ``Accept: application/vnd.pgrst.plan`` (EXPLAIN) is served.
        public_keys: ES256 public keys by key id, for the access tokens Auth signs when the
            sandbox runs with ES256; HS256 tokens are accepted either way.
    """

    jwt_secret: str
    anon_key: str
    service_role_key: str
    schemas: tuple[str, ...] = ("public",)
    max_rows: int = 1000
    plan_enabled: bool = True
    public_keys: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.schemas:
            raise ValueError("RestConfig.schemas is empty: expose at least one schema, e.g. ('public',)")
        if self.max_rows < 1:
            raise ValueError(f"RestConfig.max_rows must be at least 1, got {self.max_rows}")
