"""Payment: PAID, INSTALLMENT, UNPAID; cash tendered and change; several tenders.

Whole Rupiah throughout, so no rounding rules: a short cash payment is an error, never a
negative change. A sale may be paid in several tenders (cash and a card, say): only cash
gives change, and never more than the cash handed over (`settle_split`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sspos.domain.errors import DomainError
from sspos.domain.money import Money

PaymentStatus = Literal["PAID", "INSTALLMENT", "UNPAID"]
PAYMENT_STATUSES: tuple[PaymentStatus, ...] = ("PAID", "INSTALLMENT", "UNPAID")
BANK_REQUIRED: frozenset[str] = frozenset({"PAID", "INSTALLMENT"})


@dataclass(frozen=True, slots=True)
class Payment:
    """What the cashier entered on the payment screen."""

    status: PaymentStatus
    amount: int = 0  # INSTALLMENT: the part paid now; PAID: ignored (= total)
    bank_id: int | None = None  # cash maps to the shop's configured cash account
    is_cash: bool = False
    tendered: int | None = None  # cash handed over (PAID by cash)


@dataclass(frozen=True, slots=True)
class Tender:
    """One way the customer pays part of a sale: cash handed over, or an amount charged
    to one of the shop's accounts (a card, a transfer, a wallet)."""

    amount: int
    bank_id: int | None  # cash: the shop's cash account
    is_cash: bool = False


@dataclass(frozen=True, slots=True)
class SettledTender:
    """A tender as the order books it: `handed` is what the customer gave (cash) or was
    charged; `paid` is what of it pays the order (cash: `handed` less the change)."""

    bank_id: int | None
    is_cash: bool
    handed: int
    paid: int


@dataclass(frozen=True, slots=True)
class Settlement:
    """The checked outcome: what is paid now, change to give, what remains owed, and the
    tenders it is paid with (one for an ordinary payment, none when UNPAID)."""

    status: PaymentStatus
    amount: int  # paid now (0 for UNPAID)
    bank_id: int | None  # the first tender's account
    is_cash: bool  # cash is among the tenders (the drawer opens)
    tendered: int | None  # cash handed over, when cash is among the tenders
    change: int  # Kembalian, >= 0, from cash only
    remaining: int  # still owed after this payment
    tenders: tuple[SettledTender, ...] = ()

    @property
    def is_split(self) -> bool:
        """Paid in more than one tender."""
        return len(self.tenders) > 1


@dataclass(frozen=True, slots=True)
class SplitBalance:
    """Where tenders stand against a total while the cashier adds them: what was handed
    over, what is still to pay, and what would go back as change."""

    handed: int
    remaining: int  # 0 once the tenders cover the total
    over: int  # handed beyond the total (change, if it is cash)


def _check_total(total: int) -> None:
    if total < 0:
        raise DomainError("domain.payment.total_negative", "total", total=Money(total))
    if total == 0:
        # SmartSeller takes no payment below Rp1 and the API documents no rule for free
        # orders: a 100% discount is refused here, before the cashier confirms.
        raise DomainError("domain.payment.total_zero", "total")


def settle(payment: Payment, total: int) -> Settlement:
    """Check a payment against the order total; raises DomainError when it does not fit.

    - PAID: the amount is the total; cash tendered below it is an error, above it gives change.
    - INSTALLMENT: 0 < amount < total is paid now, the rest remains owed.
    - UNPAID: nothing is paid now; a bank given anyway is passed through.
    PAID and INSTALLMENT need a bank account (cash maps to the configured cash account).
    A total of Rp0 is refused whatever the status.
    """
    _check_total(total)
    if payment.status not in PAYMENT_STATUSES:
        raise DomainError("domain.payment.status_unknown", "status", status=str(payment.status))
    if payment.status in BANK_REQUIRED and payment.bank_id is None:
        raise DomainError("domain.payment.bank_required", "bank_id")
    if payment.status == "UNPAID":
        return Settlement("UNPAID", 0, payment.bank_id, payment.is_cash, None, 0, total)
    if payment.status == "PAID":
        amount = total
    else:
        amount = payment.amount
        if not 0 < amount < total:
            raise DomainError(
                "domain.payment.installment_range",
                "amount",
                amount=Money(amount),
                total=Money(total),
            )
    change = 0
    tendered = payment.tendered
    if tendered is not None:
        if tendered < amount:
            raise DomainError(
                "domain.payment.tendered_short",
                "tendered",
                tendered=Money(tendered),
                amount=Money(amount),
                short=Money(amount - tendered),
            )
        change = tendered - amount
    return Settlement(
        status=payment.status,
        amount=amount,
        bank_id=payment.bank_id,
        is_cash=payment.is_cash,
        tendered=tendered,
        change=change,
        remaining=total - amount,
        tenders=(SettledTender(payment.bank_id, payment.is_cash, amount + change, amount),),
    )


def split_balance(tenders: Sequence[Tender], total: int) -> SplitBalance:
    """How far `tenders` are from `total` (amounts below 1 count as nothing)."""
    handed = sum(tender.amount for tender in tenders if tender.amount > 0)
    return SplitBalance(handed, max(total - handed, 0), max(handed - total, 0))


def settle_split(tenders: Sequence[Tender], total: int) -> Settlement:
    """Check a payment in full made of several tenders; raises DomainError when it does not
    fit, naming the tender (`tenders.<i>`) or all of them (`tenders`) and by how much.

    - every tender is a positive amount booked to an account (cash: the cash account);
    - together they pay at least the total, and only cash may go over it: the change
      comes from the cash and is less than the cash handed (the other tenders alone stay
      below the total);
    - the cash tenders are one payment (one drawer): booked as one, where the first cash
      tender stands, the change taken off it.

    One tender is an ordinary PAID payment (`settle`).
    """
    _check_total(total)
    if not tenders:
        raise DomainError("domain.payment.no_tenders", "tenders")
    for i, tender in enumerate(tenders):
        if tender.amount <= 0:
            raise DomainError("domain.payment.tender_amount", f"tenders.{i}",
                              amount=Money(tender.amount))
        if tender.bank_id is None:
            raise DomainError("domain.payment.bank_required", f"tenders.{i}")
    cash = sum(tender.amount for tender in tenders if tender.is_cash)
    other = sum(tender.amount for tender in tenders if not tender.is_cash)
    if other > total:
        raise DomainError("domain.payment.split_other_over", "tenders",
                          over=Money(other - total), total=Money(total))
    handed = cash + other
    if handed < total:
        raise DomainError("domain.payment.split_short", "tenders", short=Money(total - handed),
                          handed=Money(handed), total=Money(total))
    if cash and other == total:
        raise DomainError("domain.payment.split_cash_unneeded", "tenders", cash=Money(cash))
    change = handed - total
    settled: list[SettledTender] = []
    for tender in tenders:
        if not tender.is_cash:
            settled.append(SettledTender(tender.bank_id, False, tender.amount, tender.amount))
        elif not any(s.is_cash for s in settled):
            settled.append(SettledTender(tender.bank_id, True, cash, cash - change))
    return Settlement(
        status="PAID",
        amount=total,
        bank_id=settled[0].bank_id,
        is_cash=cash > 0,
        tendered=cash if cash else None,
        change=change,
        remaining=0,
        tenders=tuple(settled),
    )


def book_cash_to(settlement: Settlement, bank_id: int) -> Settlement:
    """`settlement` with its cash booked to `bank_id` (the cash account, which may be
    known only when the sale is confirmed)."""
    tenders = tuple(replace(t, bank_id=bank_id) if t.is_cash else t
                    for t in settlement.tenders)
    if tenders:
        first = tenders[0].bank_id
    else:
        first = bank_id if settlement.is_cash else settlement.bank_id
    return replace(settlement, bank_id=first, tenders=tenders)
