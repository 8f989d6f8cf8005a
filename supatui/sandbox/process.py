"""Run ``supatui sandbox`` in a child process and read the URLs and keys it prints.

The dashboard and the benchmarks use a child process rather than a thread so that the
sandbox's CPU work (SQL, JSON) never competes with the caller for the GIL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SandboxEndpoints", "SandboxProcess", "SandboxProcessError"]

#: The label of each line ``supatui sandbox`` prints once it serves, and its field here.
_LABELS = {
    "API URL": "api_url",
    "DB URL": "db_url",
    "anon key": "anon_key",
    "service_role key": "service_role_key",
}


class SandboxProcessError(RuntimeError):
    """The sandbox child process exited or timed out before it printed its endpoints."""


@dataclass(frozen=True, slots=True)
class SandboxEndpoints:
    """The address of a running sandbox and the keys it accepts."""

    api_url: str
    db_url: str
    anon_key: str
    service_role_key: str


class SandboxProcess:
    """A sandbox in a child process, stopped (with its PostgreSQL) on ``stop()`` or exit.

    Args:
        seed: ``"demo"``, ``"bench"`` or ``"empty"``.
        port: TCP port on 127.0.0.1; 0 picks a free one.
        data_dir: keep data and keys in this folder; ``None`` uses a temporary folder.
        on_output: called with each line the child prints before it is ready
            (progress such as "Seeding demo data"), for example to show it to the user.
        timeout: seconds to wait for the endpoints before giving up.
    """

    def __init__(
        self,
        *,
        seed: str = "demo",
        port: int = 0,
        data_dir: Path | None = None,
        on_output: Callable[[str], None] | None = None,
        timeout: float = 300.0,
    ) -> None:
        self._command = [sys.executable, "-m", "supatui", "sandbox", "--seed", seed, "--port", str(port)]
        if data_dir is not None:
            self._command += ["--data-dir", str(data_dir)]
        self._on_output = on_output
        self._timeout = timeout
        self._process: subprocess.Popen[str] | None = None
        self.endpoints: SandboxEndpoints | None = None

    def start(self) -> SandboxEndpoints:
        """Start the child and block until it prints its four endpoint lines."""
        # A session of its own keeps the terminal's Ctrl-C away from the child: the parent
        # decides when the sandbox stops, and stops it after the dashboard has closed.
        self._process = subprocess.Popen(
            self._command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        found: dict[str, str] = {}
        output: list[str] = []
        reader = threading.Thread(target=self._read_endpoints, args=(found, output), daemon=True)
        reader.start()
        reader.join(self._timeout)

        if len(found) < len(_LABELS):
            self.stop()
            tail = "\n".join(output[-20:])
            raise SandboxProcessError(f"The sandbox did not start within {self._timeout:.0f} s. Its output:\n{tail}")

        self.endpoints = SandboxEndpoints(**found)
        # Keep reading the pipe until the child exits, so it never blocks on a full buffer.
        threading.Thread(target=self._drain, daemon=True).start()
        return self.endpoints

    def _read_endpoints(self, found: dict[str, str], output: list[str]) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            line = line.rstrip("\n")
            label, _, value = line.partition(": ")
            if label in _LABELS and value:
                found[_LABELS[label]] = value
                if len(found) == len(_LABELS):
                    return
                continue
            output.append(line)
            if self._on_output is not None:
                self._on_output(line)

    def _drain(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for _ in self._process.stdout:
            pass

    def stop(self, timeout: float = 30.0) -> None:
        """Interrupt the child as Ctrl-C would, wait for it, and kill it if it hangs."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> SandboxEndpoints:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
