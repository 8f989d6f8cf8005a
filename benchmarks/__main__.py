"""Run every benchmark against one bench sandbox and write docs/benchmarks.md.

Usage: ``python -m benchmarks [--only NAME ...]`` (``just bench``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from pathlib import Path

from supatui.sandbox.process import SandboxProcess

from . import app_paging, auth, client_cpu, imports, sandbox_rps
from ._stats import Figure

#: The demo/bench seed's table of 1,000,000 rows and the range of its integer primary key.
BIG_TABLE = "observations"
BIG_TABLE_ROWS = 1_000_000

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
SECTIONS = ("imports", "client_cpu", "sandbox_rps", "auth", "app")


def _machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
    ]


def _render(figures: list[Figure]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `just bench` (`python -m benchmarks`). Each figure is a median of repeated",
        "runs made in one session, side by side with its references, against one sandbox",
        "(seed `bench`, a child process on 127.0.0.1 with embedded PostgreSQL).",
        "",
        *_machine(),
        "",
        "| measure | result | target | verdict |",
        "| --- | --- | --- | --- |",
    ]
    for figure in figures:
        lines.append(f"| {figure.name} | {figure.value} | {figure.target} | {figure.verdict} |")
    lines += ["", "## How each figure was taken", ""]
    for figure in figures:
        for note in figure.notes:
            lines.append(f"- {figure.name}: {note}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, default=list(SECTIONS))
    args = parser.parse_args()

    figures: list[Figure] = []
    if "imports" in args.only:
        print("Timing imports ...", flush=True)
        figures += imports.run()

    print("Starting the bench sandbox (seeding 1,000,000 rows) ...", flush=True)
    with SandboxProcess(seed="bench", on_output=lambda line: print("  " + line, flush=True)) as sandbox:
        key = sandbox.service_role_key
        if "client_cpu" in args.only:
            print("Measuring client CPU per request ...", flush=True)
            figures += client_cpu.run(sandbox.api_url, key, BIG_TABLE, row_id=4242)
        if "sandbox_rps" in args.only:
            print("Measuring sandbox throughput ...", flush=True)
            figures += sandbox_rps.run(sandbox.api_url, key, BIG_TABLE, BIG_TABLE_ROWS)
        if "auth" in args.only:
            print("Measuring auth on 100,000 users ...", flush=True)
            figures += auth.run(sandbox.api_url, key, sandbox.anon_key)
        if "app" in args.only:
            print("Measuring the dashboard ...", flush=True)
            figures += app_paging.run(sandbox.api_url, key, BIG_TABLE)

    for figure in figures:
        print(f"{figure.name}: {figure.value} {figure.verdict}")
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(_render(figures))
    print(f"Wrote {OUTPUT}")


if __name__ == "__main__":
    main()
