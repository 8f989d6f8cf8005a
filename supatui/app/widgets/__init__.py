"""Widgets shared by the dashboard's sections."""

from supatui.app.widgets.error_panel import ErrorPanel
from supatui.app.widgets.status_line import StatusLine

__all__ = ["ErrorPanel", "StatusLine"]
