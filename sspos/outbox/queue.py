"""The durable outbox: every completed sale is on disk before any network call.

One SQLite file (`outbox.sqlite` in the data dir), WAL with `synchronous=FULL`, so a
sale the cashier has finished survives a power cut or a killed process. Entries are
submitted later by `sspos.outbox.worker.OutboxWorker`.

States of an entry:

    pending ──► sending ──► submitted (order_id, po_number)
       ▲           │  └───► rejected (the server's field messages)
       │           ▼
       └──── (certainly not sent / checked absent on the server)
    pending | rejected ──► voided (reason kept in the log table)

`sending` means "may have reached the server": whoever picks such an entry up must first
look for it on the server (the client reference travels in the order note) and only
re-send when it is certainly absent. A crash therefore never loses or doubles a sale.

Follow-ups (an AWB number added after the sale, a later payment) are entries of kind
`awb` / `payment` that carry the sale's client reference; they run in the order they were
queued, only after their sale is submitted. A sale paid in several tenders is queued with
its later payments in one transaction (`enqueue_sale(..., payments=…)`), so no crash can
leave the order without the payments that make it paid.

A customer created at the counter is an entry of kind `customer` (the POST
`customer/create` body), so it can be created offline too. Until the server has given it
an id it goes by a placeholder, the negative of its entry id (`placeholder_customer_id`);
a sale whose payload names a placeholder waits until that customer is created, and the
server's id is written into the sale's payload in the same transaction that records it.

Each method opens its own short-lived connection, so the outbox may be used from any
thread (Textual thread workers, the submitter) and from several processes (the CLI).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sspos.domain.order import reference_in_note
from sspos.locks import shared_connection, use_wal, write_transaction
from sspos.outbox.claims import CLAIMS_SCHEMA, Claims
from sspos.outbox.entries import (
    CUSTOMER_FIELDS,
    FOLLOW_UP_KINDS,
    STATES,
    Kind,
    LogRecord,
    OutboxCounts,
    OutboxEntry,
    OutboxError,
    State,
    awaits_customer,
    payment_payload,
    placeholder_customer_id,
    placeholder_entry,
    timestamp,
)
from sspos.outbox.schema import SCHEMA, upgrade
from sspos.outbox.watch import WATCH_SCHEMA, DuplicateWatches
from sspos.printing.receipt import ReceiptData

log = logging.getLogger(__name__)

OUTBOX_FILE = "outbox.sqlite"


def _now() -> str:
    return timestamp(datetime.now(UTC))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _receipt(text: str | None, entry_id: int) -> ReceiptData | None:
    """The stored receipt of a sale; a damaged one is logged and left out (the sale
    itself is intact; only its reprint is lost)."""
    if text is None:
        return None
    try:
        return ReceiptData.from_dict(_loads(text))
    except ValueError as exc:
        log.warning("outbox entry #%d: its receipt cannot be read: %s", entry_id, exc)
        return None


def _stored_receipt(receipt: ReceiptData | None) -> str | None:
    return None if receipt is None else _dumps(receipt.to_dict())


def _row_to_entry(row: sqlite3.Row) -> OutboxEntry:
    printed = row["printed"]
    return OutboxEntry(
        id=row["id"],
        kind=row["kind"],
        client_ref=row["client_ref"],
        state=row["state"],
        payload=_loads(row["payload"]),
        receipt=_receipt(row["receipt"], row["id"]),
        printed=None if printed is None else bool(printed),
        order_date=row["order_date"],
        order_id=row["order_id"],
        po_number=row["po_number"],
        messages=_loads(row["messages"]) or {},
        attempts=row["attempts"],
        last_error=row["last_error"],
        probe=_loads(row["probe"]),
        sent_at=row["sent_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        customer_id=row["customer_id"],
    )


def _json_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise OutboxError("outbox.error.not_a_dict", what=what)
    try:
        # Round-trip now so a value that JSON cannot hold fails at the counter, not later.
        return dict(json.loads(_dumps(value)))
    except (TypeError, ValueError):
        raise OutboxError("outbox.error.not_json", what=what) from None



def _with_created_customers(conn: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
    """`body` with every placeholder whose customer is created replaced by the real id."""
    resolved = dict(body)
    for name in CUSTOMER_FIELDS:
        entry_id = placeholder_entry(body.get(name))
        if entry_id is None:
            continue
        row = conn.execute(
            "SELECT customer_id FROM entries WHERE id = ? AND kind = 'customer'"
            " AND state = 'submitted'",
            (entry_id,),
        ).fetchone()
        if row is not None and row[0] is not None:
            resolved[name] = int(row[0])
    return resolved


class Outbox(DuplicateWatches, Claims):
    """The durable queue of sales and follow-ups, in one SQLite file.

    `Outbox(path)` creates the file (and its folder) when missing. All methods are
    synchronous and cheap; call them from a thread worker in the TUI.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            use_wal(conn)
            conn.executescript(SCHEMA)  # idempotent
            upgrade(conn)
            conn.executescript(WATCH_SCHEMA)
            conn.executescript(CLAIMS_SCHEMA)

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> Outbox:
        """The outbox of a data folder (`<data_dir>/outbox.sqlite`)."""
        return cls(Path(data_dir) / OUTBOX_FILE)

    # -- plumbing ---------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with shared_connection(self.path) as conn:  # a commit is on disk when enqueue returns
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front, so check-then-update is atomic; a worker
        delivering an entry writes only while its claim holds (`Claims.fenced`)."""
        with self._connect() as conn, write_transaction(conn):
            self._check_fence(conn)
            yield conn

    @staticmethod
    def _log(conn: sqlite3.Connection, entry_id: int, event: str, detail: str = "") -> None:
        conn.execute(
            "INSERT INTO log (entry_id, at, event, detail) VALUES (?, ?, ?, ?)",
            (entry_id, _now(), event, detail),
        )

    def _stamp(self) -> str:
        return _now()

    @staticmethod
    def _fetch(conn: sqlite3.Connection, entry_id: int) -> OutboxEntry:
        row = conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise OutboxError("outbox.error.unknown_id", id=entry_id)
        return _row_to_entry(row)

    @staticmethod
    def _sale_row(conn: sqlite3.Connection, client_ref: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM entries WHERE kind = 'sale' AND client_ref = ?", (client_ref,)
        ).fetchone()
        return row

    def _insert(
        self,
        conn: sqlite3.Connection,
        *,
        kind: Kind,
        client_ref: str,
        payload: dict[str, Any],
        receipt: ReceiptData | None = None,
        order_date: str | None = None,
        order_id: int | None = None,
        po_number: str | None = None,
        state: State = "pending",
    ) -> OutboxEntry:
        now = _now()
        cursor = conn.execute(
            "INSERT INTO entries (kind, client_ref, state, payload, receipt, order_date,"
            " order_id, po_number, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, client_ref, state, _dumps(payload), _stored_receipt(receipt), order_date,
             order_id, po_number, now, now),
        )
        entry_id = int(cursor.lastrowid or 0)
        self._log(conn, entry_id, "queued", kind)
        return self._fetch(conn, entry_id)

    # -- queueing -----------------------------------------------------------------------

    def enqueue_sale(
        self,
        client_ref: str,
        payload: dict[str, Any],
        receipt: ReceiptData | None,
        payments: Sequence[dict[str, Any]] = (),
    ) -> OutboxEntry:
        """Store a finished sale (POST `order` body + receipt data) durably; return it.

        The payload's `note` must carry `client_ref` (see
        `sspos.domain.order.note_with_reference`): that is how the worker recognises the
        order on the server after a doubtful outcome. A second sale with the same
        reference is refused. `payments` (bodies made by `payment_payload`) are queued
        behind it in the same transaction: a split sale's later tenders.
        """
        ref = client_ref.strip()
        if not ref:
            raise OutboxError("outbox.error.no_reference")
        body = _json_dict(payload, "payload")
        if reference_in_note(str(body.get("note") or "")) != ref:
            # The worker finds a doubtful sale on the server by this tag; without it a
            # lost answer could only be resolved by sending twice.
            raise OutboxError("outbox.error.note_without_reference", ref=ref)
        order_date = str(body.get("order_date") or "")[:10] or None
        later = [_json_dict(p, "payment") for p in payments]
        with self._write() as conn:
            if self._sale_row(conn, ref) is not None:
                raise OutboxError("outbox.error.duplicate_reference", ref=ref)
            body = _with_created_customers(conn, body)
            sale = self._insert(
                conn,
                kind="sale",
                client_ref=ref,
                payload=body,
                receipt=receipt,
                order_date=order_date,
            )
            for payment in later:
                self._insert(conn, kind="payment", client_ref=ref, payload=payment)
            return sale

    def _enqueue_follow_up(
        self, kind: Kind, client_ref: str, payload: dict[str, Any], order_id: int | None
    ) -> OutboxEntry:
        with self._write() as conn:
            sale = self._sale_row(conn, client_ref)
            if sale is None and order_id is None:
                raise OutboxError("outbox.error.unknown_reference", ref=client_ref)
            if sale is not None and sale["state"] == "voided":
                raise OutboxError("outbox.error.sale_voided", ref=client_ref)
            known_id = order_id if sale is None else sale["order_id"]
            return self._insert(
                conn, kind=kind, client_ref=client_ref, payload=payload, order_id=known_id
            )

    def enqueue_awb(self, client_ref: str, awb: str, *, order_id: int | None = None) -> OutboxEntry:
        """Queue POST `order/awb-number/add` for the sale `client_ref`, after that sale.

        `order_id` allows an AWB for an order that was never in this outbox (then
        `client_ref` is only a label, e.g. `order:123`).
        """
        number = awb.strip()
        if not number or any(ord(ch) < 32 for ch in number):
            raise OutboxError("outbox.error.bad_awb")
        return self._enqueue_follow_up("awb", client_ref, {"awb_number": number}, order_id)

    def enqueue_payment(
        self,
        client_ref: str,
        amount: int,
        bank_id: int,
        date: str,
        *,
        order_id: int | None = None,
        status: Literal["PAID", "INSTALLMENT"] = "INSTALLMENT",
        cost_of_goods_sales: int | None = None,
    ) -> OutboxEntry:
        """Queue PATCH `order/quick-payment` (an installment, or with status PAID the one
        that settles the order) after the sale; see `payment_payload`."""
        payload = payment_payload(amount, bank_id, date, status=status,
                                  cost_of_goods_sales=cost_of_goods_sales)
        return self._enqueue_follow_up("payment", client_ref, payload, order_id)

    def enqueue_customer(self, client_ref: str, payload: dict[str, Any]) -> OutboxEntry:
        """Queue POST `customer/create` (its body); the customer goes by
        `placeholder_customer_id(entry.id)` until the worker has created it.

        Queue it before the sale that names it: that sale waits for it."""
        ref = client_ref.strip()
        if not ref:
            raise OutboxError("outbox.error.no_reference")
        body = _json_dict(payload, "payload")
        if not str(body.get("name") or "").strip() or not str(body.get("phone") or "").strip():
            # The worker recognises a doubtful creation on the server by name and phone.
            raise OutboxError("outbox.error.customer_without_name")
        with self._write() as conn:
            return self._insert(conn, kind="customer", client_ref=ref, payload=body)

    def enqueue_expense(self, client_ref: str, payload: dict[str, Any]) -> OutboxEntry:
        """Queue POST `expense` (its body: `title`, `nominal`, `note`, `date`).

        The note must carry `client_ref`: after a doubtful answer the worker looks for the
        expense by it (GET `expense` around its date) instead of creating it twice."""
        ref = client_ref.strip()
        if not ref:
            raise OutboxError("outbox.error.no_reference")
        body = _json_dict(payload, "payload")
        nominal = body.get("nominal")
        if isinstance(nominal, bool) or not isinstance(nominal, int) or nominal <= 0:
            raise OutboxError("outbox.error.bad_amount", amount=nominal)
        if reference_in_note(str(body.get("note") or "")) != ref:
            raise OutboxError("outbox.error.note_without_reference", ref=ref)
        day = str(body.get("date") or "")
        try:
            datetime.strptime(day, "%Y-%m-%d")
        except ValueError:
            raise OutboxError("outbox.error.bad_date", date=day) from None
        with self._write() as conn:
            return self._insert(conn, kind="expense", client_ref=ref, payload=body,
                                order_date=day)

    def created_between(self, start: str, end: str | None, kinds: Iterable[str],
                        ref_prefix: str) -> list[OutboxEntry]:
        """Entries of `kinds` queued from `start` (inclusive) to `end` (exclusive; None:
        until now) whose reference starts with `ref_prefix` (one terminal's), in queue
        order. Times as `timestamp` writes them."""
        chosen = list(kinds)
        sql = (f"SELECT * FROM entries WHERE kind IN ({','.join('?' * len(chosen))})"
               " AND created_at >= ? AND substr(client_ref, 1, ?) = ?")
        params: list[Any] = [*chosen, start, len(ref_prefix), ref_prefix]
        if end is not None:
            sql += " AND created_at < ?"
            params.append(end)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [_row_to_entry(row) for row in rows]

    def created_customers(self, entry_ids: Iterable[int]) -> dict[int, int]:
        """For those of `entry_ids` whose customer is created: entry id -> the server's id."""
        ids = list(entry_ids)
        if not ids:
            return {}
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT id, customer_id FROM entries WHERE id IN ({','.join('?' * len(ids))})"
                " AND kind = 'customer' AND state = 'submitted' AND customer_id IS NOT NULL",
                ids,
            ).fetchall()
        return {int(entry_id): int(customer_id) for entry_id, customer_id in rows}

    # -- reading ------------------------------------------------------------------------

    def entry(self, entry_id: int) -> OutboxEntry:
        """The entry with this id (OutboxError when unknown)."""
        with self._connect() as conn:
            return self._fetch(conn, entry_id)

    def get(self, client_ref: str) -> OutboxEntry | None:
        """The sale with this client reference, or None."""
        with self._connect() as conn:
            row = self._sale_row(conn, client_ref)
        return None if row is None else _row_to_entry(row)

    def entries(
        self, states: Iterable[str] | None = None, *, kinds: Iterable[str] | None = None
    ) -> list[OutboxEntry]:
        """Entries in queue order, optionally only those in `states` / of `kinds`."""
        sql = "SELECT * FROM entries"
        where: list[str] = []
        params: list[Any] = []
        for column, values in (("state", states), ("kind", kinds)):
            if values is not None:
                chosen = list(values)
                where.append(f"{column} IN ({','.join('?' * len(chosen))})" if chosen else "0")
                params.extend(chosen)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [_row_to_entry(row) for row in rows]

    def follow_ups(self, client_ref: str) -> list[OutboxEntry]:
        """The AWB / payment entries of one sale, in queue order."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM entries WHERE client_ref = ? AND kind IN ('awb', 'payment')"
                " ORDER BY id",
                (client_ref,),
            ).fetchall()
        return [_row_to_entry(row) for row in rows]

    def counts(self) -> OutboxCounts:
        """Entries per state, and sales whose receipt did not print (for the status bar)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT state, COUNT(*) FROM entries GROUP BY state").fetchall()
            unprinted = conn.execute(
                "SELECT COUNT(*) FROM entries WHERE kind = 'sale' AND printed = 0"
                " AND state != 'voided'"
            ).fetchone()[0]
        by_state = {state: count for state, count in rows}
        return OutboxCounts(**{s: int(by_state.get(s, 0)) for s in STATES}, unprinted=unprinted)

    def unprinted(self) -> list[OutboxEntry]:
        """Sales whose receipt failed to print (printed is False), oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM entries WHERE kind = 'sale' AND printed = 0"
                " AND state != 'voided' ORDER BY id"
            ).fetchall()
        return [_row_to_entry(row) for row in rows]

    def history(self, entry_id: int) -> list[LogRecord]:
        """The log lines of one entry, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT entry_id, at, event, detail FROM log WHERE entry_id = ? ORDER BY id",
                (entry_id,),
            ).fetchall()
        return [LogRecord(*row) for row in rows]

    def ready(self) -> list[OutboxEntry]:
        """What the worker may work on now, in queue order.

        Per client reference, only the first entry that is not yet submitted (or voided)
        can go: so an AWB never overtakes its order, nor a payment the one before it. A
        rejected entry blocks what follows it until an admin retries or voids it. A
        follow-up is ready only once its order id is known, a sale only once the customers
        it names are created (no placeholder left in its payload).
        """
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM entries WHERE client_ref IN (SELECT client_ref FROM entries"
                " WHERE state IN ('pending', 'sending')) ORDER BY id"
            ).fetchall()
        firsts: dict[str, OutboxEntry] = {}
        sales: dict[str, OutboxEntry] = {}
        for entry in map(_row_to_entry, rows):
            if entry.kind == "sale":
                sales[entry.client_ref] = entry
            if entry.client_ref in firsts or entry.state in ("submitted", "voided"):
                continue
            firsts[entry.client_ref] = entry
        result: list[OutboxEntry] = []
        for ref, entry in firsts.items():
            if not entry.waiting:
                continue  # rejected: waits for an admin
            if entry.kind == "sale" and awaits_customer(entry.payload):
                continue  # its customer is still in the queue, ahead of it
            if entry.kind in FOLLOW_UP_KINDS and entry.order_id is None:
                sale = sales.get(ref)
                if sale is None or sale.order_id is None:
                    continue
                entry = replace(entry, order_id=sale.order_id, po_number=sale.po_number)
            result.append(entry)
        return sorted(result, key=lambda e: e.id)

    # -- transitions used by the worker ---------------------------------------------------

    def _transition(
        self,
        entry_id: int,
        allowed: tuple[State, ...],
        new_state: State,
        event: str,
        detail: str = "",
        **columns: Any,
    ) -> OutboxEntry:
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state not in allowed:
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action=event
                )
            sets = ["state = ?", "updated_at = ?"] + [f"{name} = ?" for name in columns]
            conn.execute(
                f"UPDATE entries SET {', '.join(sets)} WHERE id = ?",
                [new_state, _now(), *columns.values(), entry_id],
            )
            self._log(conn, entry_id, event, detail)
            return self._fetch(conn, entry_id)

    def mark_sending(self, entry_id: int, *, probe: dict[str, Any] | None = None) -> OutboxEntry:
        """pending → sending, committed to disk before the request goes out.

        `probe` keeps what the worker needs to recognise its own request later (e.g. the
        payment history before a payment)."""
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state != "pending":
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="send"
                )
            conn.execute(
                "UPDATE entries SET state = 'sending', attempts = attempts + 1, sent_at = ?,"
                " probe = ?, updated_at = ? WHERE id = ?",
                (_now(), None if probe is None else _dumps(probe), _now(), entry_id),
            )
            self._log(conn, entry_id, "sending", f"attempt {entry.attempts + 1}")
            return self._fetch(conn, entry_id)

    def note_search_miss(self, entry_id: int, detail: str, at: str | None = None) -> OutboxEntry:
        """A doubtful send was looked for on the server and is not there (yet): counted in
        its probe, and its last news is now. It stays `sending`."""
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state != "sending":
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="search"
                )
            when = at or _now()
            probe = {**(entry.probe or {}), "misses": entry.misses + 1, "last_miss": when}
            conn.execute(
                "UPDATE entries SET probe = ?, updated_at = ? WHERE id = ?",
                (_dumps(probe), when, entry_id),
            )
            self._log(conn, entry_id, "not_found", detail)
            return self._fetch(conn, entry_id)

    def mark_submitted(
        self,
        entry_id: int,
        order_id: int | None,
        po_number: str | int | None,
        how: str = "sent",
        *,
        watch_until: str | None = None,
        first_check: str | None = None,
    ) -> OutboxEntry:
        """sending → submitted; a sale's order id is copied to its waiting follow-ups.

        `watch_until` (a sale sent more than once): in the same transaction, start
        watching the server until then for a second order with its reference, first at
        `first_check` (see `due_watches`)."""
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state != "sending":
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="submit"
                )
            po = None if po_number is None else str(po_number)
            oid = entry.order_id if order_id is None else order_id
            conn.execute(
                "UPDATE entries SET state = 'submitted', order_id = ?, po_number = ?,"
                " last_error = NULL, messages = NULL, updated_at = ? WHERE id = ?",
                (oid, po if po is not None else entry.po_number, _now(), entry_id),
            )
            if entry.kind == "sale":
                conn.execute(
                    "UPDATE entries SET order_id = ?, po_number = ? WHERE client_ref = ?"
                    " AND kind != 'sale' AND order_id IS NULL",
                    (oid, po, entry.client_ref),
                )
            self._log(conn, entry_id, "submitted", f"{how}: order_id={oid} po={po}")
            if watch_until is not None and entry.kind == "sale" and oid is not None:
                self._open_watch(conn, entry, oid, watch_until, first_check or _now())
            return self._fetch(conn, entry_id)

    def mark_customer_created(
        self, entry_id: int, customer_id: int, how: str = "sent"
    ) -> OutboxEntry:
        """sending → submitted for a customer; the sales waiting for it get its id.

        One transaction: no sale can be sent with the placeholder, none left waiting."""
        placeholder = placeholder_customer_id(entry_id)
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.kind != "customer" or entry.state != "sending":
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="submit"
                )
            conn.execute(
                "UPDATE entries SET state = 'submitted', customer_id = ?, last_error = NULL,"
                " messages = NULL, updated_at = ? WHERE id = ?",
                (customer_id, _now(), entry_id),
            )
            self._log(conn, entry_id, "submitted", f"{how}: customer_id={customer_id}")
            waiting = conn.execute(
                "SELECT id, payload FROM entries WHERE kind = 'sale'"
                " AND state IN ('pending', 'rejected')"
            ).fetchall()
            for sale_id, text in waiting:
                payload = _loads(text)
                if placeholder not in [payload.get(name) for name in CUSTOMER_FIELDS]:
                    continue
                conn.execute(
                    "UPDATE entries SET payload = ?, updated_at = ? WHERE id = ?",
                    (_dumps(_with_created_customers(conn, payload)), _now(), sale_id),
                )
                self._log(conn, sale_id, "customer_created", f"#{entry_id} -> {customer_id}")
            return self._fetch(conn, entry_id)

    def mark_rejected(
        self, entry_id: int, messages: dict[str, list[str]], summary: str = ""
    ) -> OutboxEntry:
        """sending → rejected with the server's field messages; never retried by itself."""
        clean = {str(k): [str(m) for m in v] for k, v in messages.items()}
        return self._transition(
            entry_id,
            ("sending",),
            "rejected",
            "rejected",
            summary or _dumps(clean),
            messages=_dumps(clean),
            last_error=summary or None,
        )

    def mark_unsent(self, entry_id: int, reason: str) -> OutboxEntry:
        """sending → pending: the request certainly did not land (never left, or the
        server was searched and the order is absent)."""
        return self._transition(
            entry_id, ("sending",), "pending", "unsent", reason, last_error=reason
        )

    def note_error(self, entry_id: int, error: str) -> OutboxEntry:
        """Record a failure without changing the state (a doubtful send stays `sending`)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE entries SET last_error = ?, updated_at = ? WHERE id = ?",
                (error, _now(), entry_id),
            )
            self._log(conn, entry_id, "error", error)
            return self._fetch(conn, entry_id)

    # -- admin actions --------------------------------------------------------------------

    def update_payload(
        self,
        entry_id: int,
        payload: dict[str, Any],
        receipt: ReceiptData | None = None,
        payments: Sequence[dict[str, Any]] | None = None,
    ) -> OutboxEntry:
        """Replace the payload of a rejected (or pending) entry after it was corrected
        (and a sale's receipt with it, when given, so a reprint shows the corrected sale).

        A sale keeps its client reference: the new note must still carry it. `payments`
        (a sale's later tenders, possibly none) replace the ones queued with it, which
        are voided in the same transaction (they cannot have gone: the sale has not)."""
        body = _json_dict(payload, "payload")
        later = None if payments is None else [_json_dict(p, "payment") for p in payments]
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state not in ("pending", "rejected"):
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="edit"
                )
            note = str(body.get("note") or "")
            if entry.kind == "sale" and reference_in_note(note) != entry.client_ref:
                raise OutboxError("outbox.error.note_without_reference", ref=entry.client_ref)
            if entry.kind == "sale":
                body = _with_created_customers(conn, body)
            order_date = str(body.get("order_date") or "")[:10] or entry.order_date
            conn.execute(
                "UPDATE entries SET payload = ?, order_date = ?, updated_at = ? WHERE id = ?",
                (
                    _dumps(body),
                    order_date if entry.kind == "sale" else entry.order_date,
                    _now(),
                    entry_id,
                ),
            )
            if receipt is not None and entry.kind == "sale":
                conn.execute("UPDATE entries SET receipt = ? WHERE id = ?",
                             (_stored_receipt(receipt), entry_id))
            self._log(conn, entry_id, "edited", "")
            if later is not None and entry.kind == "sale":
                self._replace_payments(conn, entry, later)
            return self._fetch(conn, entry_id)

    def _replace_payments(
        self, conn: sqlite3.Connection, sale: OutboxEntry, payments: list[dict[str, Any]]
    ) -> None:
        """Void the open payments queued behind `sale` and queue `payments` instead."""
        old = [row[0] for row in conn.execute(
            "SELECT id FROM entries WHERE client_ref = ? AND kind = 'payment'"
            " AND state IN ('pending', 'rejected')", (sale.client_ref,))]
        for payment_id in old:
            conn.execute("UPDATE entries SET state = 'voided', updated_at = ? WHERE id = ?",
                         (_now(), payment_id))
            self._log(conn, payment_id, "voided", f"replaced: sale #{sale.id} corrected")
        for payment in payments:
            self._insert(conn, kind="payment", client_ref=sale.client_ref, payload=payment)

    def retry(self, entry_id: int) -> OutboxEntry:
        """rejected → pending: an admin asks for another attempt (after editing)."""
        return self._transition(
            entry_id, ("rejected",), "pending", "retry", "", messages=None, last_error=None
        )

    def void(self, entry_id: int, reason: str) -> OutboxEntry:
        """pending | rejected → voided, with the reason kept in the log.

        Voiding a sale voids its follow-ups that are not submitted. A `sending` entry may
        already be on the server and a submitted one is an order: neither can be voided
        here (cancel the order in SmartSeller instead)."""
        why = reason.strip()
        if not why:
            raise OutboxError("outbox.error.reason_required")
        with self._write() as conn:
            entry = self._fetch(conn, entry_id)
            if entry.state not in ("pending", "rejected"):
                raise OutboxError(
                    "outbox.error.wrong_state", id=entry_id, state=entry.state, action="void"
                )
            ids = [entry_id]
            if entry.kind == "sale":
                ids += [
                    row[0]
                    for row in conn.execute(
                        "SELECT id FROM entries WHERE client_ref = ? AND kind != 'sale'"
                        " AND state IN ('pending', 'rejected')",
                        (entry.client_ref,),
                    )
                ]
            for target in ids:
                conn.execute(
                    "UPDATE entries SET state = 'voided', updated_at = ? WHERE id = ?",
                    (_now(), target),
                )
                detail = why if target == entry_id else f"{why} (sale #{entry_id} voided)"
                self._log(conn, target, "voided", detail)
            return self._fetch(conn, entry_id)

    def mark_printed(self, client_ref: str, ok: bool) -> OutboxEntry:
        """Remember whether the sale's receipt printed (False keeps it in `unprinted()`)."""
        with self._write() as conn:
            row = self._sale_row(conn, client_ref)
            if row is None:
                raise OutboxError("outbox.error.unknown_reference", ref=client_ref)
            conn.execute(
                "UPDATE entries SET printed = ?, updated_at = ? WHERE id = ?",
                (1 if ok else 0, _now(), row["id"]),
            )
            self._log(conn, row["id"], "printed" if ok else "print_failed", "")
            return self._fetch(conn, row["id"])
