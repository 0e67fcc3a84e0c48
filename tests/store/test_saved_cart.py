"""The unfinished cart on disk: a faithful round trip, per terminal, atomic and ordered."""

from __future__ import annotations

import json
from pathlib import Path

from sspos.domain.cart import Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.pricing import price_cart
from sspos.store.saved_cart import SavedCart, cart_from_dict, cart_to_dict
from tests.domain.factories import BANDS, RESELLER, customer, variant


def full_cart() -> Cart:
    cart = Cart()
    cart.add(variant(101, wholesale=BANDS, discount=1_000), 4, warehouse_id=3)
    cart.add(variant(102, tier_prices={"1": 9_000}), 1)
    cart.set_discount(102, LineDiscount("PERCENTAGE", 10))
    cart.sender = customer(7, "Y")
    cart.receiver = customer(8, "D")
    cart.costs = [OrderCost("Bungkus", "OTHER COST", "NOMINAL", 2_000)]
    cart.shipping = Shipping(12, "JNE", 18_000, "REG")
    cart.note = "Kado [bold]"
    cart.order_source_id = 5
    return cart


def test_round_trip_keeps_every_field_and_the_prices() -> None:
    cart = full_cart()
    data = json.loads(json.dumps(cart_to_dict(cart, "T1-REF")))
    restored, ref = cart_from_dict(data)
    assert ref == "T1-REF"
    assert restored == cart
    assert price_cart(restored, RESELLER) == price_cart(cart, RESELLER)


def test_save_load_and_clear(tmp_path: Path) -> None:
    saved = SavedCart(tmp_path, "T1")
    assert saved.load() is None
    saved.save(cart_to_dict(full_cart(), None), 1)
    assert saved.path.name == "cart-T1.json" and saved.path.stat().st_mode & 0o077 == 0
    loaded = saved.load()
    assert loaded is not None and loaded[0] == full_cart()
    assert SavedCart(tmp_path, "T2").load() is None  # another terminal's cart is its own
    saved.save(cart_to_dict(Cart(), None), 2)  # an empty cart leaves no file
    assert not saved.path.exists() and saved.load() is None


def test_an_older_snapshot_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    saved = SavedCart(tmp_path, "T1")
    newer = full_cart()
    saved.save(cart_to_dict(newer, None), 5)
    older = Cart()
    older.add(variant(999), 1)
    saved.save(cart_to_dict(older, None), 4)
    loaded = saved.load()
    assert loaded is not None and loaded[0] == newer
    assert list(tmp_path.iterdir()) == [saved.path]  # no temporary file left behind


def test_a_damaged_file_is_set_aside(tmp_path: Path) -> None:
    saved = SavedCart(tmp_path, "T1")
    saved.path.write_text('{"version": 1, "lines": [{"qty": 1}]', encoding="utf-8")
    assert saved.load() is None
    assert not saved.path.exists() and saved.path.with_suffix(".bad").exists()
    saved.path.write_text(json.dumps({"version": 99, "lines": []}), encoding="utf-8")
    assert saved.load() is None
