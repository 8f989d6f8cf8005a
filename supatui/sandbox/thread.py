"""``SandboxThread``: a ``Sandbox`` on its own event loop in a daemon thread.

For tests and the demo, where the caller's event loop (pytest's, Textual's) must stay free
while the sandbox serves requests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, Self, TypeVar

from supatui.sandbox.errors import SandboxError
from supatui.sandbox.server import Sandbox
from supatui.sandbox.settings import SandboxSettings

__all__ = ["SandboxThread"]

T = TypeVar("T")

#: Seconds start() waits for PostgreSQL, the seed and uvicorn; the 1M-row seeds take seconds.
START_TIMEOUT_SECONDS = 300.0
STOP_TIMEOUT_SECONDS = 60.0


class SandboxThread:
    """A sandbox running in a daemon thread; ``start()`` and ``stop()`` block.

    Args:
        settings: passed to ``Sandbox``.
    """

    def __init__(self, settings: SandboxSettings | None = None) -> None:
        self.sandbox = Sandbox(settings)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._start_error: BaseException | None = None
        self._stop_requested: asyncio.Event | None = None

    # The attributes of the running sandbox, readable from any thread.

    @property
    def settings(self) -> SandboxSettings:
        """The sandbox's settings."""
        return self.sandbox.settings

    @property
    def api_url(self) -> str:
        """Base URL of the API, ``http://127.0.0.1:PORT``."""
        return self.sandbox.api_url

    @property
    def db_url(self) -> str:
        """Superuser DSN of the sandbox database."""
        if self.sandbox.db_url is None:
            raise SandboxError(
                "The sandbox has no database URL before start(); call start() first."
            )
        return self.sandbox.db_url

    @property
    def port(self) -> int | None:
        """TCP port of the API on 127.0.0.1."""
        return self.sandbox.port

    @property
    def schemas(self) -> tuple[str, ...]:
        """Schemas exposed over REST."""
        return self.sandbox.schemas

    @property
    def jwt_secret(self) -> str:
        """HS256 secret that signs the API keys and user tokens."""
        return self.sandbox.jwt_secret

    @property
    def anon_key(self) -> str:
        """API key for the ``anon`` role."""
        return self.sandbox.anon_key

    @property
    def service_role_key(self) -> str:
        """API key for the ``service_role`` role."""
        return self.sandbox.service_role_key

    def mint_token(
        self, role: str = "authenticated", sub: str | None = None, exp_in: int = 3600, **claims: Any
    ) -> str:
        """Sign a token; see ``Sandbox.mint_token``."""
        return self.sandbox.mint_token(role, sub, exp_in, **claims)

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coroutine`` on the sandbox's event loop and return its future."""
        if self._loop is None or not self._loop.is_running():
            coroutine.close()
            raise SandboxError("The sandbox thread is not running; call start() first.")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def reload_schema(self) -> None:
        """Reload the REST schema cache; awaitable from any event loop."""
        await asyncio.wrap_future(self.submit(self.sandbox.reload_schema()))

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> Self:
        """Start the thread and block until the sandbox serves.

        Raises:
            SandboxError: the sandbox failed to start (the cause is chained) or timed out.
        """
        if self._thread is not None:
            raise SandboxError("The sandbox thread is already started; call stop() first.")

        self._ready.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._run, name="supatui-sandbox", daemon=True)
        self._thread.start()

        if not self._ready.wait(timeout):
            self.stop()
            raise SandboxError(f"The sandbox did not start within {timeout:.0f} s.")

        if self._start_error is not None:
            self._thread.join(STOP_TIMEOUT_SECONDS)
            self._thread = None
            error = self._start_error
            if isinstance(error, SandboxError):
                raise error
            raise SandboxError(f"The sandbox failed to start: {error!r}.") from error

        if not self.sandbox.running:
            self.stop()
            raise SandboxError("The sandbox thread ended during start; see the errors logged above.")
        return self

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """Stop the sandbox and block until its thread has ended. Safe to call twice."""
        thread = self._thread
        if thread is None:
            return

        loop, stop_requested = self._loop, self._stop_requested
        if loop is not None and stop_requested is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop_requested.set)
            except RuntimeError:  # the loop closed between the check and the call
                pass

        thread.join(timeout)
        if thread.is_alive():
            raise SandboxError(f"The sandbox thread did not stop within {timeout:.0f} s.")
        self._thread = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_requested = asyncio.Event()

        try:
            await self.sandbox.start()
        except Exception as error:  # noqa: BLE001 (start() re-raises it in the caller's thread)
            self._start_error = error
            return
        finally:
            self._ready.set()

        try:
            await self._stop_requested.wait()
        finally:
            await self.sandbox.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
