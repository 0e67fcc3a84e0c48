"""The shift book: each terminal's shifts and the events of the drawer, in one SQLite file.

`<data_dir>/shifts.sqlite`, WAL with `synchronous=FULL` like the outbox: an event is on
disk before the cashier is told it happened. At most one open shift per terminal (a
partial unique index says so, whatever the number of processes). What is stored here is
what only the terminal knows: the opening float, cash paid in, orders cancelled from the
counter (with their reason), the closing count and what the close check found. Sales and
paid-outs live in the outbox (they go to the server); `sspos.app.shifts` joins both.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sspos.domain.shift import Shift
from sspos.locks import shared_connection, use_wal, write_transaction

SHIFTS_FILE = "shifts.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS shifts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    terminal_id    TEXT NOT NULL,
    cashier        TEXT NOT NULL DEFAULT '',
    opened_at      TEXT NOT NULL,
    opening_float  INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_at      TEXT,
    counted        INTEGER,
    closing        TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS shifts_one_open_per_terminal
    ON shifts (terminal_id) WHERE closed_at IS NULL;
CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id   INTEGER NOT NULL REFERENCES shifts (id),
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('cash_in', 'cancel')),
    amount     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_by_shift ON events (shift_id, id);
"""

EventKind = Literal["cash_in", "cancel"]


class ShiftError(Exception):
    """A shift operation that is not allowed; `key` is an i18n key (`shift.error.*`)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class ShiftEvent:
    """One stored event of a shift."""

    id: int
    shift_id: int
    at: datetime
    kind: EventKind
    amount: int
    reason: str
    detail: dict[str, Any]


def stamp(when: datetime) -> str:
    """How times are stored: UTC ISO 8601 with milliseconds (the outbox's format, so the
    two files' times compare as text)."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


def _shift(row: sqlite3.Row) -> Shift:
    closed = row["closed_at"]
    return Shift(
        id=row["id"], terminal_id=row["terminal_id"], cashier=row["cashier"],
        opened_at=datetime.fromisoformat(row["opened_at"]),
        opening_float=row["opening_float"],
        closed_at=None if closed is None else datetime.fromisoformat(closed),
        counted=row["counted"],
    )


class ShiftBook:
    """The shifts of every terminal sharing one data folder; any thread, any process."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            use_wal(conn)
            conn.executescript(_SCHEMA)

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> ShiftBook:
        """The shift book of a data folder (`<data_dir>/shifts.sqlite`)."""
        return cls(Path(data_dir) / SHIFTS_FILE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with shared_connection(self.path) as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn, write_transaction(conn):
            yield conn

    @staticmethod
    def _open_row(conn: sqlite3.Connection, terminal_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM shifts WHERE terminal_id = ? AND closed_at IS NULL", (terminal_id,)
        ).fetchone()
        return row

    # -- shifts ------------------------------------------------------------------------

    def open_shift(self, terminal_id: str, cashier: str, opening_float: int,
                   at: datetime) -> Shift:
        """Open a shift for `terminal_id` (ShiftError when one is open already)."""
        if opening_float < 0:
            raise ShiftError("shift.error.negative", amount=opening_float)
        with self._write() as conn:
            if self._open_row(conn, terminal_id) is not None:
                raise ShiftError("shift.error.already_open", terminal=terminal_id)
            cursor = conn.execute(
                "INSERT INTO shifts (terminal_id, cashier, opened_at, opening_float)"
                " VALUES (?, ?, ?, ?)",
                (terminal_id, cashier, stamp(at), opening_float),
            )
            return self._get(conn, int(cursor.lastrowid or 0))

    def close_shift(self, shift_id: int, counted: int, at: datetime,
                    closing: dict[str, Any]) -> Shift:
        """Close an open shift with the cash counted and what the close found
        (`closing`: the queued / rejected sales and the server's differences at that time).
        ShiftError when it is closed already."""
        if counted < 0:
            raise ShiftError("shift.error.negative", amount=counted)
        with self._write() as conn:
            shift = self._get(conn, shift_id)
            if not shift.is_open:
                raise ShiftError("shift.error.already_closed", id=shift_id)
            conn.execute(
                "UPDATE shifts SET closed_at = ?, counted = ?, closing = ? WHERE id = ?",
                (stamp(at), counted, json.dumps(closing, sort_keys=True), shift_id),
            )
            return self._get(conn, shift_id)

    @staticmethod
    def _get(conn: sqlite3.Connection, shift_id: int) -> Shift:
        row = conn.execute("SELECT * FROM shifts WHERE id = ?", (shift_id,)).fetchone()
        if row is None:
            raise ShiftError("shift.error.unknown", id=shift_id)
        return _shift(row)

    def get(self, shift_id: int) -> Shift:
        """The shift with this id (ShiftError when unknown)."""
        with self._connect() as conn:
            return self._get(conn, shift_id)

    def current(self, terminal_id: str) -> Shift | None:
        """The terminal's open shift, or None."""
        with self._connect() as conn:
            row = self._open_row(conn, terminal_id)
        return None if row is None else _shift(row)

    def shifts(self, terminal_id: str | None = None, limit: int = 50) -> list[Shift]:
        """The latest shifts, newest first (of one terminal, or all)."""
        sql = "SELECT * FROM shifts"
        params: list[Any] = []
        if terminal_id is not None:
            sql += " WHERE terminal_id = ?"
            params.append(terminal_id)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [_shift(row) for row in rows]

    def closing(self, shift_id: int) -> dict[str, Any] | None:
        """What the close recorded (None while open)."""
        with self._connect() as conn:
            row = conn.execute("SELECT closing FROM shifts WHERE id = ?", (shift_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    # -- events ------------------------------------------------------------------------

    def add_event(self, shift_id: int, kind: EventKind, amount: int, reason: str,
                  at: datetime, detail: dict[str, Any] | None = None) -> ShiftEvent:
        """Record an event of an open shift (ShiftError when it is closed)."""
        with self._write() as conn:
            if not self._get(conn, shift_id).is_open:
                raise ShiftError("shift.error.already_closed", id=shift_id)
            cursor = conn.execute(
                "INSERT INTO events (shift_id, at, kind, amount, reason, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (shift_id, stamp(at), kind, amount, reason,
                 json.dumps(detail or {}, sort_keys=True)),
            )
            event_id = int(cursor.lastrowid or 0)
        return next(e for e in self.events(shift_id) if e.id == event_id)

    def cancelled_refs(self) -> set[str]:
        """The client references of every order cancelled from a counter of this folder."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT json_extract(detail, '$.client_ref') FROM events WHERE kind = 'cancel'"
            ).fetchall()
        return {str(row[0]) for row in rows if row[0]}

    def events(self, shift_id: int) -> list[ShiftEvent]:
        """The events of a shift, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM events WHERE shift_id = ? ORDER BY id", (shift_id,)
            ).fetchall()
        return [
            ShiftEvent(row["id"], row["shift_id"], datetime.fromisoformat(row["at"]),
                       row["kind"], row["amount"], row["reason"], json.loads(row["detail"]))
            for row in rows
        ]
