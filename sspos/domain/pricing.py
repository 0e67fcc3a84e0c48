"""Pricing the way SmartSeller does (see shared/spec/POS-API-NOTES.md, "Pricing").

Every figure on screen and on the receipt comes from one `PricedCart`. The readings this
project adopts where the doc is silent live in one place each:

- `TIER_FIELDS` / `tier_for`: which price field a customer category code selects.
- `WholesaleRule` / `wholesale_quantities`: which quantity selects a wholesale band.
- `percent_of`: how a percentage becomes whole Rupiah (half up).
- `_price_line`: a wholesale band applies only when it is not above the customer's own
  price (tier price less the product discount), so a unit never costs more for buying more.

Explanations carry a message key (`domain.price.*`, `domain.line.*`, `domain.cart.*`) and
params; money params are `Money` ints that format as `Rp12.500`, quantities are ints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sspos.domain.cart import Cart, CartLine, LineDiscount, OrderCost
from sspos.domain.catalog import CustomerCategory, VariantInfo, WholesaleBand
from sspos.domain.money import Money

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

    @property
    def price_before_discount(self) -> int:
        """Per unit before any discount: the band price, else the tier price."""
        return self.unit_price + self.product_discount

    @property
    def list_total(self) -> int:
        """The line before any discount: `price_before_discount * qty`."""
        return self.price_before_discount * self.line.qty

    @property
    def discount_total(self) -> int:
        """Everything taken off the line: the product discount on every unit plus the line
        discount (`list_total - discount_total == total`)."""
        return self.product_discount * self.line.qty + self.line_discount


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

    @property
    def list_subtotal(self) -> int:
        """The products before any item discount (`subtotal + item_discount_total`)."""
        return sum(line.list_total for line in self.lines)

    @property
    def item_discount_total(self) -> int:
        """Product and line discounts of every line together."""
        return sum(line.discount_total for line in self.lines)


# Category code -> price field. Custom numeric codes ("1", "2", "3"…) map to `price<k>`
# (held in VariantInfo.tier_prices under the code); anything unknown falls back to `price`.
TIER_FIELDS: dict[str, str] = {"N": "price", "Y": "price_reseller", "D": "price_reseller"}


def tier_for(variant: VariantInfo, category_code: str) -> tuple[str, int, Explanation]:
    """The price tier a category gets for a variant: (label, unit price, why).

    A tier price of 0 or missing falls back to `price`, and the explanation says so.
    """
    code = category_code.strip()
    field_name = TIER_FIELDS.get(code)
    tier_price: int | None
    if field_name == "price":
        return (
            "price",
            variant.price,
            Explanation(
                "domain.price.tier",
                {"tier": "price", "category": code, "price": Money(variant.price)},
            ),
        )
    if field_name == "price_reseller":
        label, tier_price = "price_reseller", variant.price_reseller
    elif code.isdigit():
        label, tier_price = f"price{code}", variant.tier_prices.get(code)
    else:
        return (
            "price",
            variant.price,
            Explanation(
                "domain.price.tier_unknown_category",
                {"category": code, "price": Money(variant.price)},
            ),
        )
    if not tier_price or tier_price < 0:
        return (
            "price",
            variant.price,
            Explanation(
                "domain.price.tier_fallback",
                {"tier": label, "category": code, "price": Money(variant.price)},
            ),
        )
    return (
        label,
        tier_price,
        Explanation(
            "domain.price.tier", {"tier": label, "category": code, "price": Money(tier_price)}
        ),
    )


def wholesale_quantities(
    lines: list[CartLine], rule: WholesaleRule = DEFAULT_WHOLESALE_RULE
) -> list[int]:
    """For each line, the quantity that selects its wholesale band under `rule`.

    "product_total": the total quantity of all variants of the line's product in the cart
    (this project's reading of SmartSeller); "line": the line's own quantity.
    """
    if rule == "line":
        return [line.qty for line in lines]
    per_product: dict[int, int] = {}
    for line in lines:
        pid = line.variant.product_id
        per_product[pid] = per_product.get(pid, 0) + line.qty
    return [per_product[line.variant.product_id] for line in lines]


def band_for(bands: tuple[WholesaleBand, ...], qty: int) -> WholesaleBand | None:
    """The wholesale band matching `qty`; with overlapping bands the highest `from` wins.

    Bands with a price of 0 or less are bad data and never match (they would sell free).
    """
    best: WholesaleBand | None = None
    for band in bands:
        if band.price > 0 and band.matches(qty) and (best is None or band.from_qty > best.from_qty):
            best = band
    return best


def band_range(band: WholesaleBand) -> str:
    """A band's quantity range for people: `10-19`, or `20+` when it has no upper end."""
    return f"{band.from_qty}+" if band.to_qty is None else f"{band.from_qty}-{band.to_qty}"


def percent_of(amount: int, percentage: int) -> int:
    """`percentage` % of `amount` in whole Rupiah, rounded half up (percentage clamped 0–100)."""
    pct = min(max(percentage, 0), 100)
    return (amount * pct + 50) // 100 if amount >= 0 else -((-amount * pct + 50) // 100)


def line_discount_amount(gross: int, discount: LineDiscount | None) -> int:
    """Rupiah a line discount takes off `gross`: never negative, never more than `gross`."""
    if discount is None or gross <= 0:
        return 0
    if discount.type == "PERCENTAGE":
        amount = percent_of(gross, discount.value)
    else:
        amount = max(discount.value, 0)
    return min(amount, gross)


def line_discount_capped(gross: int, discount: LineDiscount | None) -> bool:
    """True when a line discount asks for more than the line allows (so it was capped)."""
    if discount is None:
        return False
    if discount.type == "PERCENTAGE":
        return discount.value > 100 or discount.value < 0
    return discount.value > max(gross, 0) or discount.value < 0


def _price_line(line: CartLine, category: CustomerCategory, selecting_qty: int) -> PricedLine:
    variant = line.variant
    why: list[Explanation] = []
    tier_label, tier_price, tier_why = tier_for(variant, category.code)
    why.append(tier_why)

    # The customer's own price: the tier price less the product discount where it applies.
    # A band above it would make a unit dearer for buying more, so it never applies.
    discount_applies = variant.discount > 0 and category.discount_access
    own_discount = min(variant.discount, tier_price) if discount_applies else 0
    own_price = tier_price - own_discount

    band = band_for(variant.wholesale, selecting_qty) if variant.wholesale else None
    applied_band: WholesaleBand | None = None
    if band is not None:
        band_params = {
            "range": band_range(band),
            "from_qty": band.from_qty,
            "to_qty": band.to_qty,
            "qty": selecting_qty,
            "price": Money(band.price),
            "category": category.code,
        }
        if not category.wholesale_access:
            why.append(Explanation("domain.price.wholesale_no_access", band_params))
        elif band.price > own_price:
            why.append(
                Explanation(
                    "domain.price.wholesale_above_own",
                    {**band_params, "own_price": Money(own_price)},
                )
            )
        else:
            applied_band = band
            why.append(Explanation("domain.price.wholesale", band_params))

    product_discount = 0
    if applied_band is not None:
        unit_price = applied_band.price
        if variant.discount > 0:
            why.append(
                Explanation(
                    "domain.price.discount_not_with_wholesale",
                    {"discount": Money(variant.discount)},
                )
            )
    else:
        unit_price = own_price
        product_discount = own_discount
        if discount_applies:
            why.append(
                Explanation(
                    "domain.price.discount",
                    {"discount": Money(own_discount), "price": Money(own_price)},
                )
            )
        elif variant.discount > 0:
            why.append(
                Explanation(
                    "domain.price.discount_no_access",
                    {"discount": Money(variant.discount), "category": category.code},
                )
            )

    gross = unit_price * line.qty
    line_discount = 0 if line.discount is None else line_discount_amount(gross, line.discount)
    if line.discount is not None and line_discount:
        if line.discount.type == "PERCENTAGE":
            why.append(
                Explanation(
                    "domain.line.discount_percentage",
                    {"percentage": line.discount.value, "amount": Money(line_discount)},
                )
            )
        else:
            why.append(
                Explanation("domain.line.discount_nominal", {"amount": Money(line_discount)})
            )
        if line_discount_capped(gross, line.discount):
            why.append(Explanation("domain.line.discount_capped", {"amount": Money(line_discount)}))
    # Positional: this runs once per line on every keystroke of a 200-line cart.
    return PricedLine(
        line,
        tier_label,
        tier_price,
        applied_band,
        product_discount,
        unit_price,
        gross,
        line_discount,
        gross - line_discount,
        tuple(why),
    )


def cost_amount(cost: OrderCost, subtotal: int) -> int:
    """Signed Rupiah effect of an order cost: DISCOUNT negative, OTHER COST/INSURANCE positive.

    Percentages are of the products subtotal (after line discounts, shipping excluded).
    """
    base = percent_of(subtotal, cost.value) if cost.type == "PERCENTAGE" else max(cost.value, 0)
    return -base if cost.category == "DISCOUNT" else base


def price_cart(
    cart: Cart,
    category: CustomerCategory,
    *,
    wholesale_rule: WholesaleRule = DEFAULT_WHOLESALE_RULE,
) -> PricedCart:
    """Price every line and the order; pure and deterministic.

    Invalid entries (a discount above its line, a percentage above 100) are capped here so
    the screen can always show a figure; `order.validate_sale` refuses them before sending.
    """
    quantities = wholesale_quantities(cart.lines, wholesale_rule)
    lines = tuple(
        _price_line(line, category, qty) for line, qty in zip(cart.lines, quantities, strict=True)
    )
    subtotal = sum(pl.total for pl in lines)
    costs = tuple(PricedCost(cost=c, amount=cost_amount(c, subtotal)) for c in cart.costs)
    discount_total = -sum(pc.amount for pc in costs if pc.amount < 0)
    cost_total = sum(pc.amount for pc in costs if pc.amount > 0)
    shipping = 0
    why: list[Explanation] = []
    if cart.shipping is None:
        why.append(Explanation("domain.cart.shipping_missing"))
    elif cart.shipping.is_pickup:
        why.append(Explanation("domain.cart.pickup"))
    else:
        shipping = max(cart.shipping.rate, 0)
    raw_total = subtotal - discount_total + cost_total + shipping
    if raw_total < 0:
        why.append(Explanation("domain.cart.total_floor", {"discount": Money(discount_total)}))
    return PricedCart(
        category=category,
        lines=lines,
        subtotal=subtotal,
        costs=costs,
        discount_total=discount_total,
        cost_total=cost_total,
        shipping=shipping,
        total=max(raw_total, 0),
        explanations=tuple(why),
    )


@dataclass(frozen=True, slots=True)
class TierPrice:
    """What one unit of a variant costs a customer category (a price check's row)."""

    category: CustomerCategory
    tier_label: str  # the price field it gets: "price", "price_reseller", "price1"…
    tier_price: int
    fallback: bool  # the category's own price field is empty: the normal price stands
    product_discount: int  # per unit, when the category has discount access
    unit_price: int  # one unit for this category (before any wholesale band)


def price_tiers(
    variant: VariantInfo, categories: list[CustomerCategory] | tuple[CustomerCategory, ...]
) -> tuple[TierPrice, ...]:
    """One unit of `variant` for each of `categories`, priced as a cart of one would be
    (wholesale bands aside: they depend on the quantity and are listed on their own)."""
    single = replace(variant, wholesale=())
    rows = []
    for category in categories:
        priced = _price_line(CartLine(single, 1), category, 1)
        fallback = any(e.key == "domain.price.tier_fallback" for e in priced.explanations)
        rows.append(TierPrice(category, priced.tier_label, priced.tier_price, fallback,
                              priced.product_discount, priced.unit_price))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class PriceChange:
    """A line whose unit price moved between two pricings of the same cart."""

    line: CartLine
    before: int  # unit price (tier or band, less the product discount)
    after: int


def price_changes(before: PricedCart, after: PricedCart) -> tuple[PriceChange, ...]:
    """The lines (matched by variant) whose unit price differs between `before` and
    `after`, in `after`'s order (line discounts aside: the cashier set those)."""
    earlier = {p.line.variant.variant_id: p.unit_price for p in before.lines}
    changes = []
    for priced in after.lines:
        old = earlier.get(priced.line.variant.variant_id)
        if old is not None and old != priced.unit_price:
            changes.append(PriceChange(priced.line, old, priced.unit_price))
    return tuple(changes)
