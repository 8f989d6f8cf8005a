"""The connection screen: pick a saved profile or type a project URL and key."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from supatui.app.config import KEY_ENV, URL_ENV, ConfigError, Profile, ProfileStore

__all__ = ["ConnectScreen"]


class ConnectScreen(Screen[None]):
    """Saved profiles on the left, the connection form on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "connect", "Connect", id="connect.submit"),
        Binding("ctrl+r", "toggle_read_only", "Read-only", id="connect.read_only"),
    ]

    @dataclass
    class Submitted(Message):
        """The user asked to connect; ``save`` stores the profile (and its key in keys.toml)."""

        name: str | None
        url: str
        key: str
        read_only: bool
        save: bool

    def __init__(self, store: ProfileStore, *, url: str = "", read_only: bool = False) -> None:
        """Create the screen.

        Args:
            store: Where saved profiles are read from.
            url: A URL to prefill (from the command line); else ``$SUPABASE_URL``.
            read_only: Prefill the read-only checkbox.
        """
        super().__init__()
        self.store = store
        self.initial_url = url or os.environ.get(URL_ENV, "")
        self.initial_read_only = read_only
        self.profiles: dict[str, Profile] = {}
        self.load_error: str | None = None

    def compose(self) -> ComposeResult:
        try:
            self.profiles = self.store.load()
        except (ConfigError, OSError) as error:  # Shown in place of the list.
            self.load_error = str(error)

        with Horizontal(id="connect"):
            with Vertical(id="connect-profiles"):
                yield Label("Saved profiles", classes="section-title")
                options = [Option(Text.assemble(name, "\n", (profile.url, "dim")), id=name)
                           for name, profile in self.profiles.items()]
                yield OptionList(*options, id="profile-list")
                if self.load_error:
                    yield Label(self.load_error, classes="error-text", markup=False)
                elif not options:
                    yield Label("None yet. Tick 'Save profile' to add one.", classes="dim")
            with VerticalScroll(id="connect-form"):
                yield Label("Connect to a Supabase project", classes="section-title")
                yield Input(placeholder="profile name (optional)", id="name")
                yield Input(self.initial_url, placeholder="https://xyz.supabase.co", id="url")
                key_hint = f"API key (or set ${KEY_ENV})"
                yield Input(os.environ.get(KEY_ENV, ""), placeholder=key_hint, password=True, id="key")
                yield Checkbox("Read-only (no writes)", self.initial_read_only, id="read-only")
                yield Checkbox("Save profile (key in keys.toml, 0600)", id="save")
                yield Button("Connect", variant="primary", id="connect-button")
                yield Label("", id="connect-error", classes="error-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # The first field in visual order: the saved profiles on the left, else the form's first input.
        self.query_one("#profile-list" if self.profiles else "#name").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id or ""
        profile = self.profiles.get(name)
        if profile is None:
            return
        self.query_one("#name", Input).value = profile.name
        self.query_one("#url", Input).value = profile.url
        self.query_one("#key", Input).value = self.store.key_for(profile.name) or ""
        self.query_one("#read-only", Checkbox).value = profile.read_only
        self.query_one("#key", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_connect()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "connect-button":
            self.action_connect()

    def action_toggle_read_only(self) -> None:
        self.query_one("#read-only", Checkbox).toggle()

    def action_connect(self) -> None:
        name = self.query_one("#name", Input).value.strip() or None
        url = self.query_one("#url", Input).value.strip()
        key = self.query_one("#key", Input).value.strip()
        save = self.query_one("#save", Checkbox).value
        error = self.query_one("#connect-error", Label)

        if not url.startswith(("http://", "https://")):
            error.update(f"URL {url!r} is invalid: enter one starting with http:// or https://")
            self.query_one("#url", Input).focus()
            return
        if not key:
            error.update(f"The API key is missing: paste the anon or service_role key, or set ${KEY_ENV}")
            self.query_one("#key", Input).focus()
            return
        if save and not name:
            error.update("A profile name is missing: enter one to save the profile")
            self.query_one("#name", Input).focus()
            return

        error.update("")
        read_only = self.query_one("#read-only", Checkbox).value
        self.post_message(self.Submitted(name=name, url=url, key=key, read_only=read_only, save=save))
