"""Printing the drawer's paper: X/Z reports, cash in/out slips (which open the drawer) and
void slips, laid out by `sspos.printing.shift_report` for the configured paper width.

Blocking (the printer): call from a thread. Never raises; the `PrintResult` says what
happened (with `SSPOS_PRINTER=none` its `preview` holds the text).
"""

from __future__ import annotations

from datetime import datetime

from sspos.config import Settings
from sspos.domain.shift import Cancellation, CashMove, ShiftReport
from sspos.printing.printers import PrintResult, print_receipt, printer_columns
from sspos.printing.receipt import Receipt
from sspos.printing.shift_report import (
    PaperHeader,
    layout_cash_slip,
    layout_shift_report,
    layout_void_slip,
)


def paper_header(settings: Settings, shop_name: str) -> PaperHeader:
    """The head of every drawer slip of this terminal."""
    zone = datetime.now(settings.tz).tzname() or ""
    return PaperHeader(shop_name, settings.terminal_id, settings.cashier, settings.tz, zone)


def report_paper(report: ShiftReport, settings: Settings, shop_name: str) -> Receipt:
    """An X or Z report laid out for the configured paper, printed now."""
    return layout_shift_report(report, paper_header(settings, shop_name),
                               printer_columns(settings), settings.lang,
                               datetime.now(settings.tz))


def print_report(report: ShiftReport, settings: Settings, shop_name: str) -> PrintResult:
    """Print an X or Z report (the drawer stays shut)."""
    return print_receipt(report_paper(report, settings, shop_name), settings,
                         kick_drawer=False)


def print_cash_slip(move: CashMove, settings: Settings, shop_name: str) -> PrintResult:
    """Print the slip of cash paid in or out, and open the drawer for it."""
    paper = layout_cash_slip(move, paper_header(settings, shop_name),
                             printer_columns(settings), settings.lang)
    return print_receipt(paper, settings, kick_drawer=True)


def print_void_slip(cancel: Cancellation, settings: Settings, shop_name: str) -> PrintResult:
    """Print the slip of a cancelled order or a voided queued sale."""
    paper = layout_void_slip(cancel, paper_header(settings, shop_name),
                             printer_columns(settings), settings.lang)
    return print_receipt(paper, settings, kick_drawer=False)
