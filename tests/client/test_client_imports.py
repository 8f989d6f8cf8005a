"""Import-time checks: the client stays headless and light."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY_OR_FORBIDDEN = (
    "textual",
    "asyncpg",
    "starlette",
    "uvicorn",
    "supabase",
    "postgrest",
    "pydantic",
)


def modules_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(output))


def test_client_import_stays_headless():
    loaded = modules_after("import supatui.client")
    for name in HEAVY_OR_FORBIDDEN:
        assert not any(m == name or m.startswith(name + ".") for m in loaded), name


def test_package_import_does_not_load_client():
    loaded = modules_after("import supatui")
    assert "supatui.client" not in loaded
    assert "httpx" not in loaded


def test_create_client_reexport_is_lazy():
    loaded = modules_after("from supatui import create_client")
    assert "supatui.client" in loaded
    assert not any(m.startswith("textual") for m in loaded)
