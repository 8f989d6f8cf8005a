"""Leaving the row form: escape asks before discarding edits and does not hide a running save."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from textual.widgets import Input, Label

from supatui.app import SupatuiApp
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.screens.tables import TablesScreen
from supatui.app.screens.tables.row_form import RowFormScreen
from supatui.client import ClientOptions, create_client
from tests.app.conftest import open_table, seed_planets, settle


@pytest.fixture
async def planets(sql, unique_name):
    await seed_planets(sql, unique_name, rows=5)
    yield unique_name
    await sql(f"drop table if exists {unique_name}")


def name_field(form: RowFormScreen) -> Input:
    return next(field for field in form.query(Input) if field.name == "name")


class HangOnPatch(httpx.AsyncBaseTransport):
    """Fault injection: PATCH requests (row updates) never get an answer; the rest reach the sandbox."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.patches = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            self.patches += 1
            await asyncio.Event().wait()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_escape_asks_before_discarding(sandbox, sql, planets):
    app = SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)

        # Nothing changed: escape closes at once.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RowFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TablesScreen)

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        name_field(form).value = "Changed"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Discard changes?"
        assert app.screen.body == "Changed: name"

        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert name_field(form).value == "Changed"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)

    assert await sql.fetchval(f"select name from {planets} where id = 1") == "planet-001"


async def test_escape_while_saving_warns(sandbox, planets):
    transport = HangOnPatch()
    client = create_client(sandbox.api_url, sandbox.service_role_key,
                           options=ClientOptions(transport=transport, max_retries=0))
    app = SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key, client=client)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, planets)
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, RowFormScreen)
            name_field(form).value = "Pending"
            await pilot.press("ctrl+s")
            for _ in range(20):
                if transport.patches:
                    break
                await pilot.pause(0.05)
            assert transport.patches == 1
            assert form.is_saving()

            await pilot.press("ctrl+s")
            await pilot.pause()
            assert transport.patches == 1  # A second save is not sent while the first runs.

            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is form
            assert "Press escape again to stop waiting" in str(form.query_one("#form-error", Label).render())

            app.clear_notifications()
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, TablesScreen)
            messages = [notification.message for notification in app._notifications]
            assert any("the write may or may not have happened" in message for message in messages)
    finally:
        await client.aclose()
