"""The drawer's paper: X and Z reports, cash in/out slips and void slips.

Pure layout with the receipt engine's builder (same widths, same sanitising, same
`Receipt` lines, printed by `printers.print_receipt`). Amounts in the POS's Rupiah format
without the currency (`507.000`), as a shop's cash book writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sspos.domain.money import format_amount
from sspos.domain.shift import Cancellation, CashMove, Difference, ShiftReport
from sspos.printing.receipt import MAX_COLUMNS, MIN_COLUMNS, Receipt, _Builder

_DIFFERENCE_KEYS = {
    "missing": "shift.r.missing",
    "cancelled": "shift.r.cancelled_on_server",
    "queued": "shift.r.still_queued",
    "rejected": "shift.r.rejected",
}


@dataclass(frozen=True, slots=True)
class PaperHeader:
    """What heads every drawer slip: the shop, the terminal, the cashier, the time zone."""

    shop_name: str
    terminal_id: str
    cashier: str
    tz: tzinfo
    tz_name: str = ""


def _builder(columns: int, lang: str) -> _Builder:
    if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        raise ValueError(f"columns must be {MIN_COLUMNS}..{MAX_COLUMNS}, got {columns}")
    return _Builder(columns, lang)


def _when(at: datetime, header: PaperHeader) -> str:
    return f"{at.astimezone(header.tz).strftime('%d/%m/%Y %H:%M')} {header.tz_name}".strip()


def _head(b: _Builder, header: PaperHeader, title: str) -> None:
    b.center(header.shop_name, bold=True)
    b.center(title, bold=True, size="tall")
    b.rule()
    b.labelled(b.t("shift.r.terminal"), header.terminal_id)


def _money(amount: int) -> str:
    return format_amount(amount)


def _less(amount: int) -> str:
    """An amount taken off the drawer: `-7.000` (and `0`, never `-0`)."""
    return _money(-amount)


def layout_shift_report(report: ShiftReport, header: PaperHeader, columns: int,
                        lang: str, printed_at: datetime) -> Receipt:
    """An X report (shift open) or a Z report (closed and counted), for `columns`."""
    b = _builder(columns, lang)
    shift = report.shift
    _head(b, header, b.t("shift.r.title_z" if report.final else "shift.r.title_x"))
    b.labelled(b.t("shift.r.shift"), f"#{shift.id}")
    b.labelled(b.t("shift.r.cashier"), shift.cashier)
    b.labelled(b.t("shift.r.opened"), _when(shift.opened_at, header))
    if shift.closed_at is not None:
        b.labelled(b.t("shift.r.closed"), _when(shift.closed_at, header))
    b.labelled(b.t("shift.r.printed"), _when(printed_at, header))
    b.rule()

    b.add(b.t("shift.r.by_method"), bold=True)
    if not report.methods:
        b.add(b.t("shift.r.no_sales"))
    for method in report.methods:
        b.pair(method.method, _money(method.total))
        b.wrap(b.t("shift.r.count", count=method.count), indent=2)
        if method.paid != method.total:
            b.pair(b.t("shift.r.paid_now"), _money(method.paid), indent=2)
    b.pair(b.t("shift.r.sales_total", count=report.sales_count), _money(report.sales_total),
           bold=True)
    b.rule()

    b.add(b.t("shift.r.drawer"), bold=True)
    b.pair(b.t("shift.r.float"), _money(shift.opening_float))
    b.pair(b.t("shift.r.cash_taken"), _money(report.cash_taken))
    b.pair(b.t("shift.r.change_given"), _less(report.change_given))
    b.pair(b.t("shift.r.paid_in"), _money(report.paid_in))
    b.pair(b.t("shift.r.paid_out"), _less(report.paid_out))
    if report.cash_back:
        b.pair(b.t("shift.r.cash_back"), _less(report.cash_back))
    b.pair(b.t("shift.r.expected"), _money(report.cash_expected), bold=True)
    if report.over_short is not None and shift.counted is not None:
        b.pair(b.t("shift.r.counted"), _money(shift.counted), bold=True)
        key = ("shift.r.over" if report.over_short > 0 else
               "shift.r.short" if report.over_short < 0 else "shift.r.balanced")
        b.pair(b.t(key), _money(abs(report.over_short)), bold=True)
    _moves(b, report.cash_in, "shift.r.paid_in_list", header)
    _moves(b, report.cash_out, "shift.r.paid_out_list", header)
    _cancellations(b, report.cancellations, header)
    _open_sales(b, report)
    if report.final:
        _server_check(b, report.differences, report.server_checked)
    return Receipt(columns, lang, tuple(b.lines))


def _moves(b: _Builder, moves: tuple[CashMove, ...], key: str, header: PaperHeader) -> None:
    if not moves:
        return
    b.rule()
    b.add(b.t(key), bold=True)
    for move in moves:
        time = move.at.astimezone(header.tz).strftime("%H:%M")
        b.pair(f"{time} {move.reason}", _money(move.amount))
        if move.state in ("queued", "rejected"):
            b.wrap(b.t("shift.r.expense_queued" if move.state == "queued"
                       else "shift.r.expense_rejected"), indent=2)


def _cancellations(b: _Builder, cancellations: tuple[Cancellation, ...],
                   header: PaperHeader) -> None:
    if not cancellations:
        return
    b.rule()
    b.add(b.t("shift.r.cancellations", count=len(cancellations)), bold=True)
    for cancel in cancellations:
        time = cancel.at.astimezone(header.tz).strftime("%H:%M")
        b.pair(f"{time} {cancel.po_number or cancel.client_ref}", _money(cancel.total))
        b.wrap(cancel.reason, indent=2)
        if cancel.cash_back:
            b.pair(b.t("shift.r.cash_back_one"), _money(cancel.cash_back), indent=2)
        if cancel.voided_locally:
            b.wrap(b.t("shift.r.voided_locally"), indent=2)


def _open_sales(b: _Builder, report: ShiftReport) -> None:
    for sales, key in ((report.queued, "shift.r.queued"), (report.rejected, "shift.r.rejected")):
        if not sales:
            continue
        b.rule()
        b.add(b.t(key), bold=True)
        for sale in sales:
            b.pair(sale.client_ref, _money(sale.total))


def _server_check(b: _Builder, differences: tuple[Difference, ...], checked: bool) -> None:
    b.rule()
    b.add(b.t("shift.r.server_check"), bold=True)
    if not checked:
        b.wrap(b.t("shift.r.server_not_checked"))
        return
    found = [d for d in differences if d.what in ("missing", "cancelled")]
    if not found:
        b.wrap(b.t("shift.r.server_ok"))
    for difference in found:
        b.pair(difference.client_ref, _money(difference.total))
        b.wrap(b.t(_DIFFERENCE_KEYS[difference.what]), indent=2)


def layout_cash_slip(move: CashMove, header: PaperHeader, columns: int, lang: str) -> Receipt:
    """The slip left in the drawer for cash paid in or out."""
    b = _builder(columns, lang)
    _head(b, header, b.t("shift.slip.cash_in" if move.direction == "in"
                         else "shift.slip.cash_out"))
    b.labelled(b.t("shift.r.cashier"), header.cashier)
    b.labelled(b.t("shift.slip.date"), _when(move.at, header))
    if move.client_ref:
        b.labelled(b.t("shift.slip.reference"), move.client_ref)
    b.rule()
    b.labelled(b.t("shift.slip.reason"), move.reason)
    b.pair(b.t("shift.slip.amount"), _money(move.amount), bold=True, size="tall")
    b.blank()
    b.wrap(b.t("shift.slip.signature"))
    return Receipt(columns, lang, tuple(b.lines))


def layout_void_slip(cancel: Cancellation, header: PaperHeader, columns: int,
                     lang: str) -> Receipt:
    """The slip of a cancelled order or a voided queued sale."""
    b = _builder(columns, lang)
    _head(b, header, b.t("shift.slip.void"))
    b.labelled(b.t("shift.r.cashier"), header.cashier)
    b.labelled(b.t("shift.slip.date"), _when(cancel.at, header))
    if cancel.po_number:
        b.labelled(b.t("shift.slip.order_no"), cancel.po_number)
    if cancel.client_ref:
        b.labelled(b.t("shift.slip.reference"), cancel.client_ref)
    b.rule()
    b.labelled(b.t("shift.slip.reason"), cancel.reason)
    b.pair(b.t("shift.slip.total"), _money(cancel.total), bold=True, size="tall")
    if cancel.cash_back:
        b.pair(b.t("shift.r.cash_back_one"), _money(cancel.cash_back))
    if cancel.voided_locally:
        b.wrap(b.t("shift.r.voided_locally"))
    b.blank()
    b.wrap(b.t("shift.slip.signature"))
    return Receipt(columns, lang, tuple(b.lines))
