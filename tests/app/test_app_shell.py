"""The shell without a server: connection screen, errors with retry, help, palette, read-only."""

from __future__ import annotations

import asyncio

import httpx
from textual.widgets import Checkbox, DataTable, Input, Label

from supatui.app import SupatuiApp
from supatui.app.config import Profile, ProfileStore
from supatui.app.screens.connect import ConnectScreen
from supatui.app.screens.help import HelpScreen
from supatui.app.screens.tables import TablesScreen
from supatui.app.widgets import ErrorPanel, StatusLine
from supatui.client import ClientOptions, create_client
from tests.app.conftest import settle


async def test_dead_server_shows_error_and_retry(dead_url, anon_key):
    app = SupatuiApp(url=dead_url, key=anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        panel = screen.query_one(ErrorPanel)
        assert panel.display
        assert "NETWORK" in str(panel.render())
        assert "r retry" in str(panel.render())

        attempts = screen.generation, app.screen.error
        await pilot.press("r")
        await settle(pilot)
        assert screen.error is not None
        assert screen.error.code == "NETWORK"
        assert attempts[1] is not screen.error


async def test_status_line_shows_host_role_read_only(dead_url, anon_key):
    app = SupatuiApp(url=dead_url, key=anon_key, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one(StatusLine).render())
        assert dead_url.removeprefix("http://") in text
        assert "role: anon" in text
        assert "READ-ONLY" in text


async def test_read_only_write_keys_explain(dead_url, anon_key):
    app = SupatuiApp(url=dead_url, key=anon_key, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        actions = {active.binding.action for active in app.screen.active_bindings.values()}
        assert {"next_page", "insert_row", "edit_row", "delete_rows"} <= actions

        app.clear_notifications()
        await pilot.press("i")
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert messages == ["Read-only: editing is off (started with --read-only)"]


async def test_help_lists_bindings_and_log_path(dead_url, anon_key):
    app = SupatuiApp(url=dead_url, key=anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_row_at(index)[2]) for index in range(table.row_count)}
        assert {"tables.next_page", "tables.last_page", "tables.sort", "app.help"} <= ids
        assert str(app.log_path) in str(app.screen.query_one("#help-log", Label).render())

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TablesScreen)


async def test_palette_offers_screen_actions(dead_url, anon_key):
    app = SupatuiApp(url=dead_url, key=anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"last page")
        await pilot.pause(0.3)
        from textual.command import CommandList
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Last page" in prompt for prompt in prompts)

        await pilot.press(*["backspace"] * 9, *"help", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HelpScreen)


async def test_footer_fits_main_keys_at_80_columns(dead_url, anon_key):
    from textual.widgets._footer import FooterKey

    app = SupatuiApp(url=dead_url, key=anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        palette = next(key for key in keys if key.has_class("-command-palette"))
        shown = {key.description: key for key in keys if key is not palette}
        assert sorted(shown) == sorted(["Next page", "Prev page", "Filter", "Edit", "Help", "Quit"])
        for description, key in shown.items():
            assert key.region.width > 0, description
            assert key.region.right <= palette.region.x, f"{description} is hidden under ^p Commands"


async def test_connect_screen_validates_and_saves(dead_url, anon_key, config_dir):
    app = SupatuiApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConnectScreen)

        app.screen.query_one("#url", Input).value = "ftp://nope"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ftp://nope" in str(app.screen.query_one("#connect-error", Label).render())

        app.screen.query_one("#url", Input).value = dead_url
        app.screen.query_one("#key", Input).value = anon_key
        app.screen.query_one("#name", Input).value = "local"
        app.screen.query_one("#save", Checkbox).value = True
        assert app.screen.query_one("#key", Input).password
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)

    store = ProfileStore(config_dir)
    assert store.load()["local"].url == dead_url
    assert store.key_for("local") == anon_key
    assert anon_key not in store.profiles_path.read_text()


async def test_connect_screen_focuses_first_field(anon_key, config_dir):
    app = SupatuiApp(url="http://127.0.0.1:1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConnectScreen)
        assert app.focused is not None
        assert app.focused.id == "name"

    ProfileStore(config_dir).save(Profile("saved", "http://127.0.0.1:1"), key=anon_key)
    app = SupatuiApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None
        assert app.focused.id == "profile-list"


async def test_connect_screen_fills_from_profile(anon_key, config_dir):
    ProfileStore(config_dir).save(Profile("saved", "http://127.0.0.1:1", read_only=True), key=anon_key)
    app = SupatuiApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#url", Input).value == "http://127.0.0.1:1"
        assert app.screen.query_one("#key", Input).value == anon_key
        assert app.screen.query_one("#read-only", Checkbox).value is True


class HangingTransport(httpx.AsyncBaseTransport):
    """Fault injection: a server that accepts requests and never responds."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_slow_server_keeps_screen_usable(anon_key):
    client = create_client("http://127.0.0.1:1", anon_key,
                           options=ClientOptions(transport=HangingTransport(), max_retries=0))
    app = SupatuiApp(url="http://127.0.0.1:1", key=anon_key, client=client)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(worker.name == "load_schemas" and not worker.is_finished for worker in app.workers)

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

        await pilot.press("escape", "r")
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        assert [worker.name for worker in running] == ["load_schemas"]
    await client.aclose()


async def test_escape_cancels_hanging_load(anon_key):
    client = create_client("http://127.0.0.1:1", anon_key,
                           options=ClientOptions(transport=HangingTransport(), max_retries=0))
    app = SupatuiApp(url="http://127.0.0.1:1", key=anon_key, client=client)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert all(worker.is_finished for worker in app.workers)
        assert "cancelled" in str(app.screen.query_one("#page-line", Label).render())
    await client.aclose()
