"""Small modal dialogs: a yes/no confirmation and a one-line prompt."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

__all__ = ["ConfirmScreen", "PromptScreen"]


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question over a body listing what the action affects; dismisses True on yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, body: str = "", *, danger: bool = True) -> None:
        """Create the dialog.

        Args:
            question: The question, such as "Delete 2 rows from planets?".
            body: What will change, one item a line.
            danger: Style the yes button as destructive.
        """
        super().__init__()
        self.question = question
        self.body = body
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.body:
                with VerticalScroll(classes="dialog-body"):
                    yield Static(self.body, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="error" if self.danger else "primary")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line of text; dismisses with it on enter or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "",
                 restrict: str | None = None) -> None:
        """Create the prompt.

        Args:
            title: What to type, such as "Jump to row".
            value: The initial text.
            placeholder: Shown while the input is empty.
            restrict: A regular expression limiting what can be typed.
        """
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, restrict=self.restrict, id="prompt")
            yield Label("enter accepts · escape cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
