"""The Tables section: schema picker, table list with row estimates, and the paged grid."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Select
from textual.widgets.option_list import Option

from supatui.app.errors import ErrorReport
from supatui.app.messages import CountEstimated, PageFetched, SchemasListed, TablesLoaded
from supatui.app.schema import TableInfo, columns_from_row
from supatui.app.screens.dialogs import PromptScreen
from supatui.app.screens.tables import actions
from supatui.app.screens.tables.paging import Pager
from supatui.app.screens.tables.queries import (
    PageResult,
    TableView,
    estimate_rows,
    fetch_last_page,
    fetch_page,
    list_schemas,
    load_tables,
)
from supatui.app.screens.tables.values import grid_cell
from supatui.app.widgets import ErrorPanel, StatusLine
from supatui.app.workers import ForwardWorkerErrors
from supatui.client.errors import ClientError

__all__ = ["TablesScreen"]

log = logging.getLogger(__name__)


def compact_count(count: int) -> str:
    """Return ``count`` short enough for the table list: 987, 12k, 1.2M."""
    if count < 10_000:
        return f"{count:,}"
    if count < 1_000_000:
        return f"{count // 1000}k"
    return f"{count / 1_000_000:.1f}M"


class TablesScreen(ForwardWorkerErrors, actions.RowActions, Screen[None]):
    """Browse any table page by page; see the BINDINGS table for the keys.

    Only the most used keys are shown in the footer, so that they and the app's
    ``? Help`` and ``^q Quit`` fit at 80 columns; every key is in help and the palette.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,pagedown", "next_page", "Next page", id="tables.next_page"),
        Binding("p,pageup", "previous_page", "Prev page", id="tables.previous_page"),
        Binding("g", "first_page", "First page", id="tables.first_page", show=False),
        Binding("G", "last_page", "Last page", id="tables.last_page", show=False),
        Binding("j", "jump_to_row", "Jump to row", id="tables.jump", show=False),
        Binding("s", "sort", "Sort", id="tables.sort", show=False),
        Binding("c", "choose_columns", "Columns", id="tables.columns", show=False),
        Binding("f", "filter", "Filter", id="tables.filter"),
        Binding("F", "clear_filter", "Clear filter", id="tables.clear_filter", show=False),
        Binding("v", "row_detail", "Detail", id="tables.detail", show=False),
        Binding("y", "copy_cell", "Copy cell", id="tables.copy_cell", show=False),
        Binding("Y", "copy_row", "Copy row JSON", id="tables.copy_row", show=False),
        Binding("x", "export", "Export", id="tables.export", show=False),
        Binding("i", "insert_row", "Insert", id="tables.insert", show=False),
        Binding("e", "edit_row", "Edit", id="tables.edit"),
        Binding("d,delete", "delete_rows", "Delete", id="tables.delete", show=False),
        Binding("space", "mark_row", "Mark row", id="tables.mark", show=False),
        Binding("r,f5", "refresh", "Refresh", id="tables.refresh", show=False),
        Binding("escape", "cancel_loading", "Cancel loading", id="tables.cancel", show=False),
        Binding("t", "focus_tables", "Table list", id="tables.focus_list", show=False),
        Binding("o", "open_by_name", "Open table by name", id="tables.open_by_name", show=False),
        Binding("S", "focus_schema", "Schema", id="tables.focus_schema", show=False),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", id="tables.toggle_sidebar", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.schema: str = "public"
        self.tables: dict[str, TableInfo] = {}
        self.estimates: dict[str, int | None] = {}
        self.view: TableView | None = None
        self.pager = Pager(page_size=20)
        self.rows: list[dict[str, Any]] = []
        self.marked: set[int] = set()
        """Offsets (absolute row numbers) of rows marked for delete on the current page."""
        self.generation = 0
        self.prefetched: PageResult | None = None
        """The page after the current one, read ahead so that `n` shows it without a request."""
        self.prefetched_view: TableView | None = None
        self.error: ErrorReport | None = None
        self.last_failed: str | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Tables", id="status-line")  # type: ignore[attr-defined]
        with Horizontal(id="tables-body"):
            with Vertical(id="sidebar"):
                yield Select[str]([], prompt="schema", allow_blank=True, id="schema")
                yield OptionList(id="table-list")
            with Vertical(id="main"):
                yield Label("no table selected", id="filter-line", markup=False)
                yield DataTable(cursor_type="cell", zebra_stripes=True, id="grid")
                yield ErrorPanel(id="grid-error")
                yield Label("", id="page-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#grid-error").display = False
        self.query_one("#table-list").focus()
        self.load_schemas()

    @property
    def client(self) -> Any:
        return self.app.client  # type: ignore[attr-defined]

    def grid_page_size(self) -> int:
        """Return how many rows fit the grid: its height minus the header and a horizontal scrollbar."""
        height = self.query_one("#grid", DataTable).size.height
        return max(5, height - 2) if height > 0 else 20

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._fit_page_to_grid)

    def _fit_page_to_grid(self) -> None:
        size = self.grid_page_size()
        if self.view is not None and size != self.pager.page_size:
            self.load_page(self.pager.resized(size))

    # -- schemas and tables ---------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="schemas", description="Listing schemas")
    async def load_schemas(self) -> None:
        self.last_failed = "schemas"
        schemas = await list_schemas(self.client)
        self.post_message(SchemasListed(schemas))

    def on_schemas_listed(self, message: SchemasListed) -> None:
        select = self.query_one("#schema", Select)
        schemas = message.schemas or ["public"]
        self.schema = "public" if "public" in schemas else schemas[0]
        with self.prevent(Select.Changed):
            select.set_options([(Text(name), name) for name in schemas])
            select.value = self.schema
        self.load_table_list(self.schema)

    @on(Select.Changed, "#schema")
    def schema_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.schema:
            self.schema = event.value
            self.load_table_list(event.value)

    @work(exclusive=True, exit_on_error=False, group="tables", description="Loading tables")
    async def load_table_list(self, schema: str) -> None:
        self.last_failed = "tables"
        tables = await load_tables(self.client, schema)
        self.post_message(TablesLoaded(schema, tables))

    def on_tables_loaded(self, message: TablesLoaded) -> None:
        if message.schema != self.schema:
            return  # A schema switched away from while its tables loaded.
        self.tables = {table.name: table for table in message.tables}
        option_list = self.query_one("#table-list", OptionList)
        option_list.set_options(Option(self._table_prompt(name), id=name) for name in self.tables)
        self.estimate_counts(message.tables)
        self.hide_error()
        if message.tables:
            option_list.highlighted = 0
            self.open_table(message.tables[0])
        else:
            self.query_one("#filter-line", Label).update(f"schema {message.schema} has no tables")

    def _table_prompt(self, name: str) -> Text:
        estimate = self.estimates.get(f"{self.schema}.{name}")
        prompt = Text(name)
        if estimate is not None:
            prompt.append(f"  ~{compact_count(estimate)}", style="dim")
        return prompt

    @work(exclusive=True, exit_on_error=False, group="counts", description="Estimating row counts")
    async def estimate_counts(self, tables: list[TableInfo]) -> None:
        for table in tables:
            count = await estimate_rows(self.client, table)
            self.post_message(CountEstimated(table.schema, table.name, count))

    def on_count_estimated(self, message: CountEstimated) -> None:
        self.estimates[f"{message.schema}.{message.table}"] = message.count
        if message.schema == self.schema and message.table in self.tables:
            self.query_one("#table-list", OptionList).replace_option_prompt(
                message.table, self._table_prompt(message.table))

    @on(OptionList.OptionSelected, "#table-list")
    def table_selected(self, event: OptionList.OptionSelected) -> None:
        table = self.tables.get(event.option.id or "")
        if table is not None:
            self.open_table(table)
            self.query_one("#grid").focus()

    def open_table(self, table: TableInfo) -> None:
        self.view = TableView(table=table)
        self.marked.clear()
        self.load_page(Pager(page_size=self.grid_page_size()))

    # -- paging ---------------------------------------------------------------------------

    def load_page(self, pager: Pager) -> None:
        if self.view is None:
            return
        self.generation += 1
        ahead, self.prefetched = self.prefetched, None
        if (
            ahead is not None
            and self.prefetched_view is self.view
            and (ahead.pager.offset, ahead.pager.page_size) == (pager.offset, pager.page_size)
        ):
            self.post_message(PageFetched(self.generation, ahead.rows, ahead.pager))
            return
        self.query_one("#page-line", Label).update(f"loading {pager.label(0)}…")
        self.fetch(self.generation, self.view, pager)

    def forget_prefetched(self) -> None:
        """Drop the page read ahead, after a write or a refresh may have changed it."""
        self.prefetched = None
        self.workers.cancel_group(self, "prefetch")

    @work(exclusive=True, exit_on_error=False, group="prefetch", description="Reading the next page")
    async def prefetch(self, view: TableView, pager: Pager) -> None:
        try:
            result = await fetch_page(self.client, view, pager)
        except ClientError as error:
            # Reading ahead is only a shortcut: `n` reads the page itself and reports errors.
            log.debug("reading page at offset %d ahead failed: %s", pager.offset, error)
            return
        if view is self.view:
            self.prefetched = result
            self.prefetched_view = view

    @work(exclusive=True, exit_on_error=False, group="page", description="Loading rows")
    async def fetch(self, generation: int, view: TableView, pager: Pager) -> None:
        self.last_failed = "page"
        result = await fetch_page(self.client, view, pager)
        self.post_message(PageFetched(generation, result.rows, result.pager))

    def on_page_fetched(self, message: PageFetched) -> None:
        if message.generation != self.generation or self.view is None:
            return  # A newer request superseded this one.
        if message.pager.offset != self.pager.offset:
            self.marked.clear()
        if not self.view.table.columns and message.rows:
            # A table opened by name has no column list until its first rows arrive.
            table = replace(self.view.table, columns=columns_from_row(message.rows[0]))
            self.view = replace(self.view, table=table)
        self.pager = message.pager
        self.rows = message.rows
        self.hide_error()
        self.render_grid()

        following = self.pager.next()
        if len(self.rows) == self.pager.page_size and following.offset != self.pager.offset:
            self.prefetch(self.view, following)

    def render_grid(self) -> None:
        assert self.view is not None
        grid = self.query_one("#grid", DataTable)
        cursor = grid.cursor_coordinate
        grid.clear(columns=True)

        names = self.view.visible_columns
        max_width = max(12, self.size.width // 3)
        cells = [[grid_cell(row.get(name), max_width=max_width) for name in names] for row in self.rows]

        # Widths are measured here, once per page: given a width, DataTable skips measuring
        # every cell again, which is most of the cost of drawing a page.
        for column, name in enumerate(names):
            label = name
            if self.view.sort and self.view.sort[0] == name:
                label += " ▼" if self.view.sort[1] else " ▲"
            width = max([cell_len(label), *(row_cells[column].cell_len for row_cells in cells)])
            grid.add_column(Text(label, no_wrap=True), key=name, width=width)

        for index, row_cells in enumerate(cells):
            number = self.pager.offset + index + 1
            mark = "●" if self.pager.offset + index in self.marked else " "
            grid.add_row(*row_cells, key=str(index), label=Text(f"{mark}{number}"))

        if self.rows:
            grid.move_cursor(row=min(cursor.row, len(self.rows) - 1),
                             column=min(cursor.column, len(names) - 1))
        self.query_one("#page-line", Label).update(self.pager.label(len(self.rows)))
        self.query_one("#filter-line", Label).update(self.filter_description())

    @work(exclusive=True, exit_on_error=False, group="page", description="Counting rows")
    async def fetch_last(self, generation: int, view: TableView, pager: Pager) -> None:
        self.last_failed = "page"
        result = await fetch_last_page(self.client, view, pager)
        self.post_message(PageFetched(generation, result.rows, result.pager))

    def action_next_page(self) -> None:
        # A full page means there may be more rows, whatever the estimated total is.
        if not self.rows or len(self.rows) < self.pager.page_size:
            return
        following = self.pager.next()
        if following.offset != self.pager.offset:
            self.load_page(following)

    def action_previous_page(self) -> None:
        if self.pager.offset > 0:
            self.load_page(self.pager.previous())

    def action_first_page(self) -> None:
        self.load_page(self.pager.first())

    def action_last_page(self) -> None:
        """Count the filtered view exactly (escape cancels), then load the page ending at its last row."""
        if self.view is None:
            return
        self.generation += 1
        self.query_one("#page-line", Label).update("Counting rows…")
        self.fetch_last(self.generation, self.view, self.pager)

    def action_refresh(self) -> None:
        if self.last_failed == "schemas" or (self.view is None and not self.tables):
            self.load_schemas()
        elif self.last_failed == "tables":
            self.load_table_list(self.schema)
        else:
            # Rows may have changed since the last count, so the total is estimated again.
            self.forget_prefetched()
            self.load_page(self.pager.counted(self.pager.total))

    def action_cancel_loading(self) -> None:
        """Cancel every running read of this screen; r sends it again."""
        cancelled = [worker for worker in self.workers
                     if worker.node is self and not worker.is_finished
                     and worker.group in ("schemas", "tables", "counts", "page")]
        for worker in cancelled:
            worker.cancel()
        if cancelled:
            self.generation += 1
            self.query_one("#page-line", Label).update("loading cancelled · r retries")

    def action_open_by_name(self) -> None:
        """Ask for a table or view name in the current schema and open it.

        This works without the OpenAPI document, which anon keys cannot read.
        """
        def opened(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return
            table = self.tables.get(name) or TableInfo(name=name, schema=self.schema, columns=(),
                                                      writable=True)
            self.open_table(table)
            self.query_one("#grid").focus()

        self.app.push_screen(PromptScreen(f"Open a table or view of schema {self.schema} by name",
                                          placeholder="table name"), opened)

    def action_focus_tables(self) -> None:
        self.query_one("#sidebar").display = True
        self.query_one("#table-list").focus()

    def action_toggle_sidebar(self) -> None:
        """Hide or show the schema picker and table list, giving the grid the full width."""
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one("#grid").focus()

    def action_focus_schema(self) -> None:
        self.query_one("#schema").focus()

    # -- errors ---------------------------------------------------------------------------

    def show_error(self, worker_name: str, report: ErrorReport) -> None:
        """Replace the grid with ``report`` (called by the app's worker error handler)."""
        if worker_name not in ("load_schemas", "load_table_list", "fetch", "fetch_last"):
            return
        self.error = report
        panel = self.query_one("#grid-error", ErrorPanel)
        keys = [("r", "retry")]
        if worker_name == "load_table_list":
            keys.append(("o", "open a table by name (works without the table list)"))
        panel.show_report(report, keys=keys)
        panel.display = True
        self.query_one("#grid").display = False
        self.query_one("#page-line", Label).update("")

    def hide_error(self) -> None:
        self.error = None
        self.last_failed = None
        self.query_one("#grid-error").display = False
        self.query_one("#grid").display = True

    def selected_table(self) -> TableInfo | None:
        return None if self.view is None else self.view.table

    def set_view(self, view: TableView, *, keep_offset: bool = False) -> None:
        pager = self.pager if keep_offset else self.pager.first()
        if self.view is None or view.filters != self.view.filters:
            pager = pager.counted(None)  # Another filter, another total.
        self.view = view
        self.load_page(pager)

    def with_view(self, **changes: Any) -> TableView:
        assert self.view is not None
        return replace(self.view, **changes)
