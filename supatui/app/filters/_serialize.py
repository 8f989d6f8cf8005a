"""Turn a filter tree into supatui.client calls, a PostgREST URL and equivalent Python code.

One plan of client calls (`plan_calls`) drives both `apply_filters` and
`render_client_code`, so the code shown to the user is the code that runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from supatui.app.identifiers import quote_column
from supatui.app.schema import TableInfo
from supatui.client.postgrest import offline_postgrest_client, quote_value

from ._model import Condition, FilterTree, Group, Node
from ._operators import FTS_OPERATORS, split_json_path

__all__ = ["FilterCall", "apply_filters", "condition_text", "plan_calls", "preview_url",
           "render_client_code"]

QueryT = TypeVar("QueryT")

_SIMPLE_METHODS = frozenset({"eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "cs", "cd", "ov",
                             "sl", "sr", "nxl", "nxr", "adj", "fts", "plfts", "phfts", "wfts"})
_IS_VALUES: dict[str, Any] = {"null": None, "true": True, "false": False, "unknown": "unknown"}
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class FilterCall:
    """One filter method call on a supatui.client query, such as ``.not_.eq("age", "18")``."""

    method: str
    args: tuple[Any, ...]
    negated: bool = False
    column: str = ""
    """The condition's column as the user picked it, before quoting; empty for ``or_`` calls."""


def _field(column: str) -> str:
    """Return ``column`` (a name with an optional JSON path) with the name quoted where PostgREST needs it.

    The same quoting applies in filter keys and inside ``or=(...)``: the client
    would read a dot in a bare key as an embedded resource (``cities.name``).
    """
    name, path = split_json_path(column)
    return quote_column(name) + path


def _is_parts(condition: Condition) -> tuple[bool, str]:
    """Return (negated, value) for an ``is`` condition, sending ``not_null`` as ``not.is.null``."""
    value = str(condition.value or "null").lower()
    if value == "not_null":
        return not condition.negated, "null"
    return condition.negated, value


def _operator_text(condition: Condition) -> str:
    if condition.operator in FTS_OPERATORS and condition.config:
        return f"{condition.operator}({condition.config})"
    return condition.operator


def condition_text(condition: Condition) -> str:
    """Return ``condition`` as an element of an ``or=(...)``/``and=(...)`` tree, values quoted."""
    field = _field(condition.column)
    value = condition.value

    if condition.operator == "between":
        low, high = value if isinstance(value, list) and len(value) == 2 else ("", "")
        prefix = "not." if condition.negated else ""
        return f"{prefix}and({field}.gte.{quote_value(low)},{field}.lte.{quote_value(high)})"

    if condition.operator == "is":
        negated, is_value = _is_parts(condition)
        return f"{field}.{'not.' if negated else ''}is.{is_value}"

    prefix = "not." if condition.negated else ""
    if condition.operator == "in":
        items = value if isinstance(value, list) else []
        return f"{field}.{prefix}in.(" + ",".join(quote_value(item) for item in items) + ")"

    text = value if isinstance(value, str) else ""
    return f"{field}.{prefix}{_operator_text(condition)}.{quote_value(text)}"


def _node_text(node: Node) -> str:
    if isinstance(node, Condition):
        return condition_text(node)
    prefix = "not." if node.negated else ""
    return f"{prefix}{node.op}(" + ",".join(_node_text(child) for child in node.children) + ")"


def _group_inner(group: Group) -> str:
    return ",".join(_node_text(child) for child in group.children)


def _condition_calls(condition: Condition) -> list[FilterCall]:
    raw = condition.column
    column = _field(raw)
    value = condition.value

    if condition.operator == "between":
        if condition.negated:
            return [FilterCall("or_", (condition_text(condition),))]
        low, high = value if isinstance(value, list) and len(value) == 2 else ("", "")
        return [FilterCall("gte", (column, low), column=raw), FilterCall("lte", (column, high), column=raw)]

    if condition.operator == "is":
        negated, is_value = _is_parts(condition)
        return [FilterCall("is_", (column, _IS_VALUES.get(is_value, is_value)), negated, raw)]

    if condition.operator == "in":
        return [FilterCall("in_", (column, list(value) if isinstance(value, list) else []),
                           condition.negated, raw)]

    text = value if isinstance(value, str) else ""
    if condition.operator in FTS_OPERATORS and condition.config:
        return [FilterCall("filter", (column, _operator_text(condition), text), condition.negated, raw)]
    if condition.operator in _SIMPLE_METHODS:
        return [FilterCall(condition.operator, (column, text), condition.negated, raw)]
    return [FilterCall("filter", (column, condition.operator, text), condition.negated, raw)]


def _group_calls(group: Group) -> list[FilterCall]:
    """Return the calls for a group whose members are all ANDed at the top level."""
    calls: list[FilterCall] = []
    for child in group.children:
        if isinstance(child, Condition):
            calls.extend(_condition_calls(child))
        elif child.op == "and" and not child.negated:
            calls.extend(_group_calls(child))
        elif child.op == "or":
            calls.append(FilterCall("or_", (_group_inner(child),), child.negated))
        else:
            # NOTE: the client has no and_(); a one-element or=(not.and(...)) means NOT (a AND b).
            calls.append(FilterCall("or_", (_node_text(child),)))
    return calls


def plan_calls(tree: FilterTree) -> list[FilterCall]:
    """Return the client calls that send ``tree``: top-level AND members as separate parameters,
    OR groups as ``or=(...)`` and negated groups with ``not.``."""
    root = tree.root
    if not root.children:
        return []
    if root.op == "and" and not root.negated:
        return _group_calls(root)
    if root.op == "or":
        return [FilterCall("or_", (_group_inner(root),), root.negated)]
    return [FilterCall("or_", (_node_text(root),))]


def apply_filters(query: QueryT, tree: FilterTree) -> QueryT:
    """Add the filters of ``tree`` to a supatui.client select, update or delete query.

    Args:
        query: A filter builder such as ``client.table("t").select("*")``.
        tree: The filter; an empty tree leaves the query unchanged.
    """
    for call in plan_calls(tree):
        target: Any = query.not_ if call.negated else query  # type: ignore[attr-defined]
        query = getattr(target, call.method)(*call.args)
    return query


def preview_url(table: TableInfo, tree: FilterTree, client: Any = None, select: str = "*") -> str:
    """Return the URL that selecting ``table`` filtered by ``tree`` requests.

    With ``client`` (a supatui.client AsyncClient) the URL is the full one the client sends;
    without it, the path and query string under a placeholder ``http://localhost`` are returned
    as ``/rest/v1/table?...``.
    """
    if client is not None:
        query = client.schema(table.schema).table(table.name).select(select)
        return str(apply_filters(query, tree).prepare().url)

    postgrest = offline_postgrest_client(schema=table.schema)
    url = apply_filters(postgrest.table(table.name).select(select), tree).prepare().url
    return url.raw_path.decode("ascii")


def _python_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _python_value(value: Any, kind: str) -> str:
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_python_value(item, kind) for item in value) + "]"
    if kind in ("integer", "number") and _PLAIN_NUMBER.match(str(value)):
        return str(value).lstrip("+")
    return _python_string(str(value))


def _kind_of(table: TableInfo, column: str) -> str:
    name, path = split_json_path(column)
    try:
        return "text" if path else table.column(name).kind
    except KeyError:
        return "text"


def _call_code(table: TableInfo, call: FilterCall) -> str:
    prefix = ".not_" if call.negated else ""
    if call.method == "or_":
        return f"{prefix}.or_({_python_string(call.args[0])})"

    column = call.args[0]
    if call.method == "filter":
        arguments = [_python_string(column), _python_string(call.args[1]), _python_string(call.args[2])]
    else:
        kind = _kind_of(table, call.column or column)
        arguments = [_python_string(column), _python_value(call.args[1], kind)]
    return f"{prefix}.{call.method}({', '.join(arguments)})"


def render_client_code(table: TableInfo, tree: FilterTree, *, select: str = "*",
                       order: Sequence[tuple[str, bool]] = (), limit: int | None = None) -> str:
    """Return Python code that runs the same query through supatui.client.

    Args:
        table: The table or view queried; a schema other than ``public`` adds ``.schema(...)``.
        tree: The filter.
        select: The ``select`` columns.
        order: ``(column, descending)`` pairs, in order.
        limit: The row limit, or ``None`` for none.
    """
    start = "client"
    if table.schema != "public":
        start += f".schema({_python_string(table.schema)})"
    lines = [f"{start}.table({_python_string(table.name)})", f".select({_python_string(select)})"]

    lines.extend(_call_code(table, call) for call in plan_calls(tree))
    for column, descending in order:
        lines.append(f".order({_python_string(quote_column(column))}{', desc=True' if descending else ''})")
    if limit is not None:
        lines.append(f".limit({limit})")
    lines.append(".execute()")

    return "response = await (\n" + "".join(f"    {line}\n" for line in lines) + ")"
