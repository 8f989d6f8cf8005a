"""The user detail screen: identities, factors, metadata and the raw record, with admin actions."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from supatui.app.clipboard import copy_text
from supatui.app.errors import ErrorReport
from supatui.app.screens.auth import actions
from supatui.app.screens.auth.messages import UserActionDone, UserDeleted, UserFetched
from supatui.app.screens.auth.queries import fetch_user, format_time, is_banned, user_identity
from supatui.app.screens.auth.style import AUTH_CSS_PATH
from supatui.app.widgets import ErrorPanel, StatusLine
from supatui.app.workers import ForwardWorkerErrors
from supatui.client.auth import Factor, User

__all__ = ["UserDetailScreen", "json_text"]

WRITE_ACTIONS = frozenset(
    {"delete_factor", "ban", "sign_out_everywhere", "confirm_email", "generate_link", "delete_user"}
)


def json_text(value: Any) -> str:
    """Return ``value`` as indented JSON, keeping non-ASCII text readable."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def json_view(value: Any) -> Syntax:
    return Syntax(json_text(value), "json", theme="ansi_dark", word_wrap=True)


def summary_text(user: User) -> Text:
    """Return the user's main fields as ``name: value`` lines of literal text."""
    banned = ""
    if user.banned_until is not None:
        state = "banned" if is_banned(user) else "ban expired"
        banned = f"{state} until {format_time(user.banned_until)}"
    fields = [
        ("id", user.id),
        ("email", user.email or ""),
        ("phone", user.phone or ""),
        ("role", user.role or ""),
        ("anonymous", "yes" if user.is_anonymous else "no"),
        ("created", format_time(user.created_at)),
        ("last sign-in", format_time(user.last_sign_in_at) or "never"),
        ("email confirmed", format_time(user.email_confirmed_at) or "no"),
        ("phone confirmed", format_time(user.phone_confirmed_at) or "no"),
        ("banned", banned or "no"),
    ]
    text = Text()
    for index, (name, value) in enumerate(fields):
        text.append(f"{name:>16}  ", style="dim")
        text.append(value)
        if index < len(fields) - 1:
            text.append("\n")
    return text


class UserDetailScreen(ForwardWorkerErrors, actions.UserActions, Screen[None]):
    """Everything about one user, and the admin actions on it; see the BINDINGS table."""

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="user.close"),
        Binding("f", "delete_factor", "Delete factor", id="user.delete_factor"),
        Binding("b", "ban", "Ban/unban", id="user.ban"),
        Binding("o", "sign_out_everywhere", "Sign out all", id="user.sign_out"),
        Binding("c", "confirm_email", "Confirm email", id="user.confirm_email", show=False),
        Binding("l", "generate_link", "Link", id="user.generate_link"),
        Binding("d,delete", "delete_user", "Delete user", id="user.delete"),
        Binding("y", "copy_raw", "Copy JSON", id="user.copy_json", show=False),
        Binding("r,f5", "refresh", "Refresh", id="user.refresh", show=False),
    ]

    def __init__(self, user: User) -> None:
        """Create the screen.

        Args:
            user: The user as the list showed it; the full record is fetched on mount.
        """
        super().__init__()
        self.user = user
        self.loaded = False
        """True once the full record (identities and factors) has arrived."""

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Auth · user", id="status-line")  # type: ignore[attr-defined]
        yield Label(Text(user_identity(self.user)), id="user-title")
        with VerticalScroll(id="user-body"):
            yield Static(summary_text(self.user), id="user-summary")
            yield Label("Identities", classes="auth-heading")
            identities: DataTable[Text] = DataTable(cursor_type="row", id="identities", show_cursor=False)
            identities.add_columns("provider", "email", "created", "last sign-in", "identity id")
            yield identities
            yield Label("Factors  (f deletes the highlighted factor)", classes="auth-heading")
            factors: DataTable[Text] = DataTable(cursor_type="row", id="factors")
            factors.add_columns("id", "type", "status", "name", "created")
            yield factors
            yield Label("app_metadata", classes="auth-heading")
            yield Static(id="app-metadata")
            yield Label("user_metadata", classes="auth-heading")
            yield Static(id="user-metadata")
            yield Label("raw record  (y copies it)", classes="auth-heading")
            yield Static(id="user-raw")
        yield ErrorPanel(id="user-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#user-error").display = False
        self.render_user()
        self.query_one("#user-body").focus()
        self.load_user()

    @property
    def client(self) -> Any:
        return self.app.client  # type: ignore[attr-defined]

    @work(exclusive=True, exit_on_error=False, group="user", description="Loading the user")
    async def load_user(self) -> None:
        user = await fetch_user(self.client, self.user.id)
        self.post_message(UserFetched(user))

    def on_user_fetched(self, message: UserFetched) -> None:
        self.user = message.user
        self.loaded = True
        self.hide_error()
        self.render_user()

    def render_user(self) -> None:
        user = self.user
        self.query_one("#user-title", Label).update(Text.assemble((user_identity(user), "bold"), f"  {user.id}"))
        self.query_one("#user-summary", Static).update(summary_text(user))

        identities = self.query_one("#identities", DataTable)
        identities.clear()
        for identity in user.identities or []:
            identities.add_row(
                Text(identity.provider), Text(identity.email or ""),
                Text(format_time(identity.created_at, date_only=True)),
                Text(format_time(identity.last_sign_in_at, date_only=True)),
                Text(identity.identity_id or identity.id),
            )

        factors = self.query_one("#factors", DataTable)
        cursor = factors.cursor_row
        factors.clear()
        for factor in user.factors or []:
            factors.add_row(
                Text(factor.id), Text(factor.factor_type),
                Text(factor.status, style="green" if factor.status == "verified" else "yellow"),
                Text(factor.friendly_name or ""), Text(format_time(factor.created_at, date_only=True)),
                key=factor.id,
            )
        if user.factors:
            factors.move_cursor(row=min(max(cursor, 0), len(user.factors) - 1))

        raw = user.to_dict()
        self.query_one("#app-metadata", Static).update(json_view(user.app_metadata))
        self.query_one("#user-metadata", Static).update(json_view(user.user_metadata))
        self.query_one("#user-raw", Static).update(json_view(raw))

    def selected_factor(self) -> Factor | None:
        factors = self.user.factors or []
        if not factors:
            return None
        row = self.query_one("#factors", DataTable).cursor_row
        return factors[row] if 0 <= row < len(factors) else factors[0]

    # -- results of the actions -----------------------------------------------------------

    def on_user_action_done(self, message: UserActionDone) -> None:
        self.notify(message.text)
        if message.user is not None:
            self.user = message.user
            self.render_user()
        self.load_user()

    def on_user_deleted(self, message: UserDeleted) -> None:
        kind = "Soft-deleted" if message.soft else "Deleted"
        self.notify(f"{kind} user {user_identity(self.user)} ({message.user_id})")
        self.dismiss(None)

    def action_copy_raw(self) -> None:
        path = copy_text(self.app, json_text(self.user.to_dict()))
        self.notify(f"Copied the user record as JSON via {path}")

    def action_refresh(self) -> None:
        self.load_user()

    def action_close(self) -> None:
        self.dismiss(None)

    # -- errors and read-only -------------------------------------------------------------

    def show_error(self, worker_name: str, report: ErrorReport) -> None:
        """Replace the record with ``report`` when loading it failed; action failures stay toasts."""
        if worker_name != "load_user":
            return
        panel = self.query_one("#user-error", ErrorPanel)
        panel.show_report(report)
        panel.display = True
        self.query_one("#user-body").display = False

    def hide_error(self) -> None:
        self.query_one("#user-error").display = False
        self.query_one("#user-body").display = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the binding from the footer, the palette and help in read-only mode.
        return not (action in WRITE_ACTIONS and self.app.session.read_only)  # type: ignore[attr-defined]
