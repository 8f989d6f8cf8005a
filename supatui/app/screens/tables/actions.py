"""Row-level actions of the Tables screen: sort, columns, filter, detail, copy, export, writes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import DataTable

from supatui.app import filters_bridge
from supatui.app.clipboard import copy_text
from supatui.app.messages import RowSaved, RowsDeleted
from supatui.app.screens.dialogs import ConfirmScreen, PromptScreen
from supatui.app.screens.tables.column_chooser import ColumnChooserScreen
from supatui.app.screens.tables.detail import RowDetailScreen, row_json
from supatui.app.screens.tables.export import ExportScreen
from supatui.app.screens.tables.queries import (
    delete_rows,
    filtered_select,
    insert_row,
    primary_key_of,
    update_row,
)
from supatui.app.screens.tables.row_form import RowFormScreen
from supatui.app.screens.tables.values import cell_text

if TYPE_CHECKING:
    from supatui.app.screens.tables.browser import TablesScreen

__all__ = ["RowActions"]

_PAGING_PARAMS = {"select", "order", "limit", "offset"}


class RowActions:
    """Mixed into `TablesScreen`; every method here runs on that screen."""

    # -- helpers --------------------------------------------------------------------------

    def current_row(self: TablesScreen) -> dict[str, Any] | None:
        grid = self.query_one("#grid", DataTable)
        if not self.rows or grid.cursor_row >= len(self.rows):
            return None
        return self.rows[grid.cursor_row]

    def row_title(self: TablesScreen, row: dict[str, Any]) -> str:
        assert self.view is not None
        table = self.view.table
        if table.primary_key:
            key = ", ".join(f"{column}={row.get(column)}" for column in table.primary_key)
        else:
            key = f"row {self.pager.offset + self.query_one('#grid', DataTable).cursor_row + 1}"
        return f"{table.schema}.{table.name}  {key}"

    def row_summary(self: TablesScreen, row: dict[str, Any]) -> str:
        """Return the primary key and the next few visible columns of ``row`` on one line."""
        assert self.view is not None
        names = list(self.view.table.primary_key)
        names += [name for name in self.view.visible_columns if name not in names][:3]
        return " · ".join(f"{name}={cell_text(row.get(name), max_width=24)}" for name in names)

    def filter_description(self: TablesScreen) -> str:
        """Return the active filter as its PostgREST query parameters, e.g. ``filter: age=gt.30``."""
        if self.view is None:
            return ""
        prefix = f"{self.view.table.schema}.{self.view.table.name}"
        if filters_bridge.is_empty_tree(self.view.filters):
            return f"{prefix} · no filter (f adds one)"
        try:
            url = filtered_select(self.client, self.view).prepare().url
            params = [f"{name}={value}" for name, value in url.params.multi_items()
                      if name not in _PAGING_PARAMS]
        except (ValueError, TypeError, KeyError) as error:  # A tree the client cannot encode.
            return f"{prefix} · filter invalid: {error}"
        return f"{prefix} · filter: " + "&".join(params)

    # -- view -----------------------------------------------------------------------------

    def action_sort(self: TablesScreen) -> None:
        """Sort by the cursor's column: ascending, then descending, then primary key order."""
        if self.view is None or not self.rows:
            return
        grid = self.query_one("#grid", DataTable)
        column = self.view.visible_columns[grid.cursor_column]
        if self.view.sort is None or self.view.sort[0] != column:
            sort: tuple[str, bool] | None = (column, False)
        elif not self.view.sort[1]:
            sort = (column, True)
        else:
            sort = None
        self.set_view(self.with_view(sort=sort))

    def action_choose_columns(self: TablesScreen) -> None:
        if self.view is None:
            return
        names = [column.name for column in self.view.table.columns]

        def chosen(hidden: frozenset[str] | None) -> None:
            if hidden is not None:
                self.set_view(self.with_view(hidden=hidden), keep_offset=True)

        self.app.push_screen(ColumnChooserScreen(names, self.view.hidden), chosen)

    def action_jump_to_row(self: TablesScreen) -> None:
        if self.view is None:
            return

        def jump(text: str | None) -> None:
            if not text or not text.isdigit():
                return
            row_number = int(text)
            exact = self.pager.exact_total
            if exact is not None and row_number > exact:
                self.notify(f"Row {row_number:,} does not exist: the view has {exact:,} rows; "
                            f"type a number from 1 to {exact:,}", severity="warning")
                return
            self.load_page(self.pager.jump_to_row(row_number))

        self.app.push_screen(PromptScreen("Jump to row number", restrict=r"\d*"), jump)

    def action_filter(self: TablesScreen) -> None:
        if self.view is None:
            return
        table = self.view.table
        if not table.columns:
            self.notify(f"The columns of {table.name} are unknown until it shows a row, so it cannot be "
                        "filtered yet", severity="warning")
            return
        saved = self.app.saved_filters_for(table)  # type: ignore[attr-defined]

        def saved_changed(new_saved: dict[str, Any]) -> None:
            self.app.store_saved_filters(table, new_saved)  # type: ignore[attr-defined]

        try:
            screen = filters_bridge.filter_builder_screen(table, self.view.filters, saved, saved_changed)
        except RuntimeError as error:
            self.notify(str(error), severity="warning")
            return

        def applied(result: Any) -> None:
            if result is not None:
                self.marked.clear()
                self.set_view(self.with_view(filters=result))

        self.app.push_screen(screen, applied)

    def action_clear_filter(self: TablesScreen) -> None:
        if self.view is not None and not filters_bridge.is_empty_tree(self.view.filters):
            self.set_view(self.with_view(filters=None))

    # -- reading rows ---------------------------------------------------------------------

    # A plain handler name, because @on in a mixin outside Textual's class hierarchy is never registered.
    def on_data_table_cell_selected(self: TablesScreen, event: DataTable.CellSelected) -> None:
        if event.data_table.id == "grid":
            self.action_row_detail()

    def action_row_detail(self: TablesScreen) -> None:
        row = self.current_row()
        if row is not None:
            self.app.push_screen(RowDetailScreen(self.row_title(row), row))

    def action_copy_cell(self: TablesScreen) -> None:
        row = self.current_row()
        if row is None or self.view is None:
            return
        column = self.view.visible_columns[self.query_one("#grid", DataTable).cursor_column]
        value = row.get(column)
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        path = copy_text(self.app, text)
        self.notify(f"Copied {column} via {path}")

    def action_copy_row(self: TablesScreen) -> None:
        row = self.current_row()
        if row is not None:
            path = copy_text(self.app, row_json(row))
            self.notify(f"Copied the row as JSON via {path}")

    def action_export(self: TablesScreen) -> None:
        if self.view is None:
            return
        self.app.push_screen(ExportScreen(self.client, self.view, estimate=self.pager.total))

    # -- writes ---------------------------------------------------------------------------

    def _writes_allowed(self: TablesScreen) -> bool:
        if self.app.session.read_only:  # type: ignore[attr-defined]
            self.notify("Read-only: editing is off (started with --read-only)", severity="warning")
            return False
        if self.view is None:
            return False
        if not self.view.table.writable:
            self.notify(f"{self.view.table.name} is read-only for this key (a view or no grants)",
                        severity="warning")
            return False
        return True

    def action_insert_row(self: TablesScreen) -> None:
        if not self._writes_allowed():
            return
        assert self.view is not None
        table = self.view.table

        async def save(values: dict[str, Any]) -> Any:
            return await insert_row(self.client, table, values)

        def saved(row: Any) -> None:
            if row is not None:
                self.post_message(RowSaved(table.name, row, inserted=True))

        self.app.push_screen(RowFormScreen(table, save=save), saved)

    def action_edit_row(self: TablesScreen) -> None:
        if not self._writes_allowed():
            return
        row = self.current_row()
        if row is None:
            return
        assert self.view is not None
        table = self.view.table
        try:
            key = primary_key_of(table, row)
        except ValueError as error:
            self.notify(f"{error}; edit it with SQL instead", severity="error")
            return

        async def save(changes: dict[str, Any]) -> Any:
            return await update_row(self.client, table, key, changes)

        def saved(row: Any) -> None:
            if row is not None:
                self.post_message(RowSaved(table.name, row, inserted=False))

        self.app.push_screen(RowFormScreen(table, row, save=save), saved)

    def on_row_saved(self: TablesScreen, message: RowSaved) -> None:
        verb = "Inserted" if message.inserted else "Updated"
        self.notify(f"{verb} a row of {message.table}")
        self.forget_prefetched()
        self.load_page(self.pager.counted(self.pager.total))

    def action_mark_row(self: TablesScreen) -> None:
        grid = self.query_one("#grid", DataTable)
        if not self.rows:
            return
        offset = self.pager.offset + grid.cursor_row
        self.marked.symmetric_difference_update({offset})
        self.render_grid()
        if grid.cursor_row + 1 < len(self.rows):
            grid.move_cursor(row=grid.cursor_row + 1)

    def action_delete_rows(self: TablesScreen) -> None:
        if not self._writes_allowed() or not self.rows:
            return
        assert self.view is not None
        table = self.view.table
        grid = self.query_one("#grid", DataTable)
        indexes = sorted(offset - self.pager.offset for offset in self.marked) or [grid.cursor_row]
        rows = [self.rows[index] for index in indexes if 0 <= index < len(self.rows)]
        try:
            keys = [primary_key_of(table, row) for row in rows]
        except ValueError as error:
            self.notify(f"{error}; delete it with SQL instead", severity="error")
            return

        listing = "\n".join(self.row_summary(row) for row in rows)
        question = f"Delete {len(keys)} row{'s' if len(keys) != 1 else ''} from {table.name}?"

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.remove_rows(table, keys)

        self.app.push_screen(ConfirmScreen(question, listing), confirmed)

    @work(exclusive=True, exit_on_error=False, group="write", description="Deleting rows")
    async def remove_rows(self: TablesScreen, table: Any, keys: list[dict[str, Any]]) -> None:
        count = await delete_rows(self.client, table, keys)
        self.post_message(RowsDeleted(table.name, count))

    def on_rows_deleted(self: TablesScreen, message: RowsDeleted) -> None:
        self.marked.clear()
        self.notify(f"Deleted {message.count} row{'s' if message.count != 1 else ''} from {message.table}")
        self.forget_prefetched()
        self.load_page(self.pager.counted(self.pager.total))
