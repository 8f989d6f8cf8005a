"""Paging a filtered view whose planned row estimate is wrong, against the sandbox.

Above db-max-rows (1,000 here) ``count=estimated`` is the planner's estimate,
which comes from the statistics of the last ANALYZE. Autovacuum is off for
these tables, so the statistics stay stale for the whole test.
"""

from __future__ import annotations

import pytest
from textual.widgets import Label

from supatui.app import SupatuiApp
from supatui.app.filters import Condition, FilterTree, Group
from supatui.app.screens.tables import TablesScreen
from tests.app.conftest import open_table, settle

FLAG_IS_TRUE = FilterTree(Group(children=[Condition("flag", "is", "true")]))


def make_app(sandbox) -> SupatuiApp:
    return SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key)


def page_line(app) -> str:
    return str(app.screen.query_one("#page-line", Label).render())


def grid_ids(app) -> list[int]:
    return [row["id"] for row in app.screen.rows]


async def create_flags(sql, name: str) -> None:
    await sql(f"""
        create table {name} (id int primary key, flag boolean not null) with (autovacuum_enabled = false);
        grant all on {name} to anon, authenticated, service_role;
    """)


@pytest.fixture
async def low_estimate(sql, unique_name):
    """1,200 rows match ``flag is true``, but the statistics say none do."""
    await create_flags(sql, unique_name)
    await sql(f"insert into {unique_name} select i, false from generate_series(1, 1500) i", reload=False)
    await sql(f"analyze {unique_name}", reload=False)
    await sql(f"insert into {unique_name} select i, true from generate_series(1501, 2700) i", reload=False)
    yield unique_name
    await sql(f"drop table if exists {unique_name}")


@pytest.fixture
async def high_estimate(sql, unique_name):
    """1,100 rows match ``flag is true``, but the statistics say all 3,000 do."""
    await create_flags(sql, unique_name)
    await sql(f"insert into {unique_name} select i, true from generate_series(1, 3000) i", reload=False)
    await sql(f"analyze {unique_name}", reload=False)
    await sql(f"update {unique_name} set flag = false where id > 1100", reload=False)
    yield unique_name
    await sql(f"drop table if exists {unique_name}")


async def open_filtered(pilot, name: str) -> TablesScreen:
    await open_table(pilot, name)
    screen = pilot.app.screen
    assert isinstance(screen, TablesScreen)
    screen.set_view(screen.with_view(filters=FLAG_IS_TRUE))
    await settle(pilot)
    return screen


async def test_low_estimate_next_and_last(sandbox, low_estimate):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_filtered(pilot, low_estimate)
        size = screen.pager.page_size
        assert screen.pager.total_is_estimate
        assert screen.pager.total is not None and screen.pager.total < size
        assert grid_ids(app) == list(range(1501, 1501 + size))

        await pilot.press("n")
        await settle(pilot)
        assert grid_ids(app)[0] == 1501 + size
        assert page_line(app) == f"rows {size + 1}–{2 * size} of {2 * size}+"

        screen.action_last_page()
        assert page_line(app) == "Counting rows…"
        await settle(pilot)
        assert grid_ids(app)[-1] == 2700
        assert len(grid_ids(app)) == size
        assert page_line(app) == f"rows {1200 - size + 1:,}–1,200 of 1,200"

        await pilot.press("n")
        await settle(pilot)
        assert grid_ids(app)[-1] == 2700

        await pilot.press("g")
        await settle(pilot)
        assert page_line(app) == f"rows 1–{size} of 1,200"


async def test_high_estimate_last_page(sandbox, high_estimate):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_filtered(pilot, high_estimate)
        size = screen.pager.page_size
        assert screen.pager.total_is_estimate
        assert screen.pager.total is not None and screen.pager.total > 1100 + size

        await pilot.press("G")
        await settle(pilot)
        assert grid_ids(app) == list(range(1100 - size + 1, 1101))
        assert page_line(app) == f"rows {1100 - size + 1:,}–1,100 of 1,100"


async def test_jump_checks_exact_count(sandbox, low_estimate):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_filtered(pilot, low_estimate)
        size = screen.pager.page_size

        # Past the estimate but within the real count: the estimate does not stop the jump.
        await pilot.press("j", *"1000", "enter")
        await settle(pilot)
        assert grid_ids(app)[0] == 1500 + 1000

        await pilot.press("G")
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("j", *"1300", "enter")
        await settle(pilot)
        assert grid_ids(app)[-1] == 2700
        messages = [notification.message for notification in app._notifications]
        assert any("Row 1,300 does not exist: the view has 1,200 rows" in message for message in messages)

        await pilot.press("j", *"1195", "enter")
        await settle(pilot)
        assert grid_ids(app) == list(range(2700 - size + 1, 2701))


async def test_last_page_count_cancelled(sandbox, low_estimate):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_filtered(pilot, low_estimate)
        first_page = grid_ids(app)

        screen.action_last_page()
        screen.action_cancel_loading()
        await settle(pilot)
        assert page_line(app) == "loading cancelled · r retries"
        assert grid_ids(app) == first_page


async def test_next_page_read_ahead(sandbox, sql, unique_name):
    await create_flags(sql, unique_name)
    await sql(f"insert into {unique_name} select i, true from generate_series(1, 100) as i", reload=False)
    try:
        app = make_app(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, unique_name)
            screen = app.screen
            size = screen.pager.page_size
            assert screen.prefetched is not None
            assert screen.prefetched.pager.offset == size

            # A change made outside the dashboard shows once `r` reads the page again.
            await sql(f"update {unique_name} set flag = false where id = {size + 1}", reload=False)
            await pilot.press("n")
            await settle(pilot)
            assert grid_ids(app)[0] == size + 1
            assert screen.prefetched is not None
            assert screen.prefetched.pager.offset == 2 * size

            await pilot.press("r")
            await settle(pilot)
            assert screen.rows[0]["flag"] is False
            assert screen.prefetched.pager.offset == 2 * size
    finally:
        await sql(f"drop table {unique_name}")
