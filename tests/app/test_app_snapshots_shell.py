"""Snapshots of the screens that need no data: connection screen, dead server, help, read-only."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from textual.widgets import Input

from supatui.app import SupatuiApp
from supatui.app.config import Profile, ProfileStore
from supatui.client import ClientOptions, create_client
from tests.app.conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SHOWN_URL = "http://127.0.0.1:54321"
LOG_PATH = Path("/home/user/.local/state/supatui/log/supatui.log")


class RefusingTransport(httpx.AsyncBaseTransport):
    """Fault injection: every request fails as if nothing listened on the port."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("All connection attempts failed", request=request)


def dead_server_app(anon_key: str, *, read_only: bool = False) -> SupatuiApp:
    client = create_client(SHOWN_URL, anon_key, options=ClientOptions(transport=RefusingTransport(),
                                                                      max_retries=0))
    app = SupatuiApp(url=SHOWN_URL, key=anon_key, client=client, read_only=read_only,
                     log_path=LOG_PATH)
    app.owns_client = True  # Closed on unmount, because the test keeps no reference to it.
    return app


async def quiet(pilot) -> None:
    """Let workers finish, then drop toasts and stop cursors blinking so screenshots are stable."""
    await settle(pilot)
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_connect_screen(snap_compare, config_dir, anon_key, size):
    ProfileStore(config_dir).save(Profile("local", SHOWN_URL), key=anon_key)
    ProfileStore(config_dir).save(Profile("production", "https://abcdefgh.supabase.co", read_only=True))
    assert snap_compare(SupatuiApp(log_path=LOG_PATH), terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_dead_server(snap_compare, anon_key, size):
    assert snap_compare(dead_server_app(anon_key), terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_help(snap_compare, anon_key, size):
    async def open_help(pilot) -> None:
        await quiet(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(dead_server_app(anon_key, read_only=True), terminal_size=size,
                        run_before=open_help)
