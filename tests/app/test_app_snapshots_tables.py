"""Snapshots of the table browser and its dialogs on seeded data, at 80×24 and 120×40.

The module starts its own sandbox so that the table list holds only the tables seeded here,
whatever other test modules create in the shared one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from textual.widgets import Input

from supatui.app import SupatuiApp
from supatui.client import create_client
from supatui.sandbox import SandboxSettings, SandboxThread
from tests.app.conftest import PLANETS_SQL, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SHOWN_URL = "http://127.0.0.1:54321"
LOG_PATH = Path("/home/user/.local/state/supatui/log/supatui.log")


async def _seed(sandbox: SandboxThread) -> None:
    connection = await asyncpg.connect(sandbox.db_url)
    try:
        await connection.execute(PLANETS_SQL.format(name="planets", rows=57))
        await connection.execute("create table moons (id int8 primary key, planet_id int8, name text)")
        await connection.execute("insert into moons select i, i % 5 + 1, 'moon ' || i from generate_series(1, 12) i")
        # Fresh statistics make the planner's count=planned estimates match the row counts.
        await connection.execute("analyze planets; analyze moons")
    finally:
        await connection.close()
    await sandbox.reload_schema()


@pytest.fixture(scope="module")
def ui_sandbox():
    with SandboxThread(SandboxSettings(seed="empty")) as sandbox:
        asyncio.run(_seed(sandbox))
        yield sandbox


def make_app(sandbox: SandboxThread, *, read_only: bool = False) -> SupatuiApp:
    # The real server's port changes per run, so the status line shows a fixed URL instead.
    client = create_client(sandbox.api_url, sandbox.service_role_key)
    app = SupatuiApp(url=SHOWN_URL, key=sandbox.service_role_key, client=client,
                     read_only=read_only, log_path=LOG_PATH)
    app.owns_client = True  # Closed on unmount, because the test keeps no reference to it.
    return app


def after(*keys: str):
    """Return a run_before hook: wait for the first page, open `planets`, press ``keys``, settle."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        screen.open_table(screen.tables["planets"])
        screen.query_one("#table-list").highlighted = list(screen.tables).index("planets")
        screen.query_one("#grid").focus()
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        pilot.app.clear_notifications()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


CASES = {
    "grid": (),
    "sorted_desc": ("right", "right", "s", "s"),
    "second_page": ("n",),
    "last_page": ("G",),
    "detail": ("down", "v"),
    "edit_form": ("e",),
    "insert_form": ("i",),
    "columns": ("c",),
    "delete_confirm": ("space", "space", "d"),
    "export": ("x",),
    "jump": ("j", "4", "2"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_snapshot_tables(snap_compare, ui_sandbox, case, size, monkeypatch):
    monkeypatch.chdir("/tmp")  # The export dialog shows a default path in the current directory.
    assert snap_compare(make_app(ui_sandbox), terminal_size=size, run_before=after(*CASES[case]))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_read_only(snap_compare, ui_sandbox, size):
    assert snap_compare(make_app(ui_sandbox, read_only=True), terminal_size=size, run_before=after())
