"""`sspos.locks`: the file lock every shared-file guard uses (sync, outbox worker, terminal
sessions, the sandbox's generation), held by real threads and processes, and the SQLite
write transaction."""

from __future__ import annotations

import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sspos import locks
from sspos.locks import FileLock, write_transaction

HOLDER = """
import sys, time
from sspos.locks import FileLock
lock = FileLock(sys.argv[1])
assert lock.acquire(shared=sys.argv[2] == "shared")
print("held", flush=True)
time.sleep(600)
"""


def hold_in_child(path: Path, mode: str = "exclusive") -> subprocess.Popen[str]:
    """A process holding the lock on `path` until it is killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), mode], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    return child


def test_an_exclusive_lock_excludes_every_other_holder_until_released(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    first, second = FileLock(path), FileLock(path)
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    assert not second.acquire(shared=True)
    assert first.acquire()  # taking a lock already held is a no-op
    first.release()
    assert not first.held
    assert second.acquire()
    second.release()
    second.release()  # releasing twice is harmless


def test_shared_locks_coexist_but_exclude_an_exclusive_one(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    readers = [FileLock(path), FileLock(path)]
    assert all(reader.acquire(shared=True) for reader in readers)
    writer = FileLock(path)
    assert not writer.acquire()
    for reader in readers:
        reader.release()
    assert writer.acquire()
    assert not FileLock(path).acquire(shared=True)
    writer.release()


def test_waiting_takes_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    holder = FileLock(path)
    assert holder.acquire()
    taken = threading.Event()

    def waiter() -> None:
        with FileLock(path):
            taken.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    assert not taken.wait(0.05)  # still held: the waiter waits
    holder.release()
    assert taken.wait(10)
    thread.join()
    assert FileLock(path).acquire()  # the `with` block gave it back


@pytest.mark.parametrize("mode", ["exclusive", "shared"])
def test_the_os_drops_the_lock_of_a_killed_process(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "x.lock"
    child = hold_in_child(path, mode)
    try:
        assert not FileLock(path).acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    lock = FileLock(path)
    assert lock.acquire()
    lock.release()


def test_the_lock_file_is_private_and_can_say_who_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    lock = FileLock(path)
    with pytest.raises(RuntimeError):
        lock.write_text("nobody")
    assert lock.acquire()
    lock.write_text("a much longer first holder")
    lock.write_text("pid 7")
    assert path.read_text(encoding="utf-8") == "pid 7"
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    lock.release()


def test_without_os_locks_every_acquire_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks, "OS_LOCKS", False)
    path = tmp_path / "x.lock"
    first, second = FileLock(path), FileLock(path)
    assert first.acquire() and second.acquire()  # nothing is guarded: one POS per folder
    first.release()
    second.release()


def _counter(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    conn.execute("CREATE TABLE IF NOT EXISTS n (v INTEGER)")
    return conn


def test_a_write_transaction_commits_at_the_end_and_rolls_back_on_error(
    tmp_path: Path,
) -> None:
    conn = _counter(tmp_path / "n.sqlite")
    with write_transaction(conn):
        conn.execute("INSERT INTO n VALUES (1)")
    with pytest.raises(ZeroDivisionError), write_transaction(conn):
        conn.execute("INSERT INTO n VALUES (2)")
        raise ZeroDivisionError
    assert not conn.in_transaction
    assert conn.execute("SELECT v FROM n").fetchall() == [(1,)]


def test_a_write_transaction_holds_the_write_lock_from_its_start(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    first, second = _counter(path), _counter(path)
    # No statement has written yet, and the other connection is already kept out.
    with write_transaction(first), pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("BEGIN IMMEDIATE")
    with write_transaction(second):
        second.execute("INSERT INTO n VALUES (3)")
    assert first.execute("SELECT v FROM n").fetchall() == [(3,)]


def test_an_error_that_ended_the_transaction_surfaces_as_itself(tmp_path: Path) -> None:
    conn = _counter(tmp_path / "n.sqlite")
    with pytest.raises(KeyError), write_transaction(conn):
        conn.execute("ROLLBACK")  # as SQLite does by itself on some errors
        raise KeyError("the block's own error")
    assert not conn.in_transaction
