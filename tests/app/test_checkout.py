"""Checkout, receipts and today's orders, driven without a terminal against the sandbox.

The cashier's one-time questions are answered by `Cashier` (what the dialogs would return);
everything else is the real code: the outbox on disk, its worker, the HTTP client over
`httpx.ASGITransport`, the sandbox's own validation.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from sspos.api.models import Bank
from sspos.app.checkout import CASH_ACCOUNT_PENDING, Confirmation, Declined, Invalid, SaleOutcome
from sspos.app.pos import Pos
from sspos.app.services import Services
from sspos.app.status import PrinterChecked, QueueCounted, Status, StatusEvent
from sspos.app.walk_in import WalkInOffer
from sspos.domain.catalog import Customer, VariantInfo
from sspos.domain.order import reference_in_note
from sspos.domain.payment import Payment, settle
from sspos.outbox.entries import OutboxEntry
from sspos.printing.receipt import ReceiptData
from sspos.sandbox import SandboxConfig, create_app, demo_data
from sspos.store.sync import full_sync
from tests.app.conftest import run_pos
from tests.tui.conftest import FIXED_NOW, SEED, Recorder, client_factory, make_settings


class Cashier:
    """Answers checkout's one-time questions the way a cashier at the dialogs would."""

    def __init__(self, *, cash_account: bool = True, walk_in: bool = True) -> None:
        self.cash_account = cash_account
        self.walk_in = walk_in
        self.asked: list[str] = []

    async def choose_cash_account(self, banks: list[Bank]) -> Bank | None:
        self.asked.append("cash account")
        return banks[0] if self.cash_account else None

    async def create_walk_in(self, offer: WalkInOffer) -> Customer | None:
        self.asked.append("walk-in")
        return None  # this cashier says "not now"


def plain_variant(pos: Pos, min_stock: int = 5) -> VariantInfo:
    """An ordinary own-stock variant with enough stock."""
    for offset in range(400):
        variant = pos.services.catalog.get(demo_data.FIRST_VARIANT_ID + offset)
        if (variant is not None and variant.product_status == "S"
                and (variant.stock or 0) >= min_stock and not variant.wholesale
                and not variant.sku.startswith("STRESS")):
            return variant
    raise AssertionError("no plain variant in the demo catalog")


def exact_cash(pos: Pos) -> Confirmation:
    """Cash, exactly the total, booked to the account the terminal knows for cash."""
    account = pos.services.cash_account
    assert account is not None, "the demo shop has a cash account"
    total = pos.counter.sale.priced.total
    payment = Payment("PAID", amount=total, bank_id=account.bank_id, is_cash=True,
                      tendered=total)
    return Confirmation(settle(payment, total), method_label="Tunai")


async def test_a_sale_is_submitted_and_its_receipt_stays_typed_to_the_orders(
    make_pos, sandbox
) -> None:
    events: list[StatusEvent] = []
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        pos.status.subscribe(lambda _status, event: events.append(event))
        assert pos.counter.add(plain_variant(pos), 2)
        # A server that answers ends the wait: never the (hour-long) deadline.
        outcome = await asyncio.wait_for(
            pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier()), 10)
        assert isinstance(outcome, SaleOutcome) and outcome.state == "submitted"
        receipt = outcome.receipt
        assert isinstance(receipt, ReceiptData)
        assert receipt.reference == outcome.po_number and not receipt.reference_pending
        (order,) = sandbox.created_orders()
        assert reference_in_note(order["note"]) == outcome.client_ref
        stored = pos.services.outbox.get(outcome.client_ref)
        assert stored is not None and isinstance(stored.receipt, ReceiptData)
        assert stored.receipt.reference == outcome.client_ref and stored.receipt.reference_pending
        rows = await pos.orders.from_outbox()
        (row,) = [r for r in rows if r.client_ref == outcome.client_ref]
        assert row.receipt == stored.receipt and row.items == 2 and row.total == receipt.total
        printable = row.printable_receipt()
        assert printable is not None and printable.reference == outcome.po_number
    assert QueueCounted(1, 0) in events  # queued first, on disk before any network call


async def settled(pos, client_ref: str) -> OutboxEntry:
    """The outbox entry once no worker is in the middle of sending it."""
    while True:
        entry = pos.services.outbox.get(client_ref)
        assert entry is not None
        if entry.state != "sending":
            return entry
        await asyncio.sleep(0.01)


async def test_offline_a_sale_is_queued_at_once(make_pos, sandbox) -> None:
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        worker = pos.services.outbox_worker
        assert worker is not None
        sandbox.state.sandbox.faults.down = True
        await worker.drain_once()
        assert worker.online is False
        pos.counter.add(plain_variant(pos), 1)
        # Known to be offline, nobody waits for an answer that cannot come.
        outcome = await asyncio.wait_for(
            pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier()), 10)
        assert isinstance(outcome, SaleOutcome) and outcome.state == "queued"
        assert outcome.receipt.reference == outcome.client_ref
        assert outcome.receipt.reference_pending
        assert sandbox.created_orders() == []
        # The worker, woken by the new entry, may be trying it right now: wait for that
        # try to end (the server is down), then the sale must be waiting, not sent.
        entry = await asyncio.wait_for(settled(pos, outcome.client_ref), 10)
        assert entry.state == "pending" and sandbox.created_orders() == []


async def test_the_wait_ends_when_a_pass_cannot_reach_the_server(make_pos, sandbox) -> None:
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        worker = pos.services.outbox_worker
        assert worker is not None
        await worker.drain_once()
        assert worker.online is True  # the terminal believes it is online…
        sandbox.state.sandbox.faults.down = True  # …and the server is gone
        pos.counter.add(plain_variant(pos), 1)
        outcome = await asyncio.wait_for(
            pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier()), 10)
        assert isinstance(outcome, SaleOutcome) and outcome.state == "queued"


async def test_a_rejected_sale_keeps_its_reference_and_goes_again_corrected(
    make_pos, sandbox
) -> None:
    async with run_pos(make_pos()) as pos:
        variant = plain_variant(pos, min_stock=2)
        stock = sandbox.state.sandbox.variant_stock(variant.variant_id)
        pos.counter.add(variant, stock + 3)
        sale = pos.counter.sale
        first = await pos.checkout.confirm(sale, exact_cash(pos), Cashier())
        assert isinstance(first, SaleOutcome) and first.rejected
        assert any(path.startswith("products.0") for path in first.messages)
        assert sale.cart.sender is None  # still a walk-in sale as the cashier sees it
        pos.counter.set_qty(variant.variant_id, 1)
        again = await pos.checkout.confirm(sale, exact_cash(pos), Cashier())
        assert isinstance(again, SaleOutcome) and again.state == "submitted"
        assert again.client_ref == first.client_ref
        (stored,) = pos.services.outbox.entries(kinds=["sale"])
        # What a reprint shows is the corrected sale, not the one the server refused.
        assert stored.receipt is not None and [i.qty for i in stored.receipt.items] == [1]


async def test_a_sale_the_domain_refuses_is_invalid_and_nothing_is_queued(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        pos.counter.add(plain_variant(pos), 1)
        total = pos.counter.sale.priced.total
        account = pos.services.cash_account
        assert account is not None
        unpaid = Confirmation(settle(Payment("UNPAID", bank_id=None, is_cash=False), total))
        pos.services.ref.origin = None  # a shop without a supplier to send the order from
        outcome = await pos.checkout.confirm(pos.counter.sale, unpaid, Cashier())
        assert isinstance(outcome, Invalid) and outcome.error.field == "supplier_id"
        assert pos.services.outbox.entries() == []


async def test_a_new_shop_is_asked_once_and_declining_keeps_the_cart(tmp_path: Path) -> None:
    bare = Recorder(create_app(SandboxConfig(shop="bare", clock=lambda: FIXED_NOW)))
    data_dir = tmp_path / "pos"
    client = client_factory(bare)()
    try:
        await full_sync(client, data_dir)
    finally:
        await client.aclose()
    factory = client_factory(bare)
    services = Services(make_settings(data_dir), client=factory(), data_dir=data_dir,
                        clock=lambda: FIXED_NOW, sync_on_start=False, client_factory=factory,
                        randbytes=random.Random(SEED).randbytes, freshen_on_add=False)
    async with run_pos(Pos(services)) as pos:
        variant = pos.services.catalog.by_sku("SEP-MER-KhC")
        assert variant is not None and pos.counter.add(variant, 1)
        total = pos.counter.sale.priced.total
        cash = Confirmation(settle(Payment("PAID", amount=total, bank_id=CASH_ACCOUNT_PENDING,
                                           is_cash=True, tendered=total), total))
        no_account = Cashier(cash_account=False)
        declined = await pos.checkout.confirm(pos.counter.sale, cash, no_account)
        assert declined == Declined("no_cash_account") and no_account.asked == ["cash account"]
        cashier = Cashier()
        outcome = await pos.checkout.confirm(pos.counter.sale, cash, cashier)
        # The account is remembered; the walk-in customer the shop lacks is declined.
        assert outcome == Declined("no_walk_in")
        assert cashier.asked == ["cash account", "walk-in"]
        assert pos.services.pos_state.load().cash_bank_id is not None
        assert pos.counter.sale.cart.lines and pos.services.outbox.entries() == []
        assert bare.created_orders() == []
        again = Cashier()
        await pos.checkout.confirm(pos.counter.sale, cash, again)
        assert again.asked == ["walk-in"]  # the cash account is not asked twice


async def test_printing_remembers_the_outcome_and_publishes_the_printer(make_pos) -> None:
    seen: list[tuple[Status, StatusEvent]] = []
    async with run_pos(make_pos(printer="file:/nonexistent-dir/receipt.txt")) as pos:
        pos.status.subscribe(lambda status, event: seen.append((status, event)))
        pos.counter.add(plain_variant(pos), 1)
        outcome = await pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier())
        assert isinstance(outcome, SaleOutcome)
        result = await pos.receipts.print(outcome.receipt, outcome.client_ref, reprint=False)
        assert not result.ok and result.error
        entry = pos.services.outbox.get(outcome.client_ref)
        assert entry is not None and entry.printed is False
        status, event = seen[-1]
        assert event == PrinterChecked(False, result.error) and status.printer_ok is False
        newest = await pos.receipts.newest()
        assert newest is not None and newest[1] == outcome.client_ref
        assert outcome.client_ref not in pos.receipts.preview(newest[0])  # its PO instead


async def test_an_awb_added_later_is_on_the_receipt_as_it_prints_now(make_pos, sandbox) -> None:
    async with run_pos(make_pos()) as pos:
        pos.counter.add(plain_variant(pos), 1)
        outcome = await pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier())
        assert isinstance(outcome, SaleOutcome) and outcome.state == "submitted"
        (row,) = await pos.orders.from_outbox()
        await pos.orders.add_awb(row, "JNE-LATER-7")
        worker = pos.services.outbox_worker
        assert worker is not None
        await worker.drain_once()
        assert sandbox.state.sandbox.order(outcome.order_id)["awb_number"] == "JNE-LATER-7"
        newest = await pos.receipts.newest()
        assert newest is not None and newest[0].awb == "JNE-LATER-7"
        merged = await pos.orders.with_server(await pos.orders.from_outbox())
        assert merged is not None and merged[0].awb == "JNE-LATER-7"
