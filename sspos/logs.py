"""Logging to a file in the data dir, with the API token scrubbed from every record.

The client never logs the token; this filter is the second lock on the same door.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sspos.config import Settings

LOG_FILE = "sspos.log"


class RedactSecrets(logging.Filter):
    """Replace any occurrence of the given secrets in a log record's message."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            message = record.getMessage()
            for secret in self._secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def setup_logging(settings: Settings, level: int = logging.INFO) -> Path:
    """Send logs to `<data_dir>/sspos.log` (owner-only permissions); return its path."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / LOG_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    token = settings.token.get_secret_value() if settings.token else ""
    handler.addFilter(RedactSecrets([token]))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_sspos", False)]
    handler._sspos = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for notice in settings.startup_notices:  # found before there was a log to write to
        logging.getLogger("sspos.config").warning("%s", notice.message("en"))
    return path
