"""The locks the POS takes on its local files, each written once.

**`FileLock`**: an OS lock on a file, between processes. Several POS sessions share one
data folder (SSH cashiers, browser tabs, the box's own screen), and some things must be
done by one of them at a time: build a new catalog (`catalog/sync.lock`), check the
outbox's duplicate watches (`outbox.sqlite.lock`), run a terminal id
(`terminals/<ID>.lock`), generate the demo shop (`sandbox.sqlite.lock`). Where the OS
has `flock` (Linux, macOS, the BSDs) the lock belongs to the open file: the kernel drops
it when the process ends, however it ends (SIGKILL, a dropped SSH session, a power cut),
so a dead process never blocks the next. Windows has no `flock`: there `acquire` always
succeeds and nothing is guarded (run one POS per data folder; `OS_LOCKS` says which case
applies).

**`shared_connection`** and **`use_wal`**: a SQLite file several sessions share (the
outbox, the shift book) is opened one way everywhere, and goes to WAL mode once, even
when several sessions open it new at the same moment.

**`write_transaction`**: SQLite's write lock, between connections. `BEGIN IMMEDIATE`
takes it up front, so a check-then-update inside the block is atomic against every other
connection and process; the block commits at its end and rolls back on any exception.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

if sys.platform != "win32":
    import fcntl

_WAL_TRIES = 20  # waits 0.02, 0.04… s between tries: under 4 s in all

#: True where `FileLock` really locks (POSIX `flock`); False on Windows.
OS_LOCKS = sys.platform != "win32"


class FileLock:
    """An advisory lock on `path` (created owner-only when missing), held until `release`,
    `with`-block end or the end of the process.

    Exclusive by default; `shared=True` locks may be held by several at once, never
    beside an exclusive one. Two `FileLock`s of one path conflict even inside one process
    (each has its own open file), which is what tests and threads need.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def acquire(self, *, shared: bool = False, wait: bool = False) -> bool:
        """Take the lock; False when another holder has it (`wait=True`: wait for it
        instead). Taking a lock this object already holds is a no-op that returns True."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if OS_LOCKS:
            mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
            try:
                fcntl.flock(fd, mode if wait else mode | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            except BaseException:
                os.close(fd)
                raise
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock up (closing the file is what releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def write_text(self, text: str) -> None:
        """Replace the lock file's content while holding it: who holds it, for others
        to read (`terminals.read_session_info`)."""
        if self._fd is None:
            raise RuntimeError(f"{self.path} is not held")
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, text.encode("utf-8"))

    def __enter__(self) -> Self:
        """Wait for the lock (exclusive) and hold it for the block."""
        self.acquire(wait=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` … `COMMIT`, or `ROLLBACK` when the block raises.

    `conn` must be in autocommit mode (`isolation_level=None`), as every connection of
    the POS's own files is. A statement that already ended the transaction (SQLite rolls
    back by itself on some errors, e.g. a full disk) leaves nothing to roll back, and the
    block's own exception is what surfaces."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so; only its first opener converts it).

    Several sessions may open a new outbox at once, and SQLite answers the converting
    pragma "database is locked" at once, without waiting out `busy_timeout`, while another
    connection converts or recovers the file: look first, and try again briefly."""
    for attempt in range(_WAL_TRIES):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


@contextmanager
def shared_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a SQLite file several sessions share, closed at the block's end:
    rows by name, autocommit outside `write_transaction`, each commit on disk before it
    returns (synchronous FULL), and a wait of up to 30 s for another session's write."""
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        yield conn
    finally:
        conn.close()
