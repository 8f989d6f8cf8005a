"""The form that registers a new OAuth client."""

from __future__ import annotations

from typing import Any, ClassVar

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
        Binding("ctrl+s", "save", "Save", id="oauth_form.save"),
        Binding("escape", "cancel", "Cancel", id="oauth_form.cancel"),
    ]

    def __init__(self, existing: Any = None) -> None:
        """Create the form.

        Args:
            existing: The `OAuthClient` to edit, or None to create one. The client type and
                scope of an existing client cannot change, so their fields are disabled.
        """
        super().__init__()
        self.existing = existing

    def compose(self) -> ComposeResult:
        existing = self.existing
        title = "New OAuth client" if existing is None else f"Edit OAuth client {existing.client_name or ''}"
        with Vertical(classes="dialog", id="oauth-form"):
            yield Label(Text(title), classes="dialog-title")
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
            verb = "create" if existing is None else "save"
            yield Label(f"tab next field · ctrl+s {verb} · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        existing = self.existing
        if existing is not None:
            self.query_one("#oauth-name", Input).value = existing.client_name or ""
            self.query_one("#oauth-redirects", Input).value = " ".join(existing.redirect_uris)
            self.query_one("#oauth-scope", Input).value = existing.scope or ""
            self.query_one("#oauth-scope", Input).disabled = True
            public = existing.client_type == "public"
            self.query_one("#type-public", RadioButton).value = public
            self.query_one("#type-confidential", RadioButton).value = not public
            self.query_one("#oauth-type", RadioSet).disabled = True
            grants = self.query_one("#oauth-grants", SelectionList)
            grants.deselect_all()
            for grant in existing.grant_types:
                if grant in GRANT_TYPES:
                    grants.select(grant)
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
