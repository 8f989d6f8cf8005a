"""The form that registers a new OAuth client."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList

from supatui.app.screens.auth.oauth_queries import GRANT_TYPES, NewOAuthClient, validate_new_client
from supatui.app.screens.auth.style import AUTH_CSS_PATH

__all__ = ["OAuthClientFormScreen"]


class OAuthClientFormScreen(ModalScreen[NewOAuthClient | None]):
    """Asks for name, redirect URIs, client type, grant types and scope; dismisses with them.

    Invalid fields keep the form open with the problem shown under it.
    """

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Create", id="oauth_form.save"),
        Binding("escape", "cancel", "Cancel", id="oauth_form.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="oauth-form"):
            yield Label("New OAuth client", classes="dialog-title")
            yield Label("name", classes="field-label")
            yield Input(placeholder="Stargazer CLI", id="oauth-name")
            yield Label("redirect URIs (absolute URLs, comma or space separated)", classes="field-label")
            yield Input(placeholder="https://app.example.com/callback", id="oauth-redirects")
            yield Label("client type", classes="field-label")
            with RadioSet(id="oauth-type"):
                yield RadioButton("confidential (has a secret)", value=True, id="type-confidential")
                yield RadioButton("public (PKCE, no secret)", id="type-public")
            yield Label("grant types (space toggles)", classes="field-label")
            yield SelectionList[str](*((grant, grant, True) for grant in GRANT_TYPES), id="oauth-grants")
            yield Label("scope (optional, space separated)", classes="field-label")
            yield Input(placeholder="openid email profile", id="oauth-scope")
            yield Label("", id="oauth-problem", classes="error-text")
            yield Label("tab next field · ctrl+s create · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#oauth-name").focus()

    def client_type(self) -> str:
        pressed = self.query_one("#oauth-type", RadioSet).pressed_button
        return "public" if pressed is not None and pressed.id == "type-public" else "confidential"

    def action_save(self) -> None:
        try:
            new = validate_new_client(
                self.query_one("#oauth-name", Input).value,
                self.query_one("#oauth-redirects", Input).value,
                self.client_type(),
                list(self.query_one("#oauth-grants", SelectionList).selected),
                self.query_one("#oauth-scope", Input).value,
            )
        except ValueError as error:
            self.query_one("#oauth-problem", Label).update(Text(str(error)))
            return
        self.dismiss(new)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)
