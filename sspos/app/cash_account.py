"""Which of the shop's accounts the cash drawer is booked to.

SmartSeller has no "cash" payment: a PAID or INSTALLMENT order names a bank account
(`payment.bank_id`). Many shops keep an account for the drawer ("Kas Toko"); a new shop
may have only its bank accounts. In order:

1. the `cash_bank_id` setting;
2. the account remembered from an earlier answer (still one of the shop's accounts);
3. the one account whose name says it is cash ("Kas", "Cash", "Tunai", "Laci");
4. otherwise nobody knows yet: the cashier is asked once (`choices`), and the answer is
   remembered (`remember`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sspos.api.models import Bank
from sspos.app.pos_state import PosState

CashSource = Literal["setting", "remembered", "named"]

# Words that mark an account as the drawer, as whole words of its name (or its type).
CASH_WORDS = frozenset({"kas", "cash", "tunai", "laci"})
_WORD = re.compile(r"[^\W_]+")


def account_label(bank: Bank) -> str:
    """How an account is shown: `BCA · 12345678 · Budi`."""
    parts = [bank.bank_name] + [p for p in (bank.account_number, bank.holder_name) if p]
    return " · ".join(str(p) for p in parts if p)


def looks_like_cash(bank: Bank) -> bool:
    """True when the account's name or type says it is the cash drawer."""
    words = set(_WORD.findall(f"{bank.bank_name} {bank.bank_type or ''}".casefold()))
    return bool(words & CASH_WORDS)


@dataclass(frozen=True, slots=True)
class CashAccount:
    """The account cash is booked to, and how it was found."""

    bank_id: int
    label: str
    source: CashSource


def find_cash_account(
    setting_id: int | None, remembered_id: int | None, banks: Sequence[Bank]
) -> CashAccount | None:
    """The cash account by the rules above, or None when the cashier must choose.

    `banks` are the shop's accounts (from the local reference data or the API). A
    remembered account the shop no longer has is ignored; two accounts that both look
    like cash are a choice for the cashier, not for a guess.
    """
    by_id = {bank.bank_id: bank for bank in banks}
    if setting_id is not None:
        bank = by_id.get(setting_id)
        return CashAccount(setting_id, account_label(bank) if bank else f"#{setting_id}",
                           "setting")
    if remembered_id is not None and (remembered_id in by_id or not banks):
        bank = by_id.get(remembered_id)
        return CashAccount(remembered_id, account_label(bank) if bank else f"#{remembered_id}",
                           "remembered")
    named = [bank for bank in banks if looks_like_cash(bank)]
    if len(named) == 1:
        return CashAccount(named[0].bank_id, account_label(named[0]), "named")
    return None


def choices(banks: Sequence[Bank]) -> list[Bank]:
    """The accounts the cashier may pick for cash: bank accounts first, then gateways
    (a payment gateway rarely holds a drawer's cash, but the shop decides)."""
    return sorted(banks, key=lambda b: (str(b.type or "BANK").upper() != "BANK"))


def remember(state: PosState, bank: Bank) -> CashAccount:
    """Keep the cashier's answer; later cash payments use it without asking."""
    state.remember(cash_bank_id=bank.bank_id)
    return CashAccount(bank.bank_id, account_label(bank), "remembered")
