"""Logging to a file in the data dir, with the API token scrubbed from every record.

The client never logs the token; this is the second lock on the same door. A token can
still reach a record through an exception that quotes a request (its message, the
traceback's text) or through `stack_info`, so everything a handler may write is
scrubbed: the message, the exception text, the traceback and the stack.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType

from sspos.config import Settings

LOG_FILE = "sspos.log"
MASK = "***"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced by `***`."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


class RedactSecrets(logging.Filter):
    """Scrub secrets from a record before any handler formats it: the message, and the
    exception and stack text (rendered here once, so every formatter reuses it)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        record.msg, record.args = scrub(record.getMessage(), self._secrets), None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, self._secrets)
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output is scrubbed (whatever a filter may have missed)."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), self._secrets)

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        return scrub(super().formatException(ei), self._secrets)

    def formatStack(self, stack_info: str) -> str:
        return scrub(super().formatStack(stack_info), self._secrets)


def setup_logging(settings: Settings, level: int = logging.INFO) -> Path:
    """Send logs to `<data_dir>/sspos.log` (owner-only permissions); return its path.

    Every handler of the root logger scrubs the token, not only this file's."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / LOG_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    token = settings.token.get_secret_value() if settings.token else ""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", [token])
    )
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_sspos", False)]
    handler._sspos = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    redact = RedactSecrets([token])
    for each in root.handlers:
        each.filters = [f for f in each.filters if not isinstance(f, RedactSecrets)]
        each.addFilter(redact)
    root.setLevel(level)
    for notice in settings.startup_notices:  # found before there was a log to write to
        logging.getLogger("sspos.config").warning("%s", notice.message("en"))
    return path
