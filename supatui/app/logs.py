"""The dashboard's log file, with secrets redacted before any record is written."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from supatui.app.config import log_dir

__all__ = ["RedactSecrets", "redact", "setup_logging"]

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_QUERY_SECRET = re.compile(r"(?i)\b(apikey|token|access_token|refresh_token)=([^&\s\"']+)")
_AUTHORIZATION = re.compile(r"(?i)\b(authorization|apikey)(['\"]?\s*[:=]\s*['\"]?)([^'\"\n,}]+)")
_REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Return ``text`` with JWTs, ``apikey=``/``token=`` values and Authorization values replaced."""
    text = _JWT.sub(_REDACTED, text)
    text = _QUERY_SECRET.sub(lambda match: f"{match.group(1)}={_REDACTED}", text)
    text = _AUTHORIZATION.sub(lambda match: f"{match.group(1)}{match.group(2)}{_REDACTED}", text)
    return text


class RedactSecrets(logging.Filter):
    """A logging filter that formats each record's message once and redacts secrets in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def setup_logging(*, debug: bool = False, directory: Path | None = None) -> Path:
    """Send the ``supatui`` and ``httpx`` loggers to ``supatui.log`` and return its path.

    Args:
        debug: Log at DEBUG instead of INFO.
        directory: Where the log file goes; `log_dir()` when None.
    """
    directory = directory if directory is not None else log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "supatui.log"

    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())

    # httpx logs every request URL at INFO, so it stays at WARNING unless --debug asks for more.
    levels = {"supatui": logging.DEBUG if debug else logging.INFO,
              "httpx": logging.DEBUG if debug else logging.WARNING,
              "httpcore": logging.DEBUG if debug else logging.WARNING}
    for name, level in levels.items():
        logger = logging.getLogger(name)
        for old in [old for old in logger.handlers if getattr(old, "_supatui", False)]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    handler._supatui = True  # type: ignore[attr-defined]

    return path
