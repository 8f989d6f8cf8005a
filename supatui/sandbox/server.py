"""``Sandbox``: PostgreSQL, the bootstrap and seed, and uvicorn serving the API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import asyncpg
import uvicorn

from supatui.sandbox.app import build_app, build_auth_app, build_rest_app
from supatui.sandbox.auth import AuthConfig, apply_auth_schema
from supatui.sandbox.auth.keyfile import load_or_create_es256_key
from supatui.sandbox.db import EmbeddedPostgres, bootstrap_database, connect
from supatui.sandbox.errors import SandboxError
from supatui.sandbox.keys import mint_jwt
from supatui.sandbox.keystore import SandboxKeys, load_or_create_keys
from supatui.sandbox.seed import SEEDS, apply_seed
from supatui.sandbox.settings import SandboxSettings

__all__ = ["Sandbox"]

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"

#: Seconds uvicorn gets to finish open requests on stop before connections are cut.
SHUTDOWN_TIMEOUT_SECONDS = 5.0


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its owner.

    uvicorn's own handlers re-raise SIGINT/SIGTERM after it stops, which would end the
    process before the sandbox has stopped PostgreSQL.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class Sandbox:
    """A local Supabase-compatible stack on real PostgreSQL, served on 127.0.0.1.

    Args:
        settings: where the data lives, the port, the seed and the REST limits.
    """

    def __init__(self, settings: SandboxSettings | None = None) -> None:
        self.settings = settings or SandboxSettings()
        self.port: int | None = None
        self.db_url: str | None = None
        self.data_dir: Path | None = None
        self.schemas: tuple[str, ...] = self.settings.schemas
        self.rest_app: Any = None
        self.auth_app: Any = None
        self._keys: SandboxKeys | None = None
        self._temporary_dir: Path | None = None
        self._postgres: EmbeddedPostgres | None = None
        self._pool: asyncpg.Pool | None = None
        self._listener: socket.socket | None = None
        self._server: _Server | None = None
        self._serve_task: asyncio.Task[None] | None = None

    # -- attributes valid after start() ---------------------------------------------------------

    @property
    def api_url(self) -> str:
        """Base URL of the API, ``http://127.0.0.1:PORT``; REST is at ``api_url + "/rest/v1"``."""
        if self.port is None:
            raise SandboxError("The sandbox has no API URL before start(); await start() first.")
        return f"http://{HOST}:{self.port}"

    @property
    def jwt_secret(self) -> str:
        """HS256 secret that signs the API keys and user tokens."""
        return self._require_keys().jwt_secret

    @property
    def anon_key(self) -> str:
        """API key for the ``anon`` role."""
        return self._require_keys().anon_key

    @property
    def service_role_key(self) -> str:
        """API key for the ``service_role`` role, which bypasses row-level security."""
        return self._require_keys().service_role_key

    @property
    def running(self) -> bool:
        """Whether the HTTP server is serving."""
        return self._server is not None and self._server.started and not self._server.should_exit

    def mint_token(
        self, role: str = "authenticated", sub: str | None = None, exp_in: int = 3600, **claims: Any
    ) -> str:
        """Sign a token for ``role`` (and user id ``sub``) valid for ``exp_in`` seconds.

        Extra keyword arguments become claims, for example ``email=...``.
        """
        if sub is not None:
            claims["sub"] = sub
        return mint_jwt(self.jwt_secret, role=role, expires_in=exp_in, **claims)

    async def reload_schema(self) -> None:
        """Reload the REST schema cache now and wait until it has reloaded.

        The DDL watch already triggers a reload after each DDL statement, but asynchronously.
        Tests call this after their DDL, so the next request sees the new objects. Does
        nothing while no REST app is mounted.
        """
        if self.rest_app is None:
            return
        cache = self.rest_app.state.rest.cache

        # get() loads the cache and starts its listener on first use. reload() then reads the
        # catalog again, so the snapshot includes every transaction committed before this call.
        await cache.get()
        await cache.reload()

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start PostgreSQL, bootstrap and seed it, and serve the API.

        Raises:
            SandboxError: a step failed; everything started before it is stopped again.
        """
        if self._serve_task is not None:
            raise SandboxError("The sandbox is already running; call stop() before start().")

        started = time.perf_counter()
        try:
            await self._start_steps()
        except BaseException:
            await self.stop()
            raise
        logger.info(
            "Sandbox serving at %s (started in %.2f s)", self.api_url, time.perf_counter() - started
        )

    async def _start_steps(self) -> None:
        self.schemas = self.settings.schemas
        self.data_dir = self._prepare_data_dir()
        self._keys = load_or_create_keys(self.data_dir)

        # Bind before PostgreSQL starts, so a busy port fails fast and the real port is known.
        self._listener = _bind_listener(self.settings.port)
        self.port = self._listener.getsockname()[1]

        self.db_url = await self._start_database()
        await self._prepare_database(self.db_url)

        self._pool = await asyncpg.create_pool(self.db_url, min_size=1, max_size=10)
        await self._serve()

    def _prepare_data_dir(self) -> Path:
        if self.settings.data_dir is None:
            self._temporary_dir = Path(tempfile.mkdtemp(prefix="supatui-sandbox-"))
            atexit.register(self._stop_at_exit)
            return self._temporary_dir

        data_dir = self.settings.data_dir.expanduser().resolve()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SandboxError(f"Cannot create the data folder {data_dir}: {error}.") from error
        return data_dir

    async def _start_database(self) -> str:
        if self.settings.database_url is not None:
            return self.settings.database_url

        assert self.data_dir is not None
        self._postgres = EmbeddedPostgres(self.data_dir / "pgdata")
        if self._temporary_dir is None:
            atexit.register(self._stop_at_exit)
        return await asyncio.to_thread(self._postgres.start)

    async def _prepare_database(self, dsn: str) -> None:
        plan = SEEDS[self.settings.seed]
        if plan is not None:
            extra = tuple(schema for schema in plan.schemas if schema not in self.schemas)
            self.schemas = self.schemas + extra

        connection = await connect(dsn)
        try:
            await bootstrap_database(connection)
            await apply_auth_schema(connection)
            await apply_seed(connection, self.settings.seed)
        finally:
            await connection.close()

    async def _serve(self) -> None:
        assert self._pool is not None
        assert self._listener is not None
        assert self.db_url is not None
        keys = self._require_keys()
        auth_config = self._auth_config(keys)
        public_keys = {}
        if auth_config.es256_private_key_pem is not None:
            from supatui.sandbox.auth.tokens import es256_public_keys

            public_keys = es256_public_keys(auth_config.es256_private_key_pem)

        self.rest_app = build_rest_app(
            self._pool,
            dsn=self.db_url,
            jwt_secret=keys.jwt_secret,
            anon_key=keys.anon_key,
            service_role_key=keys.service_role_key,
            schemas=self.schemas,
            max_rows=self.settings.max_rows,
            public_keys=public_keys,
        )
        services = {} if self.rest_app is None else {"/rest/v1": self.rest_app}
        self.auth_app = build_auth_app(self._pool, auth_config)
        services["/auth/v1"] = self.auth_app
        app = build_app(self._pool, services)

        config = uvicorn.Config(
            app,
            lifespan="on",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=int(SHUTDOWN_TIMEOUT_SECONDS),
        )
        self._server = _Server(config)
        self._serve_task = asyncio.create_task(self._run_server(self._server, self._listener))

        while not self._server.started:
            if self._serve_task.done():
                self._serve_task.result()
                raise SandboxError(
                    "The HTTP server stopped during startup; see the error logged above."
                )
            await asyncio.sleep(0.01)

    def _auth_config(self, keys: SandboxKeys) -> AuthConfig:
        assert self.data_dir is not None
        pem = None
        if self.settings.jwt_algorithm == "ES256":
            pem = load_or_create_es256_key(self.data_dir)
        return AuthConfig(
            jwt_secret=keys.jwt_secret,
            anon_key=keys.anon_key,
            service_role_key=keys.service_role_key,
            autoconfirm=self.settings.auth_autoconfirm,
            jwt_algorithm=self.settings.jwt_algorithm,
            es256_private_key_pem=pem,
            external_url=f"{self.api_url}/auth/v1",
            bcrypt_rounds=self.settings.auth_bcrypt_rounds,
        )

    @staticmethod
    async def _run_server(server: _Server, listener: socket.socket) -> None:
        # uvicorn calls sys.exit() when the app's lifespan startup fails. A SystemExit escaping
        # a task would end the caller's event loop, so it becomes a SandboxError here.
        try:
            await server.serve(sockets=[listener])
        except SystemExit as error:
            raise SandboxError(
                f"The API failed to start (uvicorn exit code {error.code}); see the error logged above."
            ) from None

    async def stop(self) -> None:
        """Stop serving, close the pool, stop the embedded PostgreSQL and delete a temporary folder.

        Safe to call twice, and after a failed start().
        """
        if self._server is not None and self._serve_task is not None:
            self._server.should_exit = True
            try:
                await asyncio.wait_for(
                    asyncio.shield(self._serve_task), SHUTDOWN_TIMEOUT_SECONDS * 2
                )
            except TimeoutError:
                self._server.force_exit = True
                self._serve_task.cancel()
            except Exception as error:  # noqa: BLE001 (serving has ended; stopping goes on)
                # start() raised this error already, or it is logged here once.
                logger.error("The HTTP server failed while stopping: %r", error)
        self._server = None
        self._serve_task = None

        if self._listener is not None:
            self._listener.close()
            self._listener = None

        if self._pool is not None:
            await self._pool.close()
            self._pool = None

        if self._postgres is not None:
            await asyncio.to_thread(self._postgres.stop)
            self._postgres = None

        self._remove_temporary_dir()
        atexit.unregister(self._stop_at_exit)

    def _stop_at_exit(self) -> None:
        """Stop PostgreSQL and delete a temporary folder when the interpreter exits unstopped."""
        if self._postgres is not None:
            self._postgres.stop()
            self._postgres = None
        self._remove_temporary_dir()

    def _remove_temporary_dir(self) -> None:
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)
            self._temporary_dir = None

    def _require_keys(self) -> SandboxKeys:
        if self._keys is None:
            raise SandboxError("The sandbox has no keys before start(); await start() first.")
        return self._keys

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


def _bind_listener(port: int) -> socket.socket:
    # The explicit IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on accepted sockets whose
    # proto is IPPROTO_TCP, and with proto 0 every response waits ~40 ms for a delayed ACK.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        raise SandboxError(
            f"Cannot listen on {HOST}:{port}: {error.strerror}. Choose another port, or 0 for any free one."
        ) from error
    listener.listen(128)
    return listener
