"""Child process for the dashboard benchmarks: runs ``SupatuiApp`` headless and times it.

Usage (``benchmarks.app_paging`` starts it; the key comes from ``SUPATUI_BENCH_KEY``)::

    python -m benchmarks._app_probe {launch|latency|memory} URL TABLE OUT_JSON STARTED [COUNT]

``STARTED`` is the parent's ``CLOCK_MONOTONIC`` reading just before it started this process.
That clock is system-wide on Linux, so the launch time includes interpreter start-up.

Instrumentation, in this process only (no app code changes): ``TablesScreen.on_mount``,
``TablesScreen.on_tables_loaded`` and ``TablesScreen.render_grid`` are wrapped to record when
they ran, and ``DataTable.render_lines`` is wrapped to find the paint. A page counts as painted
when the grid's ``render_lines`` returns for the first time after ``render_grid`` filled it and
the grid has no column-width update pending (``DataTable._require_update_dimensions``, a
private flag of Textual 8). ``call_after_refresh`` is no paint signal: at a high
``TEXTUAL_FPS`` its callback runs before the grid has rendered the new rows.
"""

from __future__ import annotations

import time

STARTED_MAIN = time.clock_gettime(time.CLOCK_MONOTONIC)

import asyncio
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["main"]

#: Terminal size of every run: 120 columns by 40 lines.
SIZE = (120, 40)
#: Seconds one page may take before the run is abandoned as stuck.
PAGE_TIMEOUT = 30.0
#: Next-page presses before the latency samples start (connections and caches warm up).
WARMUP_PAGES = 20
#: Pages between two RSS samples in the memory run.
MEMORY_STEP = 1000


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def rss_bytes() -> int:
    """Return the resident set size of this process."""
    try:
        import psutil
    except ImportError:
        # /proc/self/statm: the second field is resident pages (Linux only).
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    return psutil.Process().memory_info().rss


def peak_rss_bytes() -> int:
    import resource

    # ru_maxrss is in KiB on Linux (bytes on macOS, which these benchmarks do not target).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Paint:
    """One page the grid was filled with, and when the grid painted it."""

    table: str
    offset: int
    rows: int
    first_id: Any
    rendered: float
    painted: float = 0.0


@dataclass
class Probe:
    """Timestamps and events that the wrapped screen methods fill in."""

    marks: dict[str, float] = field(default_factory=dict)
    tables_loaded: asyncio.Event = field(default_factory=asyncio.Event)
    painted: asyncio.Event = field(default_factory=asyncio.Event)
    pending: Paint | None = None
    """The page ``render_grid`` filled in and the grid has not painted yet."""
    last_paint: Paint | None = None


def instrument(probe: Probe) -> None:
    """Wrap the TablesScreen and DataTable methods that mark the phases of loading a page."""
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widgets import DataTable

    from supatui.app.screens.tables.browser import TablesScreen

    original_render = TablesScreen.render_grid
    original_render_lines = DataTable.render_lines
    original_tables_loaded = TablesScreen.on_tables_loaded
    original_mount = TablesScreen.on_mount

    def on_mount(self: TablesScreen) -> None:
        probe.marks.setdefault("screen_mounted", now())
        original_mount(self)

    def on_tables_loaded(self: TablesScreen, message: Any) -> None:
        probe.marks.setdefault("tables_loaded", now())
        original_tables_loaded(self, message)
        probe.tables_loaded.set()

    def render_grid(self: TablesScreen) -> None:
        original_render(self)
        assert self.view is not None
        first_id = self.rows[0].get("id") if self.rows else None
        probe.pending = Paint(self.view.table.name, self.pager.offset, len(self.rows), first_id, now())

    def render_lines(self: DataTable[Any], crop: Region) -> list[Strip]:
        strips = original_render_lines(self, crop)
        paint = probe.pending
        if paint is not None and self.id == "grid" and not self._require_update_dimensions:
            paint.painted = now()
            probe.pending = None
            probe.last_paint = paint
            probe.painted.set()
        return strips

    TablesScreen.on_mount = on_mount  # type: ignore[method-assign]
    TablesScreen.on_tables_loaded = on_tables_loaded  # type: ignore[method-assign]
    TablesScreen.render_grid = render_grid  # type: ignore[method-assign]
    DataTable.render_lines = render_lines  # type: ignore[method-assign]


async def wait_for_page(probe: Probe, table: str, offset: int) -> Paint:
    """Wait until the grid has painted ``table`` at ``offset``; return that paint."""
    deadline = now() + PAGE_TIMEOUT
    while True:
        paint = probe.last_paint
        if paint is not None and paint.table == table and paint.offset == offset:
            return paint
        remaining = deadline - now()
        if remaining <= 0:
            raise TimeoutError(f"the grid did not show {table} at offset {offset} within {PAGE_TIMEOUT:.0f} s")
        probe.painted.clear()
        await asyncio.wait_for(probe.painted.wait(), remaining)


async def open_table(pilot: Any, probe: Probe, table: str) -> Paint:
    """Select ``table`` in the table list as soon as the list is filled, press Enter, wait for its page."""
    from textual.widgets import OptionList

    await asyncio.wait_for(probe.tables_loaded.wait(), PAGE_TIMEOUT)
    option_list = pilot.app.screen.query_one("#table-list", OptionList)
    try:
        index = option_list.get_option_index(table)
    except LookupError as error:
        raise LookupError(f"table {table!r} is not in the table list; pass a table the key can read") from error

    option_list.focus()
    option_list.highlighted = index
    probe.marks["table_selected"] = now()
    await pilot.press("enter")
    return await wait_for_page(probe, table, 0)


def make_app(url: str, key: str) -> Any:
    from supatui.app import SupatuiApp

    return SupatuiApp(url=url, key=key)


async def measure_launch(url: str, key: str, table: str, started: float) -> dict[str, Any]:
    probe = Probe()
    probe.marks["process_started"] = started
    probe.marks["main_started"] = STARTED_MAIN

    import supatui.app  # noqa: F401

    probe.marks["imported"] = now()
    instrument(probe)
    app = make_app(url, key)
    probe.marks["app_constructed"] = now()

    async with app.run_test(size=SIZE) as pilot:
        paint = await open_table(pilot, probe, table)
        probe.marks["page_rendered"] = paint.rendered
        probe.marks["page_painted"] = paint.painted
        rows = paint.rows
    return {"marks": probe.marks, "rows": rows}


async def next_page(app: Any, pilot: Any, probe: Probe, table: str, *, use_pilot: bool) -> tuple[float, Paint]:
    """Press ``n`` once and return (seconds from the keypress to the paint, that paint)."""
    from textual import events

    screen = app.screen
    expected = screen.pager.offset + screen.pager.page_size
    pressed = now()
    if use_pilot:
        await pilot.press("n")
    else:
        # The same Key event a terminal driver posts; Pilot.press adds at least 40 ms of
        # idle-waiting per key, which 10,000 pages cannot afford.
        app.post_message(events.Key("n", "n"))
    paint = await wait_for_page(probe, table, expected)
    # NOTE: the check assumes ids 1, 2, 3, ... in key order, as the bench seed's observations have.
    if paint.first_id != expected + 1:
        raise AssertionError(f"page at offset {expected} starts with id {paint.first_id}, expected {expected + 1}")
    return paint.painted - pressed, paint


async def measure_latency(url: str, key: str, table: str, count: int) -> dict[str, Any]:
    probe = Probe()
    instrument(probe)
    app = make_app(url, key)
    async with app.run_test(size=SIZE) as pilot:
        await open_table(pilot, probe, table)
        for _ in range(WARMUP_PAGES):
            await next_page(app, pilot, probe, table, use_pilot=True)

        latencies = []
        for _ in range(count):
            seconds, _paint = await next_page(app, pilot, probe, table, use_pilot=True)
            latencies.append(seconds)
        page_size = app.screen.pager.page_size
    return {"latencies": latencies, "page_size": page_size}


async def measure_memory(url: str, key: str, table: str, count: int) -> dict[str, Any]:
    probe = Probe()
    instrument(probe)
    app = make_app(url, key)
    samples: list[tuple[int, int]] = []
    latencies: list[float] = []
    started = now()
    async with app.run_test(size=SIZE) as pilot:
        await open_table(pilot, probe, table)
        samples.append((0, rss_bytes()))
        for page in range(1, count + 1):
            seconds, _paint = await next_page(app, pilot, probe, table, use_pilot=False)
            latencies.append(seconds)
            if page % MEMORY_STEP == 0 or page == count:
                samples.append((page, rss_bytes()))
        page_size = app.screen.pager.page_size
        offset = app.screen.pager.offset
    return {
        "samples": samples,
        "peak_rss": peak_rss_bytes(),
        "latencies": latencies,
        "page_size": page_size,
        "last_offset": offset,
        "seconds": now() - started,
    }


def main(argv: list[str]) -> None:
    mode, url, table, out, started = argv[:5]
    count = int(argv[5]) if len(argv) > 5 else 0
    key = os.environ["SUPATUI_BENCH_KEY"]

    if mode == "launch":
        result = asyncio.run(measure_launch(url, key, table, float(started)))
    elif mode == "latency":
        result = asyncio.run(measure_latency(url, key, table, count))
    elif mode == "memory":
        result = asyncio.run(measure_memory(url, key, table, count))
    else:
        raise SystemExit(f"unknown mode {mode!r}: use launch, latency or memory")
    Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
