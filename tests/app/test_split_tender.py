"""A sale paid in several tenders, end to end: checkout, the outbox and its worker, the
HTTP client over `httpx.ASGITransport` and the sandbox's own order and payment rules."""

from __future__ import annotations

import asyncio
import json

from sspos.app.checkout import CASH_ACCOUNT_PENDING, Confirmation, SaleOutcome
from sspos.app.pos import Pos
from sspos.domain.payment import Tender, settle_split
from sspos.outbox.entries import OutboxEntry
from sspos.printing.receipt import layout_receipt
from sspos.sandbox import demo_data
from tests.app.conftest import run_pos
from tests.app.test_checkout import Cashier, plain_variant


async def follow_ups_done(pos: Pos, client_ref: str) -> list[OutboxEntry]:
    """The sale's later payments once none is waiting or being sent."""
    while True:
        entries = pos.services.outbox.follow_ups(client_ref)
        if entries and all(e.state not in ("pending", "sending") for e in entries):
            return entries
        await asyncio.sleep(0.01)


def quick_payments(sandbox) -> list[dict]:
    """The PATCH `order/quick-payment` bodies the sandbox accepted, in order."""
    return [json.loads(body) for method, path, body, status in sandbox.calls
            if method == "PATCH" and path.endswith("/order/quick-payment") and status == 200]


async def test_cash_and_two_cards_end_the_order_paid_each_payment_once(
    make_pos, sandbox
) -> None:
    async with run_pos(make_pos()) as pos:
        pos.counter.add(plain_variant(pos), 3)
        total = pos.counter.sale.priced.total
        assert total > 30_000
        # Cash first (more than its share: 5.000 goes back), then BCA, then Mandiri.
        tenders = [Tender(20_000, CASH_ACCOUNT_PENDING, is_cash=True),
                   Tender(10_000, demo_data.BCA_BANK_ID),
                   Tender(total - 25_000, 848)]
        settlement = settle_split(tenders, total)
        assert settlement.change == 5_000
        outcome = await pos.checkout.confirm(
            pos.counter.sale, Confirmation(settlement), Cashier())
        assert isinstance(outcome, SaleOutcome) and outcome.state == "submitted"
        (created,) = sandbox.created_orders()
        # Created as an installment of the first tender, booked to the cash account.
        assert created["payment"]["status"] == "INSTALLMENT"
        assert created["payment"]["amount"] == 15_000
        assert created["payment"]["bank_id"] == demo_data.CASH_BANK_ID
        done = await asyncio.wait_for(follow_ups_done(pos, outcome.client_ref), 10)
        assert [e.state for e in done] == ["submitted", "submitted"]
        patches = quick_payments(sandbox)
        assert [(p["id"], p["payment"]["bank_id"], p["payment"]["amount"],
                 p["payment"]["status"]) for p in patches] == [
            (outcome.order_id, demo_data.BCA_BANK_ID, 10_000, "INSTALLMENT"),
            (outcome.order_id, 848, total - 25_000, "PAID"),
        ]
        assert outcome.order_id is not None
        order = sandbox.state.sandbox.order(outcome.order_id)
        assert order is not None
        assert order["payment_status"] == "PAID" and order["remaining_amount"] == 0
        # Another pass of the worker sends nothing again.
        worker = pos.services.outbox_worker
        assert worker is not None
        await worker.drain_once()
        assert len(quick_payments(sandbox)) == 2 and len(sandbox.created_orders()) == 1

        receipt = outcome.receipt
        assert receipt.is_cash  # the drawer opens: cash is among the tenders
        assert [(x.method, x.amount, x.is_cash) for x in receipt.tenders] == [
            ("", 15_000, True), ("BCA", 10_000, False), ("Mandiri", total - 25_000, False)]
        text = "\n".join(line.text for line in layout_receipt(receipt, 32).lines)
        for expected in ("Tunai", "BCA", "Mandiri", "Kembalian"):
            assert expected in text


async def test_offline_the_payments_wait_for_their_order(make_pos, sandbox) -> None:
    async with run_pos(make_pos(submit_wait=0.2)) as pos:
        worker = pos.services.outbox_worker
        assert worker is not None
        sandbox.state.sandbox.faults.down = True
        await worker.drain_once()
        pos.counter.add(plain_variant(pos), 2)
        total = pos.counter.sale.priced.total
        settlement = settle_split(
            [Tender(10_000, demo_data.BCA_BANK_ID), Tender(total - 10_000, 848)], total)
        outcome = await pos.checkout.confirm(
            pos.counter.sale, Confirmation(settlement), Cashier())
        assert isinstance(outcome, SaleOutcome) and outcome.state == "queued"
        assert not outcome.receipt.is_cash  # no cash: the drawer stays shut
        assert quick_payments(sandbox) == []
        sandbox.state.sandbox.faults.down = False
        await worker.drain_once()
        done = await asyncio.wait_for(follow_ups_done(pos, outcome.client_ref), 10)
        assert [e.state for e in done] == ["submitted"]
        (order,) = sandbox.state.sandbox.orders_created()
        assert order["payment_status"] == "PAID"
        assert [p["payment"]["amount"] for p in quick_payments(sandbox)] == [total - 10_000]
