"""The one-line bar naming the project host, the key's role and the read-only state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from supatui.app.session import Session

__all__ = ["StatusLine"]


class StatusLine(Static):
    """Shows ``host · role · read-only`` and the current section."""

    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; }
    """

    def __init__(self, session: Session, *, section: str, id: str | None = None) -> None:
        """Create the status line.

        Args:
            session: The connection whose host, role and read-only state are shown.
            section: The section name shown at the left, such as "Tables".
            id: The widget id.
        """
        super().__init__(id=id)
        self.session = session
        self.section = section

    def on_mount(self) -> None:
        self.update(self.render_status())
        if hasattr(self.app, "viewing_as"):
            self.watch(self.app, "viewing_as", lambda _viewer: self.update(self.render_status()), init=False)

    def render_status(self) -> Text:
        text = Text()
        text.append(f" {self.section} ", style="bold reverse")
        text.append(f" {self.session.host} ")
        role = self.session.role
        text.append(f" role: {role} ", style="bold red" if role == "service_role" else "bold")
        viewer = getattr(self.app, "viewing_as", "")
        if viewer:
            text.append(f" as {viewer} ", style="bold reverse magenta")
        if self.session.read_only:
            text.append(" READ-ONLY ", style="bold reverse yellow")
        if self.session.profile_name:
            text.append(f" profile: {self.session.profile_name}", style="dim")
        return text
