"""Dashboard figures: launch to first page, next-page latency, memory after many pages.

Every figure comes from ``SupatuiApp`` running headless at 120×40 in a child process
(``benchmarks._app_probe``), so the benchmark process's own imports and memory never count,
and each launch pays its imports again. The service_role key reaches the child through the
``SUPATUI_BENCH_KEY`` environment variable, never its command line. The child's config
directory (profiles, log file) is a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._stats import Figure, median, percentile

__all__ = ["run"]

#: Fresh processes timed for the launch figure.
LAUNCH_RUNS = 7
#: Timed next-page presses (after the probe's warm-up presses).
LATENCY_PAGES = 200
#: Pages turned in the memory run; RSS is sampled every 1,000 pages.
MEMORY_PAGES = 10_000
#: Seconds a child may run before it is killed.
CHILD_TIMEOUT = 1800.0

LAUNCH_TARGET = 1.0
LATENCY_TARGET = 0.050
MEMORY_TARGET = 150 * 1024 * 1024
#: RSS counts as flat when the last sample is at most this fraction above the sample at
#: ``FLAT_FROM_PAGE`` pages: the first pages fill Textual's render caches and httpx's pool.
FLAT_TOLERANCE = 0.05
FLAT_FROM_PAGE = 1000

#: How the probe decides that the grid shows a page, for the notes.
PAINTED = ("the first `DataTable.render_lines` after `render_grid` filled the grid, "
           "with no column-width update pending")

#: (mark before, mark after, label) of each launch phase, in order.
PHASES = [
    ("process_started", "main_started", "interpreter start"),
    ("main_started", "imported", "import supatui.app"),
    ("imported", "screen_mounted", "app start to Tables screen mounted"),
    ("screen_mounted", "tables_loaded", "schemas and table list (OpenAPI)"),
    ("tables_loaded", "page_rendered", "select table, fetch first page, fill grid"),
    ("page_rendered", "page_painted", "paint"),
]


def _run_child(mode: str, api_url: str, key: str, table: str, count: int = 0) -> dict[str, Any]:
    """Run the probe in ``mode`` in a fresh interpreter and return the JSON it wrote."""
    with tempfile.TemporaryDirectory(prefix="supatui-bench-") as scratch:
        out = Path(scratch) / "result.json"
        env = {**os.environ, "SUPATUI_BENCH_KEY": key, "SUPATUI_CONFIG_DIR": str(Path(scratch) / "config")}
        started = time.clock_gettime(time.CLOCK_MONOTONIC)
        command = [sys.executable, "-m", "benchmarks._app_probe", mode, api_url, table, str(out),
                   repr(started), str(count)]
        result = subprocess.run(command, check=False, env=env, capture_output=True, text=True,
                                timeout=CHILD_TIMEOUT, cwd=Path(__file__).resolve().parent.parent)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"the dashboard probe ({mode}) failed with exit code {result.returncode}:\n"
                               f"{result.stderr[-3000:]}")
        return json.loads(out.read_text())


def _launch_figure(api_url: str, key: str, table: str) -> Figure:
    runs = [_run_child("launch", api_url, key, table) for _ in range(LAUNCH_RUNS)]
    totals = [run["marks"]["page_painted"] - run["marks"]["process_started"] for run in runs]
    phases = []
    for before, after, label in PHASES:
        seconds = median([run["marks"][after] - run["marks"][before] for run in runs])
        phases.append(f"{label} {seconds * 1000:.0f} ms")

    total = median(totals)
    note = (
        f"median of {LAUNCH_RUNS} fresh processes (range {min(totals) * 1000:.0f}–"
        f"{max(totals) * 1000:.0f} ms), each `SupatuiApp(url=..., key=...)` under "
        "`app.run_test(size=(120, 40))` (headless). The clock starts in the parent just "
        "before it starts the interpreter and stops when the grid has painted the first "
        f"{runs[0]['rows']} rows of {table} ({PAINTED}). The app opens the first table of "
        f"its list by itself, so the probe selects {table} in the table list and presses Enter "
        "as soon as the list is filled (no think time). Median phases: " + "; ".join(phases)
    )
    return Figure(
        f"dashboard launch to first page of {table}",
        f"{total * 1000:.0f} ms",
        target=f"under {LAUNCH_TARGET * 1000:.0f} ms",
        verdict="met" if total < LAUNCH_TARGET else "missed",
        notes=[note],
    )


def _latency_figure(api_url: str, key: str, table: str) -> Figure:
    result = _run_child("latency", api_url, key, table, LATENCY_PAGES)
    latencies = result["latencies"]
    p50 = percentile(latencies, 0.5)
    p95 = percentile(latencies, 0.95)
    note = (
        f"{len(latencies)} presses of `n` with `Pilot.press` in one headless app at 120×40 "
        f"({result['page_size']} rows per page, `count=estimated`), after the first page and "
        "20 warm-up presses. Each sample runs from just before the keypress until the grid has "
        f"painted the next page ({PAINTED}), and the probe checks that the page starts at the "
        "expected id. The sandbox runs in another process on the same 2 cores. The dashboard "
        "reads the following page ahead once a page is shown, so when the next press comes after "
        "that read has finished, as here, the press costs the paint only; without the read-ahead "
        "(before 2026-12-04) the same measure gave p50 56 ms"
    )
    return Figure(
        f"next page of {table} (request and paint)",
        f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms",
        target=f"p50 under {LATENCY_TARGET * 1000:.0f} ms",
        verdict="met" if p50 < LATENCY_TARGET else "missed",
        notes=[note],
    )


def _memory_figure(api_url: str, key: str, table: str) -> Figure:
    result = _run_child("memory", api_url, key, table, MEMORY_PAGES)
    samples = result["samples"]
    mib = 1024 * 1024
    start = samples[0][1]
    end = samples[-1][1]
    highest = max(rss for _, rss in samples)
    warm = next((rss for page, rss in samples if page >= FLAT_FROM_PAGE), start)
    flat = end <= warm * (1 + FLAT_TOLERANCE)
    met = flat and result["peak_rss"] < MEMORY_TARGET

    latencies = result["latencies"]
    first = latencies[:1000]
    last = latencies[-1000:]
    trace = ", ".join(f"{page:,}: {rss / mib:.0f}" for page, rss in samples)
    note = (
        f"one headless app at 120×40 ({result['page_size']} rows per page) turns "
        f"{len(latencies):,} pages (last offset {result['last_offset']:,}) in "
        f"{result['seconds']:.0f} s. Each page is a `Key('n')` event posted to the app, as a "
        "terminal driver posts it, and the next one follows once the page is painted, because "
        "`Pilot.press` idles at least 40 ms per key. RSS is read in the app process (psutil, "
        "or /proc/self/statm) after the first page and every 1,000 pages, with no forced "
        f"garbage collection. MiB per sample: {trace}. Peak RSS (ru_maxrss) "
        f"{result['peak_rss'] / mib:.0f} MiB. Flat means the last sample is at most "
        f"{FLAT_TOLERANCE:.0%} above the one at {FLAT_FROM_PAGE:,} pages. Next-page p50 in "
        f"this run: first 1,000 pages {median(first) * 1000:.1f} ms, last 1,000 pages "
        f"{median(last) * 1000:.1f} ms"
    )
    return Figure(
        f"dashboard RSS over {MEMORY_PAGES:,} pages of {table}",
        f"start {start / mib:.0f} MiB, end {end / mib:.0f} MiB, max {highest / mib:.0f} MiB "
        f"({'flat' if flat else 'growing'})",
        target=f"flat, under {MEMORY_TARGET // mib} MiB",
        verdict="met" if met else "missed",
        notes=[note],
    )


def run(api_url: str, key: str, table: str) -> list[Figure]:
    print("  launch to first page ...", flush=True)
    figures = [_launch_figure(api_url, key, table)]
    print("  next-page latency ...", flush=True)
    figures.append(_latency_figure(api_url, key, table))
    print(f"  memory over {MEMORY_PAGES:,} pages ...", flush=True)
    figures.append(_memory_figure(api_url, key, table))
    return figures
