"""Forwarding worker failures to the app, which reports them in one place.

Textual posts ``Worker.StateChanged`` only to the node that started the
worker (the message does not bubble), so each screen that starts workers
mixes this in.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState

__all__ = ["ForwardWorkerErrors"]


class ForwardWorkerErrors:
    """Sends each failed worker of this node to ``app.report_worker_error``."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_worker_error(event.worker)  # type: ignore[attr-defined]
