"""The SQLite outbox on its own: durability, state machine, follow-up order, counts."""

from __future__ import annotations

import sqlite3

import pytest

from sspos.outbox.entries import OutboxError, payment_payload
from sspos.outbox.queue import OUTBOX_FILE, Outbox
from sspos.store.shifts import ShiftBook
from tests.printing.sales import counter_cash


def payload(ref: str, day: str = "2026-11-28") -> dict:
    return {"order_date": day, "note": f"bon [POS:{ref}]", "products": [{"id": 1, "qty": 2}]}


@pytest.fixture
def box(tmp_path) -> Outbox:
    return Outbox.in_dir(tmp_path)


def test_sale_is_on_disk_in_wal_mode(box, tmp_path):
    receipt = counter_cash()
    entry = box.enqueue_sale("T1-A", payload("T1-A"), receipt)
    assert entry.state == "pending" and entry.kind == "sale" and entry.order_date == "2026-11-28"
    # A fresh connection (another process after a crash) sees the committed sale.
    conn = sqlite3.connect(tmp_path / OUTBOX_FILE)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT client_ref, state FROM entries").fetchall() == [("T1-A", "pending")]
    again = Outbox(tmp_path / OUTBOX_FILE).get("T1-A")
    assert again is not None and again.receipt == receipt  # typed, as it was stored


def test_bad_sales_are_refused_with_a_reason(box):
    with pytest.raises(OutboxError) as err:
        box.enqueue_sale("T1-A", {"order_date": "2026-11-28", "note": "no tag"}, None)
    assert err.value.key == "outbox.error.note_without_reference"
    with pytest.raises(OutboxError) as err:
        box.enqueue_sale(" ", payload("x"), None)
    assert err.value.key == "outbox.error.no_reference"
    with pytest.raises(OutboxError) as err:
        box.enqueue_sale("T1-A", dict(payload("T1-A"), when=object()), None)
    assert err.value.key == "outbox.error.not_json"
    box.enqueue_sale("T1-A", payload("T1-A"), None)
    with pytest.raises(OutboxError) as err:
        box.enqueue_sale("T1-A", payload("T1-A"), None)
    assert err.value.key == "outbox.error.duplicate_reference"
    assert len(box.entries()) == 1


def test_state_machine_happy_path_and_guards(box):
    sale = box.enqueue_sale("T1-A", payload("T1-A"), None)
    sending = box.mark_sending(sale.id)
    assert sending.state == "sending" and sending.attempts == 1 and sending.sent_at
    with pytest.raises(OutboxError):
        box.mark_sending(sale.id)  # already sending
    with pytest.raises(OutboxError):
        box.void(sale.id, "oops")  # may already be on the server
    done = box.mark_submitted(sale.id, 901, 55)
    assert (done.state, done.order_id, done.po_number) == ("submitted", 901, "55")
    with pytest.raises(OutboxError) as err:
        box.retry(sale.id)
    assert err.value.key == "outbox.error.wrong_state"
    events = [record.event for record in box.history(sale.id)]
    assert events == ["queued", "sending", "submitted"]


def test_rejected_keeps_messages_until_retry_or_void(box):
    sale = box.enqueue_sale("T1-A", payload("T1-A"), None)
    box.mark_sending(sale.id)
    rejected = box.mark_rejected(
        sale.id, {"products.0.product_status": ["The selected status is invalid."]}, "bad"
    )
    assert rejected.state == "rejected"
    assert rejected.messages == {"products.0.product_status": ["The selected status is invalid."]}
    assert box.ready() == []  # never retried by itself
    edited = box.update_payload(sale.id, {**payload("T1-A"), "products": [{"id": 2, "qty": 1}]})
    assert edited.payload["products"] == [{"id": 2, "qty": 1}]
    with pytest.raises(OutboxError):
        box.update_payload(sale.id, {"order_date": "2026-11-28", "note": "lost the tag"})
    retried = box.retry(sale.id)
    assert retried.state == "pending" and retried.messages == {}
    assert [e.id for e in box.ready()] == [sale.id]


def test_void_needs_a_reason_and_logs_it_with_follow_ups(box):
    sale = box.enqueue_sale("T1-A", payload("T1-A"), None)
    awb = box.enqueue_awb("T1-A", "JNE123")
    with pytest.raises(OutboxError) as err:
        box.void(sale.id, "  ")
    assert err.value.key == "outbox.error.reason_required"
    voided = box.void(sale.id, "customer walked away")
    assert voided.state == "voided"
    assert box.entry(awb.id).state == "voided"
    assert box.history(sale.id)[-1].detail == "customer walked away"
    assert "customer walked away" in box.history(awb.id)[-1].detail
    with pytest.raises(OutboxError) as err:
        box.enqueue_awb("T1-A", "JNE999")
    assert err.value.key == "outbox.error.sale_voided"
    assert box.ready() == []


def test_follow_ups_wait_for_their_order_and_run_in_order(box):
    sale = box.enqueue_sale("T1-A", payload("T1-A"), None)
    other = box.enqueue_sale("T1-B", payload("T1-B"), None)
    awb = box.enqueue_awb("T1-A", "JNE123")
    pay = box.enqueue_payment("T1-A", 10_000, 7, "2026-11-29")
    # Only the sales are ready: the follow-ups have no order id yet.
    assert [e.id for e in box.ready()] == [sale.id, other.id]
    box.mark_sending(sale.id)
    box.mark_submitted(sale.id, 901, 55)
    ready = box.ready()
    assert [e.id for e in ready] == [other.id, awb.id]  # the payment waits behind the AWB
    assert ready[1].order_id == 901
    box.mark_sending(awb.id)
    box.mark_submitted(awb.id, 901, 55)
    assert [e.id for e in box.ready()] == [other.id, pay.id]
    # A rejected follow-up blocks the ones after it.
    box.mark_sending(pay.id)
    box.mark_rejected(pay.id, {"amount": ["too much"]})
    later = box.enqueue_awb("T1-A", "JNE456")
    assert [e.id for e in box.ready()] == [other.id]
    box.void(pay.id, "paid in cash instead")
    assert [e.id for e in box.ready()] == [other.id, later.id]


def test_a_split_sale_and_its_later_payments_are_queued_together(box):
    later = [payment_payload(57_000, 846, "2026-11-28", status="INSTALLMENT"),
             payment_payload(5_000, 847, "2026-11-28", status="PAID", cost_of_goods_sales=900)]
    sale = box.enqueue_sale("T1-S", payload("T1-S"), None, payments=later)
    first, last = box.follow_ups("T1-S")
    assert (first.kind, first.state, first.payload) == (
        "payment", "pending", {"amount": 57_000, "bank_id": 846, "date": "2026-11-28",
                               "status": "INSTALLMENT"})
    assert last.payload["status"] == "PAID" and last.payload["cost_of_goods_sales"] == 900
    assert first.id > sale.id and [e.id for e in box.ready()] == [sale.id]
    # A second sale with the reference is refused whole: no stray payment is left behind.
    with pytest.raises(OutboxError):
        box.enqueue_sale("T1-S", payload("T1-S"), None, payments=later)
    assert len(box.follow_ups("T1-S")) == 2


def test_a_corrected_split_sale_replaces_the_payments_queued_with_it(box):
    sale = box.enqueue_sale("T1-S", payload("T1-S"), None,
                            payments=[payment_payload(57_000, 846, "2026-11-28", status="PAID")])
    box.mark_sending(sale.id)
    box.mark_rejected(sale.id, {"products.0.qty": ["stok kurang"]})
    (old,) = box.follow_ups("T1-S")
    box.update_payload(sale.id, payload("T1-S"),
                       payments=[payment_payload(40_000, 847, "2026-11-28", status="PAID")])
    assert box.entry(old.id).state == "voided"
    assert "corrected" in box.history(old.id)[-1].detail
    (new,) = [e for e in box.follow_ups("T1-S") if e.state == "pending"]
    assert new.payload["amount"] == 40_000
    # Corrected into an ordinary payment: nothing follows any more.
    box.update_payload(sale.id, payload("T1-S"), payments=[])
    assert [e.state for e in box.follow_ups("T1-S")] == ["voided", "voided"]
    # Without `payments`, an edit leaves them alone (`sspos outbox` corrections).
    box.update_payload(sale.id, payload("T1-S"))
    assert [e.state for e in box.follow_ups("T1-S")] == ["voided", "voided"]


def test_follow_up_input_is_checked(box):
    box.enqueue_sale("T1-A", payload("T1-A"), None)
    for bad in ("", "  ", "JNE\x1b[2J"):
        with pytest.raises(OutboxError):
            box.enqueue_awb("T1-A", bad)
    with pytest.raises(OutboxError):
        box.enqueue_awb("T1-NOPE", "JNE1")
    for amount in (0, -5, 1.5, True):
        with pytest.raises(OutboxError):
            box.enqueue_payment("T1-A", amount, 7, "2026-11-28")  # type: ignore[arg-type]
    with pytest.raises(OutboxError):
        box.enqueue_payment("T1-A", 100, 7, "28/11/2026")
    with pytest.raises(OutboxError) as err:
        box.enqueue_sale("T1-Z", payload("T1-Z"), None,
                         payments=[payment_payload(100, True, "2026-11-28")])  # type: ignore[arg-type]
    assert err.value.key == "outbox.error.bad_bank" and box.get("T1-Z") is None
    standalone = box.enqueue_awb("order:77", "SICEPAT1", order_id=77)
    assert [e.id for e in box.ready()][-1] == standalone.id


def test_counts_and_reprints(box):
    for ref in ("T1-A", "T1-B", "T1-C"):
        box.enqueue_sale(ref, payload(ref), None)
    box.mark_printed("T1-A", True)
    box.mark_printed("T1-B", False)
    b = box.get("T1-B")
    assert b is not None and b.printed is False
    box.mark_sending(b.id)
    c = box.get("T1-C")
    assert c is not None
    box.mark_sending(c.id)
    box.mark_rejected(c.id, {"x": ["y"]})
    counts = box.counts()
    assert (counts.pending, counts.sending, counts.rejected, counts.waiting) == (1, 1, 1, 2)
    assert counts.unprinted == 1
    assert [e.client_ref for e in box.unprinted()] == ["T1-B"]
    box.mark_printed("T1-B", True)
    assert box.counts().unprinted == 0
    assert [e.client_ref for e in box.entries(["pending", "rejected"])] == ["T1-A", "T1-C"]
    with pytest.raises(OutboxError):
        box.mark_printed("T1-Z", True)


def test_threads_and_processes_share_the_file_without_losing_sales(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def ring_up(till: int) -> None:
        box = Outbox.in_dir(tmp_path)  # each till its own handle, as separate processes do
        for n in range(15):
            ref = f"T{till}-{n:02d}"
            box.enqueue_sale(ref, payload(ref), None)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(ring_up, range(4)))
    box = Outbox.in_dir(tmp_path)
    assert box.counts().pending == 60
    assert len({e.client_ref for e in box.entries()}) == 60


def _open_and_count(folder: str) -> int:
    """Open a data folder's shared files as a starting session does; what they hold."""
    shifts = ShiftBook.in_dir(folder).shifts()
    return Outbox.in_dir(folder).counts().pending + len(shifts)


def test_sessions_opening_new_shared_files_at_once_all_get_them(tmp_path):
    # While one connection puts a new file in WAL mode, SQLite answers another's pragma
    # "database is locked" at once (busy_timeout does not apply): a session starting
    # beside another must not fail on it.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(8) as pool:
        for attempt in range(40):
            folder = tmp_path / str(attempt)
            assert list(pool.map(_open_and_count, [str(folder)] * 8)) == [0] * 8
