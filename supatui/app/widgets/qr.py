"""QR codes drawn with block characters, two modules a character cell, for TOTP enrollment."""

from __future__ import annotations

from rich.text import Text

__all__ = ["qr_text"]

# Upper half, lower half, both, neither: one character cell shows two rows of modules.
_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_text(data: str) -> Text:
    """Return ``data`` as a QR code that an authenticator app can scan from the terminal.

    The code is drawn dark-on-light (the colours scanners expect) with a one-module quiet zone.
    """
    import qrcode

    code = qrcode.QRCode(border=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))

    text = Text(no_wrap=True)
    for upper, lower in zip(matrix[0::2], matrix[1::2], strict=True):
        line = "".join(_CELLS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        text.append(line, style="black on white")
        text.append("\n")
    return text
