"""Export an SVG screenshot of each dashboard screen into screenshots/.

Starts a sandbox with the demo seed, drives the app with Textual's Pilot at
80×24 and 120×40, and calls ``App.save_screenshot`` on every screen.

    .venv/bin/python scripts/screenshots.py [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from supatui.app import SupatuiApp
from supatui.app.testing import settle as wait_for_workers
from supatui.sandbox import SandboxSettings, SandboxThread

SIZES = ((80, 24), (120, 40))

Step = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    """Wait for every worker, then drop toasts and stop cursor blink for a stable picture."""
    await wait_for_workers(pilot)
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def keys(*pressed: str) -> Step:
    async def step(pilot: Pilot) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return step


# Screen name → key presses from the freshly opened first table, with escape closing modals after.
SHOTS: dict[str, list[Step]] = {
    "tables": [],
    "tables-sorted": [keys("right", "s", "s")],
    "row-detail": [keys("v")],
    "row-edit": [keys("e")],
    "row-insert": [keys("i")],
    "columns": [keys("c")],
    "delete-confirm": [keys("d")],
    "export": [keys("x")],
    "filter-builder": [keys("f")],
    "jump": [keys("j", "4", "2")],
    "help": [keys("question_mark")],
    "command-palette": [keys("ctrl+p", "p", "a", "g", "e")],
}


# Screen name → key presses from the Tables section right after start; `2` opens Auth.
AUTH_SHOTS: dict[str, list[Step]] = {
    "auth-users": [keys("2")],
    "auth-search": [keys("2", "slash", *"mae@"), keys("enter")],
    "auth-user-detail": [keys("2", "slash", *"mae@"), keys("enter"), keys("down", "v")],
    "auth-oauth-clients": [keys("2", "o")],
}


async def shoot(url: str, key: str, out: Path) -> None:
    for width, height in SIZES:
        for name, steps in AUTH_SHOTS.items():
            app = SupatuiApp(url=url, key=key)
            async with app.run_test(size=(width, height)) as pilot:
                await settle(pilot)
                for step in steps:
                    await step(pilot)
                app.save_screenshot(f"{name}-{width}x{height}.svg", str(out))

        for name, steps in SHOTS.items():
            app = SupatuiApp(url=url, key=key)
            async with app.run_test(size=(width, height)) as pilot:
                await settle(pilot)
                screen = app.screen
                if "planets" in screen.tables:
                    screen.query_one("#table-list").highlighted = list(screen.tables).index("planets")
                    screen.open_table(screen.tables["planets"])
                    await settle(pilot)
                screen.query_one("#grid").focus()
                for step in steps:
                    await step(pilot)
                app.save_screenshot(f"{name}-{width}x{height}.svg", str(out))

        app = SupatuiApp()
        async with app.run_test(size=(width, height)) as pilot:
            await settle(pilot)
            app.save_screenshot(f"connect-{width}x{height}.svg", str(out))

        app = SupatuiApp(url="http://127.0.0.1:9", key=key)
        async with app.run_test(size=(width, height)) as pilot:
            await settle(pilot)
            app.save_screenshot(f"error-unreachable-{width}x{height}.svg", str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"),
                        help="directory the SVG files are written to (created if missing)")
    parser.add_argument("--url", help="use this running sandbox (seeded demo) instead of starting one")
    parser.add_argument("--key", help="service_role key of the sandbox given by --url")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)

    # Screenshots must not read or write the user's real profiles.
    os.environ["SUPATUI_CONFIG_DIR"] = tempfile.mkdtemp(prefix="supatui-screenshots-")
    if options.url and options.key:
        asyncio.run(shoot(options.url, options.key, options.out))
    else:
        with SandboxThread(SandboxSettings(seed="demo")) as sandbox:
            asyncio.run(shoot(sandbox.api_url, sandbox.service_role_key, options.out))
    print(f"wrote {len(list(options.out.glob('*.svg')))} screenshots to {options.out}")


if __name__ == "__main__":
    main()
