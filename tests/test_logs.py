"""The token never reaches a log: not through the message, an exception's text, its
traceback, a chained cause, or `stack_info`; in `sspos.log` and in any other handler."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from sspos.config import Settings
from sspos.logs import setup_logging

TOKEN = "tok-SECRET-9f8e7d"


@pytest.fixture
def logged(tmp_path) -> Iterator[tuple[object, io.StringIO]]:
    root = logging.getLogger()
    before = list(root.handlers)
    other = io.StringIO()
    console = logging.StreamHandler(other)  # a handler someone else installed
    console.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(console)
    path = setup_logging(Settings(token=TOKEN, data_dir=tmp_path))
    try:
        yield path, other
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        for handler in before:
            handler.filters = [f for f in handler.filters
                               if type(f).__name__ != "RedactSecrets"]


def request_that_fails() -> None:
    try:
        raise ConnectionError(f"GET /shop headers={{'Authorization': 'Bearer {TOKEN}'}}")
    except ConnectionError as exc:
        # The token is even on this line of source, which a traceback prints: tok-SECRET-9f8e7d
        raise RuntimeError(f"request with Bearer {TOKEN} failed") from exc


def test_exceptions_tracebacks_and_stacks_are_scrubbed(logged) -> None:
    path, other = logged
    log = logging.getLogger("sspos.test")
    try:
        request_that_fails()
    except RuntimeError:
        log.exception("sync failed: %s", f"token={TOKEN}")
    log.warning("where am I", stack_info=True)  # tok-SECRET-9f8e7d in the stack's source
    for handler in logging.getLogger().handlers:
        handler.flush()
    for text in (path.read_text(encoding="utf-8"), other.getvalue()):
        assert TOKEN not in text
        assert "sync failed: token=***" in text
        assert "RuntimeError: request with Bearer *** failed" in text
        assert "ConnectionError: GET /shop headers={'Authorization': 'Bearer ***'}" in text
        assert "Traceback (most recent call last)" in text and "Stack (most recent" in text
