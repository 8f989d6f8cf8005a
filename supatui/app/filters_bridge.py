"""The shell's single entry into the filter builder package (supatui.app.filters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "FILTERS_AVAILABLE",
    "apply_filter_tree",
    "filter_builder_screen",
    "is_empty_tree",
    "tree_from_dict",
    "tree_to_dict",
]

try:
    from supatui.app import filters as _filters
except ImportError:  # NOTE: without supatui.app.filters the filter key only reports it missing.
    _filters = None

FILTERS_AVAILABLE = _filters is not None


def is_empty_tree(tree: Any) -> bool:
    """True for None and for a tree without conditions (the contract's "no filter")."""
    if tree is None:
        return True
    return bool(getattr(tree, "is_empty", False))


def apply_filter_tree(query: Any, tree: Any) -> Any:
    """Apply ``tree`` to a select/update/delete builder through ``filters.apply_filters``."""
    if _filters is None or is_empty_tree(tree):
        return query
    return _filters.apply_filters(query, tree)


def filter_builder_screen(
    table: Any, tree: Any, saved: dict[str, Any], on_saved_change: Callable[[dict[str, Any]], None]
) -> Any:
    """Return a ``FilterBuilderScreen``; raise RuntimeError when it is not available."""
    builder = getattr(_filters, "FilterBuilderScreen", None)
    if builder is None:
        raise RuntimeError("The filter builder is not available in this build (supatui.app.filters)")
    tree = _filters.FilterTree() if tree is None else tree.copy()
    return builder(table, tree, saved, on_saved_change=on_saved_change)


def tree_to_dict(tree: Any) -> dict[str, Any]:
    """Return a TOML-safe dict of a FilterTree, for the profile file."""
    return tree.to_dict()


def tree_from_dict(data: dict[str, Any]) -> Any:
    """Rebuild a FilterTree saved with `tree_to_dict`; raise ValueError for malformed data."""
    if _filters is None:
        raise ValueError("Saved filters cannot be loaded because supatui.app.filters is not installed")
    return _filters.FilterTree.from_dict(data)
