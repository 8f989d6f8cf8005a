"""The row detail view: one row as pretty-printed JSON."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from supatui.app.clipboard import copy_text

__all__ = ["RowDetailScreen", "row_json"]


def row_json(row: dict[str, Any]) -> str:
    """Return ``row`` as indented JSON, keeping non-ASCII text readable."""
    return json.dumps(row, indent=2, ensure_ascii=False, default=str)


class RowDetailScreen(ModalScreen[None]):
    """Shows every column of one row, including the ones hidden in the grid."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="detail.close"),
        Binding("y", "copy_row", "Copy JSON", id="detail.copy_row"),
    ]

    def __init__(self, title: str, row: dict[str, Any]) -> None:
        """Create the view.

        Args:
            title: Names the row, such as "planets id=3".
            row: The row as PostgREST returned it.
        """
        super().__init__()
        self.row_title = title
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.row_title, classes="dialog-title", markup=False)
            with VerticalScroll(id="detail-body"):
                yield Static(Syntax(row_json(self.row), "json", theme="ansi_dark", word_wrap=True),
                             id="detail-json")
            yield Label("y copy JSON · escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def action_copy_row(self) -> None:
        path = copy_text(self.app, row_json(self.row))
        self.notify(f"Copied the row as JSON via {path}")

    def action_close(self) -> None:
        self.dismiss(None)
