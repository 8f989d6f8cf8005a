"""The insert/edit form: one typed input per column."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from supatui.app.schema import ColumnInfo, TableInfo
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.screens.tables.values import EMPTY_STRING, FieldError, field_text, parse_field
from supatui.client import APIError

__all__ = ["RowFormScreen", "collect_changes"]


def _hint(column: ColumnInfo) -> str:
    parts = [column.format or column.kind]
    if column.primary_key:
        parts.append("primary key")
    if column.required:
        parts.append("required")
    if column.enum_values:
        parts.append("one of " + "/".join(column.enum_values))
    if column.kind in ("json", "array"):
        parts.append("JSON")
    return ", ".join(parts)


def collect_changes(
    table: TableInfo, texts: dict[str, str], original: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the values to send: for an insert every non-empty field, for an edit the changed ones.

    Raises:
        FieldError: for the first field whose text does not fit its column.
    """
    values: dict[str, Any] = {}
    for column in table.columns:
        text = texts.get(column.name, "")
        if original is None:
            if text == "":
                continue  # Left empty on insert: the column default (or NULL) applies.
            values[column.name] = parse_field(column, text)
        elif text != field_text(original.get(column.name)):
            values[column.name] = parse_field(column, text)
    return values


class RowFormScreen(ModalScreen[Any]):
    """Dismisses with what ``save`` returned (the saved row), or None when cancelled.

    The form stays open while the row is saved, and also when the server rejects it, so a
    rejected edit is shown beside the fields and can be corrected instead of being lost.
    Escape asks before it discards changed fields; while a save runs, the first escape
    explains and the second stops waiting for the server.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        table: TableInfo,
        row: dict[str, Any] | None = None,
        *,
        save: Callable[[dict[str, Any]], Awaitable[Any]],
    ) -> None:
        """Create the form.

        Args:
            table: The table whose columns become inputs.
            row: The row to edit, or None to insert a new row.
            save: Sends the values to insert or the changed values of an edit, and returns
                the saved row; an `APIError` it raises is shown in the form.
        """
        super().__init__()
        self.table = table
        self.row = row
        self._save = save
        self._initial_texts: dict[str, str] = {}
        self._stop_armed = False

    def compose(self) -> ComposeResult:
        verb = "Insert into" if self.row is None else "Edit row of"
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"{verb} {self.table.schema}.{self.table.name}"), classes="dialog-title")
            with VerticalScroll(id="form-fields"):
                for index, column in enumerate(self.table.columns):
                    label = Text(column.name)
                    label.append(f"  {_hint(column)}", style="dim")
                    yield Label(label, classes="field-label")
                    value = "" if self.row is None else field_text(self.row.get(column.name))
                    placeholder = "default" if self.row is None else "NULL"
                    yield Input(value, placeholder=placeholder, id=f"field-{index}",
                                name=column.name)
            yield Label("", id="form-error", classes="error-text", markup=False)
            yield Label(f"empty = {'default' if self.row is None else 'NULL'} · {EMPTY_STRING} = empty "
                        "text · ctrl+s save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._initial_texts = self.field_texts()
        field = self.first_editable_field()
        if field is not None:
            field.focus()

    def first_editable_field(self) -> Input | None:
        """Return the input to start typing in.

        That is the first column outside the primary key, because a key is rarely
        changed on edit and usually has a default on insert. A primary key without
        a default is the exception on insert, because it must be typed.
        """
        fields = list(self.query(Input))
        for column, field in zip(self.table.columns, fields, strict=True):
            if not column.primary_key:
                return field
            if self.row is None and column.default is None:
                return field
        return fields[0] if fields else None

    def field_texts(self) -> dict[str, str]:
        return {field.name or "": field.value for field in self.query(Input)}

    def is_saving(self) -> bool:
        return any(worker.node is self and worker.group == "form" and not worker.is_finished
                   for worker in self.workers)

    def changed_fields(self) -> list[str]:
        """Return the names of the fields whose text differs from when the form opened."""
        return [name for name, text in self.field_texts().items() if text != self._initial_texts.get(name)]

    def action_save(self) -> None:
        if self.is_saving():
            self.notify("Still saving the row; wait for the server to answer", severity="warning")
            return
        self._stop_armed = False
        try:
            values = collect_changes(self.table, self.field_texts(), self.row)
        except FieldError as error:
            self.query_one("#form-error", Label).update(str(error))
            for field in self.query(Input):
                if field.name == error.column:
                    field.focus()
            return
        if self.row is not None and not values:
            self.query_one("#form-error", Label).update("Nothing changed; edit a field or press escape")
            return
        self.query_one("#form-error", Label).update("Saving ...")
        self.submit(values)

    @work(exclusive=True, exit_on_error=False, group="form", description="Saving the row")
    async def submit(self, values: dict[str, Any]) -> None:
        try:
            saved = await self._save(values)
        except APIError as error:
            hint = f" Hint: {error.hint}" if error.hint else ""
            self.query_one("#form-error", Label).update(f"{error.code}: {error.message}.{hint}")
            return
        except LookupError as error:
            self.query_one("#form-error", Label).update(str(error))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        """Close the form, asking first when fields changed and warning while a save runs."""
        form_error = self.query_one("#form-error", Label)
        if self.is_saving():
            if not self._stop_armed:
                self._stop_armed = True
                form_error.update("Saving ... The server has not answered yet. Press escape again to "
                                  "stop waiting: the row may or may not be saved then.")
                return
            self.workers.cancel_group(self, "form")
            self.notify(f"Stopped waiting for the save to {self.table.name}: the write may or may not "
                        "have happened; press r to reload the rows and check", severity="warning")
            self.dismiss(None)
            return

        changed = self.changed_fields()
        if not changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard changes?", "Changed: " + ", ".join(changed)), answered)
