"""Exceptions raised while starting or stopping a sandbox."""

from __future__ import annotations

__all__ = ["SandboxError"]


class SandboxError(RuntimeError):
    """The sandbox could not start, seed or stop; the message names the cause and the fix."""
