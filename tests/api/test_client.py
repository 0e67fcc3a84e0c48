"""The client over a real HTTP transport: headers, pagination, errors, retries."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.errors import (
    ApiError,
    ContractError,
    EndpointMissing,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    RequestInvalid,
    ServerUnavailable,
    Unauthorized,
    ValidationFailed,
    connection_state,
    describe,
)
from tests.api.fake_api import BASE_URL, TOKEN, FakeApi, Reply, Seen, doc_example


def product(pid: int) -> dict[str, Any]:
    return {"id": pid, "name": f"P{pid}", "variations": [{"id": pid * 10, "price": "1000"}]}


def paged(items: list[Any], page: int, per_page: int, *, counters: bool = True) -> dict:
    total_pages = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    links = {"next": f"{BASE_URL}/x?pagination_offset={page + 1}"} if page < total_pages else {}
    pagination: dict[str, Any] = {"count": len(chunk), "per_page": per_page, "links": links}
    if counters:
        pagination.update(total=len(items), current_page=page, total_pages=total_pages)
    return {"data": chunk, "meta": {"pagination": pagination}}


# ------------------------------------------------------------------ headers


async def test_every_call_sends_bearer_token_and_accept_language() -> None:
    api = (
        FakeApi()
        .on("GET", "user", Reply({"data": []}))
        .on("POST", "order/cancel", Reply({"data": {"order_id": 1}}))
    )
    async with api.client() as client:
        await client.users()
        client.lang = "en"
        await client.cancel_order(1)
    first, second = api.seen
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert first.headers["accept-language"] == "id"
    assert second.headers["authorization"] == f"Bearer {TOKEN}"
    assert second.headers["accept-language"] == "en"


async def test_lang_is_taken_from_the_constructor() -> None:
    api = FakeApi().on("GET", "user", Reply({"data": []}))
    async with api.client(lang="en") as client:
        await client.users()
    assert api.seen[0].headers["accept-language"] == "en"


# ------------------------------------------------------------------ pagination


async def test_iter_products_walks_every_page_with_pagination_offset() -> None:
    catalog = [product(i) for i in range(1, 8)]

    def handler(seen: Seen) -> Reply:
        page, per_page = int(seen.params["pagination_offset"]), int(seen.params["per_page"])
        return Reply(paged(catalog, page, per_page))

    api = FakeApi().on("GET", "product", handler)
    async with api.client() as client:
        ids = [p.id async for p in client.iter_products(per_page=3, keyword="P")]
        first = await client.products(page=3, per_page=3)
    assert ids == list(range(1, 8))
    assert [s.params["pagination_offset"] for s in api.seen[:3]] == ["1", "2", "3"]
    assert all(s.params["keyword"] == "P" and s.params["per_page"] == "3" for s in api.seen[:3])
    assert [p.id for p in first.items] == [7]
    assert (first.pagination.current_page, first.pagination.total_pages) == (3, 3)
    assert first.items[0].variations[0].price == 1000


async def test_iteration_follows_links_next_when_counters_are_absent() -> None:
    people = [{"id": i, "name": f"C{i}"} for i in range(5)]

    def handler(seen: Seen) -> Reply:
        page = int(seen.params["pagination_offset"])
        return Reply(paged(people, page, 2, counters=False))

    api = FakeApi().on("GET", "customer", handler)
    async with api.client() as client:
        names = [c.name async for c in client.iter_customers("C", per_page=2)]
    assert names == ["C0", "C1", "C2", "C3", "C4"]
    assert api.seen[0].params["type"] == "NAME" and api.seen[0].params["keyword"] == "C"


async def test_iteration_stops_when_the_server_ignores_the_page_parameter() -> None:
    stuck = {
        "data": [product(1)],
        "meta": {
            "pagination": {
                "total": 9,
                "count": 1,
                "per_page": 1,
                "current_page": 1,
                "total_pages": 9,
            }
        },
    }
    api = FakeApi().on("GET", "product", Reply(stuck))
    async with api.client() as client:
        ids = [p.id async for p in client.iter_products(per_page=1)]
    assert ids == [1, 1]  # page 1, then page "2" that claims to be page 1: stop
    assert len(api.seen) == 2


async def test_iter_orders_and_list_filters() -> None:
    orders = [{"order_id": i, "note": f"ref-{i}"} for i in range(3)]

    def handler(seen: Seen) -> Reply:
        return Reply(paged(orders, int(seen.params["pagination_offset"]), 2))

    api = FakeApi().on("GET", "order", handler)
    async with api.client() as client:
        found = [
            o.note
            async for o in client.iter_orders(
                per_page=2, order_ids=[1, 2], keyword=None, start_date=dt.date(2024, 1, 2)
            )
        ]
    assert found == ["ref-0", "ref-1", "ref-2"]
    query = api.seen[0].query
    assert ("order_ids[]", "1") in query and ("order_ids[]", "2") in query
    assert ("start_date", "2024-01-02") in query
    assert all(key != "keyword" for key, _ in query)


async def test_per_page_is_capped_at_the_documented_maximum() -> None:
    api = FakeApi().on("GET", "customer", Reply({"data": []}))
    async with api.client() as client:
        page = await client.customers(per_page=500)
    assert api.seen[0].params["per_page"] == "100"
    assert page.items == [] and not page.pagination.has_next


# ------------------------------------------------------------------ error classes


@pytest.mark.parametrize("status", [401, 403])
async def test_unauthorized_is_not_retried(status: int) -> None:
    api = FakeApi().on("GET", "shop", Reply({"message": "Unauthenticated."}, status=status))
    async with api.client() as client:
        with pytest.raises(Unauthorized) as caught:
            await client.shop()
    assert caught.value.endpoint == "GET shop" and caught.value.status == status
    assert len(api.seen) == 1 and api.sleeps == []
    assert describe(caught.value, "en") == f"{status} unauthorized — check SSPOS_TOKEN"


async def test_validation_failed_carries_the_field_messages() -> None:
    body = {
        "request_id": "x",
        "response": "Failed",
        "message": {"products.0.qty": ["The qty must be at least 1."]},
        "data": None,
    }
    api = FakeApi().on("POST", "customer/create", Reply(body, status=400))
    async with api.client() as client:
        from sspos.api.models import CustomerCreate

        with pytest.raises(ValidationFailed) as caught:
            await client.create_customer(
                CustomerCreate(name="A", phone="1", district_id=1, address="x")
            )
    assert caught.value.field_errors == {"products.0.qty": ["The qty must be at least 1."]}
    assert "products.0.qty: The qty must be at least 1." in caught.value.message


async def test_failed_with_a_plain_message_on_http_200_is_a_validation_failure() -> None:
    body = {"response": "Failed", "message": "Order has been canceled", "data": None}
    api = FakeApi().on("POST", "order/cancel", Reply(body))
    async with api.client() as client:
        with pytest.raises(ValidationFailed) as caught:
            await client.cancel_order(5)
    assert caught.value.field_errors == {}
    assert caught.value.message == "Order has been canceled"


async def test_not_found_and_other_client_errors() -> None:
    api = (
        FakeApi()
        .on("GET", "product/9/detail", Reply({"message": "Product not found"}, status=404))
        .on("GET", "bank", Reply({"message": "Method not allowed"}, status=405))
    )
    async with api.client() as client:
        with pytest.raises(NotFound) as missing:
            await client.product_detail(9)
        with pytest.raises(ApiError) as refused:
            await client.banks()
    assert missing.value.endpoint == "GET product/9/detail"
    assert type(refused.value) is ApiError and refused.value.status == 405
    assert "Method not allowed" in refused.value.message
    assert api.sleeps == []


@pytest.mark.parametrize(
    "reply",
    [
        Reply(text="<!DOCTYPE html><html><title>Login Wi-Fi</title>\x1b[2J</html>"),
        Reply(text='{"response": "Success", "data": [{"id": 1, "name": "Ka'),  # truncated
        Reply(["not", "an", "envelope"]),
        Reply({"response": "Success", "items": []}),  # no `data`
    ],
    ids=["html-200", "truncated-json", "json-list", "no-data-key"],
)
async def test_junk_instead_of_data_is_a_malformed_response(reply: Reply) -> None:
    api = FakeApi().on("GET", "supplier", reply).on("GET", "product", reply)
    async with api.client() as client:
        with pytest.raises(MalformedResponse) as caught:
            await client.suppliers()
        with pytest.raises(MalformedResponse):
            await client.products_page_raw(page=1, per_page=100)  # never "0 items"
    assert caught.value.endpoint == "GET supplier"
    assert "\x1b" not in caught.value.message  # the server's text is shown safely
    assert "not API data" in describe(caught.value, "en")
    assert connection_state(caught.value) == "failing"


@pytest.mark.parametrize(
    ("error", "state"),
    [
        (None, "online"),
        (NetworkError("GET x", "cannot connect", certainly_not_sent=True), "offline"),
        (NetworkError("POST order", "timed out", certainly_not_sent=False), "failing"),
        (ServerUnavailable("GET x", "502", status=502), "failing"),
        (Unauthorized("GET x", "401", status=401), "unauthorized"),
        (RateLimited("GET x", "429"), "online"),
        (ValidationFailed("POST order", {"qty": ["too small"]}), "online"),
        # A 404 for an endpoint every SmartSeller has: a wrong address, not a working shop.
        (EndpointMissing("GET product", "404", status=404), "failing"),
        (NotFound("GET product/12/detail", "404", status=404), "online"),  # a record gone
        (NotFound("GET expedition/tracking", "404", status=404), "online"),  # unknown AWB
        (NotFound("GET order/details", "order 5 not in the response"), "online"),
    ],
)
def test_connection_state_tells_offline_from_token_and_server_trouble(
    error: ApiError | None, state: str
) -> None:
    assert connection_state(error) == state


async def test_a_404_from_an_endpoint_every_server_has_means_a_wrong_address() -> None:
    gone = Reply({"response": "Failed", "message": "Not Found."}, status=404)
    api = (FakeApi().on("GET", "product", gone).on("GET", "expedition/tracking", gone)
           .on("GET", "product/7/detail", gone))
    async with api.client() as client:
        with pytest.raises(EndpointMissing) as missing:
            await client.products_page_raw(page=1, per_page=100)
        with pytest.raises(NotFound) as unknown_awb:
            await client.tracking("NOSUCHAWB", 1)
        with pytest.raises(NotFound) as record:
            await client.product_detail(7)
    assert connection_state(missing.value) == "failing"
    assert "SSPOS_API_URL" in describe(missing.value, "en")
    for error in (unknown_awb.value, record.value):
        assert not isinstance(error, EndpointMissing)
        assert connection_state(error) == "online"
        assert "SSPOS_API_URL" not in describe(error, "en")


async def test_contract_error_names_endpoint_and_field() -> None:
    bad = {"data": [{"id": 1, "variations": [{"id": 2, "price": "mahal"}]}]}
    api = FakeApi().on("GET", "product", Reply(bad)).on("GET", "user", Reply({"users": []}))
    async with api.client() as client:
        with pytest.raises(ContractError) as wrong_type:
            await client.products()
        with pytest.raises(ContractError) as no_data:
            await client.users()
    assert wrong_type.value.endpoint == "GET product"
    assert wrong_type.value.field == "data.0.variations.0.price"
    assert no_data.value.field == "data"
    assert "price" in describe(wrong_type.value, "en")


async def test_an_invalid_order_payload_is_refused_before_sending() -> None:
    api = FakeApi().on("POST", "order", Reply({"data": {"order_id": 1}}))
    payload = doc_example("order_create_request")
    payload["products"] = []
    payload["payment"] = {"status": "PAID"}
    payload["surprise"] = 1
    async with api.client() as client:
        with pytest.raises(RequestInvalid) as caught:
            await client.create_order(payload)
    assert api.seen == []
    assert set(caught.value.field_errors) == {"products", "payment", "surprise"}
    assert caught.value.status is None


# ------------------------------------------------------------------ retries


async def test_get_retries_5xx_with_exponential_backoff() -> None:
    api = FakeApi().on(
        "GET",
        "user",
        Reply(status=503, body={"message": "maintenance"}),
        Reply(status=500, body={}),
        Reply({"data": [{"id": 1, "name": "A"}]}),
    )
    async with api.client() as client:
        users = await client.users()
    assert [u.name for u in users] == ["A"]
    assert api.sleeps == [0.5, 1.0]
    assert len(api.seen) == 3


async def test_retry_after_is_honoured() -> None:
    api = FakeApi().on(
        "GET", "user", Reply(status=429, headers={"Retry-After": "7"}, body={}), Reply({"data": []})
    )
    async with api.client() as client:
        assert await client.users() == []
    assert api.sleeps == [7.0]


async def test_retry_after_as_http_date() -> None:
    now = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)
    when = "Wed, 01 May 2024 12:00:03 GMT"
    api = FakeApi().on(
        "GET",
        "user",
        Reply(status=429, headers={"Retry-After": when}, body={}),
        Reply({"data": []}),
    )
    async with api.client(now=lambda: now) as client:
        await client.users()
    assert api.sleeps == [3.0]


async def test_a_retry_after_longer_than_allowed_is_raised_at_once() -> None:
    api = FakeApi().on("GET", "user", Reply(status=429, headers={"Retry-After": "3600"}, body={}))
    async with api.client() as client:
        with pytest.raises(RateLimited) as caught:
            await client.users()
    assert caught.value.retry_after == 3600.0
    assert api.sleeps == [] and len(api.seen) == 1


async def test_retries_give_up_after_max_retries_with_jitter() -> None:
    api = FakeApi().on("GET", "user", Reply(status=502, body={}))
    async with api.client(rng=lambda: 0.0, max_retries=3) as client:
        with pytest.raises(ServerUnavailable) as caught:
            await client.users()
    assert caught.value.status == 502
    assert len(api.seen) == 4
    assert api.sleeps == [0.25, 0.5, 1.0]  # equal jitter: half of 0.5·2^n at rng=0


async def test_real_jitter_stays_within_bounds() -> None:
    api = FakeApi().on("GET", "user", Reply(status=500, body={}))
    import random

    async with api.client(rng=random.Random(4).random, max_retries=4) as client:
        with pytest.raises(ServerUnavailable):
            await client.users()
    for attempt, delay in enumerate(api.sleeps):
        ceiling = 0.5 * 2**attempt
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(api.sleeps)) == 4


async def test_backoff_is_capped() -> None:
    client = SmartSellerClient(BASE_URL, TOKEN, backoff_base=1.0, backoff_max=5.0, rng=lambda: 1.0)
    assert [client.backoff_delay(n) for n in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    await client.aclose()


async def test_post_and_patch_never_retry() -> None:
    api = (
        FakeApi()
        .on("POST", "order", Reply(status=503, body={}))
        .on(
            "PATCH", "order/quick-payment", Reply(status=429, body={}, headers={"Retry-After": "1"})
        )
    )
    async with api.client() as client:
        with pytest.raises(ServerUnavailable):
            await client.create_order(doc_example("order_create_request"))
        with pytest.raises(RateLimited) as limited:
            await client.quick_payment(1, 100, 2, dt.date(2024, 1, 2))
    assert limited.value.retry_after == 1.0
    assert len(api.seen) == 2 and api.sleeps == []
    assert api.seen[1].body["payment"]["date"] == "2024-01-02"


class FailingTransport(httpx.AsyncBaseTransport):
    """Raises the given transport errors first, then hands over to `inner`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, errors: list[Exception]) -> None:
        self.inner, self.errors, self.calls = inner, errors, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return await self.inner.handle_async_request(request)


async def test_network_errors_are_retried_for_get() -> None:
    api = FakeApi().on("GET", "user", Reply({"data": []}))
    transport = FailingTransport(
        httpx.ASGITransport(app=api.app), [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")]
    )
    async with api.client(transport=transport) as client:
        assert await client.users() == []
    assert transport.calls == 3 and api.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    ("error", "not_sent"),
    [
        (httpx.ConnectError("refused"), True),
        (httpx.ConnectTimeout("no answer to SYN"), True),
        (httpx.UnsupportedProtocol("htp://"), True),
        (httpx.ReadTimeout("sent, no answer"), False),
        (httpx.WriteError("broken pipe"), False),
        (httpx.RemoteProtocolError("server hung up"), False),
    ],
)
async def test_network_error_says_whether_the_request_certainly_never_left(
    error: Exception, not_sent: bool
) -> None:
    api = FakeApi()
    transport = FailingTransport(httpx.ASGITransport(app=api.app), [error])
    async with api.client(transport=transport) as client:
        with pytest.raises(NetworkError) as caught:
            await client.create_order(doc_example("order_create_request"))
    assert caught.value.certainly_not_sent is not_sent
    assert caught.value.endpoint == "POST order"
    assert transport.calls == 1 and api.sleeps == []  # POST: no retry


async def test_connection_refused_on_a_real_socket() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with SmartSellerClient(
        f"http://127.0.0.1:{port}/api/open", TOKEN, max_retries=0
    ) as client:
        with pytest.raises(NetworkError) as caught:
            await client.shop()
    assert caught.value.certainly_not_sent is True
    assert (
        "cannot connect" in describe(caught.value, "en", base_url="http://x")
        or "cannot connect" in caught.value.message
    )


# ------------------------------------------------------------------ the token stays secret


async def test_token_never_in_repr_messages_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    echo = {"message": f"token {TOKEN} is not valid"}
    api = (
        FakeApi()
        .on("GET", "shop", Reply(echo, status=401))
        .on("GET", "user", Reply(status=503, body=echo), Reply({"data": []}))
    )
    caplog.set_level(logging.DEBUG)
    async with api.client() as client:
        with pytest.raises(Unauthorized) as caught:
            await client.shop()
        await client.users()
        assert TOKEN not in repr(client)
        assert TOKEN not in str(vars(client))
    assert TOKEN not in str(caught.value) and TOKEN not in caught.value.message
    assert "***" in caught.value.message
    assert caplog.records, "the retry should have been logged"
    assert all(TOKEN not in record.getMessage() for record in caplog.records)


async def test_shop_with_an_empty_list_is_a_contract_error() -> None:
    api = FakeApi().on("GET", "shop", Reply({"data": []}))
    async with api.client() as client:
        with pytest.raises(ContractError) as caught:
            await client.shop()
    assert (caught.value.endpoint, caught.value.field) == ("GET shop", "data")


async def test_order_details_missing_from_the_answer_is_not_found() -> None:
    api = FakeApi().on("GET", "order/details", Reply({"data": [{"order_id": 1}]}))
    async with api.client() as client:
        with pytest.raises(NotFound):
            await client.order_details(2)
        assert (await client.order_details(1)).order_id == 1


@pytest.mark.parametrize(
    ("error", "lang", "text"),
    [
        (
            RateLimited("GET x", "429", retry_after=3),
            "id",
            "429 terlalu banyak permintaan — coba lagi nanti",
        ),
        (
            ServerUnavailable("GET x", "503", status=503),
            "en",
            "503 SmartSeller server unavailable (maintenance?) — try again later",
        ),
        (
            NetworkError(
                "GET x", "timed out (ReadTimeout)", certainly_not_sent=False, timed_out=True
            ),
            "en",
            "https://s did not answer in time — a slow server or a broken network",
        ),
        (
            NetworkError("GET x", "connection reset", certainly_not_sent=False),
            "id",
            "koneksi ke https://s terputus sebelum ada jawaban — periksa jaringan",
        ),
        (
            ValidationFailed("POST order", {"qty": ["too small"]}),
            "en",
            "rejected by the server: qty: too small",
        ),
        (
            RequestInvalid("POST order", {"products": ["too short"]}),
            "id",
            "data tidak valid, tidak dikirim: products: too short",
        ),
        (ApiError("GET x", "410 gone", status=410), "en", "API error: 410 gone"),
    ],
)
def test_describe_gives_one_line_per_error_class(error: ApiError, lang: str, text: str) -> None:
    assert describe(error, lang, base_url="https://s") == text
