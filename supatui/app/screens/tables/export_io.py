"""Writing rows to CSV or JSON files one batch at a time."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, TextIO

__all__ = ["ExportFormat", "RowWriter", "format_for_path"]

ExportFormat = Literal["csv", "json"]


def format_for_path(path: Path) -> ExportFormat:
    """Return the format chosen by ``path``'s suffix; raise ValueError for anything but .csv/.json."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        return "json"
    raise ValueError(f"cannot export to {path.name!r}: end the file name with .csv or .json")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


class RowWriter:
    """Appends batches of rows to a CSV (header row first) or JSON array file."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        """Create the writer; the file is opened by ``with``.

        Args:
            path: The file to create or overwrite; its suffix picks the format.
            columns: The columns to write, in order.
        """
        self.path = path
        self.columns = columns
        self.format = format_for_path(path)
        self.rows_written = 0
        self._file: TextIO | None = None
        self._csv: Any = None

    def __enter__(self) -> Self:
        self._file = self.path.open("w", encoding="utf-8", newline="")
        if self.format == "csv":
            self._csv = csv.writer(self._file)
            self._csv.writerow(self.columns)
        else:
            self._file.write("[")
        return self

    def write(self, rows: list[dict[str, Any]]) -> None:
        assert self._file is not None, "RowWriter.write called outside 'with'"
        for row in rows:
            if self.format == "csv":
                self._csv.writerow([_csv_cell(row.get(column)) for column in self.columns])
            else:
                separator = "\n" if self.rows_written == 0 else ",\n"
                record = {column: row.get(column) for column in self.columns}
                self._file.write(separator + json.dumps(record, ensure_ascii=False, default=str))
            self.rows_written += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._file is not None
        if self.format == "json":
            self._file.write("\n]\n" if self.rows_written else "]\n")
        self._file.close()
