"""POST `order` rejects what the doc says is wrong, naming the exact field path (HTTP 422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sspos.sandbox.app import SandboxApp
from tests.sandbox.conftest import find_variant, order_body, paid

Mutation = Callable[[dict[str, Any], dict[str, int]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(body: dict[str, Any], ids: dict[str, int]) -> None:
        target: Any = body
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return mutate


_DELETE = object()


def _r_line_without_cogs(body: dict[str, Any], ids: dict[str, int]) -> None:
    body["products"].append({"id": ids["R"], "qty": 1, "product_status": "R"})


def _status_mismatch(body: dict[str, Any], ids: dict[str, int]) -> None:
    body["products"][0]["product_status"] = "R"  # the variant is own stock (S)


def _too_many(body: dict[str, Any], ids: dict[str, int]) -> None:
    body["products"][0]["qty"] = ids["S_stock"] + 1


def _split_over_stock(body: dict[str, Any], ids: dict[str, int]) -> None:
    # each line fits, together they do not: the second line is the one over
    half = ids["S_stock"] // 2 + 1
    body["products"] = [
        {"id": ids["S"], "qty": half, "product_status": "S"},
        {"id": ids["S"], "qty": half, "product_status": "S"},
    ]


CASES: list[tuple[str, Mutation, str, str]] = [
    ("sender missing", _set("customer_sender_id", _DELETE), "customer_sender_id", "required"),
    (
        "sender unknown",
        _set("customer_sender_id", 1),
        "customer_sender_id",
        "selected customer sender id is invalid",
    ),
    ("receiver unknown", _set("customer_receiver_id", 99), "customer_receiver_id", "invalid"),
    ("supplier missing", _set("supplier_id", None), "supplier_id", "required"),
    ("supplier unknown", _set("supplier_id", 5), "supplier_id", "invalid"),
    ("date missing", _set("order_date", _DELETE), "order_date", "required"),
    ("date format", _set("order_date", "28-11-2026"), "order_date", "format Y-m-d"),
    ("date impossible", _set("order_date", "2026-02-30"), "order_date", "format Y-m-d"),
    ("is_print missing", _set("is_print", _DELETE), "is_print", "required"),
    ("is_print not bool", _set("is_print", "maybe"), "is_print", "true or false"),
    ("source missing", _set("source", _DELETE), "source", "required"),
    ("source enum", _set("source", "POS"), "source", "invalid"),
    ("order source unknown", _set("order_source_id", 4242), "order_source_id", "invalid"),
    ("products missing", _set("products", []), "products", "required"),
    ("products not a list", _set("products", {"id": 1}), "products", "array"),
    (
        "variant unknown",
        _set("products.0.id", 1),
        "products.0.id",
        "selected products.0.id is invalid",
    ),
    ("qty zero", _set("products.0.qty", 0), "products.0.qty", "at least 1"),
    ("qty text", _set("products.0.qty", "dua"), "products.0.qty", "integer"),
    (
        "status missing",
        _set("products.0.product_status", _DELETE),
        "products.0.product_status",
        "required",
    ),
    ("status enum", _set("products.0.product_status", "X"), "products.0.product_status", "invalid"),
    (
        "status mismatch",
        _status_mismatch,
        "products.0.product_status",
        "must be one of the following value : S",
    ),
    (
        "warehouse unknown",
        _set("products.0.warehouse_id", 555),
        "products.0.warehouse_id",
        "invalid",
    ),
    ("line discount type", _set("products.0.type", "FREE"), "products.0.type", "invalid"),
    (
        "line nominal missing",
        _set("products.0.type", "NOMINAL"),
        "products.0.nominal",
        "required when products.0.type is NOMINAL",
    ),
    (
        "line percentage missing",
        _set("products.0.type", "PERCENTAGE"),
        "products.0.percentage",
        "required when products.0.type is PERCENTAGE",
    ),
    ("stock exceeded", _too_many, "products.0.qty", "available stock"),
    ("stock exceeded across lines", _split_over_stock, "products.1.qty", "available stock"),
    ("expedition missing", _set("expedition", _DELETE), "expedition", "required"),
    ("expedition unknown", _set("expedition.id", 12345), "expedition.id", "invalid"),
    ("expedition rate missing", _set("expedition.rate", _DELETE), "expedition.rate", "required"),
    ("expedition rate negative", _set("expedition.rate", -1), "expedition.rate", "at least 0"),
    ("expedition name missing", _set("expedition.name", ""), "expedition.name", "required"),
    (
        "auto_pickup missing",
        _set("expedition.auto_pickup", _DELETE),
        "expedition.auto_pickup",
        "required",
    ),
    ("payment missing", _set("payment", _DELETE), "payment", "required"),
    ("payment status missing", _set("payment", {}), "payment", "required"),
    ("payment status enum", _set("payment", {"status": "LUNAS"}), "payment.status", "invalid"),
    (
        "paid without date",
        _set("payment", {"status": "PAID", "bank_id": 846, "amount": 10**9}),
        "payment.date",
        "required when payment.status is PAID",
    ),
    (
        "paid without bank",
        _set("payment", {"status": "PAID", "date": "2026-11-28", "amount": 10**9}),
        "payment.bank_id",
        "required when payment.status is PAID",
    ),
    (
        "paid without amount",
        _set("payment", {"status": "PAID", "date": "2026-11-28", "bank_id": 846}),
        "payment.amount",
        "required when payment.status is PAID",
    ),
    (
        "installment without bank",
        _set("payment", {"status": "INSTALLMENT", "date": "2026-11-28", "amount": 1000}),
        "payment.bank_id",
        "required when payment.status is INSTALLMENT",
    ),
    (
        "installment without date",
        _set("payment", {"status": "INSTALLMENT", "bank_id": 846, "amount": 1000}),
        "payment.date",
        "required when payment.status is INSTALLMENT",
    ),
    (
        "installment without amount",
        _set("payment", {"status": "INSTALLMENT", "bank_id": 846, "date": "2026-11-28"}),
        "payment.amount",
        "required when payment.status is INSTALLMENT",
    ),
    (
        "bank unknown",
        _set("payment", paid(10**9, bank_id=1)),
        "payment.bank_id",
        "selected payment.bank id is invalid",
    ),
    (
        "payment date format",
        _set("payment", {**paid(10**9), "date": "2026/11/28"}),
        "payment.date",
        "format Y-m-d",
    ),
    (
        "paid amount below total",
        _set("payment", paid(1)),
        "payment.amount",
        "at least the order total",
    ),
    (
        "installment above total",
        _set("payment", paid(10**9, status="INSTALLMENT")),
        "payment.amount",
        "not be greater than the order total",
    ),
    (
        "cogs for supplier stock",
        _r_line_without_cogs,
        "payment.cost_of_goods_sales",
        "The payment.cost of goods sales field is required when products.1.product_status is R.",
    ),
    (
        "cost name missing",
        _set("order_cost", [{"category": "DISCOUNT", "type": "NOMINAL", "nominal": 1}]),
        "order_cost.0.name",
        "required",
    ),
    (
        "cost category enum",
        _set("order_cost", [{"name": "x", "category": "TIP", "type": "NOMINAL", "nominal": 1}]),
        "order_cost.0.category",
        "invalid",
    ),
    (
        "cost type enum",
        _set("order_cost", [{"name": "x", "category": "DISCOUNT", "type": "HALF"}]),
        "order_cost.0.type",
        "invalid",
    ),
    (
        "cost nominal missing",
        _set("order_cost", [{"name": "x", "category": "DISCOUNT", "type": "NOMINAL"}]),
        "order_cost.0.nominal",
        "required when order_cost.0.type is NOMINAL",
    ),
    (
        "cost percentage too big",
        _set(
            "order_cost",
            [{"name": "x", "category": "OTHER COST", "type": "PERCENTAGE", "percentage": 101}],
        ),
        "order_cost.0.percentage",
        "not be greater than 100",
    ),
    ("note too long", _set("note", "x" * 1001), "note", "1000"),
]


@pytest.fixture
def ids(app: SandboxApp) -> dict[str, int]:
    s = find_variant(
        app,
        "p.product_type = 'S' AND v.stock >= 6 AND v.id NOT IN (SELECT variant_id FROM "
        "warehouse_stock)",
    )
    r = find_variant(app, "p.product_type = 'R'")
    return {"S": s["id"], "S_stock": s["stock"], "R": r["id"]}


@pytest.mark.parametrize(("name", "mutate", "path", "text"), CASES, ids=[c[0] for c in CASES])
async def test_invalid_order_names_the_field(
    client: httpx.AsyncClient,
    app: SandboxApp,
    ids: dict[str, int],
    name: str,
    mutate: Mutation,
    path: str,
    text: str,
) -> None:
    body = order_body(ids["S"])
    mutate(body, ids)
    before = app.state.sandbox.variant_stock(ids["S"])
    response = await client.post("order", json=body)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer["response"] == "Failed" and answer["data"] is None
    assert path in answer["message"], answer["message"]
    assert any(text in message for message in answer["message"][path]), answer["message"][path]
    assert app.state.sandbox.orders_created() == []
    assert app.state.sandbox.variant_stock(ids["S"]) == before


async def test_the_valid_base_body_is_accepted(
    client: httpx.AsyncClient, ids: dict[str, int]
) -> None:
    response = await client.post("order", json=order_body(ids["S"]))
    assert response.status_code == 200, response.text


async def test_messages_follow_accept_language(
    client: httpx.AsyncClient, ids: dict[str, int]
) -> None:
    body = order_body(ids["S"])
    del body["source"]
    response = await client.post("order", json=body, headers={"Accept-Language": "id"})
    assert response.json()["message"]["source"] == ["Kolom source wajib diisi."]


async def test_malformed_json_is_a_400_in_the_doc_shape(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "order", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["response"] == "Failed"


async def test_numbers_as_strings_are_accepted_like_the_real_server(
    client: httpx.AsyncClient, ids: dict[str, int]
) -> None:
    body = order_body(ids["S"])
    body["products"][0]["qty"] = "2"
    body["customer_sender_id"] = str(body["customer_sender_id"])
    body["products"][0]["product_status"] = "S"
    response = await client.post("order", json=body)
    assert response.status_code == 200, response.text


async def test_preorder_may_be_spelled_with_a_zero(
    client: httpx.AsyncClient, app: SandboxApp
) -> None:
    variant = find_variant(app, "p.product_type = 'PO'")
    body = order_body(variant["id"])
    body["products"][0]["product_status"] = "P0"
    response = await client.post("order", json=body)
    assert response.status_code == 200, response.text
    assert app.state.sandbox.orders_created()[0]["products"][0]["product_type"] == "PO"
