"""A panel that replaces a view whose data failed to load, with the retry key."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from supatui.app.errors import ErrorReport

__all__ = ["ErrorPanel"]


class ErrorPanel(Static):
    """Shows an `ErrorReport`: title, code and message, details, hint, and the retry key."""

    DEFAULT_CSS = """
    ErrorPanel { height: auto; padding: 1 2; }
    """

    def show_report(self, report: ErrorReport) -> None:
        text = Text()
        text.append(report.title + "\n", style="bold")
        text.append(report.text + "\n\n")
        text.append("r", style="bold reverse")
        text.append(" retry")
        self.update(text)
