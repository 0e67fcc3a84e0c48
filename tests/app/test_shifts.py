"""Shifts as the application runs them: the shift book and the outbox on disk, the close
check against an in-process sandbox."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.app.cancellations import cancellation_said
from sspos.app.shifts import Shifts
from sspos.domain.order import note_with_reference
from sspos.outbox.queue import Outbox
from sspos.printing.receipt import ReceiptData
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.store.shifts import ShiftBook, ShiftError
from tests.outbox.conftest import BASE, FakeTime, make_worker, order_template, sale_payload
from tests.printing.sales import counter_cash

JAKARTA = ZoneInfo("Asia/Jakarta")


def shifts(data_dir: Path, terminal: str = "T1") -> Shifts:
    """A fresh `Shifts` over the files of `data_dir` (as after a restart)."""
    counter = iter(range(1, 1000))
    return Shifts(
        ShiftBook.in_dir(data_dir), Outbox.in_dir(data_dir), terminal_id=terminal,
        cashier="Ani", clock=lambda: datetime.now(JAKARTA), tz=JAKARTA,
        new_reference=lambda: f"{terminal}-REF{next(counter)}", lang="id",
    )


def receipt(total: int, *, cash: bool, tendered: int | None = None, method: str = "Tunai"
            ) -> ReceiptData:
    change = (tendered - total) if cash and tendered is not None else 0
    return replace(counter_cash(), total=total, paid=total, is_cash=cash, tendered=tendered,
                   change=change, payment_method=method)


def queue_sale(outbox: Outbox, ref: str, data: ReceiptData, body: dict | None = None) -> None:
    payload = body or {"note": note_with_reference("", ref),
                       "order_date": datetime.now(JAKARTA).date().isoformat()}
    outbox.enqueue_sale(ref, payload, data)


def test_the_x_report_adds_up_this_terminals_sales_and_drawer(tmp_path: Path) -> None:
    book = shifts(tmp_path)
    queue_sale(book.outbox, "T1-BEFORE", receipt(5_000, cash=True, tendered=5_000))
    shift = book.open(200_000)
    queue_sale(book.outbox, "T1-A", receipt(93_000, cash=True, tendered=100_000))
    queue_sale(book.outbox, "T1-B", receipt(507_000, cash=False, method="BCA"))
    queue_sale(book.outbox, "T2-X", receipt(1_000, cash=True, tendered=1_000))  # not ours
    book.cash_in(50_000, "Uang kecil dari bank")
    out = book.cash_out(30_000, "Beli galon")
    report = book.report()
    assert report.shift == shift and not report.final
    assert [(m.method, m.count, m.total) for m in report.methods] == [
        ("BCA", 1, 507_000), ("Tunai", 1, 93_000)]
    assert (report.cash_taken, report.change_given) == (100_000, 7_000)
    assert (report.paid_in, report.paid_out) == (50_000, 30_000)
    assert report.cash_expected == 200_000 + 100_000 - 7_000 + 50_000 - 30_000
    assert [s.client_ref for s in report.queued] == ["T1-A", "T1-B"]
    # The paid-out is an expense entry, its reference in its note, dated today.
    entry = book.outbox.entry(out.entry_id)
    assert entry.kind == "expense" and entry.payload["nominal"] == 30_000
    assert entry.payload["title"] == "Beli galon" and "[POS:T1-REF1]" in entry.payload["note"]
    # The same files after a restart give the same report.
    assert shifts(tmp_path).report() == report


def test_a_voided_sale_is_a_cancellation_with_its_reason_not_a_sale(tmp_path: Path) -> None:
    book = shifts(tmp_path)
    book.open(0)
    queue_sale(book.outbox, "T1-V", receipt(20_000, cash=True, tendered=20_000))
    entry = book.outbox.get("T1-V")
    assert entry is not None
    book.outbox.void(entry.id, "pembeli batal")
    report = book.report()
    assert report.sales_count == 0 and report.cash_taken == 0
    (cancel,) = report.cancellations
    assert (cancel.client_ref, cancel.reason, cancel.total, cancel.voided_locally) == (
        "T1-V", "pembeli batal", 20_000, True)


def test_bad_input_is_refused_with_a_reason(tmp_path: Path) -> None:
    book = shifts(tmp_path)
    with pytest.raises(ShiftError) as none_open:
        book.cash_in(1_000, "x")
    assert none_open.value.key == "shift.error.none_open"
    with pytest.raises(ShiftError) as negative:
        book.open(-1)
    assert negative.value.key == "shift.error.negative"
    with pytest.raises(ShiftError) as scanned:
        book.open(8_991_234_567_890)  # a barcode typed into the float
    assert scanned.value.key == "shift.error.too_large"
    book.open(10_000)
    with pytest.raises(ShiftError) as twice:
        book.open(0)
    assert twice.value.key == "shift.error.already_open"
    for amount, reason, key in ((0, "x", "shift.error.negative"),
                                (-5, "x", "shift.error.negative"),
                                (5, " \t\x1b ", "shift.error.reason_required")):
        with pytest.raises(ShiftError) as refused:
            book.cash_in(amount, reason)
        assert refused.value.key == key
    with pytest.raises(ShiftError) as over:
        book.cash_out(10_001, "setor bank")
    assert over.value.key == "shift.error.over_drawer"
    assert over.value.params == {"amount": "10.001", "expected": "10.000"}
    assert book.outbox.entries(kinds=["expense"]) == []
    confirmed = book.cash_out(10_001, "setor bank", over_drawer_ok=True)
    assert confirmed.over_drawer and book.report().cash_expected == -1
    closed = book.close(0)
    with pytest.raises(ShiftError) as again:
        book.book.close_shift(closed.shift.id, 0, datetime.now(JAKARTA), {})
    assert again.value.key == "shift.error.already_closed"
    with pytest.raises(ShiftError):
        book.close(0)  # nothing open any more


def test_each_terminal_has_its_own_shift(tmp_path: Path) -> None:
    one, two = shifts(tmp_path, "T1"), shifts(tmp_path, "T2")
    one.open(100)
    assert two.current() is None
    two.open(200)
    assert one.report().shift.opening_float == 100
    with pytest.raises(ShiftError):
        one.get(two.require_open().id)


async def test_close_compares_the_shift_with_the_server(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(seed=7, products=60, customers=20))
    fake = FakeTime()
    clients: list[SmartSellerClient] = []
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=app)) as c:
        template = await order_template(c)
        book = shifts(tmp_path)
        book.open(0)
        today = datetime.now(JAKARTA).date().isoformat()
        for ref in ("T1-OK", "T1-GONE", "T1-CANCEL", "T1-BAD", "T1-LATER"):
            changes = {"products": []} if ref == "T1-BAD" else {}
            queue_sale(book.outbox, ref, receipt(1_000, cash=False, method="BCA"),
                       sale_payload(template, ref, today, **changes))
        gone = book.outbox.get("T1-GONE")
        assert gone is not None
        # Marked sent without ever reaching the server (a wrong manual fix, say).
        book.outbox.mark_sending(gone.id)
        book.outbox.mark_submitted(gone.id, 999_999, "PO-X")
        later = book.outbox.get("T1-LATER")
        assert later is not None
        book.outbox.void(later.id, "x")  # voided: no difference
        worker = make_worker(book.outbox, app, fake, clients)
        await worker.drain_once()
        queue_sale(book.outbox, "T1-QUEUED", receipt(1_000, cash=False, method="BCA"),
                   sale_payload(template, "T1-QUEUED", today))
        cancel = book.outbox.get("T1-CANCEL")
        assert cancel is not None and cancel.order_id is not None
        await c.cancel_order(cancel.order_id)  # cancelled in SmartSeller, not at the counter
        shift = book.require_open()
        differences = await book.server_differences(c, shift, book.sales(shift))
        await worker.aclose()
    found = {(d.client_ref, d.what) for d in differences}
    # GET `order` leaves cancelled orders out: one cancelled there is not among them.
    assert found == {("T1-GONE", "missing"), ("T1-CANCEL", "missing"),
                     ("T1-BAD", "rejected"), ("T1-QUEUED", "queued")}
    z = book.close(0, differences)
    assert z.final and z.server_checked and set(z.differences) == set(differences)
    assert shifts(tmp_path).report(z.shift.id) == z  # reprinted later: the same Z


async def test_an_order_cancelled_at_the_counter_is_no_difference(tmp_path: Path) -> None:
    book = shifts(tmp_path)
    book.open(0)
    queue_sale(book.outbox, "T1-C", receipt(9_000, cash=True, tendered=9_000))
    entry = book.outbox.get("T1-C")
    assert entry is not None
    book.outbox.mark_sending(entry.id)
    book.outbox.mark_submitted(entry.id, 5, "PO-5")
    book.record_cancel("salah input", 9_000, client_ref="T1-C", po_number="PO-5", order_id=5)
    report = book.report()
    assert report.sales_count == 0 and report.cash_taken == 0
    assert [(c.po_number, c.reason) for c in report.cancellations] == [("PO-5", "salah input")]


def test_cancelling_an_earlier_shifts_cash_sale_hands_its_cash_back_from_this_drawer(
    tmp_path: Path,
) -> None:
    book = shifts(tmp_path)
    book.open(100_000)
    for ref, data, order_id in (
        ("T1-CASH", receipt(93_000, cash=True, tendered=100_000), 7),
        ("T1-CARD", receipt(50_000, cash=False, method="BCA"), 8),
    ):
        queue_sale(book.outbox, ref, data)
        entry = book.outbox.get(ref)
        assert entry is not None
        book.outbox.mark_sending(entry.id)
        book.outbox.mark_submitted(entry.id, order_id, f"PO-{order_id}")
    first = book.close(193_000)  # the float and the 93,000 the cash sale left
    assert first.over_short == 0
    book.open(100_000)
    # The next day's shift: the customer brings both back.
    cash = book.record_cancel("barang rusak", 93_000, client_ref="T1-CASH", po_number="PO-7")
    card = book.record_cancel("salah ukuran", 50_000, client_ref="T1-CARD", po_number="PO-8")
    # What the counter says: the cash to hand back, for the cash sale only.
    assert cancellation_said(cash, "id") == (
        "Pesanan PO-7 dibatalkan di SmartSeller. Kembalikan tunai Rp93.000 dari laci.")
    assert cancellation_said(card, "en") == "Order PO-8 cancelled in SmartSeller."
    report = book.report()
    assert [c.cash_back for c in report.cancellations] == [93_000, 0]  # a card refund: bank
    assert report.cash_back == 93_000 and report.cash_expected == 100_000 - 93_000
    assert book.report(first.shift.id) == first  # the earlier shift's Z stays as it was
    # A cash sale cancelled in its own shift is simply not counted: nothing handed back twice.
    queue_sale(book.outbox, "T1-SAME", receipt(20_000, cash=True, tendered=20_000))
    assert book.record_cancel("batal", 20_000, client_ref="T1-SAME").cash_back == 20_000
    again = book.report()
    assert again.cash_back == 93_000 and again.cash_expected == 100_000 - 93_000


async def test_a_split_sale_counts_each_tender_and_only_its_cash(make_pos) -> None:
    from sspos.app.checkout import CASH_ACCOUNT_PENDING, Confirmation, SaleOutcome
    from sspos.domain.payment import Tender, settle_split
    from sspos.sandbox import demo_data
    from tests.app.conftest import run_pos
    from tests.app.test_checkout import Cashier, plain_variant

    async with run_pos(make_pos()) as pos:
        await asyncio.to_thread(pos.shifts.open, 10_000)
        pos.counter.add(plain_variant(pos), 3)
        total = pos.counter.sale.priced.total
        settlement = settle_split([Tender(20_000, CASH_ACCOUNT_PENDING, is_cash=True),
                                   Tender(total - 15_000, demo_data.BCA_BANK_ID)], total)
        outcome = await pos.checkout.confirm(pos.counter.sale, Confirmation(settlement),
                                             Cashier())
        assert isinstance(outcome, SaleOutcome)
        report = await asyncio.to_thread(pos.shifts.report)
    by_method = {m.method: (m.count, m.total) for m in report.methods}
    assert by_method["Tunai"] == (1, 15_000)
    assert sum(total for _, total in by_method.values()) == total == report.sales_total
    assert report.cash_expected == 10_000 + 20_000 - 5_000  # the change came from cash
