"""Dialogs of the Auth section: a list of choices, and the one-time view of a client secret."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from supatui.app.clipboard import copy_text
from supatui.app.screens.auth.style import AUTH_CSS_PATH

__all__ = ["ChoiceScreen", "SecretScreen", "mask_secret"]


class ChoiceScreen(ModalScreen[str | None]):
    """Offers a list of choices; dismisses with the chosen value, or None on escape."""

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], *, body: str = "") -> None:
        """Create the dialog.

        Args:
            title: What is being chosen, such as "Ban mae@example.com for".
            choices: ``(label, value)`` pairs in display order.
            body: An optional line under the title.
        """
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.body:
                yield Static(self.body, markup=False, classes="dim")
            yield OptionList(*(Option(Text(label), id=value) for label, value in self.choices), id="choices")
            yield Label("enter chooses · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#choices").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def mask_secret(secret: str) -> str:
    """Return ``secret`` with all but its last four characters replaced by dots."""
    if len(secret) <= 4:
        return "•" * len(secret)
    return "•" * (len(secret) - 4) + secret[-4:]


class SecretScreen(ModalScreen[None]):
    """Shows a new client secret once: masked until revealed, and copyable.

    The secret is neither logged nor stored. This screen keeps the app's only copy and clears
    it on close, except for what ``y`` put on the clipboard.
    """

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "toggle_reveal", "Reveal/mask", id="secret.reveal"),
        Binding("y", "copy_secret", "Copy secret", id="secret.copy"),
        Binding("escape,enter", "close", "Close", id="secret.close"),
    ]

    def __init__(self, client_name: str, client_id: str, secret: str) -> None:
        """Create the dialog.

        Args:
            client_name: The OAuth client's name, shown in the title.
            client_id: The OAuth client's id.
            secret: The client secret the server returned.
        """
        super().__init__()
        self.client_name = client_name
        self.client_id = client_id
        self._secret = secret
        self.revealed = False

    def __repr__(self) -> str:
        return f"SecretScreen(client_id={self.client_id!r})"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Client secret of {self.client_name}", classes="dialog-title", markup=False)
            yield Static(Text(f"client_id: {self.client_id}"), id="secret-client-id")
            yield Static(self.secret_text(), id="secret-value")
            yield Static(Text("The secret is shown only now: copy it before closing this dialog.",
                              style="yellow"))
            yield Label("s reveal/mask · y copy · escape close", classes="dialog-hint")

    def secret_text(self) -> Text:
        shown = self._secret if self.revealed else mask_secret(self._secret)
        return Text.assemble(("client_secret: ", "dim"), (shown, "bold"))

    def action_toggle_reveal(self) -> None:
        self.revealed = not self.revealed
        self.query_one("#secret-value", Static).update(self.secret_text())

    def action_copy_secret(self) -> None:
        path = copy_text(self.app, self._secret)
        self.notify(f"Copied the client secret via {path}")

    def action_close(self) -> None:
        self._secret = ""
        self.dismiss(None)
