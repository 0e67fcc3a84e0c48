"""Read endpoints: the doc's shapes, pagination, auth; plus customer creation."""

from __future__ import annotations

import httpx
import pytest

from sspos.sandbox.app import SandboxApp
from sspos.sandbox.demo_data import (
    CASH_BANK_ID,
    CUSTOMER_ID_BY_CATEGORY,
    FIRST_PRODUCT_ID,
    QRIS_BANK_ID,
    SUPPLIER_DISTRICT_ID,
    SUPPLIER_ID,
)
from tests.sandbox.conftest import PRODUCTS, asgi_client, find_variant


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "sandbox-token"},
        {"Authorization": "Basic sandbox-token"},
    ],
)
async def test_a_wrong_or_missing_token_is_401_in_the_doc_shape(
    app: SandboxApp, headers: dict[str, str]
) -> None:
    async with asgi_client(app, headers=headers) as c:
        response = await c.get("shop")
    assert response.status_code == 401
    body = response.json()
    assert body["response"] == "Failed" and body["data"] is None and body["message"]
    assert "sandbox-token" not in response.text


async def test_unknown_endpoint_and_wrong_method(client: httpx.AsyncClient) -> None:
    missing = await client.get("does/not/exist")
    assert missing.status_code == 404 and missing.json()["response"] == "Failed"
    wrong = await client.delete("order")
    assert wrong.status_code == 405 and wrong.json()["response"] == "Failed"


async def test_shop_supplier_warehouses_users(client: httpx.AsyncClient) -> None:
    [shop] = (await client.get("shop")).json()["data"]
    assert shop["active_supplier"]["id"] == SUPPLIER_ID and shop["shop_name"]
    suppliers = (await client.get("supplier")).json()["data"]
    assert suppliers[0]["id"] == SUPPLIER_ID and suppliers[0]["district_id"] == SUPPLIER_DISTRICT_ID
    plain = (await client.get("warehouse")).json()["data"]
    with_main = (await client.get("warehouse", params={"with_main_warehouse": "true"})).json()[
        "data"
    ]
    assert 0 not in [w["id"] for w in plain]
    assert with_main[0] == {**with_main[0], "id": 0, "warehouse": "Gudang Utama"}
    assert len((await client.get("user")).json()["data"]) >= 2


async def test_product_pages_cover_the_whole_catalog_once(client: httpx.AsyncClient) -> None:
    seen: list[int] = []
    page = 1
    while True:
        body = (
            await client.get("product", params={"per_page": 25, "pagination_offset": page})
        ).json()
        seen += [p["id"] for p in body["data"]]
        if "next" not in body["meta"]["pagination"]["links"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == PRODUCTS
    assert (
        body["meta"]["pagination"]["total_pages"] == 3
        and body["meta"]["pagination"]["current_page"] == 3
    )


async def test_product_shapes(client: httpx.AsyncClient, app: SandboxApp) -> None:
    listed = (await client.get("product", params={"keyword": "STRESS-B2"})).json()["data"]
    assert [p["name"] for p in listed] == ["alat Masak [B2]"]
    product = listed[0]
    assert {"wholesales", "variations", "product_type", "discount", "weight"} <= product.keys()
    variation = product["variations"][0]
    assert {
        "id",
        "sku",
        "price",
        "price_reseller",
        "price1",
        "price2",
        "price3",
        "stock_quantity",
        "weight",
    } <= variation.keys()
    detail = (await client.get(f"product/{FIRST_PRODUCT_ID}/detail")).json()["data"]
    assert "wholesale_prices" in detail and "wholesales" not in detail
    assert (await client.get("product/1/detail")).status_code == 404
    preorder = (await client.get("product", params={"type": "PO", "per_page": 100})).json()["data"]
    assert preorder and {p["product_type"] for p in preorder} == {"P0"}


async def test_variation_search_stock_and_wholesale(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    v = find_variant(
        app,
        "p.id IN (SELECT product_id FROM wholesales) AND v.id NOT IN (SELECT variant_id FROM "
        "warehouse_stock)",
    )
    found = (await client.get("product/variation", params={"keyword": v["sku"]})).json()["data"]
    assert [x["variation_id"] for x in found] == [v["id"]]
    assert found[0]["wholesale_status"] == "Y"
    stock = (await client.get("product/check-stock", params={"variation_id": v["id"]})).json()[
        "data"
    ]
    assert stock["stock"] == v["stock"] and stock["price"] == v["price"]
    minimum = (
        await client.get("product/wholesale", params={"product_id": v["product_id"]})
    ).json()["data"]
    assert minimum["minimum_quantity"] == 3
    below = (
        await client.get("order/wholesale", params={"variation_id": v["id"], "qty": 1})
    ).json()["data"]
    in_band = (
        await client.get("order/wholesale", params={"variation_id": v["id"], "qty": 3})
    ).json()["data"]
    assert below["price"] == v["price"] and in_band["price"] < v["price"]
    missing = await client.get("product/check-stock")
    assert missing.status_code == 422 and "variation_id" in missing.json()["message"]


async def test_categories_and_price_access(client: httpx.AsyncClient) -> None:
    categories = {c["code"]: c for c in (await client.get("customer-category")).json()["data"]}
    assert list(categories) == ["N", "Y", "D", "1", "2"]
    for code, category in categories.items():
        access = (await client.get(f"order/check-price/{code}")).json()["data"]
        assert access == {
            "wholesale_access": category["wholesale_access"],
            "discount_access": category["discount_access"],
        }
    assert (await client.get("order/check-price/9")).status_code == 404


async def test_customers_search_pages_and_create(client: httpx.AsyncClient) -> None:
    first = (await client.get("customer", params={"per_page": 100})).json()
    assert first["meta"]["pagination"]["total"] == 300 and len(first["data"]) == 100
    resellers = (await client.get("customer", params={"category": "Y", "per_page": 100})).json()[
        "data"
    ]
    assert resellers and {c["category_code"] for c in resellers} == {"Y"}
    grosir = (await client.get("customer", params={"keyword": "grosir pak"})).json()["data"]
    assert [c["id"] for c in grosir] == [CUSTOMER_ID_BY_CATEGORY["2"]]
    phone = grosir[0]["phone"]
    assert [
        c["id"]
        for c in (await client.get("customer", params={"keyword": phone, "type": "PHONE"})).json()[
            "data"
        ]
    ] == [CUSTOMER_ID_BY_CATEGORY["2"]]

    invalid = await client.post(
        "customer/create", json={"name": "", "district_id": 1, "category": "Z"}
    )
    assert invalid.status_code == 422
    assert {"name", "phone", "address", "district_id", "category"} <= invalid.json()[
        "message"
    ].keys()
    created = await client.post(
        "customer/create",
        json={
            "name": "Bu Sri",
            "phone": "081234567890",
            "district_id": SUPPLIER_DISTRICT_ID,
            "address": "Jl. Ijen 5",
            "category": "Y",
            "is_active": "Y",
        },
    )
    assert created.status_code == 200
    new_id = created.json()["data"]["customer_id"]
    [found] = (await client.get("customer", params={"keyword": "Bu Sri"})).json()["data"]
    assert (
        found["id"] == new_id and found["category_code"] == "Y" and found["district"] == "Lowokwaru"
    )


async def test_regions_banks_expeditions_and_presets(client: httpx.AsyncClient) -> None:
    regions = (await client.get("region", params={"keyword": "lowokwaru"})).json()["data"]
    assert (
        regions[0]["id"] == SUPPLIER_DISTRICT_ID and regions[0]["district"]["name"] == "Kota Malang"
    )
    assert regions[0]["postal_code"] and regions[0]["fullname"].startswith("Lowokwaru")
    banks = (await client.get("bank")).json()["data"]
    assert CASH_BANK_ID in [b["bank_id"] for b in banks]
    gateways = (await client.get("bank", params={"type": "PAYMENT GATEWAY"})).json()["data"]
    assert [b["bank_id"] for b in gateways] == [QRIS_BANK_ID]
    expeditions = (await client.get("expedition")).json()["data"]
    assert {98, 99} <= {e["id"] for e in expeditions}
    active = (await client.get("expedition/active", params={"per_page": 3})).json()
    assert len(active["data"]) == 3 and active["meta"]["pagination"]["total"] > 3
    assert (await client.get("setting/courier/custom")).json()["data"][0]["fee"] > 0
    assert (await client.get("order-source")).json()["data"]
    assert {c["category"] for c in (await client.get("order-cost")).json()["data"]} == {
        "DISCOUNT",
        "OTHER COST",
    }


async def test_shipping_cost_is_deterministic_and_grows_with_distance_and_weight(
    client: httpx.AsyncClient,
) -> None:
    async def cheapest(destination: int, weight: int) -> dict:
        body = (
            await client.get(
                "expedition/cost",
                params={
                    "origin_id": SUPPLIER_DISTRICT_ID,
                    "destination_id": destination,
                    "weight": weight,
                    "price": 100000,
                },
            )
        ).json()
        assert set(body["data"]) == {"regular", "express", "trucking"}
        return body["data"]["regular"][0]

    same_city = (await client.get("region", params={"keyword": "Klojen"})).json()["data"][0]["id"]
    far = (await client.get("region", params={"keyword": "Tamalanrea"})).json()["data"][0]["id"]
    near = await cheapest(same_city, 1000)
    assert near == await cheapest(same_city, 1000)
    assert (await cheapest(far, 1000))["finalRate"] > near["finalRate"]
    assert (await cheapest(same_city, 5000))["finalRate"] > near["finalRate"]
    assert near["max_day"] >= near["min_day"] >= 1
    bad = await client.get(
        "expedition/cost", params={"origin_id": 1, "destination_id": same_city, "weight": 1000}
    )
    assert bad.status_code == 422 and "origin_id" in bad.json()["message"]


async def test_customer_order_history(client: httpx.AsyncClient, app: SandboxApp) -> None:
    from tests.sandbox.conftest import order_body

    v = find_variant(
        app,
        "p.product_type = 'S' AND v.stock > 3 AND v.id NOT IN (SELECT variant_id FROM "
        "warehouse_stock)",
    )
    await client.post("order", json=order_body(v["id"], 2))
    body = (
        await client.get(
            "customer/order-history", params={"id": order_body(0)["customer_sender_id"]}
        )
    ).json()
    assert body["total"] == {"items": 2, "orders": 1}
    assert body["data"][0]["order_detail"][0]["total"].strip() == "2"
