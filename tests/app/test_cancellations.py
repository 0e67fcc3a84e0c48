"""Cancelling from Orders: an order on the server, or a sale still in the outbox."""

from __future__ import annotations

import asyncio

import pytest

from sspos.app.checkout import SaleOutcome
from sspos.outbox.entries import OutboxError
from sspos.store.shifts import ShiftError
from tests.app.conftest import run_pos
from tests.app.test_checkout import Cashier, exact_cash, plain_variant


async def sell(pos) -> SaleOutcome:
    pos.counter.add(plain_variant(pos), 1)
    outcome = await asyncio.wait_for(
        pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier()), 10)
    assert isinstance(outcome, SaleOutcome)
    return outcome


async def test_an_order_is_cancelled_on_the_server_and_leaves_the_shift(make_pos, sandbox
                                                                        ) -> None:
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        await asyncio.to_thread(pos.shifts.open, 100_000)
        outcome = await sell(pos)
        assert outcome.state == "submitted" and outcome.order_id is not None
        (row,) = [r for r in await pos.orders.from_outbox()
                  if r.client_ref == outcome.client_ref]
        with pytest.raises(ShiftError):
            await pos.cancellations.cancel(row, "  ")
        cancel = await pos.cancellations.cancel(row, "salah barang")
        report = await asyncio.to_thread(pos.shifts.report)
        (after,) = [r for r in await pos.orders.from_outbox()
                    if r.client_ref == outcome.client_ref]
        with pytest.raises(ShiftError):  # shown cancelled: not cancelled twice
            await pos.cancellations.cancel(after, "again")
    assert (cancel.po_number, cancel.reason, cancel.voided_locally) == (
        outcome.po_number, "salah barang", False)
    stored = sandbox.state.sandbox.order(outcome.order_id)
    assert stored["order_status"] == "CANCELED"
    assert report.sales_count == 0 and report.cash_taken == 0
    assert [c.client_ref for c in report.cancellations] == [outcome.client_ref]


async def test_a_queued_sale_is_voided_locally_from_the_same_screen(make_pos, sandbox) -> None:
    async with run_pos(make_pos(worker=False)) as pos:  # nothing sends: it stays queued
        await asyncio.to_thread(pos.shifts.open, 0)
        outcome = await sell(pos)
        assert outcome.state == "queued"
        (row,) = [r for r in await pos.orders.from_outbox()
                  if r.client_ref == outcome.client_ref]
        cancel = await pos.cancellations.cancel(row, "pembeli batal")
        entry = pos.services.outbox.get(outcome.client_ref)
        report = await asyncio.to_thread(pos.shifts.report)
        row.state = "voided"
        with pytest.raises(ShiftError):
            await pos.cancellations.cancel(row, "again")
    assert cancel.voided_locally and entry is not None and entry.state == "voided"
    assert sandbox.created_orders() == []
    assert report.sales_count == 0
    assert [(c.reason, c.voided_locally) for c in report.cancellations] == [
        ("pembeli batal", True)]


async def test_a_sale_being_sent_cannot_be_voided(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        outcome = await sell(pos)
        entry = pos.services.outbox.get(outcome.client_ref)
        assert entry is not None
        pos.services.outbox.mark_sending(entry.id)
        (row,) = await pos.orders.from_outbox()
        with pytest.raises(OutboxError):
            await pos.cancellations.cancel(row, "x")
