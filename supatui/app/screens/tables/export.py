"""The export dialog: file path prompt, progress bar and cancel key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar

from supatui.app.screens.tables.export_io import RowWriter, format_for_path
from supatui.app.screens.tables.queries import TableView, stream_rows
from supatui.app.workers import ForwardWorkerErrors

__all__ = ["ExportScreen"]


class ExportScreen(ForwardWorkerErrors, ModalScreen[Path | None]):
    """Streams the current filtered view to a file page by page; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel export", id="export.cancel")]

    def __init__(self, client: Any, view: TableView, *, estimate: int | None,
                 directory: Path | None = None, batch_size: int = 500) -> None:
        """Create the dialog.

        Args:
            client: The supatui client the rows are read with.
            view: The table, filters, sort and visible columns to export.
            estimate: The estimated row count, for the progress bar (None = unknown).
            directory: Where the default file name points; the current directory when None.
            batch_size: Rows per request; keep it at or below the server's max rows.
        """
        super().__init__()
        self.client = client
        self.view = view
        self.estimate = estimate
        self.directory = directory if directory is not None else Path.cwd()
        self.batch_size = batch_size

    def compose(self) -> ComposeResult:
        default = self.directory / f"{self.view.table.name}.csv"
        with Vertical(classes="dialog"):
            yield Label(f"Export {self.view.table.schema}.{self.view.table.name}",
                        classes="dialog-title", markup=False)
            yield Input(str(default), id="export-path")
            yield Label(".csv or .json · enter exports · escape cancels",
                        classes="dialog-hint", id="export-hint")
            yield ProgressBar(total=self.estimate, show_eta=False, id="export-progress")
            yield Label("", id="export-status", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value).expanduser()
        try:
            format_for_path(path)
        except ValueError as error:
            self.query_one("#export-status", Label).update(str(error))
            return
        if not path.parent.is_dir():
            self.query_one("#export-status", Label).update(
                f"Directory {str(path.parent)!r} not found; type an existing directory")
            return

        event.input.disabled = True
        self.export_rows(path)

    @work(exclusive=True, exit_on_error=False, group="export", description="Export")
    async def export_rows(self, path: Path) -> Path:
        progress = self.query_one("#export-progress", ProgressBar)
        status = self.query_one("#export-status", Label)

        with RowWriter(path, self.view.visible_columns) as writer:
            async for rows in stream_rows(self.client, self.view, batch_size=self.batch_size):
                writer.write(rows)
                if self.estimate is not None and writer.rows_written > self.estimate:
                    progress.update(total=writer.rows_written)
                progress.update(progress=writer.rows_written)
                status.update(f"{writer.rows_written:,} rows written to {path.name}")

        self.notify(f"Exported {writer.rows_written:,} rows to {path}")
        self.dismiss(path)
        return path

    def show_error(self, worker_name: str, report: Any) -> None:
        self.query_one("#export-status", Label).update(f"{report.title}: {report.message}")
        self.query_one("#export-path", Input).disabled = False

    def action_cancel(self) -> None:
        cancelled = any(
            worker.node is self and worker.group == "export" and not worker.is_finished
            for worker in self.workers
        )
        self.workers.cancel_group(self, "export")
        if cancelled:
            self.notify("Export cancelled; the file holds the rows written so far", severity="warning")
        self.dismiss(None)
