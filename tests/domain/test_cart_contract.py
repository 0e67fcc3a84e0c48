"""Cart bookkeeping the lead owns: one line per variant; variants are hashable."""

from sspos.domain.cart import Cart
from sspos.domain.catalog import VariantInfo


def variant(vid: int) -> VariantInfo:
    return VariantInfo(vid, 1, "Kaos", "M", f"SKU{vid}", 50_000, tier_prices={"1": 45_000})


def test_same_variant_from_another_warehouse_merges_into_one_line():
    cart = Cart()
    cart.add(variant(1), 2, warehouse_id=26)
    cart.add(variant(1), 3, warehouse_id=27)
    assert len(cart.lines) == 1
    assert (cart.lines[0].qty, cart.lines[0].warehouse_id) == (5, 26)
    cart.set_qty(1, 4)
    assert cart.find(1).qty == 4
    cart.remove(1)
    assert cart.lines == []


def test_variants_are_hashable_despite_tier_price_table():
    assert len({variant(1), variant(1), variant(2)}) == 2
