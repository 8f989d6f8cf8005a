"""Readable one-line labels for the nodes of a filter tree, and the ``in`` list text format."""

from __future__ import annotations

import csv
import io
import json

from rich.text import Text

from ._model import Condition, Group, Node

__all__ = ["format_list", "node_label", "parse_list"]

_SYMBOLS = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def parse_list(text: str) -> list[str]:
    """Split comma-separated values, where ``"a,b"`` (CSV quoting) keeps a comma inside a value."""
    if not text.strip():
        return []
    row = next(csv.reader([text], skipinitialspace=True), [])
    return list(row)


def format_list(values: list[str]) -> str:
    """Join values the way `parse_list` reads them back."""
    if not any("," in value or '"' in value or value != value.strip() for value in values):
        return ", ".join(values)

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="", quoting=csv.QUOTE_ALL).writerow(values)
    return buffer.getvalue()


def _value_text(value: object) -> str:
    if value is None:
        return "?"
    if isinstance(value, list):
        return "(" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + ")"
    return json.dumps(value, ensure_ascii=False)


def _condition_label(condition: Condition) -> str:
    operator = condition.operator
    value = condition.value

    if operator == "is":
        text = f"{condition.column} is {str(value or 'null').replace('_', ' ')}"
    elif operator == "between":
        low, high = value if isinstance(value, list) and len(value) == 2 else ("?", "?")
        text = f"{condition.column} between {_value_text(low)} and {_value_text(high)}"
    else:
        symbol = _SYMBOLS.get(operator, operator)
        if condition.config:
            symbol = f"{operator}({condition.config})"
        text = f"{condition.column} {symbol} {_value_text(value)}"

    return f"NOT ({text})" if condition.negated else text


def node_label(node: Node, problem: bool = False) -> Text:
    """Return the tree label of a group (``NOT OR: any of``) or a condition (``age >= "18"``)."""
    if isinstance(node, Group):
        words = "all of" if node.op == "and" else "any of"
        label = Text(f"{'NOT ' if node.negated else ''}{node.op.upper()}", style="bold")
        label.append(f"  {words}", style="dim")
        if not node.children:
            label.append("  (empty)", style="italic")
    else:
        label = Text(_condition_label(node))

    if problem:
        label.append("  !", style="bold red")
    return label
