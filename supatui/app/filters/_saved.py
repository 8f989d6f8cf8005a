"""Small dialogs for named saved filters: ask for a name, pick or delete one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

__all__ = ["SaveFilterScreen", "SavedFilterAction", "SavedFiltersScreen"]

SavedFilterAction = tuple[str, str]
"""``("load", name)`` or ``("delete", name)``."""


class SaveFilterScreen(ModalScreen[str | None]):
    """Asks for the name to save the current filter under; dismisses with it, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="filters.save.cancel")]

    def __init__(self, suggestion: str = "") -> None:
        """Create the dialog.

        Args:
            suggestion: The name shown at first, such as the filter loaded last.
        """
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="filter-dialog-small"):
            yield Label("Save the filter as (enter saves, escape cancels):")
            yield Input(value=self.suggestion, placeholder="name", id="filter-save-name")
            yield Label("", id="filter-save-error", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.query_one("#filter-save-error", Label).update("The name is empty; type a name.")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class SavedFiltersScreen(ModalScreen[SavedFilterAction | None]):
    """Lists saved filters; enter loads one, delete removes it after a second press."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filters.saved.cancel"),
        Binding("delete,d", "delete", "Delete", id="filters.saved.delete"),
    ]

    def __init__(self, names: list[str]) -> None:
        """Create the dialog.

        Args:
            names: The saved filter names, in the order to list them.
        """
        super().__init__()
        self.names = names
        self._armed_delete: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="filter-dialog-small"):
            yield Label("Saved filters (enter loads, d deletes, escape closes):")
            # Names are shown as literal text: a name such as "a [/] b" is not Rich markup.
            yield OptionList(*[Option(Text(name), id=name) for name in self.names], id="filter-saved-list")
            yield Label("", id="filter-saved-status", markup=False)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("load", str(event.option.id)))

    def action_delete(self) -> None:
        """Delete the highlighted filter; the first press asks, the second deletes."""
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        name = str(option_list.get_option_at_index(option_list.highlighted).id)
        if self._armed_delete != name:
            self._armed_delete = name
            self.query_one("#filter-saved-status", Label).update(
                f"Press d again to delete the saved filter {name!r}.")
            return
        self.dismiss(("delete", name))

    def action_cancel(self) -> None:
        """Close without loading."""
        self.dismiss(None)
