"""The outbox's duplicate watch: sales sent more than once, watched for a second order.

After a sale was sent again following a doubt, the worker watches the server for a second
order carrying its reference (see `sspos.outbox.worker`); one row per watched sale, in the
outbox file, so a restarted worker resumes it. `DuplicateWatches` is mixed into `Outbox`,
which gives it its connections and its log.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from sspos.outbox.entries import DuplicateWatch, OutboxEntry, OutboxError

# After a sale was sent more than once, the worker watches the server for a second order
# carrying its reference (see `sspos.outbox.worker`). One row per watched sale.
WATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS duplicate_watch (
    entry_id      INTEGER PRIMARY KEY,  -- the sale
    client_ref    TEXT NOT NULL,
    order_id      INTEGER NOT NULL,     -- the order the outbox keeps (follow-ups go to it)
    order_date    TEXT,
    first_sent_at TEXT NOT NULL,        -- when its first request went out
    resent_at     TEXT NOT NULL,        -- when it was last sent again
    until         TEXT NOT NULL,
    next_check    TEXT NOT NULL,
    cancelling    INTEGER,              -- a duplicate whose cancel may be in flight
    cancelled     TEXT NOT NULL DEFAULT '[]',  -- [[order_id, po_number], ...]
    refused       TEXT,                 -- the server refused a cancel: what it said
    closed_at     TEXT
);
CREATE INDEX IF NOT EXISTS duplicate_watch_open ON duplicate_watch (closed_at, next_check);
"""


def _row_to_watch(row: sqlite3.Row) -> DuplicateWatch:
    return DuplicateWatch(
        entry_id=row["entry_id"],
        client_ref=row["client_ref"],
        order_id=row["order_id"],
        order_date=row["order_date"],
        first_sent_at=row["first_sent_at"],
        resent_at=row["resent_at"],
        until=row["until"],
        next_check=row["next_check"],
        cancelling=row["cancelling"],
        cancelled=[(int(oid), po) for oid, po in json.loads(row["cancelled"])],
        refused=row["refused"],
        closed_at=row["closed_at"],
    )


class DuplicateWatches:
    """The `duplicate_watch` table; `Outbox` provides the plumbing declared here."""

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _stamp(self) -> str:
        """The time now, as the outbox writes times."""
        raise NotImplementedError

    @staticmethod
    def _log(conn: sqlite3.Connection, entry_id: int, event: str, detail: str = "") -> None:
        raise NotImplementedError

    def _open_watch(
        self, conn: sqlite3.Connection, entry: OutboxEntry, order_id: int, until: str,
        first_check: str,
    ) -> None:
        first_sent = conn.execute(
            "SELECT min(at) FROM log WHERE entry_id = ? AND event = 'sending'", (entry.id,)
        ).fetchone()[0]
        conn.execute(
            "INSERT OR REPLACE INTO duplicate_watch (entry_id, client_ref, order_id, order_date,"
            " first_sent_at, resent_at, until, next_check) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.id, entry.client_ref, order_id, entry.order_date, first_sent or entry.sent_at,
             entry.sent_at, until, first_check),
        )
        self._log(conn, entry.id, "watching",
                  f"sent {entry.attempts} times: watching for a second order until {until}")

    def watches(self, *, open_only: bool = False) -> list[DuplicateWatch]:
        """Every duplicate watch (or only those still open), oldest sale first."""
        sql = "SELECT * FROM duplicate_watch"
        if open_only:
            sql += " WHERE closed_at IS NULL"
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY entry_id").fetchall()
        return [_row_to_watch(row) for row in rows]

    def due_watches(self, now: str) -> list[DuplicateWatch]:
        """Open watches whose next check is due at `now` (an ISO time, UTC)."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM duplicate_watch WHERE closed_at IS NULL AND next_check <= ?"
                " ORDER BY next_check", (now,),
            ).fetchall()
        return [_row_to_watch(row) for row in rows]

    def next_watch_check(self) -> str | None:
        """When the earliest open watch wants its next check, or None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT min(next_check) FROM duplicate_watch WHERE closed_at IS NULL"
            ).fetchone()
        return row[0] if row else None

    def _watch_update(
        self, entry_id: int, event: str | None, detail: str, **columns: Any
    ) -> DuplicateWatch:
        with self._write() as conn:
            if columns:
                sets = ", ".join(f"{name} = ?" for name in columns)
                conn.execute(f"UPDATE duplicate_watch SET {sets} WHERE entry_id = ?",
                             [*columns.values(), entry_id])
            if event is not None:
                self._log(conn, entry_id, event, detail)
            return self._watch_row(conn, entry_id)

    @staticmethod
    def _watch_row(conn: sqlite3.Connection, entry_id: int) -> DuplicateWatch:
        row = conn.execute(
            "SELECT * FROM duplicate_watch WHERE entry_id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise OutboxError("outbox.error.unknown_id", id=entry_id)
        return _row_to_watch(row)

    def watch_checked(self, entry_id: int, next_check: str) -> DuplicateWatch:
        """A check found nothing to do: the next one at `next_check`."""
        return self._watch_update(entry_id, None, "", next_check=next_check)

    def watch_cancelling(self, entry_id: int, order_id: int, detail: str) -> DuplicateWatch:
        """A duplicate was found and is about to be cancelled (on disk first: a crash
        mid-cancel is settled by the next check)."""
        return self._watch_update(entry_id, "duplicate_found", detail, cancelling=order_id)

    def watch_cancelled(
        self, entry_id: int, order_id: int, po_number: str | int | None, detail: str
    ) -> DuplicateWatch:
        """The duplicate `order_id` is cancelled on the server."""
        with self._write() as conn:
            watch = self._watch_row(conn, entry_id)
            done = [list(pair) for pair in watch.cancelled if pair[0] != order_id]
            done.append([order_id, None if po_number is None else str(po_number)])
            conn.execute(
                "UPDATE duplicate_watch SET cancelled = ?, cancelling = NULL WHERE entry_id = ?",
                (
                    json.dumps(done, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                    entry_id,
                ),
            )
            self._log(conn, entry_id, "duplicate_cancelled", detail)
            return self._watch_row(conn, entry_id)

    def watch_refused(self, entry_id: int, order_id: int, message: str) -> DuplicateWatch:
        """The server refused to cancel the duplicate: an admin must (it stays listed)."""
        return self._watch_update(
            entry_id,
            "cancel_refused",
            f"order {order_id}: {message}",
            cancelling=None,
            refused=f"{order_id}: {message}"[:500],
        )

    def close_watch(self, entry_id: int, detail: str) -> DuplicateWatch:
        """The watch is over."""
        return self._watch_update(entry_id, "watch_ended", detail, closed_at=self._stamp())
