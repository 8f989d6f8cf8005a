"""Settings of one sandbox: where its data lives, which port it binds and what it seeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SEED_NAMES", "SandboxSettings"]

#: Seeds the sandbox can load at start: ``empty`` loads nothing, ``demo`` and ``bench``
#: load the astronomy demo schema (``bench`` is the same data set for now).
SEED_NAMES = ("empty", "demo", "bench")


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    """Settings of one sandbox.

    Args:
        data_dir: folder for the PostgreSQL data and the keys file, kept across restarts;
            ``None`` uses a temporary folder that is deleted on stop.
        port: TCP port on 127.0.0.1 for the HTTP API; 0 picks a free one.
        seed: one of ``SEED_NAMES``.
        database_url: an existing PostgreSQL server to use, as a superuser DSN;
            ``None`` starts an embedded server in ``data_dir``.
        max_rows: maximum number of rows one REST response returns (PostgREST's
            ``db-max-rows``).
        schemas: schemas exposed over REST; the demo and bench seeds add ``analytics``.
        auth_autoconfirm: confirm emails and phones at sign-up, so sign-up returns a session;
            ``False`` sends a confirmation message to the mailbox instead.
        jwt_algorithm: how ``/auth/v1`` signs access tokens: ``"HS256"`` with the shared
            secret, or ``"ES256"`` with a P-256 key kept in the data folder and listed at
            ``/auth/v1/.well-known/jwks.json``.
        auth_bcrypt_rounds: bcrypt cost of new password hashes; tests use 4 (fast), real
            use 10.
    """

    data_dir: Path | None = None
    port: int = 0
    seed: str = "empty"
    database_url: str | None = None
    max_rows: int = 1000
    schemas: tuple[str, ...] = ("public",)
    auth_autoconfirm: bool = True
    jwt_algorithm: str = "HS256"
    auth_bcrypt_rounds: int = 10

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"Invalid port {self.port}: use 0 (any free port) or 1-65535.")

        if self.seed not in SEED_NAMES:
            raise ValueError(f"Unknown seed {self.seed!r}: use one of {', '.join(SEED_NAMES)}.")

        if self.max_rows < 1:
            raise ValueError(f"Invalid max_rows {self.max_rows}: use a positive number.")

        if not self.schemas or any(not schema for schema in self.schemas):
            raise ValueError(f"Invalid schemas {self.schemas!r}: name at least one schema.")

        if self.jwt_algorithm not in ("HS256", "ES256"):
            raise ValueError(f"Unsupported jwt_algorithm {self.jwt_algorithm!r}: use HS256 or ES256.")

        if not 4 <= self.auth_bcrypt_rounds <= 31:
            raise ValueError(f"Invalid auth_bcrypt_rounds {self.auth_bcrypt_rounds}: use 4 to 31.")

        if self.data_dir is not None and not isinstance(self.data_dir, Path):
            object.__setattr__(self, "data_dir", Path(self.data_dir))

        if isinstance(self.schemas, list):
            object.__setattr__(self, "schemas", tuple(self.schemas))
