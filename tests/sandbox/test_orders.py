"""Orders end to end in-process: totals, stock, payments, AWB, tracking, cancel, listing."""

from __future__ import annotations

from datetime import timedelta

import httpx

from sspos.sandbox.app import SandboxApp
from sspos.sandbox.demo_data import (
    BCA_BANK_ID,
    CASH_BANK_ID,
    CUSTOMER_ID_BY_CATEGORY,
    STORE_WAREHOUSE_ID,
    SUPPLIER_DISTRICT_ID,
)
from tests.sandbox.conftest import TODAY, FakeClock, find_variant, order_body, paid

OWN_STOCK = (
    "p.product_type = 'S' AND v.stock >= 10 AND p.discount = 0 AND v.id NOT IN (SELECT variant_id "
    "FROM warehouse_stock)"
)


async def create(client: httpx.AsyncClient, body: dict) -> dict:
    response = await client.post("order", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["response"] == "Success" and answer["message"] == "Order created"
    return answer["data"]


async def test_counter_sale_decrements_stock_records_payment_and_is_listed(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(app, OWN_STOCK)
    total = v["price"] * 3
    created = await create(
        client, order_body(v["id"], 3, payment=paid(total), note="Titip [POS:T1-0001]")
    )
    assert created["order_id"] > 0 and created["po_number"] > 0
    assert app.state.sandbox.variant_stock(v["id"]) == v["stock"] - 3

    listed = (await client.get("order")).json()
    [order] = listed["data"]
    assert order["order_id"] == created["order_id"] and order["po_number"] == created["po_number"]
    assert order["note"] == "Titip [POS:T1-0001]"
    assert order["invoice"] == f"INV.2026.11.28.{created['po_number']}"
    assert order["awb_number"] is None
    assert order["total_amount"] == total and order["remaining_amount"] == 0
    assert order["payment_status"] == "PAID" and order["products"][0]["quantity"] == 3
    assert listed["meta"]["pagination"]["total"] == 1

    history = (
        await client.get("order/payment-history", params={"id": created["order_id"]})
    ).json()["data"]
    assert [(h["bank_id"], h["nominal"], h["status"]) for h in history] == [
        (str(CASH_BANK_ID), f"Rp{total:,}".replace(",", "."), "PAID")
    ]
    stored = app.state.sandbox.orders_created()
    assert [o["note"] for o in stored] == ["Titip [POS:T1-0001]"]


async def test_po_numbers_count_up_per_shop(client: httpx.AsyncClient, app: SandboxApp) -> None:
    v = find_variant(app, OWN_STOCK)
    first = await create(client, order_body(v["id"]))
    second = await create(client, order_body(v["id"]))
    assert second["po_number"] == first["po_number"] + 1
    assert second["order_id"] > first["order_id"]


async def test_supplier_and_preorder_lines_do_not_touch_stock(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    r = find_variant(app, "p.product_type = 'R'")
    po = find_variant(app, "p.product_type = 'PO'")
    body = order_body(
        r["id"], 1000, payment={"status": "UNPAID", "cost_of_goods_sales": r["price_buy"]}
    )
    body["products"] = [
        {"id": r["id"], "qty": 1000, "product_status": "R"},
        {"id": po["id"], "qty": 1000, "product_status": "PO"},
    ]
    await create(client, body)
    assert app.state.sandbox.variant_stock(r["id"]) == r["stock"]
    assert app.state.sandbox.variant_stock(po["id"]) == po["stock"]
    [order] = app.state.sandbox.orders_created()
    assert order["cost_of_goods_sales"] == r["price_buy"] and order["product_status"] == "R"


async def test_cancel_returns_the_stock_and_hides_the_order(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(app, OWN_STOCK)
    created = await create(client, order_body(v["id"], 4))
    assert app.state.sandbox.variant_stock(v["id"]) == v["stock"] - 4
    response = await client.post("order/cancel", json={"id": created["order_id"]})
    assert response.status_code == 200
    assert response.json()["data"] == created
    assert app.state.sandbox.variant_stock(v["id"]) == v["stock"]
    assert (await client.get("order")).json()["data"] == []
    again = await client.post("order/cancel", json={"id": created["order_id"]})
    assert again.status_code == 422 and "id" in again.json()["message"]
    assert app.state.sandbox.variant_stock(v["id"]) == v["stock"]  # not returned twice
    unknown = await client.post("order/cancel", json={"id": 1})
    assert unknown.status_code == 422 and unknown.json()["message"]["id"] == [
        "The selected id is invalid."
    ]


async def test_stock_of_another_warehouse_is_taken_and_returned_there(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    state = app.state.sandbox
    with state.lock:
        vid, stock = state.db.execute(
            "SELECT variant_id, stock FROM warehouse_stock WHERE warehouse_id = ? LIMIT 1",
            (STORE_WAREHOUSE_ID,),
        ).fetchone()
    body = order_body(vid, stock)
    body["products"][0]["warehouse_id"] = STORE_WAREHOUSE_ID
    created = await create(client, body)
    check = (
        await client.get(
            "product/check-stock", params={"variation_id": vid, "warehouse_id": STORE_WAREHOUSE_ID}
        )
    ).json()["data"]
    assert check["stock"] == 0
    too_many = await client.post("order", json=body)
    assert too_many.status_code == 422 and "products.0.qty" in too_many.json()["message"]
    await client.post("order/cancel", json={"id": created["order_id"]})
    per_wh = (await client.get(f"product/history/warehouse/{vid}")).json()["data"]
    assert {w["warehouse_id"]: w["stock"] for w in per_wh}[STORE_WAREHOUSE_ID] == stock


async def test_installments_up_to_the_remaining_amount(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(app, OWN_STOCK)
    total = v["price"] * 2
    created = await create(client, order_body(v["id"], 2, payment=paid(1000, status="INSTALLMENT")))
    order_id = created["order_id"]
    [order] = (await client.get("order", params={"payment_status": "INSTALLMENT"})).json()["data"]
    assert order["remaining_amount"] == total - 1000

    too_much = await client.patch(
        "order/quick-payment",
        json={
            "id": order_id,
            "payment": {
                "status": "INSTALLMENT",
                "amount": total,
                "date": TODAY,
                "bank_id": BCA_BANK_ID,
            },
        },
    )
    assert too_much.status_code == 422
    assert too_much.json()["message"] == {
        "amount": ["Amount is more than amount remaining of this order"],
        "maximum amount": [total - 1000],
    }

    step = await client.patch(
        "order/quick-payment",
        json={
            "id": order_id,
            "payment": {
                "status": "INSTALLMENT",
                "amount": 500,
                "date": TODAY,
                "bank_id": BCA_BANK_ID,
            },
        },
    )
    assert step.status_code == 200 and step.json()["data"]["payment_status"] == "INSTALLMENT"
    rest = await client.patch(
        "order/quick-payment",
        json={
            "id": order_id,
            "payment": {"status": "PAID", "date": TODAY, "bank_id": CASH_BANK_ID},
        },
    )
    assert rest.status_code == 200 and rest.json()["data"]["payment_status"] == "PAID"
    history = (await client.get("order/payment-history", params={"id": order_id})).json()["data"]
    assert [h["amount"] for h in history] == [1000, 500, total - 1500]
    assert [h["status"] for h in history] == ["INSTALLMENT", "INSTALLMENT", "PAID"]
    done = await client.patch(
        "order/quick-payment",
        json={
            "id": order_id,
            "payment": {"status": "PAID", "date": TODAY, "bank_id": CASH_BANK_ID},
        },
    )
    assert done.status_code == 422 and done.json()["message"]["id"] == ["Order has been paid"]
    needs_amount = await client.patch(
        "order/quick-payment",
        json={"id": order_id, "payment": {"status": "INSTALLMENT", "date": TODAY, "bank_id": 1}},
    )
    assert needs_amount.status_code == 422


async def test_total_uses_tier_wholesale_discount_costs_and_shipping(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    # A product with wholesale bands; category "2" (wholesale yes, discount no) buying 12 of it.
    state = app.state.sandbox
    with state.lock:
        pid, lo, _hi, band_price = state.db.execute(
            "SELECT w.product_id, w.from_qty, w.to_qty, w.price FROM wholesales w JOIN products p "
            "ON p.id = w.product_id"
            " WHERE p.product_type = 'S' ORDER BY w.product_id, w.from_qty LIMIT 1"
        ).fetchone()
        vid = state.db.execute(
            "SELECT id FROM variants WHERE product_id = ? ORDER BY id LIMIT 1", (pid,)
        ).fetchone()[0]
        state.db.execute("UPDATE variants SET stock = 500 WHERE id = ?", (vid,))
        state.db.commit()
    body = order_body(
        vid,
        lo,
        customer_sender_id=CUSTOMER_ID_BY_CATEGORY["2"],
        customer_receiver_id=CUSTOMER_ID_BY_CATEGORY["2"],
    )
    body["expedition"] = {"id": 1, "rate": 18000, "name": "JNE REG", "auto_pickup": False}
    body["order_cost"] = [
        {"name": "Diskon Member", "category": "DISCOUNT", "type": "PERCENTAGE", "percentage": 10},
        {"name": "Packing", "category": "OTHER COST", "type": "NOMINAL", "nominal": 2000},
        {"name": "Asuransi", "category": "INSURANCE", "type": "NOMINAL", "nominal": 1500},
    ]
    await create(client, body)
    [order] = state.orders_created()
    subtotal = band_price * lo
    discount = (subtotal * 10 + 50) // 100
    assert order["products"][0]["price"] == band_price
    assert order["discount_amount"] == discount
    assert order["insurance"] == 1500 and order["other_cost_amount"] == 2000
    assert order["shipping_cost"] == 18000
    assert order["total_amount"] == subtotal - discount + 2000 + 1500 + 18000

    # Category D (no wholesale access) pays its tier price for the same quantity.
    body_d = order_body(
        vid,
        lo,
        customer_sender_id=CUSTOMER_ID_BY_CATEGORY["D"],
        customer_receiver_id=CUSTOMER_ID_BY_CATEGORY["D"],
    )
    await create(client, body_d)
    with state.lock:
        reseller = state.db.execute(
            "SELECT price_reseller FROM variants WHERE id = ?", (vid,)
        ).fetchone()[0]
    assert state.orders_created()[1]["total_amount"] == reseller * lo


async def test_product_discount_only_for_categories_with_discount_access(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(
        app,
        "p.product_type = 'S' AND p.discount > 0 AND v.stock >= 2 AND p.id NOT IN (SELECT "
        "product_id FROM wholesales)"
        " AND v.id NOT IN (SELECT variant_id FROM warehouse_stock)",
    )
    await create(client, order_body(v["id"], 1))  # N: discount access
    await create(
        client,
        order_body(
            v["id"],
            1,
            customer_sender_id=CUSTOMER_ID_BY_CATEGORY["D"],
            customer_receiver_id=CUSTOMER_ID_BY_CATEGORY["D"],
        ),
    )
    walk_in, dropship = app.state.sandbox.orders_created()
    assert walk_in["total_amount"] == v["price"] - v["discount"]
    assert dropship["total_amount"] == v["price_reseller"]


async def test_line_discount_is_applied(client: httpx.AsyncClient, app: SandboxApp) -> None:
    v = find_variant(app, OWN_STOCK)
    body = order_body(v["id"], 2)
    body["products"][0].update({"type": "NOMINAL", "nominal": 1000})
    await create(client, body)
    assert app.state.sandbox.orders_created()[0]["total_amount"] == v["price"] * 2 - 1000


async def test_awb_then_tracking_history(
    client: httpx.AsyncClient, app: SandboxApp, clock: FakeClock
) -> None:
    v = find_variant(app, OWN_STOCK)
    body = order_body(v["id"], 1, customer_receiver_id=CUSTOMER_ID_BY_CATEGORY["Y"])
    body["expedition"] = {"id": 58, "rate": 9000, "name": "SiCepat REG", "auto_pickup": False}
    created = await create(client, body)
    missing = await client.post("order/awb-number/add", params={"id": created["order_id"]})
    assert missing.status_code == 422 and "awb_number" in missing.json()["message"]
    response = await client.post(
        "order/awb-number/add", params={"id": created["order_id"], "awb_number": "000465129127"}
    )
    assert (
        response.status_code == 200 and response.json()["data"]["po_number"] == created["po_number"]
    )
    [order] = (await client.get("order")).json()["data"]
    assert order["awb_number"] == "000465129127" and order["order_progress_status"] == "UNPAID"

    early = (
        await client.get(
            "expedition/tracking", params={"awb_number": "000465129127", "expedition_id": 58}
        )
    ).json()["data"]
    assert early["status"] == "ON PROCESS" and [h["desc"] for h in early["history"]] == ["PICKREQ"]
    clock.now += timedelta(days=2)
    later = (
        await client.get(
            "expedition/tracking",
            params={
                "awb_number": "000465129127",
                "expedition_id": 58,
                "order_id": created["order_id"],
            },
        )
    ).json()["data"]
    assert later["status"] == "DELIVERED" and later["history"][-1]["desc"] == "DELIVERED"
    unknown = await client.get(
        "expedition/tracking", params={"awb_number": "NOPE", "expedition_id": 58}
    )
    assert unknown.status_code == 404 and unknown.json()["response"] == "Failed"


async def test_order_list_filters_and_pagination(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(app, OWN_STOCK)
    for day in ("2026-11-01", "2026-11-10", "2026-11-20", "2026-11-27", "2026-11-28"):
        await create(client, order_body(v["id"], 1, order_date=day, note=f"nota {day}"))
    await create(client, order_body(v["id"], 1, note="lunas", payment=paid(v["price"])))

    page1 = (await client.get("order", params={"per_page": 2})).json()
    assert page1["meta"]["pagination"] == {
        **page1["meta"]["pagination"],
        "total": 6,
        "count": 2,
        "per_page": 2,
        "current_page": 1,
        "total_pages": 3,
    }
    assert "pagination_offset=2" in page1["meta"]["pagination"]["links"]["next"]
    page3 = (await client.get("order", params={"per_page": 2, "pagination_offset": 3})).json()
    assert (
        page3["meta"]["pagination"]["count"] == 2
        and "next" not in page3["meta"]["pagination"]["links"]
    )
    seen = [
        o["order_id"]
        for p in (1, 2, 3)
        for o in (await client.get("order", params={"per_page": 2, "pagination_offset": p})).json()[
            "data"
        ]
    ]
    assert len(set(seen)) == 6

    ranged = (
        await client.get("order", params={"start_date": "2026-11-05", "end_date": "2026-11-21"})
    ).json()["data"]
    assert sorted(o["note"] for o in ranged) == ["nota 2026-11-10", "nota 2026-11-20"]
    by_keyword = (await client.get("order", params={"keyword": "2026-11-27"})).json()["data"]
    assert [o["note"] for o in by_keyword] == ["nota 2026-11-27"]
    by_status = (await client.get("order", params={"payment_status": "PAID"})).json()["data"]
    assert [o["note"] for o in by_status] == ["lunas"]
    bad = await client.get("order", params={"per_page": 101})
    assert bad.status_code == 422 and "per_page" in bad.json()["message"]
    bad_date = await client.get("order", params={"start_date": "kemarin"})
    assert bad_date.status_code == 422 and "start_date" in bad_date.json()["message"]


async def test_order_details_by_id(client: httpx.AsyncClient, app: SandboxApp) -> None:
    v = find_variant(app, OWN_STOCK)
    first = await create(client, order_body(v["id"], 1, payment=paid(v["price"])))
    await create(client, order_body(v["id"], 2))
    [detail] = (await client.get("order/details", params={"order_id": first["order_id"]})).json()[
        "data"
    ]
    assert detail["order_id"] == first["order_id"] and detail["products"][0]["quantity"] == "1"
    assert detail["payment"]["payment_histoy"][0]["nominal"] == v["price"]
    assert detail["customer"]["district_id"] == SUPPLIER_DISTRICT_ID
