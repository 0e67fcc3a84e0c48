"""The outbox file's tables, and the upgrade of a file an older sspos wrote.

`PRAGMA user_version` says which layout a file has; `upgrade` brings it to
`SCHEMA_VERSION` in place, in one write transaction.
"""

from __future__ import annotations

import sqlite3

from sspos.locks import write_transaction

__all__ = ["SCHEMA", "SCHEMA_VERSION", "upgrade"]

#: `PRAGMA user_version` of the current layout. 0: before customers (kind CHECK without
#: 'customer', no `customer_id` column); 1: before expenses (no 'expense' kind). `upgrade`
#: rebuilds such a table in place.
SCHEMA_VERSION = 2

_ENTRIES_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('sale', 'awb', 'payment', 'customer', 'expense')),
    client_ref  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN
                  ('pending', 'sending', 'submitted', 'rejected', 'voided')),
    payload     TEXT NOT NULL,
    receipt     TEXT,
    printed     INTEGER,
    order_date  TEXT,
    order_id    INTEGER,
    po_number   TEXT,
    messages    TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    probe       TEXT,
    sent_at     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    customer_id INTEGER
);
"""
_ENTRIES_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS entries_one_sale_per_ref
    ON entries (client_ref) WHERE kind = 'sale';
CREATE INDEX IF NOT EXISTS entries_by_state ON entries (state, id);
CREATE INDEX IF NOT EXISTS entries_by_ref ON entries (client_ref, id);
"""
SCHEMA = _ENTRIES_TABLE.format(name="entries") + _ENTRIES_INDEXES + """
CREATE TABLE IF NOT EXISTS log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS log_by_entry ON log (entry_id, id);
"""


def upgrade(conn: sqlite3.Connection) -> None:
    """Bring an outbox file written by an older sspos to `SCHEMA_VERSION`, in place.

    Version 0 had no `customer` kind in the `kind` CHECK and no `customer_id` column,
    version 1 no `expense` kind; SQLite cannot change a CHECK, so the table is rebuilt
    (ids and the AUTOINCREMENT high-water mark kept, so a placeholder id never comes
    back)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    with write_transaction(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            table = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
            ).fetchone()[0]
            if "'expense'" not in table:
                _rebuild_entries(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _rebuild_entries(conn: sqlite3.Connection) -> None:
    # Every column the old table has (version 0 lacks `customer_id`).
    columns = ", ".join(row[1] for row in conn.execute("PRAGMA table_info(entries)"))
    sequence = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()
    conn.execute(_ENTRIES_TABLE.format(name="entries_upgraded"))
    conn.execute(f"INSERT INTO entries_upgraded ({columns}) SELECT {columns} FROM entries")
    conn.execute("DROP TABLE entries")
    conn.execute("ALTER TABLE entries_upgraded RENAME TO entries")
    for statement in _ENTRIES_INDEXES.split(";"):
        if statement.strip():
            conn.execute(statement)
    if sequence is not None:
        conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'entries'",
                     (sequence[0],))
