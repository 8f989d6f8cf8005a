"""The ``?`` help screen: every binding that is active where it was opened, and the log path."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

__all__ = ["HelpScreen", "binding_rows"]


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """Return ``(key, description, binding id)`` for each binding with a description on ``screen``."""
    rows: dict[str, tuple[str, str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        display = binding.key_display or screen.app.get_key_display(binding)
        name = binding.id or binding.action
        current = rows.get(name)
        keys = f"{current[0]}, {display}" if current else display
        rows[name] = (keys, binding.description, binding.id or "")
    # Bindings with an id (the app's own actions) first, then the focused widget's keys.
    return sorted(rows.values(), key=lambda row: (not row[2], row[1].lower()))


class HelpScreen(ModalScreen[None]):
    """Lists key, action and binding id of the screen below, plus where the log file is."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]], *, log_path: str) -> None:
        """Create the help screen.

        Args:
            rows: ``(keys, description, binding id)`` per action, from `binding_rows`.
            log_path: The log file shown at the bottom.
        """
        super().__init__()
        self.rows = rows
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys  (ctrl+p opens the command palette)", classes="dialog-title")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True, id="help-table")
            table.add_columns("Key", "Action", "Id")
            for row in self.rows:
                table.add_row(*(Text(cell) for cell in row))
            yield table
            yield Label(f"Log: {self.log_path}", id="help-log", classes="dialog-hint", markup=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
