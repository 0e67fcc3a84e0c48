"""Payment: PAID, INSTALLMENT, UNPAID; cash tendered and change.

CONTRACT (types fixed; the domain owner implements `settle`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaymentStatus = Literal["PAID", "INSTALLMENT", "UNPAID"]


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
    """Check a payment against the order total; raises DomainError when it does not fit."""
    raise NotImplementedError("domain owner: implement")
