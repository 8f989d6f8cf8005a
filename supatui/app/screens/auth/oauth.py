"""The OAuth clients screen: list, create, delete, and regenerate a client secret."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from supatui.app.errors import ErrorReport
from supatui.app.screens.auth.dialogs import SecretScreen
from supatui.app.screens.auth.messages import (
    OAuthClientSaved,
    OAuthClientsListed,
    OAuthSecretIssued,
)
from supatui.app.screens.auth.oauth_form import OAuthClientFormScreen
from supatui.app.screens.auth.oauth_queries import (
    NewOAuthClient,
    create_oauth_client,
    delete_oauth_client,
    list_oauth_clients,
    regenerate_secret,
    update_oauth_client,
)
from supatui.app.screens.auth.queries import format_time
from supatui.app.screens.auth.style import AUTH_CSS_PATH
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.widgets import ErrorPanel, StatusLine
from supatui.app.workers import ForwardWorkerErrors
from supatui.client.auth import OAuthClient

__all__ = ["OAuthClientsScreen"]

WRITE_ACTIONS = frozenset({"new_client", "edit_client", "delete_client", "regenerate_secret"})


class OAuthClientsScreen(ForwardWorkerErrors, Screen[None]):
    """The project's OAuth 2.1 server clients; see the BINDINGS table for the keys."""

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="oauth.close"),
        Binding("n,insert", "new_client", "New client", id="oauth.new"),
        Binding("e", "edit_client", "Edit", id="oauth.edit"),
        Binding("d,delete", "delete_client", "Delete", id="oauth.delete"),
        Binding("s", "regenerate_secret", "New secret", id="oauth.regenerate_secret"),
        Binding("r,f5", "refresh", "Refresh", id="oauth.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.clients: list[OAuthClient] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Auth · OAuth clients", id="status-line")  # type: ignore[attr-defined]
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="oauth-clients")
        table.add_columns("name", "type", "client_id", "redirect URIs", "grant types", "created")
        yield table
        yield ErrorPanel(id="oauth-error")
        yield Label("", id="oauth-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#oauth-error").display = False
        self.query_one("#oauth-clients").focus()
        self.load_clients()

    @property
    def client(self) -> Any:
        return self.app.client  # type: ignore[attr-defined]

    @work(exclusive=True, exit_on_error=False, group="oauth", description="Loading OAuth clients")
    async def load_clients(self) -> None:
        clients = await list_oauth_clients(self.client)
        self.post_message(OAuthClientsListed(clients))

    @on(OAuthClientsListed)
    def clients_listed(self, message: OAuthClientsListed) -> None:
        self.clients = message.clients
        self.query_one("#oauth-error").display = False
        table = self.query_one("#oauth-clients", DataTable)
        table.display = True
        cursor = table.cursor_row
        table.clear()
        for item in self.clients:
            table.add_row(
                Text(item.client_name or "", no_wrap=True, overflow="ellipsis"),
                Text(item.client_type or ""),
                Text(item.client_id),
                Text(" ".join(item.redirect_uris), no_wrap=True, overflow="ellipsis"),
                Text(", ".join(item.grant_types)),
                Text(format_time(item.created_at, date_only=True)),
                key=item.client_id,
            )
        if self.clients:
            table.move_cursor(row=min(max(cursor, 0), len(self.clients) - 1))
        self.query_one("#oauth-line", Label).update(f"{len(self.clients)} OAuth clients")

    def selected(self) -> OAuthClient | None:
        row = self.query_one("#oauth-clients", DataTable).cursor_row
        return self.clients[row] if 0 <= row < len(self.clients) else None

    # -- create ---------------------------------------------------------------------------

    def action_new_client(self) -> None:
        self.app.push_screen(OAuthClientFormScreen(), self._form_done)

    def _form_done(self, new: NewOAuthClient | None) -> None:
        if new is not None:
            self.run_create(new)

    def action_edit_client(self) -> None:
        item = self.selected()
        if item is None:
            return

        def edited(changes: NewOAuthClient | None) -> None:
            if changes is not None:
                self.run_update(item, changes)

        self.app.push_screen(OAuthClientFormScreen(item), edited)

    @work(exclusive=True, exit_on_error=False, group="oauth-action", description="Saving the OAuth client")
    async def run_update(self, item: OAuthClient, changes: NewOAuthClient) -> None:
        updated = await update_oauth_client(self.client, item.client_id, changes)
        self.post_message(OAuthClientSaved(f"Saved OAuth client {updated.client_name} ({updated.client_id})"))

    @work(exclusive=True, exit_on_error=False, group="oauth-action", description="Creating the OAuth client")
    async def run_create(self, new: NewOAuthClient) -> None:
        created = await create_oauth_client(self.client, new)
        if created.client_secret:
            self.post_message(OAuthSecretIssued(created))
        else:
            self.post_message(OAuthClientSaved(f"Created public client {created.client_name} ({created.client_id})"))

    @on(OAuthSecretIssued)
    def secret_issued(self, message: OAuthSecretIssued) -> None:
        issued = message.client
        secret = issued.client_secret or ""
        issued.client_secret = None  # The dialog below keeps the only copy.
        self.app.push_screen(SecretScreen(issued.client_name or "", issued.client_id, secret))
        self.load_clients()

    @on(OAuthClientSaved)
    def client_saved(self, message: OAuthClientSaved) -> None:
        self.notify(message.text)
        self.load_clients()

    # -- delete and regenerate ------------------------------------------------------------

    def action_delete_client(self) -> None:
        item = self.selected()
        if item is None:
            return
        body = "\n".join([
            f"name: {item.client_name or ''}",
            f"client_id: {item.client_id}",
            "Its tokens stop working.",
        ])

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_delete(item)

        self.app.push_screen(ConfirmScreen(f"Delete OAuth client {item.client_name}?", body), confirmed)

    @work(exclusive=True, exit_on_error=False, group="oauth-action", description="Deleting the OAuth client")
    async def run_delete(self, item: OAuthClient) -> None:
        await delete_oauth_client(self.client, item.client_id)
        self.post_message(OAuthClientSaved(f"Deleted OAuth client {item.client_name} ({item.client_id})"))

    def action_regenerate_secret(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.client_type == "public":
            self.notify(f"{item.client_name} is a public client, which has no secret", severity="warning")
            return
        body = f"client_id: {item.client_id}\nThe current secret stops working at once."

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_regenerate(item)

        self.app.push_screen(ConfirmScreen(f"Regenerate the secret of {item.client_name}?", body), confirmed)

    @work(exclusive=True, exit_on_error=False, group="oauth-action", description="Regenerating the secret")
    async def run_regenerate(self, item: OAuthClient) -> None:
        updated = await regenerate_secret(self.client, item.client_id)
        self.post_message(OAuthSecretIssued(updated))

    def action_refresh(self) -> None:
        self.load_clients()

    def action_close(self) -> None:
        self.dismiss(None)

    # -- errors and read-only -------------------------------------------------------------

    def show_error(self, worker_name: str, report: ErrorReport) -> None:
        if worker_name != "load_clients":
            return
        panel = self.query_one("#oauth-error", ErrorPanel)
        panel.show_report(report)
        panel.display = True
        self.query_one("#oauth-clients").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in WRITE_ACTIONS and self.app.session.read_only)  # type: ignore[attr-defined]
