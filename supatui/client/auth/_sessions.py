"""The signed-in session: storage, refresh (one request at a time), background refresh, events."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from ..errors import AuthError, AuthRetryableError
from ._api import AuthHttp
from ._models import Session
from ._responses import AuthChangeEvent, Subscription
from ._storage import AsyncSupportedStorage

__all__ = ["EXPIRY_MARGIN_SECONDS", "SessionManager"]

logger = logging.getLogger("supatui.client.auth")

#: A session whose access token expires within this many seconds is refreshed before use,
#: and the background task refreshes it this long before ``expires_at``.
EXPIRY_MARGIN_SECONDS = 10

_RETRY_BASE_DELAY = 0.5
_RETRY_MAX_DELAY = 30.0


class SessionManager:
    """Keeps the current session and refreshes it.

    Every refresh goes through `refresh`, which runs at most one ``grant_type=refresh_token``
    request per refresh token at a time: callers that arrive while it runs await the same
    task. A refresh token is single-use, so a second concurrent request would fail and
    could revoke the session.

    Args:
        http: Request sender of the Auth service.
        storage: Where the session is persisted.
        storage_key: Key of the session in ``storage``.
        auto_refresh_token: Refresh in a background task before the access token expires.
        persist_session: Write the session to ``storage`` (else it lives only in memory).
    """

    def __init__(
        self,
        http: AuthHttp,
        *,
        storage: AsyncSupportedStorage,
        storage_key: str,
        auto_refresh_token: bool,
        persist_session: bool,
    ) -> None:
        self.http = http
        self.storage = storage
        self.storage_key = storage_key
        self.auto_refresh_token = auto_refresh_token
        self.persist_session = persist_session

        self._session: Session | None = None
        self._loaded = False
        self._refresh_task: asyncio.Task[Session] | None = None
        self._refresh_token_in_flight: str | None = None
        self._last_refresh: tuple[str | None, Session | None] = (None, None)
        self._auto_refresh_task: asyncio.Task[None] | None = None
        self._subscribers: dict[str, Callable[[AuthChangeEvent, Session | None], Any]] = {}
        self._initial_tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def current(self) -> Session | None:
        """The session in memory, without loading or refreshing it."""
        return self._session

    @property
    def signed_out(self) -> bool:
        """True when there is certainly no session: none in memory, and storage already read."""
        return self._session is None and (self._loaded or not self.persist_session)

    @staticmethod
    def is_expiring(session: Session) -> bool:
        """Return True when the access token expires within `EXPIRY_MARGIN_SECONDS` or already has."""
        if session.expires_at is None:
            return False
        return session.expires_at - time.time() <= EXPIRY_MARGIN_SECONDS

    async def load(self) -> Session | None:
        """Return the session, reading it from storage on the first call."""
        if self._loaded or not self.persist_session:
            return self._session

        self._loaded = True
        raw = await self.storage.get_item(self.storage_key)
        if raw and self._session is None:
            try:
                self._session = Session.from_dict(json.loads(raw))
            except (ValueError, KeyError, TypeError) as error:
                logger.warning("ignoring the stored session: it cannot be parsed (%s)", error)
                await self.storage.remove_item(self.storage_key)
            else:
                self._start_auto_refresh()
        return self._session

    async def get_session(self) -> Session | None:
        """Return the current session, refreshed first when its access token is expiring."""
        session = await self.load()
        if session is None:
            return None
        if self.is_expiring(session):
            session = await self.refresh(session.refresh_token)
        return session

    async def access_token(self) -> str | None:
        """Return a current access token, or ``None`` when signed out.

        A refresh that the server rejects signs the user out, and then this returns ``None``.

        Raises:
            AuthRetryableError: The refresh could not reach the server.
        """
        try:
            session = await self.get_session()
        except AuthRetryableError:
            raise
        except AuthError:
            return None
        return session.access_token if session else None

    async def refresh(self, refresh_token: str) -> Session:
        """Exchange ``refresh_token`` for a new session, sharing a request already in flight.

        Raises:
            AuthApiError: The server rejected the refresh token, and the session was removed.
            AuthRetryableError: The server could not be reached, and the session is kept.
        """
        # A caller that read the session before a refresh finished still has the old, now
        # used, refresh token, so it gets the session that refresh produced.
        previous, produced = self._last_refresh
        if refresh_token == previous and produced is self._session and produced is not None:
            return produced

        task = self._refresh_task
        if task is None or task.done() or self._refresh_token_in_flight != refresh_token:
            task = asyncio.ensure_future(self._refresh_once(refresh_token))
            self._refresh_task = task
            self._refresh_token_in_flight = refresh_token
        # shield: a caller that is cancelled must not cancel the refresh the others await.
        return await asyncio.shield(task)

    async def _refresh_once(self, refresh_token: str) -> Session:
        try:
            data = await self.http.request(
                "POST",
                "/token",
                query=[("grant_type", "refresh_token")],
                body={"refresh_token": refresh_token},
            )
        except AuthRetryableError:
            raise
        except AuthError as error:
            logger.info("refresh rejected (%s), signing out locally", error.code)
            current = self._session
            if current is not None and current.refresh_token == refresh_token:
                await self.remove()
                await self.emit("SIGNED_OUT", None)
            raise

        session = Session.from_dict(data)
        self._last_refresh = (refresh_token, session)
        await self.save(session)
        await self.emit("TOKEN_REFRESHED", session)
        return session

    async def save(self, session: Session) -> None:
        """Make ``session`` current, persist it, and restart the background refresh."""
        self._session = session
        self._loaded = True
        if self.persist_session:
            await self.storage.set_item(self.storage_key, json.dumps(session.to_dict()))
        self._start_auto_refresh()

    async def remove(self) -> None:
        """Forget the session and stop the background refresh."""
        self._session = None
        self._loaded = True
        self._stop_auto_refresh()
        if self.persist_session:
            await self.storage.remove_item(self.storage_key)

    def _start_auto_refresh(self) -> None:
        self._stop_auto_refresh()
        if not self.auto_refresh_token or self._session is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._auto_refresh_task = loop.create_task(self._auto_refresh_loop())

    def _stop_auto_refresh(self) -> None:
        task = self._auto_refresh_task
        self._auto_refresh_task = None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _auto_refresh_loop(self) -> None:
        attempt = 0
        while True:
            session = self._session
            if session is None or session.expires_at is None:
                return

            delay = session.expires_at - time.time() - EXPIRY_MARGIN_SECONDS
            if delay > 0:
                await asyncio.sleep(delay)

            try:
                # On success, save() replaces this task with one for the new session.
                await self.refresh(session.refresh_token)
                return
            except AuthRetryableError as error:
                attempt += 1
                retry_in = min(_RETRY_BASE_DELAY * 2 ** (attempt - 1), _RETRY_MAX_DELAY)
                logger.warning(
                    "background refresh failed (%s), retry %d in %.1fs", error, attempt, retry_in
                )
                await asyncio.sleep(retry_in)
            except AuthError as error:
                logger.warning("background refresh rejected (%s), signed out", error.code)
                return

    async def aclose(self) -> None:
        """Stop the background refresh and any refresh in flight."""
        self._stop_auto_refresh()
        task = self._refresh_task
        if task is not None and not task.done():
            task.cancel()

    def subscribe(self, callback: Callable[[AuthChangeEvent, Session | None], Any]) -> Subscription:
        """Register ``callback`` for auth events, starting with ``INITIAL_SESSION``.

        ``INITIAL_SESSION`` is delivered at once when the session is already in memory, and
        otherwise after the storage is read, but always before any other event.
        """
        subscription_id = str(uuid.uuid4())
        self._subscribers[subscription_id] = callback

        def unsubscribe() -> None:
            self._subscribers.pop(subscription_id, None)
            task = self._initial_tasks.pop(subscription_id, None)
            if task is not None:
                task.cancel()

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None

        if self._loaded or not self.persist_session or loop is None:
            result = self._call(callback, "INITIAL_SESSION", self._session)
            if inspect.isawaitable(result) and loop is not None:
                self._initial_tasks[subscription_id] = loop.create_task(self._await_result(result))
        else:
            self._initial_tasks[subscription_id] = loop.create_task(self._send_initial(callback))

        return Subscription(id=subscription_id, callback=callback, unsubscribe=unsubscribe)

    async def _send_initial(self, callback: Callable[..., Any]) -> None:
        session = await self.load()
        await self._await_result(self._call(callback, "INITIAL_SESSION", session))

    async def emit(self, event: AuthChangeEvent, session: Session | None) -> None:
        """Call every subscriber with ``event``, logging and skipping a failing callback."""
        for subscription_id, callback in list(self._subscribers.items()):
            initial = self._initial_tasks.pop(subscription_id, None)
            if initial is not None:
                await asyncio.shield(initial)
            await self._await_result(self._call(callback, event, session))

    @staticmethod
    def _call(callback: Callable[..., Any], event: str, session: Session | None) -> Any:
        try:
            return callback(event, session)
        except Exception:
            logger.exception("auth state callback %r failed on %s", callback, event)
            return None

    @staticmethod
    async def _await_result(result: Any) -> None:
        if inspect.isawaitable(result):
            try:
                await result
            except Exception:
                logger.exception("async auth state callback failed")
