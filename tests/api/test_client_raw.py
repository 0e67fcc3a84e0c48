"""`products_page_raw`: the bulk catalog page, envelope checked, items left as sent."""

from __future__ import annotations

from typing import Any

import pytest

from sspos.api.client import RawPage
from sspos.api.errors import ContractError, RateLimited, ServerUnavailable, Unauthorized
from tests.api.fake_api import TOKEN, FakeApi, Reply, Seen, doc_example


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
    assert [item["id"] for item in raw.items] == [p.id for p in typed.items] == [4, 5, 6]
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
    assert page.items == [{"id": 1}]
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
    assert raw.items == example["data"]
    assert [item["id"] for item in raw.items] == [p.id for p in typed.items]
    assert raw.pagination == typed.pagination
