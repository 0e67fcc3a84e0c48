"""The X/Z report's arithmetic: pure, from the shift's stored facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sspos.domain.shift import (
    Cancellation,
    CashMove,
    Difference,
    Shift,
    ShiftSale,
    drawer_would_go_negative,
    shift_report,
)

OPENED = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return OPENED + timedelta(minutes=minutes)


def sale(ref: str, total: int, *, cash: bool = True, tendered: int | None = None,
         change: int = 0, method: str = "Tunai", state: str = "submitted",
         paid: int | None = None) -> ShiftSale:
    return ShiftSale(ref, at(5), total, total if paid is None else paid, method, cash,
                     tendered, change, state)  # type: ignore[arg-type]


def test_cash_expected_is_float_plus_cash_taken_less_change_plus_in_less_out() -> None:
    shift = Shift(1, "T1", "Ani", OPENED, 200_000, closed_at=at(60), counted=560_000)
    sales = [
        sale("T1-A", 93_000, tendered=100_000, change=7_000),
        sale("T1-B", 250_000, tendered=250_000),
        sale("T1-C", 507_000, cash=False, method="BCA"),
        sale("T1-D", 40_000, cash=False, method="BCA", paid=10_000),
    ]
    moves = [CashMove("in", 50_000, "Uang kecil", at(1)),
             CashMove("out", 30_000, "Galon", at(2), "submitted", "T1-E")]
    report = shift_report(shift, sales, moves, [])
    assert report.cash_taken == 350_000 and report.change_given == 7_000
    assert report.cash_expected == 200_000 + 350_000 - 7_000 + 50_000 - 30_000 == 563_000
    assert report.over_short == -3_000 and report.final
    assert [(m.method, m.count, m.total, m.paid) for m in report.methods] == [
        ("BCA", 2, 547_000, 517_000), ("Tunai", 2, 343_000, 343_000)]
    assert (report.sales_count, report.sales_total) == (4, 890_000)


def test_voided_and_cancelled_sales_count_in_no_total_and_are_listed() -> None:
    shift = Shift(2, "T1", "Ani", OPENED, 0)
    sales = [sale("T1-A", 10_000, tendered=10_000), sale("T1-B", 20_000, tendered=20_000,
                                                         state="voided"),
             sale("T1-C", 30_000, tendered=30_000)]
    cancels = [Cancellation(at(9), "salah barang", 30_000, "T1-C", "PO-9"),
               Cancellation(at(8), "batal", 20_000, "T1-B", voided_locally=True)]
    report = shift_report(shift, sales, [], cancels)
    assert report.sales_count == 1 and report.cash_taken == 10_000
    assert [c.client_ref for c in report.cancellations] == ["T1-B", "T1-C"]  # by time
    assert not report.final and report.over_short is None
    assert not report.server_checked


def test_queued_and_rejected_sales_still_count_and_are_listed_apart() -> None:
    shift = Shift(3, "T1", "", OPENED, 0)
    sales = [sale("T1-A", 1, state="queued"), sale("T1-B", 2, state="rejected"),
             sale("T1-C", 3)]
    report = shift_report(shift, sales, [CashMove("out", 5, "x", at(1), "voided")], [],
                          differences=[Difference("T1-A", "queued", 1)])
    assert [s.client_ref for s in report.queued] == ["T1-A"]
    assert [s.client_ref for s in report.rejected] == ["T1-B"]
    assert report.sales_total == 6 and report.paid_out == 0  # a voided paid-out never left
    assert report.server_checked


def test_a_paid_out_over_what_the_drawer_holds_is_flagged() -> None:
    report = shift_report(Shift(4, "T1", "", OPENED, 100_000), [], [], [])
    assert drawer_would_go_negative(report, 100_001)
    assert not drawer_would_go_negative(report, 100_000)


def test_a_split_payment_counts_each_tender_under_its_method() -> None:
    shift = Shift(5, "T1", "", OPENED, 50_000)
    split = ShiftSale("T1-S", at(3), 300_000, 300_000, "Tunai + BCA", True, 120_000, 20_000,
                      "submitted", tenders=(("Tunai", 100_000), ("BCA", 200_000)))
    report = shift_report(shift, [split, sale("T1-B", 70_000, cash=False, method="BCA")],
                          [], [])
    assert [(m.method, m.count, m.total) for m in report.methods] == [
        ("BCA", 2, 270_000), ("Tunai", 1, 100_000)]
    assert report.sales_total == 370_000 and report.sales_count == 2
    # Only cash goes in the drawer: 120.000 handed, 20.000 back.
    assert report.cash_expected == 50_000 + 120_000 - 20_000
