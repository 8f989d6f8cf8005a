"""The Auth section's users list: server-side search, paging and client-side toggles."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label

from supatui.app.errors import ErrorReport
from supatui.app.screens.auth.messages import UsersListed
from supatui.app.screens.auth.queries import (
    USER_TOGGLES,
    UsersPage,
    UsersQuery,
    apply_toggles,
    list_users,
    user_row,
)
from supatui.app.screens.auth.style import AUTH_CSS_PATH
from supatui.app.widgets import ErrorPanel, StatusLine
from supatui.app.workers import ForwardWorkerErrors
from supatui.client.auth import User

__all__ = ["UsersScreen"]

COLUMNS: list[tuple[str, int]] = [
    ("identity", 0),
    ("providers", 9),
    ("created", 10),
    ("signed in", 10),
    ("confirmed", 9),
    ("MFA", 3),
    ("banned", 6),
]
"""Column label and width; the identity column takes the width the others leave."""


def user_cells(user: User) -> list[Text]:
    """Return the literal cells of ``user``'s row, one per entry of `COLUMNS`."""
    row = user_row(user)
    return [
        Text(row.identity, no_wrap=True, overflow="ellipsis", style="italic" if row.identity == "anonymous" else ""),
        Text(row.providers, no_wrap=True, overflow="ellipsis"),
        Text(row.created),
        Text(row.last_sign_in or "never", style="" if row.last_sign_in else "dim"),
        Text("yes" if row.confirmed else "no", style="" if row.confirmed else "yellow"),
        Text(str(row.mfa) if row.mfa else ""),
        Text("yes" if row.banned else "", style="bold red"),
    ]


class UsersScreen(ForwardWorkerErrors, Screen[None]):
    """Lists the project's users a page at a time; see the BINDINGS table for the keys.

    The search box is sent to the Auth API as ``filter``. The toggles (confirmed,
    unconfirmed, anonymous, banned, has MFA) filter only the page on screen, because
    the Auth API has no parameters for them.
    """

    CSS_PATH = AUTH_CSS_PATH

    SEARCH_DELAY = 0.35
    """Seconds the search box waits after the last keystroke before it searches."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="auth.search"),
        Binding("n,pagedown", "next_page", "Next page", id="auth.next_page"),
        Binding("p,pageup", "previous_page", "Prev page", id="auth.previous_page", show=False),
        Binding("v", "open_user", "Detail", id="auth.detail"),
        Binding("c", "toggle('confirmed')", "Only confirmed", id="auth.only_confirmed", show=False),
        Binding("u", "toggle('unconfirmed')", "Only unconfirmed", id="auth.only_unconfirmed", show=False),
        Binding("a", "toggle('anonymous')", "Only anonymous", id="auth.only_anonymous", show=False),
        Binding("b", "toggle('banned')", "Only banned", id="auth.only_banned", show=False),
        Binding("m", "toggle('mfa')", "Only with MFA", id="auth.only_mfa", show=False),
        Binding("o", "oauth_clients", "OAuth clients", id="auth.oauth_clients"),
        Binding("L", "session_lab", "Session lab", id="auth.session_lab", show=False),
        Binding("r,f5", "refresh", "Refresh", id="auth.refresh", show=False),
        Binding("escape", "focus_users", "Back to list", id="auth.focus_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = UsersQuery()
        self.page: UsersPage | None = None
        self.shown: list[User] = []
        self.toggles: list[str] = []
        """Active client-side toggles, in the order they were switched on."""
        self.generation = 0
        self.search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Auth", id="status-line")  # type: ignore[attr-defined]
        yield Input(placeholder="/ search email, phone or id (server-side)", id="user-search")
        yield Label(self.toggle_line(), id="user-toggles")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="users")
        yield ErrorPanel(id="users-error")
        yield Label("", id="users-page-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#users-error").display = False
        self.query_one("#users").focus()
        self.call_after_refresh(self.first_load)

    def first_load(self) -> None:
        height = self.query_one("#users", DataTable).size.height
        per_page = max(5, height - 1) if height > 0 else 20
        self.load(UsersQuery(per_page=per_page))

    @property
    def client(self) -> Any:
        return self.app.client  # type: ignore[attr-defined]

    # -- loading --------------------------------------------------------------------------

    def load(self, query: UsersQuery) -> None:
        self.query_state = query
        self.generation += 1
        self.query_one("#users-page-line", Label).update(f"loading page {query.page}…")
        self.fetch_users(self.generation, query)

    @work(exclusive=True, exit_on_error=False, group="users", description="Loading users")
    async def fetch_users(self, generation: int, query: UsersQuery) -> None:
        page = await list_users(self.client, query)
        self.post_message(UsersListed(generation, page))

    def on_users_listed(self, message: UsersListed) -> None:
        if message.generation != self.generation:
            return  # A newer search or page superseded this one.
        self.page = message.page
        self.hide_error()
        self.render_users()

    def render_users(self) -> None:
        table = self.query_one("#users", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        page = self.page
        if page is None:
            return

        self.shown = apply_toggles(page.users, self.toggles)
        cells = [user_cells(user) for user in self.shown]

        # Fixed widths keep every column on an 80-column screen: the others take 61 cells
        # with padding and scrollbar, and the identity column gets the rest.
        longest = max([len("identity"), *(row[0].cell_len for row in cells)])
        identity_width = min(longest, max(16, self.size.width - 63))
        for label, width in COLUMNS:
            table.add_column(Text(label, no_wrap=True), key=label, width=width or identity_width)

        for user, row_cells in zip(self.shown, cells, strict=True):
            table.add_row(*row_cells, key=user.id)
        if self.shown:
            table.move_cursor(row=min(cursor, len(self.shown) - 1))

        self.query_one("#users-page-line", Label).update(Text(self.page_line()))
        self.query_one("#user-toggles", Label).update(self.toggle_line())

    def page_line(self) -> str:
        assert self.page is not None
        text = self.page.label(len(self.shown))
        text += f" · page {self.page.query.page}/{self.page.last_page}"
        if self.page.query.search.strip():
            text += f" · search: {self.page.query.search.strip()}"
        return text

    def toggle_line(self) -> Text:
        text = Text("this page only: ", style="dim")
        keys = {"confirmed": "c", "unconfirmed": "u", "anonymous": "a", "banned": "b", "mfa": "m"}
        for name, label in USER_TOGGLES.items():
            active = name in self.toggles
            text.append(keys[name], style="bold reverse" if active else "bold")
            text.append(f" {label}  ", style="bold" if active else "dim")
        return text

    # -- search ---------------------------------------------------------------------------

    @on(Input.Changed, "#user-search")
    def search_changed(self, event: Input.Changed) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
        self.search_timer = self.set_timer(self.SEARCH_DELAY, self.search_now)

    @on(Input.Submitted, "#user-search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.search_now()
        self.query_one("#users").focus()

    def search_now(self) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
            self.search_timer = None
        text = self.query_one("#user-search", Input).value
        if text.strip() == self.query_state.search.strip() and self.page is not None:
            return
        self.load(UsersQuery(search=text, page=1, per_page=self.query_state.per_page))

    def action_focus_search(self) -> None:
        self.query_one("#user-search").focus()

    def action_focus_users(self) -> None:
        self.query_one("#users").focus()

    # -- paging and toggles ---------------------------------------------------------------

    def action_next_page(self) -> None:
        if self.page is not None and self.query_state.page < self.page.last_page:
            self.load(UsersQuery(self.query_state.search, self.query_state.page + 1, self.query_state.per_page))

    def action_previous_page(self) -> None:
        if self.query_state.page > 1:
            self.load(UsersQuery(self.query_state.search, self.query_state.page - 1, self.query_state.per_page))

    def action_refresh(self) -> None:
        self.load(self.query_state)

    def action_toggle(self, name: str) -> None:
        """Switch a client-side toggle; confirmed and unconfirmed exclude each other."""
        if name in self.toggles:
            self.toggles.remove(name)
        else:
            opposite = {"confirmed": "unconfirmed", "unconfirmed": "confirmed"}.get(name)
            if opposite in self.toggles:
                self.toggles.remove(opposite)
            self.toggles.append(name)
        self.render_users()

    # -- navigation -----------------------------------------------------------------------

    def selected_user(self) -> User | None:
        table = self.query_one("#users", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    @on(DataTable.RowSelected, "#users")
    def user_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_user()

    def action_open_user(self) -> None:
        from supatui.app.screens.auth.detail import UserDetailScreen

        user = self.selected_user()
        if user is not None:
            self.app.push_screen(UserDetailScreen(user), callback=lambda _: self.action_refresh())

    def action_oauth_clients(self) -> None:
        from supatui.app.screens.auth.oauth import OAuthClientsScreen

        self.app.push_screen(OAuthClientsScreen())

    def action_session_lab(self) -> None:
        from supatui.app.screens.auth.session_lab import SessionLabScreen

        self.app.push_screen(SessionLabScreen())

    # -- errors ---------------------------------------------------------------------------

    def show_error(self, worker_name: str, report: ErrorReport) -> None:
        """Replace the list with ``report`` (called by the app's worker error handler)."""
        if worker_name != "fetch_users":
            return
        panel = self.query_one("#users-error", ErrorPanel)
        panel.show_report(report)
        panel.display = True
        self.query_one("#users").display = False
        self.query_one("#users-page-line", Label).update("")

    def hide_error(self) -> None:
        self.query_one("#users-error").display = False
        self.query_one("#users").display = True
