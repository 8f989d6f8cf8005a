"""The column chooser: a checkbox per column of the grid."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

__all__ = ["ColumnChooserScreen"]


class ColumnChooserScreen(ModalScreen[frozenset[str] | None]):
    """Dismisses with the set of hidden columns, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "apply", "Apply", id="columns.apply", priority=True),
        Binding("escape", "cancel", "Cancel", id="columns.cancel"),
    ]

    def __init__(self, columns: list[str], hidden: frozenset[str]) -> None:
        """Create the chooser.

        Args:
            columns: Every column of the table, in table order.
            hidden: The columns hidden now.
        """
        super().__init__()
        self.columns = columns
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Columns shown in the grid", classes="dialog-title")
            yield SelectionList[str](
                *[(Text(name), name, name not in self.hidden) for name in self.columns], id="column-list"
            )
            yield Label("space toggles · enter applies · escape cancels", classes="dialog-hint")

    def action_apply(self) -> None:
        shown = set(self.query_one("#column-list", SelectionList).selected)
        if not shown:
            self.notify("Select at least one column to show", severity="warning")
            return
        self.dismiss(frozenset(name for name in self.columns if name not in shown))

    def action_cancel(self) -> None:
        self.dismiss(None)
