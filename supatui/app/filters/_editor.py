"""The editor of one condition: column, operator and value widgets."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select

from supatui.app.schema import ColumnInfo, TableInfo

from ._labels import format_list, parse_list
from ._model import Condition, Node, NodePath
from ._operators import OperatorSpec, operators_for, spec_for, split_json_path

__all__ = ["ConditionEditor"]

_PLACEHOLDERS = {
    "scalar": "value (empty = the empty string)",
    "list": 'values: a, b, "c, with comma"',
    "pair": "lower bound",
    "array": "array literal: {a,b}",
    "range": "range literal: [1,10)",
    "json": 'JSON: {"color": "red"}',
    "query": "full-text query",
}


class ConditionEditor(VerticalScroll):
    """Edits the condition highlighted in the filter tree; changes apply to it at once.

    | Key | Action |
    | --- | --- |
    | escape / enter in a value | Return to the filter tree |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back_to_tree", "Back to tree", id="filters.editor.back"),
    ]

    class Changed(Message):
        """The user changed the condition at ``path``."""

        def __init__(self, path: NodePath) -> None:
            self.path = path
            super().__init__()

    class Done(Message):
        """The user finished editing (escape, or enter in a value field)."""

    def __init__(self, table: TableInfo, *, id: str | None = None) -> None:
        """Create the editor.

        Args:
            table: The table whose columns are offered.
            id: The widget id.
        """
        super().__init__(id=id)
        self.table = table
        self.condition: Condition | None = None
        self.path: NodePath = ()

    def compose(self) -> ComposeResult:
        # Column names and enum values are database text, so prompts are literal Text, never markup.
        columns = [(Text(column.name), column.name) for column in self.table.columns]
        yield Label("Select a condition to edit it.", id="filter-editor-hint")
        yield Select(columns, prompt="column", allow_blank=True, id="filter-column", compact=True)
        yield Input(placeholder="JSON path: ->>color or ->a->>b", id="filter-path", compact=True)
        yield Select([], prompt="operator", allow_blank=True, id="filter-operator", compact=True)
        yield Select([], prompt="value", allow_blank=True, id="filter-choice", compact=True)
        yield Input(id="filter-value", compact=True)
        yield Input(placeholder="upper bound", id="filter-value-high", compact=True)
        yield Input(placeholder="text search configuration (optional): english", id="filter-config",
                    compact=True)

    def on_mount(self) -> None:
        self.load((), None)

    # Loading a node into the widgets.

    def _column(self) -> ColumnInfo | None:
        if self.condition is None:
            return None
        try:
            return self.table.column(split_json_path(self.condition.column)[0])
        except KeyError:
            return None

    def _specs(self) -> list[OperatorSpec]:
        column = self._column()
        if column is None or self.condition is None:
            return []
        return operators_for(column, split_json_path(self.condition.column)[1])

    def _spec(self) -> OperatorSpec | None:
        if self.condition is None:
            return None
        return spec_for(self._specs(), self.condition.operator, self.condition.value)

    def load(self, path: NodePath, node: Node | None) -> None:
        """Show ``node`` for editing; a group or ``None`` leaves only a hint."""
        self.path = path
        self.condition = node if isinstance(node, Condition) else None
        hint = self.query_one("#filter-editor-hint", Label)

        if self.condition is None:
            hint.update("A group: t switches AND/OR, n toggles NOT, a adds a condition to it."
                        if node is not None else "Press a to add a condition.")
            for widget in self.query("Select, Input"):
                widget.display = False
            return

        hint.update("Condition (escape returns to the tree)")
        self._show_widgets()

    def _show_widgets(self) -> None:
        """Set every widget from `condition` without posting change messages."""
        condition = self.condition
        assert condition is not None
        column = self._column()
        name, path = split_json_path(condition.column)
        spec = self._spec()

        column_select = self.query_one("#filter-column", Select)
        path_input = self.query_one("#filter-path", Input)
        operator_select = self.query_one("#filter-operator", Select)
        choice = self.query_one("#filter-choice", Select)
        value_input = self.query_one("#filter-value", Input)
        high_input = self.query_one("#filter-value-high", Input)
        config_input = self.query_one("#filter-config", Input)

        with self.prevent(Select.Changed, Input.Changed):
            column_select.display = True
            column_select.value = name if column is not None else Select.NULL

            path_input.display = column is not None and column.kind == "json"
            path_input.value = path

            operator_select.display = column is not None
            operator_select.set_options([(Text(s.label), s.key) for s in self._specs()])
            operator_select.value = spec.key if spec is not None else Select.NULL

            shape = spec.shape if spec is not None else "none"
            choices = self._choices(column, spec)
            choice.display = bool(choices)
            value_input.display = shape != "none" and not choices
            high_input.display = shape == "pair"
            config_input.display = shape == "query"

            if choices:
                choice.set_options([(Text(label), label) for label in choices])
                choice.value = condition.value if condition.value in choices else Select.NULL
            value_input.placeholder = _PLACEHOLDERS.get(shape, "value")
            value_input.value = self._value_text(shape)
            high_input.value = condition.value[1] if shape == "pair" and isinstance(
                condition.value, list) and len(condition.value) == 2 else ""
            config_input.value = condition.config

    def _choices(self, column: ColumnInfo | None, spec: OperatorSpec | None) -> list[str]:
        """Return the picker labels for enum and boolean ``eq``/``neq``, else an empty list."""
        if column is None or spec is None or spec.shape != "scalar":
            return []
        if self.condition is not None and split_json_path(self.condition.column)[1]:
            return []
        if column.kind == "enum" and column.enum_values:
            return list(column.enum_values)
        if column.kind == "boolean":
            return ["true", "false"]
        return []

    def _value_text(self, shape: str) -> str:
        assert self.condition is not None
        value = self.condition.value
        if shape == "list":
            return format_list(value) if isinstance(value, list) else ""
        if shape == "pair":
            return value[0] if isinstance(value, list) and len(value) == 2 else ""
        return value if isinstance(value, str) else ""

    # Edits from the widgets.

    def _changed(self) -> None:
        self.post_message(self.Changed(self.path))

    @on(Select.Changed, "#filter-column")
    def _column_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.condition is None or event.value is Select.NULL:
            return
        if event.value == split_json_path(self.condition.column)[0]:
            return

        column = self.table.column(str(event.value))
        self.condition.column = column.name
        specs = operators_for(column)
        if spec_for(specs, self.condition.operator, self.condition.value) is None:
            self._use_spec(specs[0])
        self._show_widgets()
        self._changed()

    @on(Input.Changed, "#filter-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.condition is None:
            return
        name, path = split_json_path(self.condition.column)
        new_path = event.value.strip()
        if new_path and not new_path.startswith("->"):
            new_path = "->>" + new_path
        if new_path == path:
            return

        self.condition.column = name + new_path
        specs = self._specs()
        if specs and spec_for(specs, self.condition.operator, self.condition.value) is None:
            self._use_spec(specs[0])
            self._show_widgets()
        self._changed()

    def _use_spec(self, spec: OperatorSpec) -> None:
        assert self.condition is not None
        old_value = self.condition.value
        old_spec = self._spec()
        self.condition.operator = spec.operator

        if spec.shape == "none":
            self.condition.value = spec.fixed_value
        elif old_spec is not None and old_spec.shape == "none":
            self.condition.value = [] if spec.shape in ("list", "pair") else None
        elif spec.shape in ("list", "pair"):
            if not isinstance(old_value, list):
                self.condition.value = [old_value] if old_value else []
            if spec.shape == "pair" and isinstance(self.condition.value, list):
                self.condition.value = (self.condition.value + ["", ""])[:2]
        elif isinstance(old_value, list):
            self.condition.value = old_value[0] if old_value else None

    @on(Select.Changed, "#filter-operator")
    def _operator_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.condition is None or event.value is Select.NULL:
            return
        current = self._spec()
        if current is not None and current.key == event.value:
            return

        spec = next(s for s in self._specs() if s.key == event.value)
        self._use_spec(spec)
        self._show_widgets()
        self._changed()

    @on(Select.Changed, "#filter-choice")
    def _choice_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.condition is None or event.value is Select.NULL or event.value == self.condition.value:
            return
        self.condition.value = str(event.value)
        self._changed()

    @on(Input.Changed, "#filter-value, #filter-value-high")
    def _value_changed(self, event: Input.Changed) -> None:
        event.stop()
        spec = self._spec()
        if self.condition is None or spec is None:
            return

        low = self.query_one("#filter-value", Input).value
        if spec.shape == "list":
            value: str | list[str] = parse_list(low)
        elif spec.shape == "pair":
            value = [low, self.query_one("#filter-value-high", Input).value]
        else:
            value = low
        if value == self.condition.value:
            return
        self.condition.value = value
        self._changed()

    @on(Input.Changed, "#filter-config")
    def _config_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.condition is None or event.value.strip() == self.condition.config:
            return
        self.condition.config = event.value.strip()
        self._changed()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_back_to_tree(self) -> None:
        """Return focus to the filter tree."""
        self.post_message(self.Done())
