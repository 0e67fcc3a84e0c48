"""Fixtures: an in-process sandbox on fake time, a client factory, valid sale payloads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.domain.order import note_with_reference, reference_in_note
from sspos.outbox.queue import Outbox
from sspos.outbox.worker import OutboxWorker
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app

BASE = "http://sandbox/api/open"
ORDER_DAY = "2026-11-28"


class FakeTime:
    """A clock that only moves when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def sale_payload(template: dict[str, Any], ref: str, day: str = ORDER_DAY, **changes: Any) -> dict:
    """A valid POST `order` body for the sandbox, carrying `ref` in its note."""
    body = {**template, "order_date": day, "note": note_with_reference("Kasir 1", ref), **changes}
    return body


async def order_template(client: SmartSellerClient) -> dict[str, Any]:
    """Ids that exist in this sandbox, read over its API: a customer, the supplier, a
    preorder variant (no stock limit, so many sales never run out)."""
    customer = (await client.customers(per_page=1)).items[0].id
    supplier = (await client.suppliers())[0].id
    variant = next(
        product.variations[0].id
        for product in (await client.products(per_page=100)).items
        if product.product_type == "PO" and product.variations
    )
    return {
        "customer_sender_id": customer,
        "customer_receiver_id": customer,
        "supplier_id": supplier,
        "is_print": False,
        "products": [{"id": variant, "qty": 1, "product_status": "PO"}],
        "expedition": {"id": 98, "rate": 0, "name": "Ambil di Toko", "auto_pickup": False},
        "payment": {"status": "UNPAID"},
        "source": "WEB",
    }


def refs_on_server(app: Any) -> Counter[str]:
    """How many stored orders carry each client reference."""
    return Counter(
        ref for order in app.state.sandbox.orders_created()
        if (ref := reference_in_note(order.get("note"))) is not None
    )


@dataclass
class Rig:
    """A sandbox app, an outbox and a worker wired together on fake time."""

    app: Any
    outbox: Outbox
    worker: OutboxWorker
    time: FakeTime
    template: dict[str, Any]
    clients: list[SmartSellerClient]

    @property
    def faults(self) -> Any:
        return self.app.state.sandbox.faults

    def sale(self, ref: str, **changes: Any) -> Any:
        return self.outbox.enqueue_sale(
            ref, sale_payload(self.template, ref, **changes), None
        )

    def new_worker(self, **kwargs: Any) -> OutboxWorker:
        return make_worker(self.outbox, self.app, self.time, self.clients, **kwargs)


def make_worker(
    outbox: Outbox, app: Any, fake: FakeTime, clients: list[SmartSellerClient], **kwargs: Any
) -> OutboxWorker:
    def factory() -> SmartSellerClient:
        client = SmartSellerClient(
            BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=app), sleep=fake.sleep,
            max_retries=1,
        )
        clients.append(client)
        return client

    options: dict[str, Any] = {"sleep": fake.sleep, "rng": lambda: 0.5, "settle_seconds": 0.0}
    options.update(kwargs)
    return OutboxWorker(outbox, factory, **options)


@pytest.fixture
async def rig(tmp_path) -> Any:
    fake = FakeTime()
    app = create_app(SandboxConfig(seed=7, products=60, customers=20))
    app.state.sandbox.faults.sleep = fake.sleep  # injected hangs take no real time
    outbox = Outbox.in_dir(tmp_path)
    clients: list[SmartSellerClient] = []
    worker = make_worker(outbox, app, fake, clients)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=app)) as c:
        template = await order_template(c)
    yield Rig(app, outbox, worker, fake, template, clients)
    await worker.aclose()


async def sale_with_a_late_duplicate(rig: Rig, ref: str) -> tuple[Any, int, int]:
    """A sale sent twice whose two orders both landed: (entry, kept id, duplicate id)."""
    entry = rig.sale(ref)
    transport = httpx.ASGITransport(app=rig.app)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=transport) as c:
        late = await c.create_order(entry.payload)  # the first request, landing late
    rig.outbox.mark_sending(entry.id)
    rig.outbox.note_search_miss(entry.id, "searched: not there")
    rig.outbox.mark_unsent(entry.id, "searched: not there")
    rig.outbox.mark_sending(entry.id)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=transport) as c:
        kept = await c.create_order(entry.payload)  # the re-send, answered
    rig.outbox.mark_submitted(entry.id, kept.order_id, kept.po_number,
                              watch_until="9999-01-01T00:00:00.000+00:00",
                              first_check="2000-01-01T00:00:00.000+00:00")
    return entry, int(kept.order_id), int(late.order_id)
