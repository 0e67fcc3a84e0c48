"""Whole-Rupiah money: formatting for screens and receipts, parsing what a cashier types."""

from __future__ import annotations

import re

Rupiah = int


class MoneyParseError(ValueError):
    """The text is not an amount of Rupiah the POS understands."""


def format_amount(amount: int) -> str:
    """Rupiah without the currency, as reports print it: `507000` -> `507.000`;
    `-2000` -> `-2.000`."""
    return f"{int(amount):,}".replace(",", ".")


def format_rupiah(amount: int) -> str:
    """`1250000` -> `Rp1.250.000`; `-5000` -> `-Rp5.000`."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{format_amount(abs(int(amount)))}"


class Money(int):
    """An int that shows itself as Rupiah (`Rp1.250.000`) when formatted into a message.

    Explanation and error params hold Money, so `t(key, lang, **params)` prints Rupiah while
    code still reads plain integers; formatting happens only when a message is shown.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return format_rupiah(self)

    def __format__(self, spec: str) -> str:
        return format_rupiah(self) if not spec else int.__format__(self, spec)


_MULTIPLIERS = {"": 1, "rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?(?P<num>[0-9][0-9.,]*)\s*(?P<unit>rb|ribu|k|jt|juta)?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$")  # 1.250.000


def parse_rupiah(text: str) -> int:
    """Parse a typed amount: `125000`, `125.000`, `Rp125.000`, `125rb`, `1,5jt`, `1.5jt`.

    Dots are thousands separators unless a unit (rb/jt) follows and the dot is decimal
    (`1.5jt`). A comma is always a decimal separator, and only allowed with a unit.
    Raises MoneyParseError for anything else (negative, empty, letters, fractions of Rp).
    """
    cleaned = text.strip().lower().replace(" ", "")
    match = _AMOUNT.match(cleaned)
    if not match:
        raise MoneyParseError(f"not an amount: {text!r}")
    num, unit = match["num"], match["unit"] or ""
    multiplier = _MULTIPLIERS[unit]
    if unit:
        if _GROUPED.match(num):
            value_text = num.replace(".", "")
        else:
            value_text = num.replace(",", ".")
            if value_text.count(".") > 1:
                raise MoneyParseError(f"not an amount: {text!r}")
        whole, _, frac = value_text.partition(".")
        amount = int(whole or "0") * multiplier
        if frac:
            scale = 10 ** len(frac)
            if (int(frac) * multiplier) % scale:
                raise MoneyParseError(f"not a whole number of Rupiah: {text!r}")
            amount += int(frac) * multiplier // scale
        return amount
    if "," in num:
        raise MoneyParseError(f"not a whole number of Rupiah: {text!r}")
    if "." in num and not _GROUPED.match(num):
        raise MoneyParseError(f"not an amount: {text!r}")
    return int(num.replace(".", ""))
