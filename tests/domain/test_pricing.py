"""price_cart: tiers, wholesale bands, product discount, line discounts, order costs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sspos.domain.cart import PICKUP, Cart, CartLine, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import CustomerCategory, WholesaleBand
from sspos.domain.pricing import (
    TIER_FIELDS,
    PricedCart,
    percent_of,
    price_cart,
    price_changes,
    price_tiers,
    wholesale_quantities,
)
from sspos.i18n import t
from tests.domain.factories import BANDS, DROPSHIPPER, N_FULL, RESELLER, N, variant


def keys(priced: PricedCart, index: int = 0) -> list[str]:
    return [e.key for e in priced.lines[index].explanations]


def one_line(v=None, qty: int = 1, category: CustomerCategory = N) -> PricedCart:
    cart = Cart()
    cart.add(v or variant(), qty)
    return price_cart(cart, category)


# ------------------------------------------------------------------ price tiers


@pytest.mark.parametrize(
    ("code", "label", "unit"),
    [
        ("N", "price", 50_000),
        ("Y", "price_reseller", 45_000),
        ("D", "price_reseller", 45_000),
        ("1", "price1", 44_000),
        ("2", "price2", 43_000),
        ("3", "price3", 41_000),
    ],
)
def test_each_category_gets_its_tier(code: str, label: str, unit: int) -> None:
    priced = one_line(qty=2, category=CustomerCategory(code, code))
    line = priced.lines[0]
    assert (line.tier_label, line.tier_price, line.unit_price) == (label, unit, unit)
    assert line.gross == line.total == 2 * unit
    assert priced.total == 2 * unit
    assert line.explanations[0].key == "domain.price.tier"
    assert line.explanations[0].params["tier"] == label


@pytest.mark.parametrize("code", ["Y", "D", "1", "2", "3"])
@pytest.mark.parametrize("missing", [0, None])
def test_tier_price_zero_or_missing_falls_back_to_price(code: str, missing: int | None) -> None:
    v = variant(
        price_reseller=missing,
        tier_prices={} if missing is None else {"1": 0, "2": 0, "3": 0},
    )
    line = one_line(v, category=CustomerCategory(code, code)).lines[0]
    assert (line.tier_label, line.unit_price) == ("price", 50_000)
    assert line.explanations[0].key == "domain.price.tier_fallback"


def test_unknown_category_code_uses_price() -> None:
    line = one_line(category=CustomerCategory("VIP", "VIP")).lines[0]
    assert (line.tier_label, line.unit_price) == ("price", 50_000)
    assert line.explanations[0].key == "domain.price.tier_unknown_category"


def test_tier_table_is_the_documented_reading() -> None:
    assert TIER_FIELDS == {"N": "price", "Y": "price_reseller", "D": "price_reseller"}


# ------------------------------------------------------------------ wholesale bands


@pytest.mark.parametrize(
    ("qty", "unit", "band"),
    [
        (2, 45_000, None),  # just below the first band
        (3, 42_000, BANDS[0]),  # from
        (5, 42_000, BANDS[0]),  # to
        (6, 40_000, BANDS[1]),  # from of the next band, just outside the first
        (11, 40_000, BANDS[1]),
        (12, 38_000, BANDS[2]),  # open-ended band
        (500, 38_000, BANDS[2]),
    ],
)
def test_wholesale_band_edges(qty: int, unit: int, band: WholesaleBand | None) -> None:
    line = one_line(variant(wholesale=BANDS), qty=qty, category=RESELLER).lines[0]
    assert line.wholesale_band == band
    assert line.unit_price == unit
    assert line.total == unit * qty
    assert ("domain.price.wholesale" in [e.key for e in line.explanations]) == (band is not None)


def test_just_above_the_last_bounded_band_gets_no_band() -> None:
    line = one_line(variant(wholesale=(WholesaleBand(3, 5, 42_000),)), 6, RESELLER).lines[0]
    assert line.wholesale_band is None
    assert line.unit_price == 45_000


def test_wholesale_explanation_names_band_and_quantity() -> None:
    line = one_line(variant(wholesale=BANDS), qty=12, category=RESELLER).lines[0]
    why = next(e for e in line.explanations if e.key == "domain.price.wholesale")
    assert why.params["range"] == "12+"
    assert why.params["qty"] == 12
    assert t(why.key, "en", **why.params) == "Wholesale price Rp38.000 (quantity 12, band 12+)"


def test_wholesale_without_access_keeps_tier_and_says_why() -> None:
    line = one_line(variant(wholesale=BANDS), qty=6, category=DROPSHIPPER).lines[0]
    assert line.wholesale_band is None
    assert line.unit_price == 45_000
    assert "domain.price.wholesale_no_access" in [e.key for e in line.explanations]


def test_band_selected_by_total_quantity_of_the_products_variants() -> None:
    cart = Cart()
    red, blue = variant(101, 10, wholesale=BANDS), variant(102, 10, wholesale=BANDS)
    other = variant(201, 20, wholesale=BANDS)
    cart.add(red, 2)
    cart.add(blue, 1)
    cart.add(other, 2)
    priced = price_cart(cart, RESELLER)
    assert [pl.unit_price for pl in priced.lines] == [42_000, 42_000, 45_000]
    assert wholesale_quantities(cart.lines) == [3, 3, 2]


def test_band_rule_is_switchable_to_the_line_quantity() -> None:
    cart = Cart()
    cart.add(variant(101, 10, wholesale=BANDS), 2)
    cart.add(variant(102, 10, wholesale=BANDS), 1)
    priced = price_cart(cart, RESELLER, wholesale_rule="line")
    assert [pl.unit_price for pl in priced.lines] == [45_000, 45_000]
    assert wholesale_quantities(cart.lines, "line") == [2, 1]


def test_same_variant_from_two_warehouses_counts_together() -> None:
    # Cart.add merges a variant into one line; a cart built by hand (or restored from
    # elsewhere) may still hold one line per warehouse, and pricing counts them together.
    v = variant(wholesale=BANDS)
    cart = Cart(lines=[CartLine(v, 2, warehouse_id=1), CartLine(v, 1, warehouse_id=2)])
    assert [pl.unit_price for pl in price_cart(cart, RESELLER).lines] == [42_000, 42_000]


def test_zero_priced_band_is_ignored() -> None:
    line = one_line(variant(wholesale=(WholesaleBand(1, None, 0),)), 3, RESELLER).lines[0]
    assert line.wholesale_band is None
    assert line.unit_price == 45_000


def test_overlapping_bands_pick_the_highest_from() -> None:
    bands = (WholesaleBand(2, None, 44_000), WholesaleBand(5, 9, 41_000))
    assert one_line(variant(wholesale=bands), 6, RESELLER).lines[0].unit_price == 41_000


# ------------------------------------------------------------------ product discount


def test_product_discount_with_access_is_per_unit() -> None:
    line = one_line(variant(discount=5_000), qty=3, category=N_FULL).lines[0]
    assert (line.product_discount, line.unit_price, line.total) == (5_000, 45_000, 135_000)
    assert "domain.price.discount" in [e.key for e in line.explanations]


def test_product_discount_without_access_does_not_apply() -> None:
    line = one_line(variant(discount=5_000), qty=3, category=N).lines[0]
    assert (line.product_discount, line.unit_price) == (0, 50_000)
    assert "domain.price.discount_no_access" in [e.key for e in line.explanations]


def test_product_discount_not_on_top_of_a_wholesale_band() -> None:
    line = one_line(variant(discount=5_000, wholesale=BANDS), qty=12, category=RESELLER).lines[0]
    assert (line.product_discount, line.unit_price) == (0, 38_000)
    assert "domain.price.discount_not_with_wholesale" in [e.key for e in line.explanations]


GROSIR = CustomerCategory("2", "Grosir", wholesale_access=True, discount_access=False)


def test_a_band_above_the_customers_tier_price_never_applies() -> None:
    """Grosir (price2 Rp43.000) must not pay the Rp44.000 band for buying 3 (issue 16.7)."""
    dear = (WholesaleBand(3, None, 44_000),)
    two = one_line(variant(wholesale=dear), qty=2, category=GROSIR).lines[0]
    three = one_line(variant(wholesale=dear), qty=3, category=GROSIR).lines[0]
    assert two.unit_price == three.unit_price == 43_000
    assert three.wholesale_band is None and three.tier_label == "price2"
    why = next(e for e in three.explanations if e.key == "domain.price.wholesale_above_own")
    assert (why.params["price"], why.params["own_price"]) == (44_000, 43_000)
    text = t(why.key, "id", **why.params)
    assert "Rp44.000" in text and "Rp43.000" in text


def test_a_band_above_the_discounted_price_never_applies() -> None:
    """Reseller Rp45.000 less Rp5.000 product discount pays Rp40.000; the Rp42.000 band
    for 3 would make the third unit dearer, so the discounted price stands."""
    line = one_line(variant(discount=5_000, wholesale=BANDS), qty=3, category=RESELLER).lines[0]
    assert (line.product_discount, line.unit_price, line.wholesale_band) == (5_000, 40_000, None)
    assert keys(one_line(variant(discount=5_000, wholesale=BANDS), 3, RESELLER))[1:] == [
        "domain.price.wholesale_above_own",
        "domain.price.discount",
    ]


def test_a_band_equal_to_the_own_price_applies() -> None:
    line = one_line(variant(wholesale=(WholesaleBand(3, None, 45_000),)), 3, RESELLER).lines[0]
    assert line.wholesale_band is not None and line.unit_price == 45_000


def test_product_discount_applies_when_the_band_does_not_match() -> None:
    line = one_line(variant(discount=5_000, wholesale=BANDS), qty=2, category=RESELLER).lines[0]
    assert (line.product_discount, line.unit_price) == (5_000, 40_000)


def test_product_discount_never_below_zero() -> None:
    line = one_line(variant(price=3_000, discount=5_000), qty=2, category=N_FULL).lines[0]
    assert (line.product_discount, line.unit_price, line.total) == (3_000, 0, 0)


def test_product_discount_applies_to_the_tier_price() -> None:
    line = one_line(variant(discount=1_000), category=RESELLER).lines[0]
    assert line.unit_price == 44_000


# ------------------------------------------------------------------ line discounts


def priced_with_line_discount(discount: LineDiscount, qty: int = 3) -> PricedCart:
    cart = Cart()
    cart.add(variant(price=33_333), qty)
    cart.set_discount(101, discount)
    return price_cart(cart, N)


def test_line_discount_nominal_comes_off_the_line() -> None:
    line = priced_with_line_discount(LineDiscount("NOMINAL", 10_000)).lines[0]
    assert (line.gross, line.line_discount, line.total) == (99_999, 10_000, 89_999)
    assert "domain.line.discount_nominal" in [e.key for e in line.explanations]


def test_line_discount_percentage_rounds_half_up() -> None:
    # 99,999 × 15% = 14,999.85 -> 15,000
    line = priced_with_line_discount(LineDiscount("PERCENTAGE", 15)).lines[0]
    assert (line.line_discount, line.total) == (15_000, 84_999)
    assert "domain.line.discount_percentage" in [e.key for e in line.explanations]


@pytest.mark.parametrize(
    "discount", [LineDiscount("NOMINAL", 200_000), LineDiscount("PERCENTAGE", 150)]
)
def test_line_discount_above_the_line_is_capped_for_display(discount: LineDiscount) -> None:
    line = priced_with_line_discount(discount).lines[0]
    assert (line.line_discount, line.total) == (99_999, 0)
    assert "domain.line.discount_capped" in [e.key for e in line.explanations]


def test_negative_line_discount_takes_nothing() -> None:
    line = priced_with_line_discount(LineDiscount("NOMINAL", -500)).lines[0]
    assert (line.line_discount, line.total) == (0, 99_999)


@pytest.mark.parametrize(
    ("amount", "pct", "result"), [(100, 2, 2), (149, 1, 1), (150, 1, 2), (0, 50, 0), (10, 120, 10)]
)
def test_percent_of(amount: int, pct: int, result: int) -> None:
    assert percent_of(amount, pct) == result


# ------------------------------------------------------------------ order costs, shipping, total


def cart_with(costs: list[OrderCost], shipping: Shipping | None = PICKUP) -> Cart:
    cart = Cart()
    cart.add(variant(price=50_000), 2)  # 100,000
    cart.add(variant(202, 20, price=25_000), 1)  # 25,000
    cart.set_discount(202, LineDiscount("NOMINAL", 5_000))  # subtotal 120,000
    cart.costs = costs
    cart.shipping = shipping
    return cart


def test_order_costs_of_each_category() -> None:
    costs = [
        OrderCost("Diskon persen", "DISCOUNT", "PERCENTAGE", 10),
        OrderCost("Potongan", "DISCOUNT", "NOMINAL", 3_000),
        OrderCost("Biaya bungkus", "OTHER COST", "NOMINAL", 1_200),
        OrderCost("Pecah belah", "INSURANCE", "PERCENTAGE", 1),
    ]
    priced = price_cart(cart_with(costs, Shipping(349, "SAP", rate=23_000)), N)
    assert priced.subtotal == 120_000
    assert [pc.amount for pc in priced.costs] == [-12_000, -3_000, 1_200, 1_200]
    assert (priced.discount_total, priced.cost_total, priced.shipping) == (15_000, 2_400, 23_000)
    assert priced.total == 120_000 - 15_000 + 2_400 + 23_000


def test_percentage_costs_exclude_shipping() -> None:
    costs = [OrderCost("Asuransi", "INSURANCE", "PERCENTAGE", 10)]
    with_shipping = price_cart(cart_with(costs, Shipping(349, "SAP", rate=50_000)), N)
    assert with_shipping.costs[0].amount == 12_000


def test_pickup_has_no_shipping_cost_even_with_a_rate() -> None:
    shipping = Shipping(98, "Ambil di Toko", rate=9_000)
    priced = price_cart(cart_with([], shipping), N)
    assert (priced.shipping, priced.total) == (0, 120_000)
    assert [e.key for e in priced.explanations] == ["domain.cart.pickup"]


def test_shipping_not_chosen_is_explained() -> None:
    priced = price_cart(cart_with([], None), N)
    assert priced.shipping == 0
    assert [e.key for e in priced.explanations] == ["domain.cart.shipping_missing"]


def test_total_never_negative() -> None:
    priced = price_cart(cart_with([OrderCost("Gratis", "DISCOUNT", "NOMINAL", 500_000)]), N)
    assert priced.total == 0
    assert "domain.cart.total_floor" in [e.key for e in priced.explanations]


def test_empty_cart_prices_to_zero() -> None:
    priced = price_cart(Cart(), N)
    assert (priced.lines, priced.subtotal, priced.total) == ((), 0, 0)


def test_pricing_does_not_change_the_cart() -> None:
    cart = cart_with([OrderCost("Diskon", "DISCOUNT", "PERCENTAGE", 5)])
    before = repr(cart)
    price_cart(cart, RESELLER)
    assert repr(cart) == before


def test_every_explanation_key_has_both_translations() -> None:
    from sspos.i18n import messages

    cart = cart_with([OrderCost("Gratis", "DISCOUNT", "NOMINAL", 900_000)], None)
    cart.add(variant(301, 30, discount=2_000, wholesale=BANDS), 6)
    cart.add(variant(401, 40, price_reseller=0), 1)
    cart.set_discount(101, LineDiscount("PERCENTAGE", 300))
    seen = set()
    for category in (N, N_FULL, RESELLER, DROPSHIPPER, CustomerCategory("X", "x")):
        priced = price_cart(cart, category)
        for why in [*priced.explanations, *(e for pl in priced.lines for e in pl.explanations)]:
            seen.add(why.key)
            entry = messages()[why.key]
            for lang in ("id", "en"):
                assert "{" not in t(why.key, lang, **why.params)
                assert entry[lang]
    assert len(seen) >= 10


# ---------------------------------------------------------------- price check, recall


def test_price_tiers_give_each_category_its_unit_price_and_say_where_it_came_from() -> None:
    custom = CustomerCategory("2", "Grosir Kota", wholesale_access=True, discount_access=False)
    empty_tier = CustomerCategory("3", "Member", discount_access=True)
    v = variant(discount=2_000, wholesale=BANDS, tier_prices={"2": 43_000})
    rows = price_tiers(v, [N, RESELLER, DROPSHIPPER, custom, empty_tier])
    assert [(r.category.code, r.tier_label, r.tier_price, r.fallback, r.product_discount,
             r.unit_price) for r in rows] == [
        ("N", "price", 50_000, False, 0, 50_000),
        ("Y", "price_reseller", 45_000, False, 2_000, 43_000),
        ("D", "price_reseller", 45_000, False, 2_000, 43_000),
        ("2", "price2", 43_000, False, 0, 43_000),
        ("3", "price", 50_000, True, 2_000, 48_000),  # no price3: the normal price, less disc.
    ]
    # Each row is what a cart of one unit costs that category (bands are listed apart).
    for row in rows:
        cart = Cart()
        cart.add(replace(v, wholesale=()), 1)
        assert price_cart(cart, row.category).total == row.unit_price


def test_price_changes_name_the_lines_whose_unit_price_moved() -> None:
    cart = Cart()
    cart.add(variant(101), 2)
    cart.add(variant(102), 1)
    before = price_cart(cart, N)
    cart.lines[0].variant = replace(cart.lines[0].variant, price=55_000)
    after = price_cart(cart, N)
    (change,) = price_changes(before, after)
    assert (change.line.variant.variant_id, change.before, change.after) == (101, 50_000, 55_000)
    assert price_changes(after, after) == ()
