"""FilterBuilderScreen: build a filter tree with the keyboard and see the query it sends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote_plus

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static, Tree
from textual.widgets.tree import TreeNode

from supatui.app.schema import TableInfo

from ._editor import ConditionEditor
from ._labels import node_label
from ._model import Condition, FilterTree, Group, NodePath
from ._operators import operators_for
from ._saved import SavedFilterAction, SavedFiltersScreen, SaveFilterScreen
from ._serialize import preview_url, render_client_code
from ._validate import FilterProblem, format_path, validate

__all__ = ["FilterBuilderScreen", "FilterTreeView"]


class FilterTreeView(Tree[NodePath]):
    """The groups and conditions of the filter; each node's data is its path.

    | Key | Action |
    | --- | --- |
    | a | Add a condition |
    | g / o | Add an AND / OR group |
    | n | Toggle NOT |
    | t | Switch a group between AND and OR |
    | e | Edit the condition |
    | delete, x | Delete |
    | shift+up / shift+down | Move up / down |
    | enter | Apply the filter |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_condition", "Condition", tooltip="Add a condition",
                id="filters.add_condition"),
        Binding("g", "screen.add_group('and')", "AND", tooltip="Add an AND group",
                id="filters.add_and_group"),
        Binding("o", "screen.add_group('or')", "OR", tooltip="Add an OR group",
                id="filters.add_or_group"),
        Binding("n", "screen.toggle_not", "NOT", tooltip="Toggle NOT on the condition or group",
                id="filters.toggle_not"),
        Binding("t", "screen.toggle_op", "AND/OR", tooltip="Switch the group between AND and OR",
                id="filters.toggle_op"),
        Binding("e", "screen.edit", "Edit", show=False, tooltip="Edit the condition",
                id="filters.edit"),
        Binding("delete,x", "screen.delete", "Delete", tooltip="Delete the condition or group",
                id="filters.delete"),
        Binding("shift+up", "screen.move(-1)", "Move up", show=False, id="filters.move_up"),
        Binding("shift+down", "screen.move(1)", "Move down", show=False, id="filters.move_down"),
        Binding("enter", "screen.apply", "Apply", show=False, tooltip="Apply the filter and close",
                id="filters.apply_from_tree"),
    ]


class FilterBuilderScreen(ModalScreen[FilterTree | None]):
    """Edits a copy of a filter tree; dismisses with the new tree, or ``None`` on cancel.

    Saved filters are edited in `saved`. Every save or delete posts a
    `SavedFiltersChanged` message, which bubbles to the app, and calls
    ``on_saved_change`` when one is given, so the caller can persist them.

    | Key | Action |
    | --- | --- |
    | ctrl+s | Apply the filter (also enter in the tree) |
    | escape | Cancel |
    | y | Copy the PostgREST URL |
    | c | Copy the client code |
    | s / l | Save the filter under a name / load or delete a saved filter |
    """

    CSS_PATH = Path(__file__).parent / "filters.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply", tooltip="Apply the filter and close", id="filters.apply"),
        Binding("escape", "cancel", "Cancel", tooltip="Close and keep the previous filter",
                id="filters.cancel"),
        Binding("y", "copy_url", "URL", tooltip="Copy the PostgREST URL", id="filters.copy_url"),
        Binding("c", "copy_code", "Code", tooltip="Copy the supatui.client code",
                id="filters.copy_code"),
        Binding("s", "save", "Save", tooltip="Save the filter under a name", id="filters.save"),
        Binding("l", "load", "Load", tooltip="Load or delete a saved filter", id="filters.load"),
    ]

    class SavedFiltersChanged(Message):
        """The named saved filters changed (saved or deleted); ``saved`` is the whole new dict."""

        def __init__(self, saved: dict[str, FilterTree]) -> None:
            self.saved = saved
            super().__init__()

    def __init__(
        self,
        table: TableInfo,
        tree: FilterTree,
        saved: dict[str, FilterTree] | None = None,
        *,
        client: Any = None,
        on_saved_change: Callable[[dict[str, FilterTree]], None] | None = None,
    ) -> None:
        """Create the screen.

        Args:
            table: The table being filtered.
            tree: The current filter; the screen edits a copy.
            saved: Named saved filters of this table; the screen works on a copy.
            client: A supatui.client AsyncClient, used only to build (never send) the
                exact request URL for the preview; without one the URL is relative.
            on_saved_change: Called with the whole new dict after a save or delete.
        """
        super().__init__()
        self.table = table
        self.filter_tree = tree.copy()
        self.saved = {name: saved_tree.copy() for name, saved_tree in (saved or {}).items()}
        self.client = client
        self.on_saved_change = on_saved_change
        self.problems: list[FilterProblem] = []
        self.url = ""
        self.code = ""
        self._tree_nodes: dict[NodePath, TreeNode[NodePath]] = {}
        self._loaded_name = ""
        self._cursor: NodePath = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-dialog"):
            yield Label(Text(f"Filter {self.table.schema}.{self.table.name}"), id="filter-title")
            with Horizontal(id="filter-body"):
                yield FilterTreeView("AND", data=(), id="filter-tree")
                yield ConditionEditor(self.table, id="filter-editor")
            yield Static("", id="filter-problems")
            with VerticalScroll(id="filter-preview"):
                yield Static("", id="filter-url")
                yield Static("", id="filter-code")
        yield Footer()

    def on_mount(self) -> None:
        tree_view = self.query_one(FilterTreeView)
        tree_view.guide_depth = 2
        self._rebuild(())
        tree_view.focus()

    # Keeping the widgets in step with the model.

    def _rebuild(self, cursor: NodePath) -> None:
        """Redraw the whole tree (paths change on insert, delete and move) and put the cursor on ``cursor``."""
        self._refresh_problems()
        tree_view = self.query_one(FilterTreeView)
        tree_view.clear()
        self._tree_nodes = {(): tree_view.root}

        def add_children(parent: TreeNode[NodePath], group: Group, path: NodePath) -> None:
            for index, child in enumerate(group.children):
                child_path = (*path, index)
                if isinstance(child, Group):
                    node = parent.add("", data=child_path, expand=True)
                    self._tree_nodes[child_path] = node
                    add_children(node, child, child_path)
                else:
                    self._tree_nodes[child_path] = parent.add_leaf("", data=child_path)

        add_children(tree_view.root, self.filter_tree.root, ())
        tree_view.root.expand()
        self._relabel()

        if cursor not in self._tree_nodes:
            cursor = ()
        self._cursor = cursor
        # Every node is expanded, so a node's line is its position in a pre-order walk.
        # Setting cursor_line builds the new lines at once, unlike move_cursor.
        tree_view.cursor_line = list(self._tree_nodes).index(cursor)
        self._load_editor(cursor)

    def _relabel(self) -> None:
        bad_paths = {problem.path for problem in self.problems}
        for path, tree_node in self._tree_nodes.items():
            tree_node.set_label(node_label(self.filter_tree.node_at(path), path in bad_paths))

    def _refresh_problems(self) -> None:
        self.problems = validate(self.filter_tree, self.table)
        problems = self.query_one("#filter-problems", Static)
        if not self.problems:
            problems.update(Text("No problems.", style="green"))
        else:
            text = Text()
            for problem in self.problems:
                text.append(f"{format_path(problem.path)}: {problem.message}\n", style="red")
            problems.update(text.rstrip() or text)
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        try:
            self.url = preview_url(self.table, self.filter_tree, self.client)
        except (ValueError, TypeError) as error:
            self.url = ""
            url_text = f"The query cannot be built yet: {error}"
        else:
            # Decoded as PostgREST decodes it ("+" is a space), so values read as sent.
            url_text = unquote_plus(self.url)
        self.code = render_client_code(self.table, self.filter_tree)
        self.query_one("#filter-url", Static).update(Text(f"PostgREST: {url_text}"))
        self.query_one("#filter-code", Static).update(Text(self.code))

    def _refresh_all(self) -> None:
        self._refresh_problems()
        self._relabel()

    def _cursor_path(self) -> NodePath:
        return self._cursor

    def _load_editor(self, path: NodePath) -> None:
        self.query_one(ConditionEditor).load(path, self.filter_tree.node_at(path))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodePath]) -> None:
        if event.node.data is not None and self._tree_nodes.get(event.node.data) is event.node:
            self._cursor = event.node.data
            self._load_editor(event.node.data)

    @on(ConditionEditor.Changed)
    def _condition_changed(self, event: ConditionEditor.Changed) -> None:
        self._refresh_all()

    @on(ConditionEditor.Done)
    def _editor_done(self) -> None:
        self.query_one(FilterTreeView).focus()

    # Actions on the tree.

    def _new_condition(self) -> Condition:
        column = self.table.columns[0]
        spec = operators_for(column)[0]
        return Condition(column=column.name, operator=spec.operator, value=spec.fixed_value)

    def action_add_condition(self) -> None:
        """Add a condition after the cursor (or into the group under it) and edit it."""
        path = self.filter_tree.insert(self._cursor_path(), self._new_condition())
        self._rebuild(path)
        self.query_one("#filter-column").focus()

    def action_add_group(self, op: str) -> None:
        """Add an empty AND or OR group after the cursor, or into the group under it."""
        group = Group(op="or" if op == "or" else "and")
        self._rebuild(self.filter_tree.insert(self._cursor_path(), group))

    def action_toggle_not(self) -> None:
        """Negate the condition or group under the cursor, or remove its NOT."""
        node = self.filter_tree.node_at(self._cursor_path())
        node.negated = not node.negated
        self._refresh_all()
        self._load_editor(self._cursor_path())

    def action_toggle_op(self) -> None:
        """Switch the group under the cursor (or the condition's group) between AND and OR."""
        path = self._cursor_path()
        node = self.filter_tree.node_at(path)
        group = node if isinstance(node, Group) else self.filter_tree.parent_of(path)
        group.op = "or" if group.op == "and" else "and"
        self._refresh_all()

    def action_edit(self) -> None:
        """Move the focus to the editor of the condition under the cursor."""
        if isinstance(self.filter_tree.node_at(self._cursor_path()), Condition):
            self.query_one("#filter-column").focus()
        else:
            self.notify("Groups have no fields to edit: t switches AND/OR and n toggles NOT.")

    def action_delete(self) -> None:
        """Delete the condition or group under the cursor (the top group is emptied)."""
        self._rebuild(self.filter_tree.remove(self._cursor_path()))

    def action_move(self, offset: int) -> None:
        """Swap the node under the cursor with its previous (-1) or next (1) sibling."""
        self._rebuild(self.filter_tree.move(self._cursor_path(), offset))

    # Apply, cancel, copy, save and load.

    def action_apply(self) -> None:
        """Close with the new filter unless it has problems."""
        if self.problems:
            self.notify(f"The filter has {len(self.problems)} problem(s); fix them before applying. "
                        f"First: {self.problems[0].message}", severity="error")
            return
        self.dismiss(self.filter_tree.copy())

    def action_cancel(self) -> None:
        """Close and keep the previous filter."""
        self.dismiss(None)

    def action_copy_url(self) -> None:
        """Copy the request URL to the clipboard."""
        self.app.copy_to_clipboard(self.url)
        self.notify("Copied the PostgREST URL to the clipboard (sent to the terminal with OSC 52).")

    def action_copy_code(self) -> None:
        """Copy the client code to the clipboard."""
        self.app.copy_to_clipboard(self.code)
        self.notify("Copied the client code to the clipboard (sent to the terminal with OSC 52).")

    def _announce_saved(self) -> None:
        saved = {name: tree.copy() for name, tree in self.saved.items()}
        self.post_message(self.SavedFiltersChanged(saved))
        if self.on_saved_change is not None:
            self.on_saved_change(saved)

    def action_save(self) -> None:
        """Ask for a name and save the current filter under it."""
        def save(name: str | None) -> None:
            if name is None:
                return
            replaced = name in self.saved
            self.saved[name] = self.filter_tree.copy()
            self._loaded_name = name
            self._announce_saved()
            self.notify(f"{'Replaced' if replaced else 'Saved'} the filter {name!r}.")

        self.app.push_screen(SaveFilterScreen(self._loaded_name), save)

    def action_load(self) -> None:
        """List the saved filters to load or delete one."""
        if not self.saved:
            self.notify("No saved filters yet; press s to save this one.")
            return

        def chosen(result: SavedFilterAction | None) -> None:
            if result is None:
                return
            action, name = result
            if action == "delete":
                del self.saved[name]
                self._announce_saved()
                self.notify(f"Deleted the saved filter {name!r}.")
                return
            self.filter_tree = self.saved[name].copy()
            self._loaded_name = name
            self._rebuild(())
            self.notify(f"Loaded the filter {name!r}.")

        self.app.push_screen(SavedFiltersScreen(sorted(self.saved)), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide load when nothing is saved."""
        if action == "load" and not self.saved:
            return None
        return True
