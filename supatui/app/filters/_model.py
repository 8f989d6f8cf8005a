"""The filter tree: nested AND/OR groups of conditions, each of which may be negated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

__all__ = ["Condition", "FilterTree", "Group", "GroupOp", "Node", "NodePath"]

GroupOp = Literal["and", "or"]

NodePath: TypeAlias = tuple[int, ...]
"""Child indexes from the root group down to a node; ``()`` is the root group."""


@dataclass(slots=True)
class Condition:
    """One PostgREST filter such as ``age=gte.18``.

    ``column`` may carry a JSON path (``meta->>color``). ``operator`` is the
    PostgREST operator (``eq``, ``in``, ``is``, ``cs``, ``fts`` ...) or the
    pseudo-operator ``between``, which is sent as a ``gte`` and an ``lte``
    condition. ``value`` is the text the user typed, a list for ``in`` and
    ``between``, or ``None`` when nothing was entered yet.
    """

    column: str
    operator: str
    value: str | list[str] | None = None
    negated: bool = False
    config: str = ""
    """Text search configuration for ``fts``/``plfts``/``phfts``/``wfts`` (``english``); empty for the default."""

    def to_dict(self) -> dict[str, Any]:
        """Return a TOML-safe dict (no ``None``: a missing value is left out)."""
        data: dict[str, Any] = {"column": self.column, "operator": self.operator}
        if self.value is not None:
            data["value"] = list(self.value) if isinstance(self.value, list) else self.value
        if self.negated:
            data["negated"] = True
        if self.config:
            data["config"] = self.config
        return data


@dataclass(slots=True)
class Group:
    """Conditions and groups joined by AND or OR, optionally negated as a whole."""

    op: GroupOp = "and"
    negated: bool = False
    children: list[Condition | Group] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a TOML-safe dict."""
        return {
            "op": self.op,
            "negated": self.negated,
            "children": [child.to_dict() for child in self.children],
        }


Node: TypeAlias = Condition | Group


def _node_from_dict(data: dict[str, Any]) -> Node:
    if "children" in data or "op" in data:
        op = data.get("op", "and")
        if op not in ("and", "or"):
            raise ValueError(f"invalid group operator {op!r} in a saved filter; expected 'and' or 'or'")
        return Group(
            op=op,
            negated=bool(data.get("negated", False)),
            children=[_node_from_dict(child) for child in data.get("children", [])],
        )

    if "column" not in data or "operator" not in data:
        raise ValueError(f"invalid condition {data!r} in a saved filter; expected 'column' and 'operator' keys")
    value = data.get("value")
    if isinstance(value, list):
        value = [str(item) for item in value]
    elif value is not None:
        value = str(value)
    return Condition(
        column=str(data["column"]),
        operator=str(data["operator"]),
        value=value,
        negated=bool(data.get("negated", False)),
        config=str(data.get("config", "")),
    )


@dataclass(slots=True)
class FilterTree:
    """The whole filter of a table view: a root group, AND by default.

    An empty root group means no filter.
    """

    root: Group = field(default_factory=Group)

    @property
    def is_empty(self) -> bool:
        """True when the tree filters nothing."""
        return not self.root.children

    def node_at(self, path: NodePath) -> Node:
        """Return the node at ``path``; raise ``IndexError`` for a path that leads nowhere."""
        node: Node = self.root
        for index in path:
            if not isinstance(node, Group):
                raise IndexError(f"path {path!r} goes through a condition")
            node = node.children[index]
        return node

    def parent_of(self, path: NodePath) -> Group:
        """Return the group that contains the node at ``path`` (not the root itself)."""
        if not path:
            raise IndexError("the root group has no parent")
        parent = self.node_at(path[:-1])
        assert isinstance(parent, Group)
        return parent

    def insert(self, path: NodePath, node: Node) -> NodePath:
        """Add ``node`` after the node at ``path`` or, for a group, as its last child.

        Returns:
            The path of the added node.
        """
        target = self.node_at(path)
        if isinstance(target, Group):
            target.children.append(node)
            return (*path, len(target.children) - 1)

        parent = self.parent_of(path)
        parent.children.insert(path[-1] + 1, node)
        return (*path[:-1], path[-1] + 1)

    def remove(self, path: NodePath) -> NodePath:
        """Delete the node at ``path`` (the root is emptied instead).

        Returns:
            The path that the cursor should move to.
        """
        if not path:
            self.root.children.clear()
            return ()

        parent = self.parent_of(path)
        del parent.children[path[-1]]
        if parent.children:
            return (*path[:-1], min(path[-1], len(parent.children) - 1))
        return path[:-1]

    def move(self, path: NodePath, offset: int) -> NodePath:
        """Swap the node at ``path`` with its sibling ``offset`` places away, if there is one.

        Returns:
            The node's new path (unchanged when it cannot move).
        """
        if not path:
            return path

        parent = self.parent_of(path)
        index = path[-1]
        target = index + offset
        if not 0 <= target < len(parent.children):
            return path
        parent.children[index], parent.children[target] = parent.children[target], parent.children[index]
        return (*path[:-1], target)

    def copy(self) -> FilterTree:
        """Return a deep copy, so an edited tree never changes the caller's tree."""
        return FilterTree.from_dict(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """Return a TOML-safe dict for saving a named filter."""
        return self.root.to_dict()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FilterTree:
        """Rebuild a tree saved with `to_dict`; raise ``ValueError`` on malformed data."""
        root = _node_from_dict(data)
        if not isinstance(root, Group):
            root = Group(children=[root])
        return cls(root=root)
