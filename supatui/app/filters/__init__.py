"""The filter builder of the table browser: model, validation, serialization and screen.

A `FilterTree` holds nested AND/OR groups of conditions. `validate` reports
bad values before anything is sent, `apply_filters` adds the tree to a
supatui.client query, `render_client_code` shows the same query as Python,
and `FilterBuilderScreen` edits a tree with the keyboard.
"""

from ._model import Condition, FilterTree, Group, GroupOp, Node, NodePath
from ._operators import OperatorSpec, ValueShape, operators_for, spec_for, split_json_path
from ._screen import FilterBuilderScreen, FilterTreeView
from ._serialize import (
    FilterCall,
    apply_filters,
    condition_text,
    plan_calls,
    preview_url,
    render_client_code,
)
from ._validate import FilterProblem, check_scalar, format_path, validate

__all__ = [
    "Condition",
    "FilterBuilderScreen",
    "FilterCall",
    "FilterProblem",
    "FilterTree",
    "FilterTreeView",
    "Group",
    "GroupOp",
    "Node",
    "NodePath",
    "OperatorSpec",
    "ValueShape",
    "apply_filters",
    "check_scalar",
    "condition_text",
    "format_path",
    "operators_for",
    "plan_calls",
    "preview_url",
    "render_client_code",
    "spec_for",
    "split_json_path",
    "validate",
]
