"""How the sale's prices are worded on screen: tier labels and "why this price".

The screen never computes money itself: every figure comes from `price_cart`.
"""

from __future__ import annotations

from sspos.domain.cart import Cart
from sspos.domain.catalog import CustomerCategory, VariantInfo
from sspos.domain.pricing import PricedLine, price_cart
from sspos.i18n import t


def unit_price(variant: VariantInfo, category: CustomerCategory) -> int:
    """The price one unit has for `category` (asks the domain, never computes it)."""
    cart = Cart()
    cart.add(variant, 1)
    priced = price_cart(cart, category)
    return priced.lines[0].unit_price if priced.lines else variant.price


def _custom_code(label: str) -> str | None:
    """`price2` -> "2" (a custom category's price field); None for any other label."""
    return label[5:] if label.startswith("price") and label[5:].isdigit() else None


def tier_label(line: PricedLine, lang: str) -> str:
    """Short label of the price a line got (the cart's column): Grosir, Reseller, Harga 1,
    Normal."""
    if line.wholesale_band is not None:
        return t("tui.tier.wholesale", lang)
    code = _custom_code(line.tier_label)
    if code is not None:
        return t("tui.tier.custom", lang, code=code)
    if line.tier_label == "price_reseller":
        return t("tui.tier.price_reseller", lang)
    return t("tui.tier.price", lang)


def tier_name(label: str, lang: str) -> str:
    """A price field as a sentence names it: `price` -> "Harga normal", `price_reseller`
    -> "Harga reseller", `price2` -> "Harga 2" (never "Harga Harga 2")."""
    code = _custom_code(label)
    if code is not None:
        return t("tui.tier.custom", lang, code=code)
    if label == "price_reseller":
        return t("tui.tier.name_reseller", lang)
    if label == "price":
        return t("tui.tier.name_price", lang)
    return label


def explain(line: PricedLine, lang: str, category_names: dict[str, str] | None = None) -> str:
    """Why a line costs what it does, as one sentence (joined explanations); price
    fields and category codes are shown by the names the shop uses."""
    parts = []
    for e in line.explanations:
        params = dict(e.params)
        if isinstance(params.get("tier"), str):
            params["tier"] = tier_name(params["tier"], lang)
        code = params.get("category")
        if category_names and isinstance(code, str) and category_names.get(code):
            params["category"] = category_names[code]
        parts.append(t(e.key, lang, **params))
    return " · ".join(parts)
