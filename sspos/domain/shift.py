"""A cashier's shift and its X/Z report, computed from what was stored during it.

Pure: the application layer (`sspos.app.shifts`) reads the shift's stored events (its
opening float, cash paid in, orders cancelled, its closing count) and the sales and
paid-outs this terminal queued meanwhile, and hands them here; `shift_report` adds them
up. The same inputs always give the same report, so a report is reproducible after a
crash and reprintable for a past shift.

Cash expected in the drawer = float + cash taken − change given + paid in − paid out −
cash handed back. A sale that was voided (never reached the server) or whose order was
cancelled counts in no total: it is listed among the cancellations, its cash taken as
handed back. A cancelled sale of an earlier shift was counted in that shift's drawer: the
cash it left there is handed back from this one (`Cancellation.cash_back`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

SaleState = Literal["submitted", "queued", "rejected", "voided"]
MoveState = Literal["local", "submitted", "queued", "rejected", "voided"]
DifferenceKind = Literal["queued", "rejected", "missing", "cancelled"]


@dataclass(frozen=True, slots=True)
class ShiftSale:
    """One sale rung up during the shift (from its stored receipt and outbox state)."""

    client_ref: str
    at: datetime
    total: int
    paid: int
    method: str  # how the receipt names the payment: "Tunai", "BCA"…
    is_cash: bool
    tendered: int | None
    change: int
    state: SaleState
    po_number: str | None = None
    # A sale paid in several tenders: (method, what it paid) each; the methods' totals
    # count each tender apart. Empty: one method, `method`.
    tenders: tuple[tuple[str, int], ...] = ()

    def by_method(self) -> tuple[tuple[str, int, int], ...]:
        """(method, its share of the total, paid by it) for each way this sale was paid."""
        if self.tenders:
            return tuple((method, amount, amount) for method, amount in self.tenders)
        return ((self.method, self.total, self.paid),)

    @property
    def cash_taken(self) -> int:
        """What went into the drawer: the cash handed over (or the amount paid)."""
        if not self.is_cash:
            return 0
        return self.tendered if self.tendered is not None else self.paid

    @property
    def cash_kept(self) -> int:
        """What the sale left in the drawer: the cash taken less the change given."""
        return self.cash_taken - self.change if self.is_cash else 0


@dataclass(frozen=True, slots=True)
class CashMove:
    """Cash paid into (`in`) or out of (`out`) the drawer, with its reason. A paid-out
    is a SmartSeller expense: `state` says how far it got."""

    direction: Literal["in", "out"]
    amount: int
    reason: str
    at: datetime
    state: MoveState = "local"
    client_ref: str = ""


@dataclass(frozen=True, slots=True)
class Cancellation:
    """A sale taken back: an order cancelled on the server, or a queued sale voided."""

    at: datetime
    reason: str
    total: int
    client_ref: str = ""
    po_number: str | None = None
    voided_locally: bool = False  # never reached the server (an outbox void)
    # The cash handed back: what the sale left in the drawer (0: not paid in cash). For
    # a sale of the shift itself this is already out of its totals; one of an earlier
    # shift was counted there, so this drawer pays it (`ShiftReport.cash_back`).
    cash_back: int = 0


@dataclass(frozen=True, slots=True)
class Difference:
    """A sale whose state on the server is not what the shift expects (the close check)."""

    client_ref: str
    what: DifferenceKind
    total: int


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift as stored: who, when, the opening float and (once closed) the count."""

    id: int
    terminal_id: str
    cashier: str
    opened_at: datetime
    opening_float: int
    closed_at: datetime | None = None
    counted: int | None = None

    @property
    def is_open(self) -> bool:
        """Not closed yet."""
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class MethodTotal:
    """Sales paid one way: how many, their total, and what was received."""

    method: str
    count: int
    total: int
    paid: int


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """An X report (shift open: `shift.counted` is None) or a Z report (closed)."""

    shift: Shift
    methods: tuple[MethodTotal, ...]
    sales_count: int
    sales_total: int
    cash_taken: int
    change_given: int
    paid_in: int
    paid_out: int
    cash_in: tuple[CashMove, ...]
    cash_out: tuple[CashMove, ...]
    cancellations: tuple[Cancellation, ...]
    queued: tuple[ShiftSale, ...]
    rejected: tuple[ShiftSale, ...]
    differences: tuple[Difference, ...] = ()
    server_checked: bool = False
    cash_back: int = 0  # cash handed back for cancelled sales of earlier shifts

    @property
    def final(self) -> bool:
        """A Z report: the shift is closed and its cash counted."""
        return self.shift.counted is not None

    @property
    def cash_expected(self) -> int:
        """Float + cash taken − change given + paid in − paid out − cash handed back."""
        return (self.shift.opening_float + self.cash_taken - self.change_given
                + self.paid_in - self.paid_out - self.cash_back)

    @property
    def over_short(self) -> int | None:
        """Counted − expected (negative: short); None before the count."""
        counted = self.shift.counted
        return None if counted is None else counted - self.cash_expected


def shift_report(
    shift: Shift,
    sales: list[ShiftSale],
    moves: list[CashMove],
    cancellations: list[Cancellation],
    *,
    differences: list[Difference] | None = None,
) -> ShiftReport:
    """Add up a shift (see the module docstring). `differences`: the close check's
    findings (None: the server was not checked)."""
    taken_back = {c.client_ref for c in cancellations if c.client_ref}
    counted = [s for s in sales if s.state != "voided" and s.client_ref not in taken_back]
    own = {s.client_ref for s in sales}
    by_method: dict[str, list[tuple[str, int, int]]] = {}
    for sale in counted:
        for part in sale.by_method():
            by_method.setdefault(part[0], []).append(part)
    methods = tuple(
        MethodTotal(method, len(parts), sum(p[1] for p in parts), sum(p[2] for p in parts))
        for method, parts in sorted(by_method.items())
    )
    cash_in = tuple(m for m in moves if m.direction == "in")
    cash_out = tuple(m for m in moves if m.direction == "out" and m.state != "voided")
    return ShiftReport(
        shift=shift,
        methods=methods,
        sales_count=len(counted),
        sales_total=sum(s.total for s in counted),
        cash_taken=sum(s.cash_taken for s in counted),
        change_given=sum(s.change for s in counted if s.is_cash),
        paid_in=sum(m.amount for m in cash_in),
        paid_out=sum(m.amount for m in cash_out),
        cash_in=cash_in,
        cash_out=cash_out,
        cancellations=tuple(sorted(cancellations, key=lambda c: c.at)),
        queued=tuple(s for s in counted if s.state == "queued"),
        rejected=tuple(s for s in counted if s.state == "rejected"),
        differences=tuple(differences or ()),
        server_checked=differences is not None,
        cash_back=sum(c.cash_back for c in cancellations if c.client_ref not in own),
    )


def drawer_would_go_negative(report: ShiftReport, paying_out: int) -> bool:
    """Whether paying `paying_out` out would take more than the drawer should hold."""
    return paying_out > report.cash_expected
