"""SupatuiApp: connects, stores the client and session, and reports worker failures."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from supatui.app import filters_bridge
from supatui.app.commands import BindingCommands
from supatui.app.config import ConfigError, Profile, ProfileStore
from supatui.app.errors import describe_error
from supatui.app.logs import setup_logging
from supatui.app.schema import TableInfo
from supatui.app.screens.auth import UsersScreen
from supatui.app.screens.connect import ConnectScreen
from supatui.app.screens.help import HelpScreen, binding_rows
from supatui.app.screens.tables import TablesScreen
from supatui.app.screens.view_as import ViewAsScreen
from supatui.app.session import Session

__all__ = ["SupatuiApp"]

log = logging.getLogger(__name__)


def _make_client(url: str, key: str) -> Any:
    from supatui.client import create_client
    from supatui.client._options import ClientOptions

    # Short timeouts and one retry keep a dead server from holding a screen for minutes.
    options = ClientOptions(postgrest_client_timeout=15.0, connect_timeout=5.0, max_retries=1)
    return create_client(url, key, options=options)


class SupatuiApp(App[int]):
    """The supatui dashboard: one mode per section. Only the Tables section exists so far."""

    CSS_PATH = "app.tcss"
    TITLE = "supatui"
    MODES: ClassVar[dict[str, Any]] = {"tables": TablesScreen, "auth": UsersScreen}
    COMMANDS = App.COMMANDS | {BindingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("1", "switch_section('tables')", "Tables", id="app.section_tables", show=False),
        Binding("2", "switch_section('auth')", "Auth", id="app.section_auth", show=False),
        Binding("V", "view_as", "View as…", id="app.view_as", show=False,
                tooltip="Query tables as a user (password sign-in) or with an anon key"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", show=False),
        Binding("ctrl+t", "change_theme", "Theme", id="app.theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast whose text is always literal, whatever the ``markup`` argument is.

        Toasts carry table and column names, cell values and server errors, and any of
        them may contain square brackets that Rich markup would misread or reject.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def __init__(
        self,
        *,
        url: str | None = None,
        key: str | None = None,
        read_only: bool = False,
        profile_name: str | None = None,
        debug: bool = False,
        client: Any = None,
        store: ProfileStore | None = None,
        log_path: Path | None = None,
    ) -> None:
        """Create the app; without ``url`` and ``key`` (or ``client``) it opens the connection screen.

        Args:
            url: The project URL, such as ``https://xyz.supabase.co``.
            key: The anon or service_role key.
            read_only: Disable inserts, edits and deletes.
            profile_name: The saved profile the URL came from, shown in the status line.
            debug: Log at DEBUG level.
            client: An already-made ``supatui.client.AsyncClient``; the app does not close it.
            store: Where profiles are saved; the default config directory when None.
            log_path: The log file shown in help; `setup_logging` creates one when None.
        """
        super().__init__()
        self.store = store if store is not None else ProfileStore()
        self.log_path = log_path if log_path is not None else setup_logging(debug=debug)
        self.initial_read_only = read_only
        self.initial_url = url or ""
        self.client: Any = client
        self.owns_client = client is None
        self.session: Session | None = None
        self.saved_filters: dict[str, dict[str, Any]] = {}
        """Saved filters per ``schema.table`` for this run, name → FilterTree."""
        if url and (key or client is not None):
            self.session = Session(url=url, key=key or "", read_only=read_only, profile_name=profile_name)

    def on_mount(self) -> None:
        if self.session is None:
            self.push_screen(ConnectScreen(self.store, url=self.initial_url,
                                           read_only=self.initial_read_only))
        else:
            self.start_session(self.session)

    def start_session(self, session: Session) -> None:
        """Build the client when none was given and open the Tables section."""
        self.session = session
        if self.client is None:
            self.client = _make_client(session.url, session.key)
            self.owns_client = True
        log.info("connected to %s as %s (read-only: %s)", session.host, session.role, session.read_only)
        self.switch_mode("tables")

    def on_connect_screen_submitted(self, message: ConnectScreen.Submitted) -> None:
        if message.save and message.name:
            try:
                self.store.save(Profile(name=message.name, url=message.url, read_only=message.read_only),
                                key=message.key)
            except (ConfigError, OSError) as error:
                self.notify(f"Profile not saved: {error}", severity="error")
        self.start_session(Session(url=message.url, key=message.key, read_only=message.read_only,
                                   profile_name=message.name))

    async def on_unmount(self) -> None:
        if self.client is not None and self.owns_client:
            await self.client.aclose()

    # -- one place for worker failures ----------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_worker_error(event.worker)

    def report_worker_error(self, worker: Worker[Any]) -> None:
        """Log a failed worker and show it: on its screen when it has ``show_error``, and as a toast."""
        if worker.error is None:
            return

        report = describe_error(worker.error, action=worker.description or worker.name)
        log.error("%s: %s", report.title, report.text, exc_info=worker.error)
        show_error = getattr(worker.node, "show_error", None)
        if callable(show_error):
            show_error(worker.name, report)
        self.notify(report.text, title=report.title, severity="error", timeout=8)

    viewing_as: reactive[str] = reactive("")
    """The user or key the table browser queries as, or "" for the connection's key."""

    def action_view_as(self) -> None:
        if self.session is None or self.client is None or isinstance(self.screen, ModalScreen):
            return

        def changed(viewer: str | None) -> None:
            if viewer is None:
                return
            self.viewing_as = viewer
            self.notify(f"Viewing tables as {viewer}" if viewer else "Viewing tables with the connection's key")
            if isinstance(self.screen, TablesScreen) and self.screen.view is not None:
                self.screen.action_refresh()

        self.push_screen(ViewAsScreen(self.client), changed)

    def action_switch_section(self, mode: str) -> None:
        """Show section ``mode`` ("tables", "auth"); each section keeps its own screen stack."""
        if self.session is None or isinstance(self.screen, ModalScreen):
            return  # Not connected yet, or a dialog is open.
        self.switch_mode(mode)

    # -- help, profiles -------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen), log_path=str(self.log_path)))

    def _profile(self) -> Profile | None:
        if self.session is None or not self.session.profile_name:
            return None
        try:
            return self.store.load().get(self.session.profile_name)
        except ConfigError as error:
            self.notify(str(error), severity="error")
            return None

    def saved_filters_for(self, table: TableInfo) -> dict[str, Any]:
        """Return the saved filters of ``table``, name → FilterTree, read from the profile once."""
        key = f"{table.schema}.{table.name}"
        if key in self.saved_filters:
            return self.saved_filters[key]

        saved: dict[str, Any] = {}
        profile = self._profile()
        if profile is not None and filters_bridge.FILTERS_AVAILABLE:
            for name, data in profile.saved_filters.get(key, {}).items():
                try:
                    saved[name] = filters_bridge.tree_from_dict(data)
                except (ValueError, TypeError) as error:
                    log.warning("saved filter %r of %s skipped: %s", name, key, error)
        self.saved_filters[key] = saved
        return saved

    def store_saved_filters(self, table: TableInfo, saved: dict[str, Any]) -> None:
        """Keep ``saved`` (name → FilterTree) for this run and write it into the current profile."""
        key = f"{table.schema}.{table.name}"
        self.saved_filters[key] = saved

        profile = self._profile()
        if profile is None:
            self.notify("Saved filters last until you quit: connect with a saved profile to keep them",
                        severity="warning")
            return
        profile.saved_filters[key] = {name: filters_bridge.tree_to_dict(tree) for name, tree in saved.items()}
        try:
            self.store.save(profile)
        except (ConfigError, OSError) as error:
            self.notify(f"Saved filters not written: {error}", severity="error")
