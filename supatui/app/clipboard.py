"""Copy text to the clipboard through OSC 52 and, where one works, the local clipboard."""

from __future__ import annotations

import logging
from typing import Literal

from textual.app import App

__all__ = ["ClipboardPath", "copy_text"]

ClipboardPath = Literal["OSC 52 + local clipboard", "OSC 52"]

log = logging.getLogger(__name__)


def copy_text(app: App[object], text: str) -> ClipboardPath:
    """Copy ``text`` and return the path it took.

    OSC 52 (``App.copy_to_clipboard``) reaches the terminal's clipboard even
    over SSH when the terminal allows it. pyperclip writes the local clipboard
    too when a backend (xclip, wl-copy, pbcopy, ...) exists.
    """
    app.copy_to_clipboard(text)

    import pyperclip

    try:
        pyperclip.copy(text)
    except (pyperclip.PyperclipException, OSError) as error:  # No xclip/wl-copy/pbcopy here.
        log.debug("local clipboard unavailable: %s", error)
        return "OSC 52"
    return "OSC 52 + local clipboard"
