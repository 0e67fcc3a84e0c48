"""Cart operations: add merges, set quantity, discount, remove, clear, receiver."""

from __future__ import annotations

import pytest

from sspos.domain.cart import PICKUP, Cart, LineDiscount, OrderCost, Shipping
from tests.domain.factories import WALK_IN, customer, variant


def test_same_variant_merges_into_one_line() -> None:
    cart = Cart()
    cart.add(variant(), 2)
    cart.add(variant(), 3)
    cart.add(variant(), 1, warehouse_id=5)
    assert [(l.qty, l.warehouse_id) for l in cart.lines] == [(6, None)]
    assert cart.total_qty == 6
    assert cart.total_weight == 6 * 200


def test_set_qty_discount_and_remove() -> None:
    cart = Cart()
    cart.add(variant(101), 1)
    cart.add(variant(102), 1)
    cart.set_qty(101, 4)
    cart.set_discount(101, LineDiscount("NOMINAL", 500))
    assert cart.find(101).qty == 4 and cart.find(101).discount == LineDiscount("NOMINAL", 500)
    cart.remove(101)
    assert [l.variant.variant_id for l in cart.lines] == [102]
    with pytest.raises(KeyError):
        cart.set_qty(101, 1)
    with pytest.raises(KeyError):
        cart.set_discount(101, None)


def test_receiver_defaults_to_sender_for_a_walk_in() -> None:
    cart = Cart(sender=WALK_IN)
    assert cart.effective_receiver is WALK_IN
    cart.receiver = customer(9)
    assert cart.effective_receiver.customer_id == 9


def test_clear_resets_for_the_next_customer() -> None:
    cart = Cart(sender=WALK_IN, receiver=customer(9), note="x", order_source_id=3)
    cart.add(variant(), 1)
    cart.costs.append(OrderCost("d", "DISCOUNT", "NOMINAL", 1))
    cart.shipping = Shipping(12, "JNE", 9_000)
    cart.clear()
    assert cart == Cart()
    assert cart.shipping is PICKUP and PICKUP.is_pickup
