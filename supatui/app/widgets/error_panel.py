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

    def show_report(self, report: ErrorReport, *, keys: list[tuple[str, str]] | None = None) -> None:
        """Show ``report`` followed by ``keys``, ``(key, what it does)`` pairs; ``r`` retry by default."""
        text = Text()
        text.append(report.title + "\n", style="bold")
        text.append(report.text + "\n")
        for key, description in keys if keys is not None else [("r", "retry")]:
            text.append("\n")
            text.append(key, style="bold reverse")
            text.append(f" {description}")
        self.update(text)
