"""Schema cache: a SchemaSnapshot kept current by ``NOTIFY pgrst, 'reload schema'``."""

from __future__ import annotations

import asyncio
import logging

import asyncpg

from .errors import ApiError
from .introspect import introspect
from .schema_model import Function, Relation, SchemaSnapshot

__all__ = ["NOTIFY_CHANNEL", "SchemaCache", "find_functions", "find_relation"]

logger = logging.getLogger(__name__)

#: PostgreSQL channel PostgREST listens on; payload ``reload schema`` (or empty) reloads the cache.
NOTIFY_CHANNEL = "pgrst"


class SchemaCache:
    """Introspected schemas, loaded lazily and reloaded on notification.

    Args:
        pool: Pool used for introspection queries.
        schemas: Exposed schemas.
        dsn: DSN for the dedicated listening connection; without it one pooled connection is
            held for listening.
    """

    def __init__(self, pool: asyncpg.Pool, schemas: tuple[str, ...], dsn: str | None = None) -> None:
        self._pool = pool
        self._schemas = schemas
        self._dsn = dsn
        self._snapshot: SchemaSnapshot | None = None
        self._lock = asyncio.Lock()
        self._listener: asyncpg.Connection | None = None
        self._listener_from_pool = False
        self._reload_task: asyncio.Task[None] | None = None
        self.generation = 0
        self._reloaded = asyncio.Event()

    async def get(self) -> SchemaSnapshot:
        """Return the current snapshot, loading it and starting the listener on first use.

        Raises:
            ApiError: 503 PGRST002 when the catalog cannot be read.
        """
        if self._snapshot is None:
            async with self._lock:
                if self._snapshot is None:
                    await self._start_listener()
                    await self._load()
        assert self._snapshot is not None
        return self._snapshot

    async def reload(self) -> None:
        """Reload the snapshot now (starting the listener if it is not running yet)."""
        async with self._lock:
            await self._start_listener()
            await self._load()

    async def wait_reload(self, after_generation: int, timeout: float = 10.0) -> None:
        """Wait until a reload newer than ``after_generation`` has finished.

        Raises:
            TimeoutError: no reload happened within ``timeout`` seconds.
        """
        async with asyncio.timeout(timeout):
            while self.generation <= after_generation:
                self._reloaded.clear()
                await self._reloaded.wait()

    async def aclose(self) -> None:
        """Stop listening and release the listening connection."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        try:
            await listener.remove_listener(NOTIFY_CHANNEL, self._on_notify)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            logger.debug("removing the pgrst listener failed", exc_info=True)
        if self._listener_from_pool:
            await self._pool.release(listener)
        else:
            await listener.close()

    async def _load(self) -> None:
        try:
            async with self._pool.acquire() as connection:
                self._snapshot = await introspect(connection, self._schemas)
        except (asyncpg.PostgresError, OSError) as error:
            logger.error("schema cache load failed: %s", error)
            raise ApiError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.",
                           str(error)) from error
        # NOTE: pooled connections keep their cached prepared statements. Every request statement
        # returns fixed types (bigint counts, JSON as text), so PostgreSQL re-plans them after DDL
        # without error, and the app retries a request once if a cached statement still fails.
        self.generation += 1
        self._reloaded.set()
        logger.info("schema cache loaded (generation %d)", self.generation)

    async def _start_listener(self) -> None:
        if self._listener is not None:
            return
        if self._dsn is not None:
            self._listener = await asyncpg.connect(self._dsn)
        else:
            self._listener = await self._pool.acquire()
            self._listener_from_pool = True
        await self._listener.add_listener(NOTIFY_CHANNEL, self._on_notify)
        self._listener.add_termination_listener(self._on_listener_lost)

    def _on_listener_lost(self, connection: object) -> None:
        # The next get() or reload() opens a new listening connection and reloads, so schema
        # changes made while it was down are picked up then.
        if connection is self._listener:
            logger.warning("the pgrst listening connection closed; it reconnects on the next request")
            self._listener = None
            self._snapshot = None

    def _on_notify(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        if payload.strip() not in ("", "reload schema"):
            return
        self._reload_task = asyncio.get_running_loop().create_task(self._reload_logged())

    async def _reload_logged(self) -> None:
        try:
            await self.reload()
        except ApiError:
            logger.exception("schema cache reload after NOTIFY failed")


def find_relation(snapshot: SchemaSnapshot, schema: str, name: str) -> Relation:
    """Return relation ``schema.name``.

    Raises:
        ApiError: 404 PGRST205 when it is not in the cache.
    """
    relation = snapshot.relations.get((schema, name))
    if relation is None:
        raise ApiError(404, "PGRST205", f"Could not find the table '{schema}.{name}' in the schema cache",
                       None, _closest_hint(snapshot, schema, name))
    return relation


def _closest_hint(snapshot: SchemaSnapshot, schema: str, name: str) -> str | None:
    lowered = name.lower()
    for relation_schema, relation_name in snapshot.relations:
        if relation_schema == schema and relation_name.lower() == lowered:
            return f"Perhaps you meant the table '{schema}.{relation_name}'"
    return None


def find_functions(snapshot: SchemaSnapshot, schema: str, name: str) -> list[Function]:
    """Return every overload of ``schema.name`` (possibly empty)."""
    return snapshot.functions.get((schema, name), [])
