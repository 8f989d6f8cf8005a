"""FilterBuilderScreen driven with the keyboard, plus snapshots at 80x24 and 120x40."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input

from supatui.app.filters import Condition, FilterBuilderScreen, FilterTree, Group
from supatui.app.schema import ColumnInfo, TableInfo

TABLE = TableInfo(
    name="planets",
    schema="public",
    columns=(
        ColumnInfo("id", "bigint", "integer", primary_key=True),
        ColumnInfo("name", "text", "text"),
        ColumnInfo("habitable", "boolean", "boolean"),
        ColumnInfo("moons", "integer", "integer"),
        ColumnInfo("kind", "planet_kind", "enum", enum_values=("rocky", "gas", "ice")),
    ),
    writable=True,
)

EXPECTED = FilterTree(Group(op="and", children=[
    Group(op="or", children=[
        Condition("name", "eq", "Earth"),
        Condition("habitable", "is", "true", negated=True),
    ]),
    Condition("moons", "gte", "1"),
]))


class FilterHost(App[None]):
    """Pushes the filter builder at start and keeps what it returns."""

    def __init__(self, tree: FilterTree | None = None, saved: dict[str, FilterTree] | None = None):
        super().__init__()
        self.start_tree = tree or FilterTree()
        self.saved = saved or {}
        self.result: FilterTree | None | str = "not dismissed"
        self.saved_changes: list[dict[str, FilterTree]] = []

    def on_mount(self) -> None:
        def done(result: FilterTree | None) -> None:
            self.result = result

        self.push_screen(
            FilterBuilderScreen(TABLE, self.start_tree, self.saved, on_saved_change=self.saved_changes.append),
            done,
        )


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_keyboard_builds_or_not_and():
    app = FilterHost()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        # OR group, then "name = Earth" inside it.
        await press(pilot, "o", "a")
        await press(pilot, "enter", "down", "enter", "tab", "tab", *"Earth", "escape")
        # "NOT habitable is true" after it, in the same group.
        await press(pilot, "a", "enter", "down", "down", "enter", "tab", "enter", "home", "down", "enter", "escape", "n")
        # "moons >= 1" in the top AND group.
        await press(pilot, "home", "a", "enter", "down", "down", "down", "enter")
        await press(pilot, "tab", "enter", "down", "down", "down", "enter", "tab", "1", "escape")

        screen = app.screen
        assert isinstance(screen, FilterBuilderScreen)
        assert screen.problems == []
        assert screen.filter_tree == EXPECTED
        assert "or=(name.eq.Earth,habitable.not.is.true)" in screen.query_one("#filter-url").render().plain
        assert '.gte("moons", 1)' in screen.code

        await press(pilot, "ctrl+s")

    assert app.result == EXPECTED


async def test_apply_blocked_by_invalid_value():
    tree = FilterTree(Group(children=[Condition("moons", "eq", "abc")]))
    app = FilterHost(tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+s")

        assert app.result == "not dismissed"
        assert "abc" in str(app.screen.query_one("#filter-problems").render())

        await press(pilot, "escape")

    assert app.result is None


async def test_toggle_delete_and_move():
    tree = FilterTree(Group(children=[Condition("moons", "eq", "1"), Condition("name", "eq", "x")]))
    app = FilterHost(tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen

        await press(pilot, "t")
        assert screen.filter_tree.root.op == "or"

        await press(pilot, "n")
        assert screen.filter_tree.root.negated is True

        await press(pilot, "down", "shift+down")
        assert [c.column for c in screen.filter_tree.root.children] == ["name", "moons"]

        await press(pilot, "delete")
        assert [c.column for c in screen.filter_tree.root.children] == ["name"]


async def test_editing_does_not_change_caller_tree():
    tree = FilterTree(Group(children=[Condition("name", "eq", "x")]))
    app = FilterHost(tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "down", "e", "tab", "tab")
        assert isinstance(app.focused, Input)
        await press(pilot, "y")
        await press(pilot, "escape", "escape")

    assert tree.root.children[0].value == "x"
    assert app.result is None


async def test_copy_url_and_code():
    tree = FilterTree(Group(children=[Condition("name", "eq", "a,b")]))
    app = FilterHost(tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "y")
        assert app.clipboard == "/rest/v1/planets?select=*&name=eq.a,b"

        await press(pilot, "c")
        assert '.eq("name", "a,b")' in app.clipboard


async def test_save_load_delete_named_filter():
    saved = {"old": FilterTree(Group(children=[Condition("moons", "gt", "2")]))}
    tree = FilterTree(Group(children=[Condition("name", "eq", "x")]))
    app = FilterHost(tree, saved)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen

        await press(pilot, "s", *"mine", "enter")
        assert set(app.saved_changes[-1]) == {"old", "mine"}
        assert app.saved_changes[-1]["mine"] == tree

        # The list is sorted: "mine" then "old". Load "old".
        await press(pilot, "l", "down", "enter")
        assert screen.filter_tree == saved["old"]

        await press(pilot, "l", "d", "d")
        assert set(app.saved_changes[-1]) == {"old"}


def test_snapshot_80x24(snap_compare):
    tree = FilterTree(Group(children=[
        Group(op="or", children=[Condition("name", "ilike", "*ar*"),
                                 Condition("habitable", "is", "true", negated=True)]),
        Condition("moons", "gte", "abc"),
        Condition("kind", "in", ["rocky", "ice"]),
    ]))

    assert snap_compare(FilterHost(tree), terminal_size=(80, 24))


def test_snapshot_120x40(snap_compare):
    tree = FilterTree(Group(children=[
        Group(op="or", negated=True, children=[Condition("name", "eq", 'say "hi", (a.b)'),
                                               Condition("moons", "between", ["1", "5"])]),
        Condition("kind", "eq", "gas"),
    ]))

    async def run_before(pilot) -> None:
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(FilterHost(tree), terminal_size=(120, 40), run_before=run_before)
