"""Claims: which worker delivers an outbox entry right now, across processes.

Several POS sessions share one outbox file and each runs a worker; none holds a lock while
it is idle, so every terminal's sale leaves at once. Exactly-once rests on the claim:

- Before a worker works on an entry it *claims* it, in a write transaction. A claim held
  by another worker that is still alive makes it leave the entry alone.
- Each claim bumps the entry's `gen`. While the worker works on the entry, every write it
  makes through the outbox checks, in the same transaction, that the claim is still its
  own (`Claims.fenced`): a worker whose claim was taken over (its process was stopped for
  longer than the lease) can change nothing the new holder did, and its writes fail.
- A worker is alive while it holds an OS lock on its presence file
  (`outbox-workers/<token>.lock`, see `WorkerPresence`). The kernel drops that lock when
  the process dies, however it dies, so another worker can take over at once. A worker
  killed mid-send leaves the entry `sending`: the next holder settles that doubt as the
  worker always does (it waits, searches the server, re-sends only when it is absent).
- A claim also lapses `CLAIM_LEASE_S` after its holder's last write (a process alive but
  stuck). Where the OS has no such locks (Windows, one POS per data folder) that is the
  only way a claim ends.

Claims live in their own table (`claims`), one row per entry ever claimed: the row keeps
its `gen` after the claim is released, so a generation is never handed out twice.
`Claims` is mixed into `Outbox`, which gives it its connections.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sspos.locks import OS_LOCKS, FileLock
from sspos.outbox.entries import OutboxEntry, OutboxError, timestamp

#: A claim lapses this long after its holder's last write, even if its process lives on.
#: Far longer than any step of a delivery (a request times out in seconds; a search reads
#: its pages in well under a minute); a worker that outlives its claim only loses writes.
CLAIM_LEASE_S = 120.0
PRESENCE_DIR = "outbox-workers"

CLAIMS_SCHEMA = """
CREATE TABLE IF NOT EXISTS claims (
    entry_id INTEGER PRIMARY KEY,
    gen      INTEGER NOT NULL,  -- bumped by every claim: a stale holder's writes fail
    worker   TEXT,              -- the holder's token; NULL once released
    until    TEXT               -- when the claim lapses without news from its holder
);
"""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Claim:
    """A worker's hold on one entry: `entry` as it stood when claimed, and the fence."""

    entry: OutboxEntry  # as the worker read it (`Outbox.ready`)
    gen: int
    worker: str
    path: Path  # the outbox file it belongs to


# The claim the current task works under; `asyncio.to_thread` carries it into the thread
# that runs each write, so every write made while delivering an entry is fenced.
_fence: ContextVar[Claim | None] = ContextVar("outbox_claim_fence", default=None)


class WorkerPresence:
    """A worker's presence on an outbox: an OS lock on `<dir>/outbox-workers/<token>.lock`,
    held from its first claim until `release` (or until its process ends)."""

    def __init__(self, outbox_path: Path) -> None:
        self.directory = outbox_path.parent / PRESENCE_DIR
        # The pid helps whoever reads the claims table; the random part makes it unique.
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._lock = FileLock(self.directory / f"{self.token}.lock")

    def hold(self) -> None:
        """Take the presence lock (once); presence files of dead workers are removed."""
        if self._lock.held:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        for path in self.directory.glob("*.lock"):
            if path != self._lock.path:
                self._remove_if_dead(path)

    def release(self) -> None:
        """Give the presence up and remove its file."""
        if self._lock.held:
            self._lock.release()
            with contextlib.suppress(OSError):
                self._lock.path.unlink()

    def alive(self, token: str) -> bool:
        """Whether the worker `token` still runs (its process holds its presence lock).
        Without OS locks nothing can tell: every worker counts as alive."""
        if token == self.token:
            return True
        if not OS_LOCKS:
            return True
        return not self._remove_if_dead(self.directory / f"{token}.lock")

    @staticmethod
    def _remove_if_dead(path: Path) -> bool:
        """True (and the file removed) when nobody holds the presence lock at `path`."""
        probe = FileLock(path)
        if not probe.acquire(shared=True):
            return False
        probe.release()
        with contextlib.suppress(OSError):
            path.unlink()
        return True


class Claims:
    """The `claims` table; `Outbox` provides the plumbing declared here."""

    path: Path

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    @staticmethod
    def _fetch(conn: sqlite3.Connection, entry_id: int) -> OutboxEntry:
        raise NotImplementedError

    @staticmethod
    def _log(conn: sqlite3.Connection, entry_id: int, event: str, detail: str = "") -> None:
        raise NotImplementedError

    def claim(self, entry: OutboxEntry, presence: WorkerPresence) -> Claim | None:
        """Claim `entry` (as the caller read it) for the worker of `presence`; None when
        another live worker holds it, or when it moved on since it was read (another
        worker sent it, an admin voided or edited it): the caller reads it again later."""
        presence.hold()
        now = _now()
        with self._write() as conn:
            row = conn.execute(
                "SELECT gen, worker, until FROM claims WHERE entry_id = ?", (entry.id,)
            ).fetchone()
            holder = row["worker"] if row is not None else None
            taken_over = ""
            if holder is not None and holder != presence.token:
                if row["until"] > timestamp(now) and presence.alive(holder):
                    return None
                taken_over = holder
            current = self._fetch(conn, entry.id)
            if (current.state, current.updated_at) != (entry.state, entry.updated_at):
                return None
            gen = (row["gen"] if row is not None else 0) + 1
            conn.execute(
                "INSERT OR REPLACE INTO claims (entry_id, gen, worker, until)"
                " VALUES (?, ?, ?, ?)",
                (entry.id, gen, presence.token, _until(now)),
            )
            if taken_over:
                self._log(conn, entry.id, "taken_over", f"from worker {taken_over}")
        return Claim(entry, gen, presence.token, self.path)

    def release_claim(self, claim: Claim) -> None:
        """End `claim` (nothing happens when it was taken over meanwhile)."""
        with self._connect() as conn:
            conn.execute(
                "UPDATE claims SET worker = NULL, until = NULL WHERE entry_id = ? AND gen = ?",
                (claim.entry.id, claim.gen),
            )

    def release_claims_of(self, presence: WorkerPresence) -> None:
        """End every claim of a worker that stops."""
        with self._connect() as conn:
            conn.execute(
                "UPDATE claims SET worker = NULL, until = NULL WHERE worker = ?",
                (presence.token,),
            )

    def claim_holder(self, entry_id: int) -> str | None:
        """The token of the worker that holds a claim on the entry (lapsed or not)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT worker FROM claims WHERE entry_id = ?", (entry_id,)
            ).fetchone()
        return None if row is None else row["worker"]

    @contextlib.contextmanager
    def fenced(self, claim: Claim) -> Iterator[None]:
        """While the block runs (in this task, and in the threads it starts with
        `asyncio.to_thread`), every write to this outbox first checks that `claim` still
        holds, renewing its lease; OutboxError `outbox.error.claim_lost` when it does not."""
        token = _fence.set(claim)
        try:
            yield
        finally:
            _fence.reset(token)

    def _check_fence(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: the current claim (if any) still holds."""
        claim = _fence.get()
        if claim is None or claim.path != self.path:
            return
        renewed = conn.execute(
            "UPDATE claims SET until = ? WHERE entry_id = ? AND gen = ? AND worker = ?",
            (_until(_now()), claim.entry.id, claim.gen, claim.worker),
        ).rowcount
        if not renewed:
            raise OutboxError("outbox.error.claim_lost", id=claim.entry.id)


def _until(now: datetime) -> str:
    return timestamp(now + timedelta(seconds=CLAIM_LEASE_S))
