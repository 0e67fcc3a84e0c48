"""Pricing the way SmartSeller does (see shared/spec/POS-API-NOTES.md, "Pricing").

CONTRACT (types are fixed; the domain owner implements `price_cart`).
Every figure on screen and on the receipt comes from one `PricedCart`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sspos.domain.cart import Cart, CartLine, OrderCost
from sspos.domain.catalog import CustomerCategory, WholesaleBand

# Which quantity selects a wholesale band: the total of the product's variants in the cart
# (this project's reading) or the line's own quantity. One switch, one place.
WholesaleRule = Literal["product_total", "line"]
DEFAULT_WHOLESALE_RULE: WholesaleRule = "product_total"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a price is what it is, as a translatable message key with parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PricedLine:
    line: CartLine
    tier_label: str  # which price field was used: "price", "price_reseller", "price1"…
    tier_price: int  # unit price of the customer's tier
    wholesale_band: WholesaleBand | None  # the band applied, if any
    product_discount: int  # per-unit product discount applied (0 when not)
    unit_price: int  # per unit after wholesale band / product discount
    gross: int  # unit_price * qty
    line_discount: int  # Rupiah taken off by the line discount
    total: int  # gross - line_discount
    explanations: tuple[Explanation, ...] = ()


@dataclass(frozen=True, slots=True)
class PricedCost:
    cost: OrderCost
    amount: int  # signed: negative for DISCOUNT, positive for OTHER COST / INSURANCE


@dataclass(frozen=True, slots=True)
class PricedCart:
    category: CustomerCategory
    lines: tuple[PricedLine, ...]
    subtotal: int  # sum of line totals (after line discounts)
    costs: tuple[PricedCost, ...]
    discount_total: int  # sum of order-level DISCOUNTs, as a positive number
    cost_total: int  # sum of OTHER COST + INSURANCE
    shipping: int
    total: int  # subtotal - discount_total + cost_total + shipping, never below 0
    explanations: tuple[Explanation, ...] = ()


def price_cart(
    cart: Cart, category: CustomerCategory, *, wholesale_rule: WholesaleRule = DEFAULT_WHOLESALE_RULE
) -> PricedCart:
    """Price every line and the order; pure and deterministic."""
    raise NotImplementedError("domain owner: implement")
