"""Customers created at the counter go through the outbox: offline too, exactly once, and
ahead of the sales that name them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.outbox.command import OutboxArgs, outbox_command
from sspos.outbox.entries import OutboxError, awaits_customer, placeholder_customer_id
from sspos.outbox.queue import Outbox
from sspos.outbox.schema import SCHEMA_VERSION
from sspos.outbox.worker import OutboxWorker
from sspos.sandbox import DEMO_TOKEN
from tests.outbox.conftest import BASE, Rig, refs_on_server, sale_payload

# The outbox layout of sspos before customers could be queued (schema version 0).
OLD_SCHEMA = """
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('sale', 'awb', 'payment')),
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
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX entries_one_sale_per_ref ON entries (client_ref) WHERE kind = 'sale';
CREATE INDEX entries_by_state ON entries (state, id);
CREATE INDEX entries_by_ref ON entries (client_ref, id);
CREATE TABLE log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX log_by_entry ON log (entry_id, id);
"""

NEW_CUSTOMER = {
    "name": "Pelanggan Umum",
    "phone": "08123445566",
    "district_id": 2087,
    "address": "Jl. Pasar 1",
    "category": "N",
    "is_active": "Y",
}


def test_an_outbox_file_from_before_customers_keeps_working(tmp_path) -> None:
    path = tmp_path / "outbox.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    sale = {"note": "[POS:T1-OLD]", "order_date": "2026-11-27", "customer_sender_id": 5}
    conn.execute(
        "INSERT INTO entries (id, kind, client_ref, state, payload, receipt, order_date,"
        " created_at, updated_at) VALUES (5, 'sale', 'T1-OLD', 'pending', ?, '{}',"
        " '2026-11-27', 'then', 'then')",
        (json.dumps(sale),),
    )
    conn.execute(
        "INSERT INTO entries (id, kind, client_ref, state, payload, created_at, updated_at)"
        " VALUES (6, 'awb', 'T1-OLD', 'pending', '{\"awb_number\": \"X1\"}', 'then', 'then')"
    )
    conn.execute("INSERT INTO log (entry_id, at, event) VALUES (5, 'then', 'queued')")
    # An id once given out (and rolled back) must never come back as a placeholder.
    conn.execute("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'entries'")
    conn.commit()
    conn.close()

    box = Outbox(path)
    old = box.get("T1-OLD")
    assert old is not None and old.payload == sale and old.state == "pending"
    assert [e.kind for e in box.follow_ups("T1-OLD")] == ["awb"]
    assert [r.event for r in box.history(5)] == ["queued"]
    customer = box.enqueue_customer("T1-CUST", NEW_CUSTOMER)
    assert customer.id == 10 and customer.kind == "customer"
    assert [e.id for e in box.ready()] == [5, 10]
    Outbox(path)  # opening it again changes nothing
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert check.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 3


def test_a_sale_waits_for_its_customer_then_carries_the_new_id(tmp_path) -> None:
    box = Outbox.in_dir(tmp_path)
    customer = box.enqueue_customer("T1-C1", NEW_CUSTOMER)
    placeholder = placeholder_customer_id(customer.id)
    body = {"note": "[POS:T1-S1]", "order_date": "2026-11-28",
            "customer_sender_id": placeholder, "customer_receiver_id": placeholder}
    box.enqueue_sale("T1-S1", body, None)
    assert awaits_customer(box.get("T1-S1").payload)
    assert [e.kind for e in box.ready()] == ["customer"]

    box.mark_sending(customer.id)
    assert [e.kind for e in box.ready()] == ["customer"]  # doubtful: still blocks the sale
    box.mark_customer_created(customer.id, 4242)
    sale = box.get("T1-S1")
    assert (sale.payload["customer_sender_id"], sale.payload["customer_receiver_id"]) == (
        4242, 4242)
    assert [e.client_ref for e in box.ready()] == ["T1-S1"]
    assert box.entry(customer.id).customer_id == 4242
    assert box.created_customers([customer.id, 999]) == {customer.id: 4242}

    # A later sale that still names the placeholder gets the real id when queued.
    box.enqueue_sale("T1-S2", dict(body, note="[POS:T1-S2]"), None)
    assert box.get("T1-S2").payload["customer_sender_id"] == 4242


def test_a_customer_needs_a_name_and_phone(tmp_path) -> None:
    box = Outbox.in_dir(tmp_path)
    with pytest.raises(OutboxError) as raised:
        box.enqueue_customer("T1-C", dict(NEW_CUSTOMER, phone=" "))
    assert raised.value.key == "outbox.error.customer_without_name"


class DoubtfulCreate(httpx.AsyncBaseTransport):
    """The sandbox over ASGI, except that the first POST customer/create times out:
    after the server acted (`lands=True`) or before it saw anything."""

    def __init__(self, app: Any, *, lands: bool) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.lands = lands
        self.tripped = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("customer/create") and (
            not self.tripped
        ):
            self.tripped = True
            if self.lands:
                await self.inner.handle_async_request(request)
            raise httpx.ReadTimeout("no answer", request=request)
        return await self.inner.handle_async_request(request)


def worker_on(rig: Rig, transport: httpx.AsyncBaseTransport) -> OutboxWorker:
    def factory() -> SmartSellerClient:
        client = SmartSellerClient(BASE, DEMO_TOKEN, transport=transport,
                                   sleep=rig.time.sleep, max_retries=0)
        rig.clients.append(client)
        return client

    return OutboxWorker(rig.outbox, factory, sleep=rig.time.sleep, rng=lambda: 0.5,
                        settle_seconds=0.0)


def customers_named(rig: Rig, name: str) -> list[int]:
    state = rig.app.state.sandbox
    with state.lock:
        rows = state.db.execute("SELECT id FROM customers WHERE name = ?", (name,)).fetchall()
    return [row[0] for row in rows]


def queue_customer_and_sale(rig: Rig, ref: str, customer: dict[str, Any]) -> int:
    entry = rig.outbox.enqueue_customer(f"{ref}-C", customer)
    placeholder = placeholder_customer_id(entry.id)
    rig.outbox.enqueue_sale(
        ref,
        sale_payload(rig.template, ref, customer_sender_id=placeholder,
                     customer_receiver_id=placeholder),
        None,
    )
    return entry.id


async def test_offline_customer_and_sale_reach_the_server_in_order_once(rig: Rig) -> None:
    name = "Ibu Sari Offline"
    entry_id = queue_customer_and_sale(rig, "T1-OFF", dict(NEW_CUSTOMER, name=name))
    rig.faults.down = True
    report = await rig.worker.drain_once()
    assert report.error is not None and rig.worker.online is False
    assert customers_named(rig, name) == [] and refs_on_server(rig.app) == {}

    rig.faults.down = False
    report = await rig.worker.drain_once()
    assert report.error is None and report.sent == 2
    created = customers_named(rig, name)
    assert len(created) == 1
    assert rig.outbox.entry(entry_id).customer_id == created[0]
    order = rig.app.state.sandbox.orders_created()[-1]
    assert order["sender_id"] == created[0] and refs_on_server(rig.app) == {"T1-OFF": 1}
    # Nothing more to do on the next pass.
    assert (await rig.worker.drain_once()).sent == 0


@pytest.mark.parametrize("lands", [True, False], ids=["created-then-lost", "never-arrived"])
async def test_a_doubtful_creation_is_looked_up_before_any_resend(rig: Rig, lands: bool) -> None:
    name = "Pak Doubt"
    # Someone of that name and phone already exists: the lookup must not take it for ours.
    before = rig.app.state.sandbox.create_customer(dict(NEW_CUSTOMER, name=name), "id")
    entry_id = queue_customer_and_sale(rig, "T1-DBT", dict(NEW_CUSTOMER, name=name))
    worker = worker_on(rig, DoubtfulCreate(rig.app, lands=lands))
    first = await worker.drain_once()
    assert first.error is not None
    assert rig.outbox.entry(entry_id).state == "sending"
    second = await worker.drain_once()
    assert second.error is None
    assert (second.found, second.resent) == ((1, 0) if lands else (0, 1))
    ids = customers_named(rig, name)
    assert len(ids) == 2 and before["customer_id"] in ids  # the old one and exactly one new
    ours = rig.outbox.entry(entry_id).customer_id
    assert ours in ids and ours != before["customer_id"]
    assert rig.app.state.sandbox.orders_created()[-1]["sender_id"] == ours
    assert refs_on_server(rig.app) == {"T1-DBT": 1}
    await worker.aclose()


async def test_a_rejected_customer_keeps_its_sale_waiting_and_says_why(rig: Rig, tmp_path) -> None:
    entry_id = queue_customer_and_sale(rig, "T1-BAD", dict(NEW_CUSTOMER, district_id=1))
    report = await rig.worker.drain_once()
    assert report.rejected == 1
    entry = rig.outbox.entry(entry_id)
    assert entry.state == "rejected" and "district_id" in entry.messages
    assert rig.outbox.get("T1-BAD").state == "pending" and refs_on_server(rig.app) == {}

    from io import StringIO


    out = StringIO()
    outbox_command(OutboxArgs(), rig.outbox.path.parent, "en", out)
    listing = out.getvalue()
    assert f"#{entry_id:<5} customer" in listing and "Pelanggan Umum" in listing
    assert "district_id:" in listing
