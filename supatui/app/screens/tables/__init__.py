"""The Tables section."""

from supatui.app.screens.tables.browser import TablesScreen

__all__ = ["TablesScreen"]
