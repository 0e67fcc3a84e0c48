"""Payment: PAID, INSTALLMENT, UNPAID; cash tendered and change.

Whole Rupiah throughout, so no rounding rules: a short cash payment is an error, never a
negative change.
"""

from __future__ import annotations

from dataclasses import dataclass
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
class Settlement:
    """The checked outcome: what is paid now, change to give, what remains owed."""

    status: PaymentStatus
    amount: int  # paid now (0 for UNPAID)
    bank_id: int | None
    is_cash: bool
    tendered: int | None
    change: int  # Kembalian, >= 0
    remaining: int  # still owed after this payment


def settle(payment: Payment, total: int) -> Settlement:
    """Check a payment against the order total; raises DomainError when it does not fit.

    - PAID: the amount is the total; cash tendered below it is an error, above it gives change.
    - INSTALLMENT: 0 < amount < total is paid now, the rest remains owed.
    - UNPAID: nothing is paid now; a bank given anyway is passed through.
    PAID and INSTALLMENT need a bank account (cash maps to the configured cash account).
    A total of Rp0 is refused whatever the status.
    """
    if total < 0:
        raise DomainError("domain.payment.total_negative", "total", total=Money(total))
    if total == 0:
        # SmartSeller takes no payment below Rp1 and the API documents no rule for free
        # orders: a 100% discount is refused here, before the cashier confirms.
        raise DomainError("domain.payment.total_zero", "total")
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
    )
