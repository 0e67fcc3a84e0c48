"""The bare profile serves what the doc's example responses hold, and nothing a real new
shop would lack is slipped in (no walk-in customer, no cash account)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sspos.sandbox import SandboxConfig, bare_shop, create_app
from tests.sandbox.conftest import TODAY, asgi_client

DOC_EXAMPLES = Path(__file__).parents[1] / "api" / "doc_examples"


def doc(name: str) -> Any:
    return json.loads((DOC_EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))["data"]


def contains(served: dict[str, Any], example: dict[str, Any]) -> bool:
    return all(served.get(key) == value for key, value in example.items())


@pytest.fixture
async def bare() -> Any:
    app = create_app(SandboxConfig(shop="bare"))
    async with asgi_client(app) as client:
        yield app, client


async def get(client: Any, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


@pytest.mark.parametrize(
    ("path", "example"),
    [
        ("shop", "shop"),
        ("user", "user_list"),
        ("bank", "bank_list"),
        ("warehouse", "warehouse_list"),
        ("customer-category", "customer_category_list"),
        ("order-source", "order_source_list"),
        ("order-cost", "order_cost_list"),
        ("setting/courier/custom", "setting_courier_custom"),
    ],
)
async def test_reference_lists_are_the_doc_examples(bare, path: str, example: str) -> None:
    _app, client = bare
    assert await get(client, path) == doc(example)


async def test_one_supplier_and_the_doc_expeditions(bare) -> None:
    _app, client = bare
    assert await get(client, "supplier") == doc("supplier_list")[:1]
    listed = await get(client, "expedition")
    assert [e["id"] for e in listed] == [1, 2, 3, 4, 44]
    for served, example in zip(listed, doc("expedition_list"), strict=False):
        assert contains(served, example)
    active = await get(client, "expedition/active")
    assert [contains(s, e) for s, e in zip(active, doc("expedition_active"), strict=True)] == [
        True, True]


async def test_customers_are_angga_and_budi_only(bare) -> None:
    _app, client = bare
    served = await get(client, "customer")
    assert [c["name"] for c in served] == ["Angga", "Budi"]
    keys = ("id", "name", "phone", "postal_code", "district", "city", "province",
            "category_code", "category")
    examples = doc("customer_list")
    assert [{k: c[k] for k in keys} for c in served] == [{k: e[k] for k in keys} for e in examples]
    assert await get(client, "customer", keyword="Pelanggan Umum") == []


async def test_products_as_the_doc_prints_them(bare) -> None:
    _app, client = bare
    products = await get(client, "product", per_page=50)
    example = doc("product_list")[0]
    served = next(p for p in products if p["id"] == example["id"])
    assert served["name"] == "alat Masak [B2]"
    assert contains(served["variations"][0], {
        k: example["variations"][0][k]
        for k in ("id", "sku", "price", "price_reseller", "price1", "price2", "price3",
                  "price_buy", "stock_quantity")
    })
    skus = {v["sku"]: v["stock_quantity"] for p in products for v in p["variations"]}
    assert skus == {"SEP-MER-KhC": 5, "SEP-PUT-KhX": 3, "692759578": 0, "JEB-0YCAAA": 0}
    assert all(v["barcode"] is None for p in products for v in p["variations"])


async def test_a_counter_sale_is_accepted_with_pickup_at_the_shop(bare) -> None:
    app, client = bare
    body = {
        "order_date": TODAY,
        "customer_sender_id": bare_shop.CUSTOMER_IDS["Angga"],
        "customer_receiver_id": bare_shop.CUSTOMER_IDS["Angga"],
        "supplier_id": bare_shop.SUPPLIER_ID,
        "is_print": False,
        "products": [{"id": 1, "qty": 2, "product_status": "S"}],
        "expedition": {"id": 98, "rate": 0, "name": "Ambil di Toko", "auto_pickup": False},
        "payment": {"status": "PAID", "date": TODAY, "bank_id": bare_shop.BCA_BANK_ID,
                    "amount": 10000},
        "source": "WEB",
    }
    response = await client.post("order", json=body)
    assert response.status_code == 200, response.text
    order = app.state.sandbox.orders_created()[-1]
    assert order["shop_id"] == bare_shop.SHOP_ID and order["total_amount"] == 10000


def test_a_bare_file_is_reused_and_a_demo_file_is_replaced(tmp_path) -> None:
    path = tmp_path / "sandbox.sqlite"
    demo = create_app(SandboxConfig(products=5, customers=10, db_path=path)).state.sandbox
    assert demo.summary.products == 5
    demo.close()
    first = create_app(SandboxConfig(shop="bare", db_path=path)).state.sandbox
    assert (first.summary.products, first.summary.customers) == (3, 2)
    first.create_customer({"name": "Baru", "phone": "0811", "district_id": 2087,
                           "address": "x", "category": "N"}, "id")
    first.close()
    again = create_app(SandboxConfig(shop="bare", db_path=path)).state.sandbox
    assert again.summary.customers == 3  # kept: same shop
