"""X/Z reports and drawer slips: golden texts at 32/42/48 columns in both languages."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sspos.domain.shift import (
    Cancellation,
    CashMove,
    Difference,
    Shift,
    ShiftSale,
    shift_report,
)
from sspos.printing.receipt import Receipt, receipt_text
from sspos.printing.shift_report import (
    PaperHeader,
    layout_cash_slip,
    layout_shift_report,
    layout_void_slip,
)
from tests.printing.sales import EVIL_NAME, JAKARTA
from tests.printing.test_layout import check_fits

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SSPOS_UPDATE_GOLDEN") == "1"
WIDTHS = (32, 42, 48)
OPENED = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 08:00 WIB
HEADER = PaperHeader("Toko Sejahtera", "KASIR-1", "Ani", JAKARTA, "WIB")


def at(minutes: int) -> datetime:
    return OPENED + timedelta(minutes=minutes)


def sales() -> list[ShiftSale]:
    return [
        ShiftSale("KASIR-1-01A", at(10), 93_000, 93_000, "Tunai", True, 100_000, 7_000,
                  "submitted", "PO-1"),
        ShiftSale("KASIR-1-01B", at(20), 1_250_000, 1_250_000, "Tunai", True, 1_250_000, 0,
                  "submitted", "PO-2"),
        ShiftSale("KASIR-1-01C", at(30), 507_000, 507_000, "BCA 123", False, None, 0,
                  "queued"),
        ShiftSale("KASIR-1-01D", at(40), 300_000, 100_000, "BCA 123", False, None, 0,
                  "rejected"),
        ShiftSale("KASIR-1-01E", at(50), 45_000, 45_000, "Tunai", True, 50_000, 5_000,
                  "voided"),
    ]


def moves() -> list[CashMove]:
    return [
        CashMove("in", 100_000, "Uang kecil dari bank", at(5)),
        CashMove("out", 35_000, f"Beli galon dan es batu {EVIL_NAME}", at(45), "queued",
                 "KASIR-1-01F"),
    ]


def cancels() -> list[Cancellation]:
    return [
        Cancellation(at(55), "Pembeli salah pilih ukuran, ditukar", 1_250_000, "KASIR-1-01B",
                     "PO-2"),
        Cancellation(at(51), "batal", 45_000, "KASIR-1-01E", voided_locally=True),
    ]


def x_report(lang: str, columns: int) -> Receipt:
    report = shift_report(Shift(7, "KASIR-1", "Ani", OPENED, 500_000), sales(), moves(),
                          cancels())
    return layout_shift_report(report, HEADER, columns, lang, at(60))


def z_report(lang: str, columns: int) -> Receipt:
    shift = Shift(7, "KASIR-1", "Ani", OPENED, 500_000, closed_at=at(480), counted=655_000)
    report = shift_report(shift, sales(), moves(), cancels(), differences=[
        Difference("KASIR-1-01C", "queued", 507_000),
        Difference("KASIR-1-01A", "missing", 93_000),
    ])
    return layout_shift_report(report, HEADER, columns, lang, at(481))


def z_unchecked(lang: str, columns: int) -> Receipt:
    shift = Shift(8, "KASIR-1", "", OPENED, 0, closed_at=at(5), counted=0)
    return layout_shift_report(shift_report(shift, [], [], []), HEADER, columns, lang, at(6))


def x_with_refund(lang: str, columns: int) -> Receipt:
    """A shift that took back a cash sale of the day before: its cash leaves this drawer."""
    refund = Cancellation(at(15), "Rusak", 93_000, "KASIR-1-00Z", "PO-0", cash_back=86_000)
    report = shift_report(Shift(9, "KASIR-1", "Ani", OPENED, 200_000), [], [], [refund])
    return layout_shift_report(report, HEADER, columns, lang, at(20))


def cash_out_slip(lang: str, columns: int) -> Receipt:
    return layout_cash_slip(moves()[1], HEADER, columns, lang)


def void_slip(lang: str, columns: int) -> Receipt:
    return layout_void_slip(cancels()[0], HEADER, columns, lang)


PAPERS: dict[str, Callable[[str, int], Receipt]] = {
    "shift_x": x_report, "shift_z": z_report, "shift_z_unchecked": z_unchecked,
    "shift_x_refund": x_with_refund,
    "cash_out_slip": cash_out_slip, "void_slip": void_slip,
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_golden_drawer_paper(paper: str, columns: int, lang: str) -> None:
    receipt = PAPERS[paper](lang, columns)
    text = receipt_text(receipt)
    path = GOLDEN / f"{paper}-{columns}-{lang}.txt"
    if UPDATE:
        path.write_text(text, encoding="ascii")
    assert path.exists(), f"missing golden {path.name}: run with SSPOS_UPDATE_GOLDEN=1 and review"
    assert text == path.read_text(encoding="ascii")
    check_fits(receipt)


def test_the_z_report_says_what_the_drawer_should_hold_and_what_was_counted() -> None:
    text = receipt_text(z_report("id", 42))
    # 500.000 + (100.000 + 1.250.000 + 50.000 ... voided/cancelled out) …
    assert "LAPORAN Z" in text and "Kas seharusnya" in text
    expected = 500_000 + 100_000 - 7_000 + 100_000 - 35_000
    assert f"{expected:,}".replace(",", ".") in text
    assert "Kurang" in text and "3.000" in text  # counted 655.000 against 658.000
    assert "KASIR-1-01A" in text and "tidak ada di server" in text
    english = receipt_text(z_report("en", 42))
    assert "Short" in english and "Kurang" not in english
