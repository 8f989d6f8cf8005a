"""Import time of ``supatui.client`` beside the official ``supabase`` package."""

from __future__ import annotations

import subprocess
import sys

from ._stats import Figure, median

RUNS = 15


def _import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def run() -> list[Figure]:
    ours = []
    theirs = []
    # Alternate the two so that disk cache and CPU frequency treat them alike.
    for _ in range(RUNS):
        ours.append(_import_seconds("supatui.client"))
        theirs.append(_import_seconds("supabase"))

    ours_ms = median(ours) * 1000
    theirs_ms = median(theirs) * 1000
    ratio = ours_ms / theirs_ms
    return [
        Figure(
            "import supatui.client vs import supabase",
            f"{ours_ms:.0f} ms vs {theirs_ms:.0f} ms ({ratio:.2f}×)",
            target="at most 0.5×",
            verdict="met" if ratio <= 0.5 else "missed",
            notes=[f"median of {RUNS} fresh interpreters each, run alternately"],
        )
    ]
