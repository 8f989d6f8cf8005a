"""Names and values that look like Rich markup are shown literally in every widget of the Tables section."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select, SelectionList

from supatui.app import SupatuiApp
from supatui.app.filters import Condition, FilterBuilderScreen, FilterTree, Group
from supatui.app.filters._saved import SavedFiltersScreen
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.screens.tables import TablesScreen
from supatui.app.screens.tables.column_chooser import ColumnChooserScreen
from supatui.app.screens.tables.detail import RowDetailScreen
from supatui.app.screens.tables.export import ExportScreen
from supatui.app.screens.tables.row_form import RowFormScreen
from tests.app.conftest import open_table, seed_planets, settle

CLOSE_ALL = "bad [/] name"
BOLD = "[bold]x[/bold]"


def plain(widget) -> str:
    return str(widget.render())


def prompt_text(prompt) -> str:
    """Return the text of a prompt that was given as Text; a plain str would have been parsed as markup."""
    assert isinstance(prompt, (Text, Content)), f"prompt {prompt!r} is a {type(prompt).__name__}"
    return prompt.plain


@pytest.fixture
async def markup_table(sql, unique_name):
    """A table named ``t_... [red]x`` with columns and an enum value that look like markup.

    The table name has no ``/``: the sandbox rejects a ``%2F`` in the path of /rest/v1/.
    """
    table = f"{unique_name} [red]x"
    enum = f"{unique_name}_kind"
    await sql(f"""
        create type {enum} as enum ('[/]', '[bold]x[/bold]');
        create table "{table}" (
            id int primary key,
            "{BOLD}" text,
            "{CLOSE_ALL}" {enum}
        );
        insert into "{table}" values (1, '[/] value', '[/]'), (2, '[red]v[/red]', '[bold]x[/bold]');
        grant all on "{table}" to anon, authenticated, service_role;
    """)
    yield table
    await sql(f'drop table if exists "{table}"; drop type if exists {enum}')


def make_app(sandbox) -> SupatuiApp:
    return SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key)


async def test_saved_filter_names_literal(sandbox, sql, unique_name):
    await seed_planets(sql, unique_name, rows=5)
    try:
        app = make_app(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, unique_name)
            tree = FilterTree(Group(children=[Condition("id", "gt", "1")]))
            app.saved_filters[f"public.{unique_name}"] = {CLOSE_ALL: tree, BOLD: tree.copy()}

            await pilot.press("f")
            await pilot.pause()
            assert isinstance(app.screen, FilterBuilderScreen)
            await pilot.press("l")
            await pilot.pause()
            saved_screen = app.screen
            assert isinstance(saved_screen, SavedFiltersScreen)

            option_list = saved_screen.query_one(OptionList)
            prompts = [prompt_text(option_list.get_option_at_index(index).prompt)
                       for index in range(option_list.option_count)]
            assert prompts == sorted([CLOSE_ALL, BOLD])

            option_list.highlighted = prompts.index(CLOSE_ALL)
            await pilot.press("d")
            await pilot.pause()
            status = plain(saved_screen.query_one("#filter-saved-status", Label))
            assert CLOSE_ALL in status

            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    finally:
        await sql(f"drop table if exists {unique_name}")


async def test_markup_names_in_table_screens(sandbox, markup_table):
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_table(pilot, markup_table)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        assert [row["id"] for row in screen.rows] == [1, 2]

        table_list = screen.query_one("#table-list", OptionList)
        prompt = table_list.get_option(markup_table).prompt
        assert prompt_text(prompt).startswith(markup_table)
        assert plain(screen.query_one("#filter-line", Label)).startswith(f"public.{markup_table}")

        # The filter builder: column picker and enum value picker.
        await pilot.press("f")
        await pilot.pause()
        builder = app.screen
        assert isinstance(builder, FilterBuilderScreen)
        assert plain(builder.query_one("#filter-title", Label)) == f"Filter public.{markup_table}"
        column_select = builder.query_one("#filter-column", Select)
        column_prompts = [prompt_text(option[0]) for option in column_select._options[1:]]
        assert column_prompts == ["id", BOLD, CLOSE_ALL]

        builder.filter_tree = FilterTree(Group(children=[Condition(CLOSE_ALL, "eq", "[/]")]))
        builder._rebuild((0,))
        await pilot.pause()
        choice = builder.query_one("#filter-choice", Select)
        assert [prompt_text(option[0]) for option in choice._options[1:]] == ["[/]", BOLD]
        assert plain(builder.query_one("#filter-column", Select).query_one("SelectCurrent #label")) == CLOSE_ALL
        tree_label = builder.query_one("#filter-tree").get_node_at_line(1).label
        assert tree_label.plain.startswith(f'{CLOSE_ALL} = "[/]"')
        await pilot.press("escape")
        await pilot.pause()

        # The column chooser.
        await pilot.press("c")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ColumnChooserScreen)
        selection = chooser.query_one(SelectionList)
        assert [prompt_text(selection.get_option_at_index(index).prompt) for index in range(3)] == [
            "id", BOLD, CLOSE_ALL]
        await pilot.press("escape")
        await pilot.pause()

        # The row detail title and the insert form.
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RowDetailScreen)
        assert plain(app.screen.query_one(".dialog-title", Label)) == f"public.{markup_table}  id=1"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowFormScreen)
        labels = [plain(label) for label in form.query(".field-label").results(Label)]
        assert labels[1].startswith(BOLD)
        assert labels[2].startswith(CLOSE_ALL)
        next(field for field in form.query(Input) if field.name == "id").value = "x[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'x[/]' is not an integer" in plain(form.query_one("#form-error", Label))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert plain(app.screen.query_one(".dialog-title", Label)) == "Discard changes?"
        await pilot.press("y")
        await pilot.pause()

        # The export dialog and the delete confirmation.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = "/no such [/] dir/out.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert "[/] dir" in plain(app.screen.query_one("#export-status", Label))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert plain(app.screen.query_one(".dialog-title", Label)) == f"Delete 1 row from {markup_table}?"
        await pilot.press("n")
        await settle(pilot)
