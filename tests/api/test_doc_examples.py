"""Every documented example response of the endpoints the POS uses parses through the
client and its models, over HTTP (an in-process ASGI app serving the doc's examples)."""

from __future__ import annotations

import pytest

from sspos.api.errors import ValidationFailed
from sspos.api.models import CreateOrderRequest, CustomerCreate, QuickPaymentRequest
from tests.api.fake_api import DOC_EXAMPLES, DOC_ROUTES, Reply, doc_api, doc_example


@pytest.fixture
async def client():
    api = doc_api()
    async with api.client() as c:
        c.fake = api  # type: ignore[attr-defined]
        yield c


def test_every_extracted_example_is_served_or_is_a_request_or_error() -> None:
    served = set(DOC_ROUTES.values())
    other = {"order_create_request", "order_create_error", "order_quick_payment_request",
             "order_quick_payment_error"}
    files = {p.stem for p in DOC_EXAMPLES.glob("*.json")}
    assert files == served | other


async def test_shop(client) -> None:
    shop = await client.shop()
    assert shop.shop_name == "Tokoku"
    assert shop.shop_class == "PLATINUM"
    assert shop.active_supplier is not None and shop.active_supplier.name == "Good Supplier"
    assert [u.name for u in shop.users] == ["Juragan", "Admin"]


async def test_users_suppliers_warehouses(client) -> None:
    assert [u.email for u in await client.users()] == ["user1@example.com", "user2@example.com"]
    suppliers = await client.suppliers()
    assert [(s.id, s.district_id) for s in suppliers] == [(1, 2087), (2, 334)]
    warehouses = await client.warehouses()
    assert [(w.id, w.name) for w in warehouses] == [(22, "Warehouse Bandung"), (30, "Toko Utama")]
    assert client.fake.calls("GET", "warehouse")[0].params["with_main_warehouse"] == "true"


async def test_products_page(client) -> None:
    page = await client.products()
    assert page.pagination.total == 1 and not page.pagination.has_next
    product = page.items[0]
    assert (product.id, product.name, product.product_type) == (736416, "alat Masak [B2]", "S")
    assert product.wholesale_bands == []
    variation = product.variations[0]
    assert (variation.id, variation.sku, variation.price, variation.price_reseller) == (
        2425272, "692759578", 357000, 357000)
    assert variation.tier_prices() == {"1": 250698, "2": 266700, "3": 228970}
    assert [(w.id, w.name) for w in product.warehouse] == [(0, "Gudang Utama")]


async def test_iter_products_over_the_single_doc_page(client) -> None:
    assert [p.id async for p in client.iter_products()] == [736416]


async def test_product_detail(client) -> None:
    product = await client.product_detail(2950570)
    assert product.name == "Kail Pancing 24"
    assert product.variations[0].price_reseller == 9000
    assert product.variations[0].image is None
    assert product.wholesale_prices == []


async def test_variation_search_stock_and_wholesale(client) -> None:
    found = await client.product_variations("Sepatu", per_page=5, customer_id=9)
    assert [(v.variation_id, v.size, v.stock_quantity) for v in found] == [
        (2, "merah", 5), (2, "putih", 0)]
    sent = client.fake.calls("GET", "product/variation")[0].params
    assert sent == {"keyword": "Sepatu", "per_page": "5", "customer_id": "9"}
    stock = await client.check_stock(2, warehouse_id=1)
    assert (stock.stock, stock.price, stock.price_dropship) == (10, 10000, 12100)
    per_warehouse = await client.warehouse_stock(2)
    assert [(w.warehouse_id, w.stock) for w in per_warehouse] == [(1, 172), (2, 189)]
    minimum = await client.product_wholesale(123)
    assert minimum.minimum_quantity == 30
    quote = await client.order_wholesale(123, 10)
    assert (quote.quantity, quote.price) == (10, 10000)  # "quantity": "10" in the doc
    access = await client.check_price("2")
    assert (access.wholesale_access, access.discount_access) == (False, True)


async def test_customers_and_categories(client) -> None:
    categories = await client.customer_categories()
    assert [(c.code, c.wholesale_access) for c in categories] == [
        ("N", True), ("Y", False), ("D", False), ("1", False), ("2", True)]
    page = await client.customers("Budi", type="NAME", per_page=2)
    assert [c.name for c in page.items] == ["Angga", "Budi"]
    assert page.items[1].category_code == "N" and page.items[1].postal_code == "53473"
    assert page.pagination.total_pages == 50 and page.pagination.has_next
    assert page.pagination.next == "https://api.smartseller.co.id/api/customer?pagination_offset=2"
    history = await client.customer_order_history(123, per_page=2)
    assert [o.po_number for o in history.items] == [12000, 12007]
    assert history.items[0].order_detail[0].total == 1  # "total": " 1" in the doc


async def test_create_customer(client) -> None:
    created = await client.create_customer(
        CustomerCreate(name="Budi", phone="0812", district_id=3627, address="Jl. ABC"))
    assert (created.customer_id, created.name) == (123, "Budi")
    assert client.fake.calls("POST", "customer/create")[0].body == {
        "name": "Budi", "phone": "0812", "district_id": 3627, "address": "Jl. ABC",
        "category": "N", "is_active": "Y"}


async def test_regions_banks_couriers_sources_costs(client) -> None:
    regions = await client.regions("Tajinan")
    region = regions.items[0]
    assert (region.id, region.fullname, region.postal_code) == (
        3627, "Tajinan, Kabupaten Malang, Jawa Timur", ["65172"])
    assert region.district is not None and region.district.name == "Kabupaten Malang"
    banks = await client.banks(type="BANK")
    assert [(b.bank_id, b.bank_name) for b in banks] == [(1, "BCA"), (2, "BNIS")]
    assert client.fake.calls("GET", "bank")[0].params == {"type": "BANK"}
    assert [(c.name, c.fee) for c in await client.custom_couriers()] == [
        ("KURIR TOKO", 30000), ("INDAH KARGO", 40000)]
    sources = await client.order_sources()
    assert len(sources) == 6 and sources[-1].note == "Deandra Grosir Baju Anak"
    costs = await client.order_costs()
    assert [(c.category, c.type, c.nominal, c.percentage) for c in costs] == [
        ("OTHER COST", "NOMINAL", 1000, 0), ("DISCOUNT", "NOMINAL", 10000, 0),
        ("DISCOUNT", "PERCENTAGE", 1500, 50)]


async def test_expeditions_cost_and_tracking(client) -> None:
    assert [e.rate_name for e in await client.expeditions()] == ["REG", "YES", "OKE", "CTC"]
    # The doc's example claims 2 pages; the fake serves it again for page 2.
    active = await client.active_expeditions()
    assert [e.id for e in active] == [1, 44, 1, 44]
    assert [s.params["pagination_offset"] for s in client.fake.calls("GET", "expedition/active")
            ] == ["1", "2"]
    cost = await client.expedition_cost(3870, 5023, 1000, price=120000)
    assert [(r.rate_id, r.final_rate) for r in cost.all_rates()] == [(349, 37500), (350, 16000)]
    assert cost.express[0].volume_weight == pytest.approx(0.1667)
    assert cost.meta is not None and cost.meta["weight"] == {"total": "1", "type": "Kg"}
    tracking = await client.tracking("00046512912705", 4, order_id=1)
    assert tracking.status == "DELIVERED" and len(tracking.history) == 6


async def test_orders(client) -> None:
    page = await client.orders(start_date="2022-04-01")
    assert [o.invoice for o in page.items] == ["INV.2022.04.07.12435", "INV.2022.04.07.12434"]
    order = page.items[0]
    assert (order.total_amount, order.note, order.awb_number, order.order_cost) == (
        330000, None, None, [])  # "order_cost": null in the doc
    assert order.products[0].product_meta_id == 7978133 and order.products[0].quantity == 3
    assert page.pagination.total_pages == 18


async def test_order_details(client) -> None:
    detail = await client.order_details(34481623)
    assert detail.po_number == 43295
    assert detail.shipping is not None and (detail.shipping.id, detail.shipping.cost) == (57, 2000)
    line = detail.products[0]
    assert (line.price, line.quantity, line.cost_of_goods_sold) == (109900, 1, 85000)  # strings
    assert [c.category for c in detail.order_cost][:2] == ["DISCOUNT", "OTHER COST"]
    assert detail.awb_number == "JP8507716855"
    assert client.fake.calls("GET", "order/details")[0].params == {"order_id": "34481623"}


async def test_create_order_sends_the_doc_request_unchanged(client) -> None:
    request = doc_example("order_create_request")
    created = await client.create_order(request)
    assert (created.order_id, created.po_number) == (123, 10)
    assert client.fake.calls("POST", "order")[0].body == request


def test_create_order_request_round_trips_unchanged() -> None:
    request = doc_example("order_create_request")
    assert CreateOrderRequest.model_validate(request).to_wire() == request


def test_quick_payment_request_round_trips_unchanged() -> None:
    request = doc_example("order_quick_payment_request")
    assert QuickPaymentRequest.model_validate(request).to_wire() == request


async def test_awb_payment_history_cancel(client) -> None:
    added = await client.add_awb(123, "JP123")
    assert (added.order_id, added.po_number) == (123, 10)
    seen = client.fake.calls("POST", "order/awb-number/add")[0]
    assert seen.params == {"id": "123", "awb_number": "JP123"} and seen.body is None
    updated = await client.quick_payment(1312, 100000, 123, "2020-11-09")
    assert (updated.order_id, updated.payment_status) == (1312, "C")
    assert client.fake.calls("PATCH", "order/quick-payment")[0].body == doc_example(
        "order_quick_payment_request")
    history = await client.payment_history(1312)
    assert [(p.bank_id, p.nominal) for p in history] == [(847, 100000), (847, 126947)]
    cancelled = await client.cancel_order(1338)
    assert (cancelled.order_id, cancelled.po_number) == (1338, 10735)
    assert client.fake.calls("POST", "order/cancel")[0].body == {"id": 1338}


@pytest.mark.parametrize(
    ("example", "method", "path", "expected"),
    [
        ("order_create_error", "POST", "order", {
            "payment.cost_of_goods_sales": [
                (
                    "The payment.cost of goods sales field is required when "
                    "products.0.product_status is R."
                )
            ],
            "products.0.product_status": [
                "The products.0.product_status must be one of the following value : S"],
        }),
        ("order_quick_payment_error", "PATCH", "order/quick-payment", {
            "id": ["Order has been paid"],
            "amount": ["Amount is more than amount remaining of this order"],
            "maximum amount": ["0"],
        }),
    ],
)
async def test_documented_error_responses_become_validation_failed(
    example: str, method: str, path: str, expected: dict[str, list[str]]
) -> None:
    api = doc_api().on(method, path, Reply(doc_example(example), status=422))
    async with api.client() as client:
        with pytest.raises(ValidationFailed) as caught:
            if method == "POST":
                await client.create_order(doc_example("order_create_request"))
            else:
                await client.quick_payment(1312, 100000, 123, "2020-11-09")
    assert caught.value.field_errors == expected
    assert caught.value.status == 422
    assert len(api.calls(method, path)) == 1  # never retried
