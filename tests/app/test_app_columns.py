"""Column names with PostgREST's reserved characters, sent quoted, against the sandbox."""

from __future__ import annotations

import csv

import pytest
from textual.widgets import Input, Label

from supatui.app import SupatuiApp
from supatui.app.filters import Condition, FilterTree, Group, render_client_code
from supatui.app.identifiers import quote_column
from supatui.app.screens.tables import TablesScreen
from supatui.app.screens.tables.row_form import RowFormScreen
from tests.app.conftest import open_table, settle

# Each column's value in row 1 and row 2.
ODD_COLUMNS = {
    "a.b": ("p", "q"),
    "col,with.comma": ("v1", "v2"),
    "x:y": (10, 20),
    "f(x)": ("f1", "f2"),
    'say "hi"': ("h1", "h2"),
    "with space": ("s1", "s2"),
    "back\\slash": ("b1", "b2"),
}


def sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@pytest.fixture
async def odd_table(sql, unique_name):
    """Rows 1 and 2 of a table whose primary key is ``k.ey`` and whose other columns are `ODD_COLUMNS`."""
    definitions = ", ".join(
        f"{sql_name(name)} {'int' if name == 'x:y' else 'text'}" for name in ODD_COLUMNS)
    await sql(f'create table {unique_name} ("k.ey" int primary key, {definitions});'
              f"grant all on {unique_name} to anon, authenticated, service_role;")
    for key in (1, 2):
        values = [values[key - 1] for values in ODD_COLUMNS.values()]
        placeholders = ", ".join(f"${index}" for index in range(2, len(values) + 2))
        await sql(f"insert into {unique_name} values ($1, {placeholders})", key, *values, reload=False)
    yield unique_name
    await sql(f"drop table if exists {unique_name}")


def make_app(sandbox) -> SupatuiApp:
    return SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key)


def keys(app) -> list[int]:
    return [row["k.ey"] for row in app.screen.rows]


def test_quote_column_rules():
    assert quote_column("plain_name$1") == "plain_name$1"
    assert quote_column("a.b") == '"a.b"'
    assert quote_column("col,with.comma") == '"col,with.comma"'
    assert quote_column("with space") == '"with space"'
    assert quote_column('say "hi"') == '"say \\"hi\\""'
    assert quote_column("back\\slash") == '"back\\\\slash"'


@pytest.mark.parametrize("column", list(ODD_COLUMNS))
async def test_filter_on_odd_column(sandbox, odd_table, column):
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_table(pilot, odd_table)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        assert keys(app) == [1, 2]

        value = str(ODD_COLUMNS[column][1])
        screen.set_view(screen.with_view(filters=FilterTree(Group(children=[Condition(column, "eq", value)]))))
        await settle(pilot)
        assert screen.error is None
        assert keys(app) == [2]
        filter_line = str(screen.query_one("#filter-line", Label).render())
        assert f"{quote_column(column)}=eq.{value}" in filter_line

        negated_or = Group(op="or", children=[Condition(column, "eq", value, negated=True),
                                              Condition("k.ey", "eq", "0")])
        screen.set_view(screen.with_view(filters=FilterTree(Group(children=[negated_or]))))
        await settle(pilot)
        assert screen.error is None
        assert keys(app) == [1]

        screen.set_view(screen.with_view(filters=None, sort=(column, True)))
        await settle(pilot)
        assert screen.error is None
        assert keys(app) == [2, 1]


def test_client_code_quotes_column():
    from supatui.app.schema import ColumnInfo, TableInfo

    table = TableInfo(name="odd", schema="public", writable=True,
                      columns=(ColumnInfo("x:y", "integer", "integer"),))
    tree = FilterTree(Group(children=[Condition("x:y", "gt", "5")]))
    code = render_client_code(table, tree, order=[("x:y", False)])
    assert '.gt("\\"x:y\\"", 5)' in code
    assert '.order("\\"x:y\\"")' in code


async def test_edit_and_delete_by_dotted_key(sandbox, sql, odd_table):
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_table(pilot, odd_table)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowFormScreen)
        next(field for field in form.query(Input) if field.name == "with space").value = "edited"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)

        await pilot.press("down", "d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert keys(app) == [1]

    assert await sql.fetchval(f'select "with space" from {odd_table} where "k.ey" = 1') == "edited"
    assert await sql.fetchval(f"select count(*) from {odd_table}") == 1


async def test_export_selects_quoted_columns(sandbox, odd_table, tmp_path):
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_table(pilot, odd_table)
        screen = app.screen
        screen.set_view(screen.with_view(hidden=frozenset({"f(x)", "k.ey"})), keep_offset=True)
        await settle(pilot)

        await pilot.press("x")
        await pilot.pause()
        target = tmp_path / "odd.csv"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)

    with target.open(newline="") as file:
        records = list(csv.DictReader(file))
    shown = [name for name in ODD_COLUMNS if name != "f(x)"]
    assert list(records[0]) == shown
    assert [record['say "hi"'] for record in records] == ["h1", "h2"]
    assert [record["back\\slash"] for record in records] == ["b1", "b2"]
