"""`products_page_raw`: the bulk catalog page.

Plain pages come back as `ListedProduct`s (strict, only the catalog's fields); any other
page has its envelope checked and its items left exactly as sent.
"""

from __future__ import annotations

from typing import Any

import pytest

from sspos.api.client import RawPage
from sspos.api.errors import (
    ContractError,
    RateLimited,
    ServerUnavailable,
    Unauthorized,
    ValidationFailed,
)
from sspos.api.models.product_list import ListedProduct
from tests.api.fake_api import TOKEN, FakeApi, Reply, Seen, doc_example


def ids(items: list[Any]) -> list[Any]:
    return [item.id if isinstance(item, ListedProduct) else item["id"] for item in items]


def paged(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    total_pages = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page: page * per_page]
    return {"data": chunk, "meta": {"pagination": {
        "total": len(items), "count": len(chunk), "per_page": per_page,
        "current_page": page, "total_pages": total_pages}}}


async def test_items_come_back_exactly_as_the_server_sent_them() -> None:
    odd = [
        {"id": "7", "name": "Kopi", "variations": [{"id": 70, "price": "Rp12.500"}]},
        {"id": 8, "variations": [{"id": 80, "price": "mahal"}]},  # products() refuses this
        "not even an object",
    ]

    def handler(seen: Seen) -> Reply:
        return Reply(paged(odd, int(seen.params["pagination_offset"]),
                           int(seen.params["per_page"])))

    api = FakeApi().on("GET", "product", handler)
    async with api.client() as client:
        page = await client.products_page_raw(page=1, per_page=10)
        with pytest.raises(ContractError):
            await client.products(page=1, per_page=10)
    assert isinstance(page, RawPage)
    assert page.items == odd
    assert (page.pagination.total, page.pagination.total_pages) == (3, 1)
    assert not page.pagination.has_next


async def test_same_request_as_products_filters_page_and_capped_per_page() -> None:
    catalog = [{"id": i} for i in range(1, 8)]

    def handler(seen: Seen) -> Reply:
        return Reply(paged(catalog, int(seen.params["pagination_offset"]),
                           int(seen.params["per_page"])))

    api = FakeApi().on("GET", "product", handler)
    async with api.client(lang="en") as client:
        raw = await client.products_page_raw(page=2, per_page=3, keyword="kopi", category=4)
        typed = await client.products(page=2, per_page=3, keyword="kopi", category=4)
        await client.products_page_raw(page=1, per_page=5000)
    raw_seen, typed_seen, capped = api.seen
    assert sorted(raw_seen.query) == sorted(typed_seen.query)
    assert raw_seen.params["pagination_offset"] == "2" and raw_seen.params["keyword"] == "kopi"
    assert raw_seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert raw_seen.headers["accept-language"] == "en"
    assert capped.params["per_page"] == "100"
    assert all(isinstance(item, ListedProduct) for item in raw.items)
    assert ids(raw.items) == [p.id for p in typed.items] == [4, 5, 6]
    assert raw.pagination == typed.pagination
    assert raw.pagination.has_next


async def test_rate_limits_and_outages_are_retried_like_every_get() -> None:
    good = paged([{"id": 1}], 1, 50)
    api = FakeApi().on(
        "GET", "product",
        Reply(status=429, headers={"Retry-After": "7"}, body={}),
        Reply(status=503, body={"message": "maintenance"}),
        Reply(good),
    )
    async with api.client() as client:
        page = await client.products_page_raw()
    assert page.items == [ListedProduct(id=1)]
    assert len(api.seen) == 3
    assert api.sleeps[0] == 7.0 and len(api.sleeps) == 2


async def test_errors_map_like_products() -> None:
    api = FakeApi().on("GET", "product", Reply(status=503, body={}))
    async with api.client(max_retries=1) as client:
        with pytest.raises(ServerUnavailable):
            await client.products_page_raw()
    assert len(api.seen) == 2

    api = FakeApi().on("GET", "product", Reply(status=429, headers={"Retry-After": "2"}, body={}))
    async with api.client(max_retries=0) as client:
        with pytest.raises(RateLimited) as limited:
            await client.products_page_raw()
    assert limited.value.retry_after == 2.0

    api = FakeApi().on("GET", "product", Reply(status=401, body={"message": "bad token"}))
    async with api.client() as client:
        with pytest.raises(Unauthorized):
            await client.products_page_raw()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"products": []}, "data"),
        ({"data": "nothing here"}, "data"),
        ({"data": 5}, "data"),
        ({"data": [], "meta": {"pagination": {"total": "many"}}}, "meta.pagination.total"),
    ],
)
async def test_a_broken_envelope_is_a_contract_error(body: dict[str, Any], field: str) -> None:
    api = FakeApi().on("GET", "product", Reply(body))
    async with api.client() as client:
        with pytest.raises(ContractError) as caught:
            await client.products_page_raw()
    assert caught.value.endpoint == "GET product"
    assert caught.value.field == field


async def test_a_body_that_is_not_json_is_a_contract_error() -> None:
    api = FakeApi().on("GET", "product", Reply(text="<html>maintenance</html>"))
    async with api.client() as client:
        with pytest.raises(ContractError) as caught:
            await client.products_page_raw()
    assert "not JSON" in caught.value.message


async def test_null_or_keyed_data_and_no_pagination() -> None:
    api = FakeApi().on("GET", "product", Reply({"data": None}),
                       Reply({"data": {"a": {"id": 1}, "b": {"id": 2}}}))
    async with api.client() as client:
        empty = await client.products_page_raw()
        keyed = await client.products_page_raw()
    assert empty.items == [] and not empty.pagination.has_next
    assert keyed.items == [{"id": 1}, {"id": 2}]
    assert (keyed.pagination.total, keyed.pagination.total_pages) == (2, 1)


async def test_the_documented_product_list_reads_the_same_raw_and_typed() -> None:
    example = doc_example("product_list")
    api = FakeApi().on("GET", "product", Reply(example))
    async with api.client() as client:
        raw = await client.products_page_raw()
        typed = await client.products()
    assert ids(raw.items) == [p.id for p in typed.items]
    assert raw.pagination == typed.pagination


PLAIN = {
    "id": 12, "name": "Kopi Bubuk", "product_type": "P0", "category_id": 3,
    "category_name": "Minuman", "description": None, "discount": 500, "weight": 250,
    "image": "https://x/y.png", "total_stock": 9, "publish_status": "Y",
    "wholesales": [{"id": 1, "from": 5, "to": None, "price": 9000}],
    "variations": [{"id": 120, "sku": "KB-1", "barcode": "899123", "weight": 250.5,
                    "size": "L", "color": "Hitam", "price_buy": 7000, "price": 10000,
                    "price_reseller": 9500, "price1": 9800, "price2": None, "price3": 0,
                    "stock_quantity": 4, "stock": "Y", "image": None}],
}  # fmt: skip


async def test_a_plain_page_reads_as_listed_products_with_the_typed_values() -> None:
    api = FakeApi().on("GET", "product", Reply(paged([PLAIN], 1, 50)))
    async with api.client() as client:
        raw = await client.products_page_raw()
        typed = await client.products()
    (listed,), (model,) = raw.items, typed.items
    assert isinstance(listed, ListedProduct)
    assert (listed.id, listed.name, listed.discount, listed.weight) == (
        model.id, model.name, model.discount, model.weight)
    assert listed.product_type == "P0"  # the catalog maps it, as the model does (PO)
    band, = listed.wholesale_bands
    assert (band.from_qty, band.to_qty, band.price) == (5, None, 9000)
    variation, model_variation = listed.variations[0], model.variations[0]
    for name in ("id", "sku", "weight", "size", "color", "price_buy", "price",
                 "price_reseller", "price1", "price2", "price3", "stock_quantity", "barcode"):
        assert getattr(variation, name) == getattr(model_variation, name), name


@pytest.mark.parametrize(
    "odd",
    [
        {**PLAIN, "discount": "500"},  # a number as text
        {**PLAIN, "id": 2**70},  # beyond SQLite's integers
        {**PLAIN, "variations": None},  # null for a list
        {**PLAIN, "weight": 1e400},  # not finite
    ],
)
async def test_a_page_not_in_plain_shapes_comes_back_as_sent(odd: dict[str, Any]) -> None:
    api = FakeApi().on("GET", "product", Reply(paged([odd], 1, 50)))
    async with api.client() as client:
        raw = await client.products_page_raw()
    assert raw.items == [odd]


async def test_a_failed_envelope_is_refused_like_products() -> None:
    failed = {"response": "Failed", "message": {"per_page": ["too big"]}, "data": []}
    api = FakeApi().on("GET", "product", Reply(failed), Reply(failed))
    async with api.client() as client:
        with pytest.raises(ValidationFailed) as raw:
            await client.products_page_raw()
        with pytest.raises(ValidationFailed) as typed:
            await client.products()
    assert raw.value.field_errors == typed.value.field_errors == {"per_page": ["too big"]}
