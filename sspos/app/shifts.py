"""Shifts and the cash drawer of one terminal: open, X report, cash in/out, cancel, close.

Where each fact lives, so a report is rebuilt from disk at any time (after a crash too):

- the shift itself, cash paid in and orders cancelled at the counter: the shift book
  (`sspos.store.shifts`, per terminal);
- sales and paid-outs: the outbox, which sends them to SmartSeller. A sale belongs to the
  shift during which it was queued by this terminal (its reference begins with the
  terminal id); its money comes from the receipt stored with it (total, paid, method,
  cash tendered, change). A paid-out is an `expense` entry: created on the server exactly
  once (its reference in the note), queued in the same write that records it, so a crash
  can neither lose it nor book it twice.

`sspos.domain.shift.shift_report` adds them up. Every method here blocks (SQLite): the TUI
calls them in a thread; `server_differences` is the one that talks to the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sspos.api.models.expense import EXPENSE_TITLE_MAX
from sspos.config import Settings
from sspos.domain.money import format_amount
from sspos.domain.order import (
    new_client_reference,
    note_with_reference,
    reference_in_note,
    reference_prefix,
)
from sspos.domain.shift import (
    Cancellation,
    CashMove,
    Difference,
    DifferenceKind,
    SaleState,
    Shift,
    ShiftReport,
    ShiftSale,
    drawer_would_go_negative,
    shift_report,
)
from sspos.i18n import t
from sspos.outbox.entries import OutboxEntry
from sspos.outbox.queue import Outbox
from sspos.outbox.server import CANCELLED_STATUSES, OrderApi, orders_listed
from sspos.store.shifts import ShiftBook, ShiftError, stamp

__all__ = ["CashOutQueued", "ShiftError", "Shifts", "sale_of", "shifts_for"]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

#: Longest reason kept for a cash movement or a cancellation.
REASON_MAX = 200
#: No drawer holds a billion Rupiah: a larger amount is a scan or a slip of the finger.
DRAWER_AMOUNT_MAX = 1_000_000_000

# An outbox entry's state as a report says it (a sale's or a paid-out's).
_OUTBOX_STATES: dict[str, SaleState] = {
    "submitted": "submitted", "pending": "queued", "sending": "queued",
    "rejected": "rejected", "voided": "voided",
}


def _reason(text: str) -> str:
    """A reason as stored: one line, no control bytes, not empty (ShiftError)."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not clean:
        raise ShiftError("shift.error.reason_required")
    return clean[:REASON_MAX]


def _amount(amount: int, *, zero_ok: bool = False) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0 or (
            amount == 0 and not zero_ok):
        raise ShiftError("shift.error.negative", amount=amount)
    if amount > DRAWER_AMOUNT_MAX:
        raise ShiftError("shift.error.too_large", amount=format_amount(amount),
                         max=format_amount(DRAWER_AMOUNT_MAX))
    return amount


def sale_of(entry: OutboxEntry, lang: str) -> ShiftSale:
    """A queued sale as the shift report counts it (from the receipt stored with it; a
    cash tender of a split payment is named in `lang`)."""
    at = datetime.fromisoformat(entry.created_at)
    state = _OUTBOX_STATES[entry.state]
    receipt = entry.receipt
    if receipt is None:  # a damaged receipt: the payload still says what was paid
        payment = entry.payload.get("payment") or {}
        paid = int(payment.get("amount") or 0) if isinstance(payment, dict) else 0
        return ShiftSale(entry.client_ref, at, paid, paid, "?", False, None, 0, state,
                         entry.po_number)
    cash = t("print.method_cash", lang)
    return ShiftSale(
        entry.client_ref, at, receipt.total, receipt.paid, receipt.payment_method or "?",
        receipt.is_cash, receipt.tendered, receipt.change if receipt.is_cash else 0, state,
        entry.po_number,
        tuple((tender.method or cash, tender.amount) for tender in receipt.tenders),
    )


@dataclass(frozen=True, slots=True)
class CashOutQueued:
    """A paid-out recorded (and queued as an expense); `over_drawer`: it took more than
    the drawer should hold, as the cashier confirmed."""

    move: CashMove
    entry_id: int
    over_drawer: bool


class Shifts:
    """The shift use cases of one terminal (see the module docstring)."""

    def __init__(self, book: ShiftBook, outbox: Outbox, *, terminal_id: str, cashier: str,
                 clock: Clock, tz: tzinfo, new_reference: Callable[[], str],
                 lang: str = "id") -> None:
        self.book = book
        self.outbox = outbox
        self.terminal_id = terminal_id
        self.cashier = cashier
        self.clock = clock
        self.tz = tz
        self.new_reference = new_reference
        self.lang = lang

    # -- the shift ----------------------------------------------------------------------

    def current(self) -> Shift | None:
        """This terminal's open shift, or None."""
        return self.book.current(self.terminal_id)

    def require_open(self) -> Shift:
        """The open shift (ShiftError `shift.error.none_open` when there is none)."""
        shift = self.current()
        if shift is None:
            raise ShiftError("shift.error.none_open", terminal=self.terminal_id)
        return shift

    def open(self, opening_float: int) -> Shift:
        """Open a shift with the cash in the drawer (ShiftError when one is open)."""
        return self.book.open_shift(self.terminal_id, self.cashier,
                                    _amount(opening_float, zero_ok=True), self.clock())

    def history(self, limit: int = 50) -> list[Shift]:
        """This terminal's latest shifts, newest first."""
        return self.book.shifts(self.terminal_id, limit)

    def get(self, shift_id: int) -> Shift:
        """A shift of this terminal (ShiftError when unknown or another terminal's)."""
        shift = self.book.get(shift_id)
        if shift.terminal_id != self.terminal_id:
            raise ShiftError("shift.error.unknown", id=shift_id)
        return shift

    # -- what happened during it ------------------------------------------------------------

    def _entries(self, shift: Shift, kind: str) -> list[OutboxEntry]:
        end = None if shift.closed_at is None else stamp(shift.closed_at)
        return self.outbox.created_between(stamp(shift.opened_at), end, [kind],
                                           reference_prefix(self.terminal_id))

    def sales(self, shift: Shift) -> list[ShiftSale]:
        """The sales this terminal queued during `shift`, oldest first."""
        return [sale_of(entry, self.lang) for entry in self._entries(shift, "sale")]

    def moves(self, shift: Shift) -> list[CashMove]:
        """Cash paid in (shift book) and out (expense entries) during `shift`."""
        moves = [
            CashMove("in", event.amount, event.reason, event.at)
            for event in self.book.events(shift.id) if event.kind == "cash_in"
        ]
        for entry in self._entries(shift, "expense"):
            moves.append(CashMove(
                "out", int(entry.payload.get("nominal") or 0),
                str(entry.payload.get("title") or ""), datetime.fromisoformat(entry.created_at),
                _OUTBOX_STATES[entry.state], entry.client_ref,
            ))
        return sorted(moves, key=lambda move: move.at)

    def cancellations(self, shift: Shift, sales: list[ShiftSale]) -> list[Cancellation]:
        """Orders cancelled during `shift` (shift book) and its sales voided in the
        outbox (the reason from the outbox's log), each with the cash handed back."""
        found = []
        for event in self.book.events(shift.id):
            if event.kind != "cancel":
                continue
            client_ref = str(event.detail.get("client_ref") or "")
            found.append(Cancellation(
                event.at, event.reason, event.amount, client_ref, event.detail.get("po_number"),
                cash_back=self.cash_kept(client_ref),
            ))
        for sale in sales:
            if sale.state != "voided":
                continue
            entry = self.outbox.get(sale.client_ref)
            voids = [] if entry is None else [
                record for record in self.outbox.history(entry.id) if record.event == "voided"]
            reason = voids[-1].detail if voids else ""
            at = datetime.fromisoformat(voids[-1].at) if voids else sale.at
            found.append(Cancellation(at, reason, sale.total, sale.client_ref,
                                      voided_locally=True, cash_back=sale.cash_kept))
        return found

    def cash_kept(self, client_ref: str) -> int:
        """What the sale `client_ref` left in its drawer (0: not sold here, or not cash)."""
        entry = self.outbox.get(client_ref) if client_ref else None
        return 0 if entry is None else sale_of(entry, self.lang).cash_kept

    def report(self, shift_id: int | None = None) -> ShiftReport:
        """The X report of the open shift (no id), or the report of shift `shift_id`
        (its Z report once closed, with what its close check found)."""
        shift = self.require_open() if shift_id is None else self.get(shift_id)
        sales = self.sales(shift)
        closing = self.book.closing(shift.id) if not shift.is_open else None
        differences: list[Difference] | None = None
        if closing is not None and closing.get("server_checked"):
            differences = [Difference(str(d["client_ref"]), d["what"], int(d["total"]))
                           for d in closing.get("differences", [])]
        return shift_report(shift, sales, self.moves(shift),
                            self.cancellations(shift, sales), differences=differences)

    # -- the drawer ------------------------------------------------------------------------

    def cash_in(self, amount: int, reason: str) -> CashMove:
        """Cash put into the drawer (change brought in…): kept on this terminal only."""
        shift = self.require_open()
        event = self.book.add_event(shift.id, "cash_in", _amount(amount), _reason(reason),
                                    self.clock())
        return CashMove("in", event.amount, event.reason, event.at)

    def cash_out(self, amount: int, reason: str, *, over_drawer_ok: bool = False
                 ) -> CashOutQueued:
        """Cash taken out of the drawer, queued as a SmartSeller expense (sent exactly
        once by the outbox worker: wake it). More than the drawer should hold raises
        ShiftError `shift.error.over_drawer` unless `over_drawer_ok` (the cashier
        confirmed)."""
        shift = self.require_open()
        amount, why = _amount(amount), _reason(reason)
        report = self.report()
        over = drawer_would_go_negative(report, amount)
        if over and not over_drawer_ok:
            raise ShiftError("shift.error.over_drawer", amount=format_amount(amount),
                             expected=format_amount(report.cash_expected))
        now = self.clock()
        ref = self.new_reference()
        note = t("shift.expense_note", self.lang, terminal=self.terminal_id,
                 cashier=self.cashier or "-", reason=why)
        entry = self.outbox.enqueue_expense(ref, {
            "title": why[:EXPENSE_TITLE_MAX],  # the API's limit; the note has it all
            "nominal": amount,
            "note": note_with_reference(note, ref),
            "date": now.astimezone(self.tz).date().isoformat(),
        })
        log.info("shift %d: paid out %d (%s), expense entry #%d", shift.id, amount, ref,
                 entry.id)
        move = CashMove("out", amount, why, datetime.fromisoformat(entry.created_at),
                        "queued", ref)
        return CashOutQueued(move, entry.id, over)

    def record_cancel(self, reason: str, total: int, *, client_ref: str = "",
                      po_number: str | None = None, order_id: int | None = None
                      ) -> Cancellation:
        """Remember an order cancelled on the server from this counter (for the Z report).
        Needs no open shift to cancel, but is only recorded in one."""
        shift = self.current()
        why = _reason(reason)
        cash_back = self.cash_kept(client_ref)
        if shift is None:
            return Cancellation(self.clock(), why, total, client_ref, po_number,
                                cash_back=cash_back)
        event = self.book.add_event(
            shift.id, "cancel", max(0, int(total)), why, self.clock(),
            {"client_ref": client_ref, "po_number": po_number, "order_id": order_id},
        )
        return Cancellation(event.at, why, event.amount, client_ref, po_number,
                            cash_back=cash_back)

    # -- closing ---------------------------------------------------------------------------

    def close(self, counted: int, differences: list[Difference] | None = None
              ) -> ShiftReport:
        """Close the open shift with the cash counted; the Z report. `differences`: what
        `server_differences` found (None: the server could not be checked)."""
        shift = self.require_open()
        report = self.report()
        closing: dict[str, Any] = {
            "queued": [sale.client_ref for sale in report.queued],
            "rejected": [sale.client_ref for sale in report.rejected],
            "server_checked": differences is not None,
            "differences": [
                {"client_ref": d.client_ref, "what": d.what, "total": d.total}
                for d in differences or []
            ],
        }
        self.book.close_shift(shift.id, _amount(counted, zero_ok=True), self.clock(), closing)
        return self.report(shift.id)

    async def server_differences(self, client: OrderApi, shift: Shift,
                                 sales: list[ShiftSale]) -> list[Difference]:
        """Compare the shift's sales with the orders the server holds for its days
        (GET `order`, every page): a sale still queued or rejected, one submitted that
        is not among the server's orders (the listing leaves cancelled ones out; one it
        lists as cancelled is said so). Raises what the client raises,
        and `SearchIncomplete` when the listing cannot be read to its end."""
        # A day either side: the server may file an order under its own clock.
        first = shift.opened_at.astimezone(self.tz).date() - timedelta(days=1)
        last = (shift.closed_at or self.clock()).astimezone(self.tz).date() + timedelta(days=1)
        filters = {"start_date": first.isoformat(), "end_date": last.isoformat()}
        # Cancelled from this counter: on the Z report already, not a difference.
        known = {c.client_ref for c in self.cancellations(shift, sales)}
        live: set[str] = set()
        cancelled: set[str] = set()
        wanted = {s.client_ref for s in sales if s.state == "submitted"}
        if wanted:
            async for order in orders_listed(client, filters):
                ref = reference_in_note(getattr(order, "note", None))
                if ref is None or ref not in wanted:
                    continue
                status = str(getattr(order, "order_status", "") or "").upper()
                (cancelled if status in CANCELLED_STATUSES else live).add(ref)
        differences: list[Difference] = []
        for sale in sales:
            ref = sale.client_ref
            if sale.state == "queued":
                differences.append(Difference(ref, "queued", sale.total))
            elif sale.state == "rejected":
                differences.append(Difference(ref, "rejected", sale.total))
            elif sale.state == "submitted" and ref not in live | known:
                what: DifferenceKind = "cancelled" if ref in cancelled else "missing"
                differences.append(Difference(ref, what, sale.total))
        return differences


def shifts_for(settings: Settings, data_dir: Path, *,
               new_reference: Callable[[], str] | None = None) -> Shifts:
    """The shift use cases of the configured terminal over a data folder (the CLI's;
    the TUI's `Pos` builds its own over the stores it has open). Times are the wall
    clock's, as the outbox stamps its entries."""
    tz = settings.tz

    def now() -> datetime:
        return datetime.now(tz)

    return Shifts(
        ShiftBook.in_dir(data_dir), Outbox.in_dir(data_dir), terminal_id=settings.terminal_id,
        cashier=settings.cashier, clock=now, tz=tz,
        new_reference=new_reference or (lambda: new_client_reference(settings.terminal_id,
                                                                      now())),
        lang=settings.lang,
    )
