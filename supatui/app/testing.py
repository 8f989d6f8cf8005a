"""Helpers for driving the dashboard headless: tests, screenshots and benchmarks."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

__all__ = ["settle"]


async def settle(pilot: Pilot, *, max_rounds: int = 100) -> None:
    """Wait until every worker has finished (failed ones included) and the screen has refreshed.

    Workers that start other workers are waited for too, for up to ``max_rounds`` rounds.
    """
    app = pilot.app
    for _ in range(max_rounds):
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            break
        for worker in running:
            try:
                await worker.wait()
            except (WorkerFailed, WorkerCancelled):
                pass
        await pilot.pause()
    await pilot.pause()
