"""The table browser against the sandbox: paging, sort, detail, edit, insert, delete, export, copy."""

from __future__ import annotations

import csv
import json

import pytest
from textual.widgets import DataTable, Input, Label

from supatui.app import SupatuiApp
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.screens.tables import TablesScreen
from supatui.app.screens.tables.detail import RowDetailScreen
from supatui.app.screens.tables.row_form import RowFormScreen
from supatui.app.widgets import ErrorPanel
from tests.app.conftest import open_table, seed_planets, settle


@pytest.fixture
async def planets(sql, unique_name):
    await seed_planets(sql, unique_name)
    yield unique_name
    await sql(f"drop table if exists {unique_name}")


def make_app(sandbox, **options) -> SupatuiApp:
    return SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key, **options)


def page_line(app) -> str:
    return str(app.screen.query_one("#page-line", Label).render())


def grid_ids(app) -> list[int]:
    return [row["id"] for row in app.screen.rows]


async def test_grid_pages_first_next_last(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        size = screen.pager.page_size
        assert 5 <= size < 57
        assert grid_ids(app) == list(range(1, size + 1))
        assert page_line(app) == f"rows 1–{size} of ~57"

        await pilot.press("n")
        await settle(pilot)
        assert grid_ids(app)[0] == size + 1

        await pilot.press("G")
        await settle(pilot)
        assert grid_ids(app)[-1] == 57
        assert len(grid_ids(app)) == size
        assert page_line(app) == f"rows {57 - size + 1}–57 of 57"

        await pilot.press("n")
        await settle(pilot)
        assert grid_ids(app)[-1] == 57

        await pilot.press("g")
        await settle(pilot)
        assert grid_ids(app)[0] == 1


async def test_larger_screen_shows_more_rows(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_table(pilot, planets)
        assert app.screen.pager.page_size > 20
        assert len(app.screen.query_one("#grid", DataTable).columns) == 7


async def test_jump_to_row(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("j", "3", "0", "enter")
        await settle(pilot)
        assert grid_ids(app)[0] == 30


async def test_sort_toggles_direction(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("right", "right")  # the mass column
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.view.sort == ("mass", False)
        assert grid_ids(app)[0] == 1

        await pilot.press("s")
        await settle(pilot)
        assert app.screen.view.sort == ("mass", True)
        assert grid_ids(app)[0] == 57
        assert "mass ▼" in [str(column.label) for column in app.screen.query_one(DataTable).columns.values()]


async def test_column_chooser_hides_column(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "space", "enter")  # untick "name"
        await settle(pilot)
        keys = [str(key.value) for key in app.screen.query_one(DataTable).columns]
        assert "name" not in keys
        assert keys[0] == "id"


async def test_row_detail_shows_json(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("down", "v")
        await pilot.pause()
        assert isinstance(app.screen, RowDetailScreen)
        assert app.screen.row["id"] == 2
        assert app.screen.row["meta"] == {"moons": 2, "ring": False}

        await pilot.press("y")
        await pilot.pause()
        assert json.loads(app.clipboard)["name"] == "planet-002"


async def test_copy_cell_reports_path(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("right", "y")
        await pilot.pause()
        assert app.clipboard == "planet-001"
        messages = [notification.message for notification in app._notifications]
        assert any("Copied name via OSC 52" in message for message in messages)


async def test_edit_row_updates_database(sandbox, sql, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowFormScreen)
        name_field = next(field for field in form.query(Input) if field.name == "name")
        name_field.value = "Vulcan"
        meta_field = next(field for field in form.query(Input) if field.name == "meta")
        meta_field.value = '{"moons": 0}'
        await pilot.press("ctrl+s")
        await settle(pilot)

    row = await sql.fetchrow(f"select name, meta from {planets} where id = 1")
    assert row["name"] == "Vulcan"
    assert json.loads(row["meta"]) == {"moons": 0}


async def test_form_focuses_first_editable_field(sandbox, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RowFormScreen)
        assert isinstance(app.focused, Input)
        assert app.focused.name == "name"  # The primary key is skipped on edit.
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert app.focused.name == "id"  # On insert the key has no default, so it comes first.


async def test_form_rejects_bad_integer(sandbox, sql, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        next(field for field in form.query(Input) if field.name == "id").value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "id: 'abc' is not an integer" in str(form.query_one("#form-error", Label).render())

        next(field for field in form.query(Input) if field.name == "id").value = "100"
        next(field for field in form.query(Input) if field.name == "name").value = "New"
        next(field for field in form.query(Input) if field.name == "tags").value = '["x", "y"]'
        await pilot.press("ctrl+s")
        await settle(pilot)

    row = await sql.fetchrow(f"select name, tags, habitable from {planets} where id = 100")
    assert row["name"] == "New"
    assert row["tags"] == ["x", "y"]
    assert row["habitable"] is False


async def test_form_keeps_values_on_server_error(sandbox, sql, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        next(field for field in form.query(Input) if field.name == "id").value = "1"
        next(field for field in form.query(Input) if field.name == "name").value = "Duplicate"
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.screen is form
        error_text = str(form.query_one("#form-error", Label).render())
        assert error_text.startswith("23505: duplicate key value")
        assert next(field for field in form.query(Input) if field.name == "name").value == "Duplicate"

        next(field for field in form.query(Input) if field.name == "id").value = "101"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form

    assert await sql.fetchval(f"select name from {planets} where id = 101") == "Duplicate"


async def test_delete_asks_and_deletes(sandbox, sql, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "id=1 · name=planet-001" in app.screen.body
        await pilot.press("n")
        await settle(pilot)
        assert await sql.fetchval(f"select count(*) from {planets}") == 57

        await pilot.press("space", "space", "d")  # mark rows 1 and 2
        await pilot.pause()
        assert app.screen.question == "Delete 2 rows from " + planets + "?"
        await pilot.press("y")
        await settle(pilot)
        assert grid_ids(app)[0] == 3

    assert await sql.fetchval(f"select count(*) from {planets}") == 55
    assert await sql.fetchval(f"select count(*) from {planets} where id in (1, 2)") == 0


async def test_read_only_blocks_writes(sandbox, sql, planets):
    app = make_app(sandbox, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        app.clear_notifications()
        for key in ("d", "e", "i", "delete"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TablesScreen)
        messages = [notification.message for notification in app._notifications]
        assert messages == ["Read-only: editing is off (started with --read-only)"] * 4
    assert await sql.fetchval(f"select count(*) from {planets}") == 57


@pytest.mark.parametrize("suffix", ["csv", "json"])
async def test_export_writes_filtered_view(sandbox, planets, tmp_path, suffix):
    from supatui.app.filters import Condition, FilterTree, Group

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        screen = app.screen
        tree = FilterTree(root=Group(children=[Condition("habitable", "is", "true")]))
        screen.set_view(screen.with_view(filters=tree))
        await settle(pilot)
        assert grid_ids(app) == [7, 14, 21, 28, 35, 42, 49, 56]
        assert "habitable=is.true" in str(screen.query_one("#filter-line", Label).render())

        await pilot.press("x")
        await pilot.pause()
        target = tmp_path / f"out.{suffix}"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)

    if suffix == "csv":
        with target.open(newline="") as file:
            records = list(csv.DictReader(file))
        assert [record["id"] for record in records] == ["7", "14", "21", "28", "35", "42", "49", "56"]
        assert json.loads(records[0]["meta"]) == {"moons": 2, "ring": False}
        assert records[0]["habitable"] == "true"
    else:
        records = json.loads(target.read_text())
        assert [record["id"] for record in records] == [7, 14, 21, 28, 35, 42, 49, 56]


async def test_server_error_shows_code_and_hint(sandbox, sql, planets):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, planets)
        await sql(f"drop table {planets}")
        await pilot.press("r")
        await settle(pilot)
        report = app.screen.error
        assert report is not None
        assert report.code == "PGRST205"
        panel_text = str(app.screen.query_one(ErrorPanel).render())
        assert "PGRST205" in panel_text
        assert "r retry" in panel_text


async def test_markup_in_cells_is_literal(sandbox, sql, unique_name):
    await sql(f"create table {unique_name} (id int primary key, name text)")
    await sql(
        f"insert into {unique_name} values (1, '[bold]x[/bold] y'), (2, 'a [/] b'), (3, NULL)",
        reload=False,
    )
    await sql(f"grant all on {unique_name} to anon, authenticated, service_role")
    try:
        app = make_app(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, unique_name)
            grid = app.screen.query_one("#grid", DataTable)
            assert grid.get_cell_at((0, 1)).plain == "[bold]x[/bold] y"
            assert grid.get_cell_at((1, 1)).plain == "a [/] b"
            assert grid.get_cell_at((2, 1)).plain == "NULL"

            await pilot.press("d")
            await pilot.pause()
            assert "[bold]x[/bold] y" in app.screen.body
            await pilot.press("y")
            await settle(pilot)

        assert await sql.fetchval(f"select count(*) from {unique_name}") == 2
    finally:
        await sql(f"drop table {unique_name}")


async def test_anon_key_opens_table_by_name(sandbox, planets, tmp_path):
    from supatui.app.filters import Condition, FilterTree, Group
    from supatui.app.screens.dialogs import PromptScreen
    from supatui.app.screens.help import binding_rows

    app = SupatuiApp(url=sandbox.api_url, key=sandbox.anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        assert screen.error is not None
        panel_text = str(screen.query_one(ErrorPanel).render())
        assert "o open a table by name" in panel_text
        assert ("o", "Open table by name", "tables.open_by_name") in binding_rows(screen)

        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*planets, "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.error is None
        assert grid_ids(app)[:3] == [1, 2, 3]
        columns = {column.name: column.kind for column in screen.view.table.columns}
        assert columns == {"id": "other", "name": "text", "mass": "other", "habitable": "other",
                           "tags": "other", "meta": "other", "discovered": "text"}
        assert len(screen.query_one("#grid", DataTable).columns) == 7

        tree = FilterTree(root=Group(children=[Condition("name", "like", "planet-01*")]))
        screen.set_view(screen.with_view(filters=tree))
        await settle(pilot)
        assert grid_ids(app) == list(range(10, 20))

        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RowDetailScreen)
        assert app.screen.row["meta"] == {"moons": 0, "ring": False}
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("x")
        await pilot.pause()
        target = tmp_path / "anon.json"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)

    assert [record["id"] for record in json.loads(target.read_text())] == list(range(10, 20))
