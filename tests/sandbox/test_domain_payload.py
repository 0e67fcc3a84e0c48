"""The POS's own payload (sspos.domain.order) is accepted and priced the same by the sandbox."""

from __future__ import annotations

from datetime import date, datetime

import httpx

from sspos.domain.cart import Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory
from sspos.domain.order import (
    compose_create_order,
    new_client_reference,
    note_with_reference,
    reference_in_note,
)
from sspos.domain.payment import Payment, settle
from sspos.domain.pricing import price_cart
from sspos.sandbox.app import SandboxApp
from sspos.sandbox.config import SHOP_TZ
from sspos.sandbox.demo_data import (
    BCA_BANK_ID,
    CASH_BANK_ID,
    CATEGORIES,
    CUSTOMER_ID_BY_CATEGORY,
    SUPPLIER_ID,
)
from tests.sandbox.conftest import find_variant


def customer(app: SandboxApp, code: str) -> tuple[Customer, CustomerCategory]:
    row = app.state.sandbox.customer_row(CUSTOMER_ID_BY_CATEGORY[code])
    _, name, wholesale, discount = CATEGORIES[code]
    return (
        Customer(
            customer_id=row["id"],
            name=row["name"],
            category_code=code,
            district_id=row["district_id"],
        ),
        CustomerCategory(code, name, wholesale_access=wholesale, discount_access=discount),
    )


async def send(
    client: httpx.AsyncClient, cart: Cart, category: CustomerCategory, payment: Payment
) -> tuple[dict, int]:
    priced = price_cart(cart, category)
    settlement = settle(
        payment
        if payment.status != "PAID"
        else Payment("PAID", priced.total, payment.bank_id, payment.is_cash, payment.tendered),
        priced.total,
    )
    ref = new_client_reference("T1", datetime(2026, 11, 28, 10, tzinfo=SHOP_TZ))
    cart.note = note_with_reference(cart.note, ref)
    payload = compose_create_order(
        cart,
        priced,
        settlement,
        supplier_id=SUPPLIER_ID,
        order_date=date(2026, 11, 28),
        client_ref=ref,
    )
    response = await client.post("order", json=payload)
    assert response.status_code == 200, response.text
    return response.json()["data"], priced.total


async def test_wholesale_sale_with_costs_shipping_and_supplier_stock(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    state = app.state.sandbox
    with state.lock:
        pid = state.db.execute(
            "SELECT w.product_id FROM wholesales w JOIN products p ON p.id = w.product_id WHERE "
            "p.product_type = 'S' LIMIT 1"
        ).fetchone()[0]
        vid = state.db.execute(
            "SELECT id FROM variants WHERE product_id = ? ORDER BY id LIMIT 1", (pid,)
        ).fetchone()[0]
        state.db.execute("UPDATE variants SET stock = 100 WHERE id = ?", (vid,))
        state.db.commit()
    supplier_line = state.variant_info(find_variant(app, "p.product_type = 'R'")["id"])
    buyer, category = customer(app, "2")
    cart = Cart(sender=buyer, note="Kirim sore")
    cart.add(state.variant_info(vid), 12)
    cart.add(supplier_line, 2)  # type: ignore[arg-type]
    cart.set_discount(vid, LineDiscount("PERCENTAGE", 5))
    cart.costs = [
        OrderCost("Diskon Member", "DISCOUNT", "PERCENTAGE", 5),
        OrderCost("Packing", "OTHER COST", "NOMINAL", 2000),
    ]
    cart.shipping = Shipping(expedition_id=1, name="JNE", rate=18000, service="REG")
    created, total = await send(client, cart, category, Payment("PAID", 0, BCA_BANK_ID))
    order = state.order(created["order_id"])
    assert (
        order["total_amount"] == total
        and order["payment_status"] == "PAID"
        and order["remaining_amount"] == 0
    )
    assert reference_in_note(order["note"]) is not None
    assert state.variant_stock(vid) == 88


async def test_installment_and_dropship_receiver(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    state = app.state.sandbox
    v = find_variant(
        app,
        "p.product_type = 'S' AND v.stock >= 3 AND v.id NOT IN (SELECT variant_id FROM "
        "warehouse_stock)",
    )
    sender, category = customer(app, "D")
    receiver, _ = customer(app, "N")
    cart = Cart(sender=sender, receiver=receiver)
    cart.add(state.variant_info(v["id"]), 3)  # type: ignore[arg-type]
    priced_total = price_cart(cart, category).total
    created, total = await send(
        client,
        cart,
        category,
        Payment("INSTALLMENT", priced_total // 2, CASH_BANK_ID, is_cash=True),
    )
    order = state.order(created["order_id"])
    assert order["total_amount"] == total and order["remaining_amount"] == total - total // 2
    assert order["payment_status"] == "INSTALLMENT"
    assert order["sender_id"] == sender.customer_id and order["receiver_id"] == receiver.customer_id
