"""Fault injection in-process (ASGITransport): each fault, determinism, admin endpoint, 429."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from sspos.sandbox import Faults
from sspos.sandbox.app import SandboxApp
from tests.clocks import StepClock
from tests.sandbox.conftest import FakeMonotonic, asgi_client, find_variant, order_body


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


OWN = (
    "p.product_type = 'S' AND v.stock >= 10 AND v.id NOT IN (SELECT variant_id FROM "
    "warehouse_stock)"
)


async def test_latency_waits_before_every_api_answer(make_app: Callable[..., SandboxApp]) -> None:
    sleep = FakeSleep()
    app = make_app(faults=Faults(latency_ms=250, sleep=sleep))
    async with asgi_client(app) as c:
        assert (await c.get("shop")).status_code == 200
        assert (await c.get("bank")).status_code == 200
    assert sleep.calls == [0.25, 0.25]


async def test_error_rate_one_answers_5xx_in_the_doc_shape(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app(faults=Faults(error_rate=1.0))
    async with asgi_client(app) as c:
        statuses = [(await c.get("shop")).status_code for _ in range(12)]
        body = (await c.get("shop")).json()
    assert set(statuses) <= {500, 503} and 500 in statuses
    assert body["response"] == "Failed" and body["data"] is None


async def _pattern(app: SandboxApp) -> list[int]:
    async with asgi_client(app) as c:
        return [(await c.get("user")).status_code for _ in range(30)]


async def test_fault_choice_is_repeatable_for_a_seed(make_app: Callable[..., SandboxApp]) -> None:
    first = await _pattern(make_app(faults=Faults(error_rate=0.4, seed=3)))
    second = await _pattern(make_app(faults=Faults(error_rate=0.4, seed=3)))
    other = await _pattern(make_app(faults=Faults(error_rate=0.4, seed=4)))
    assert first == second
    assert first != other
    assert 200 in first and any(s >= 500 for s in first)


async def test_timeout_hangs_then_the_client_sees_a_read_timeout(
    make_app: Callable[..., SandboxApp],
) -> None:
    sleep = FakeSleep()
    app = make_app(faults=Faults(timeout_rate=1.0, hang_seconds=45, sleep=sleep))
    async with asgi_client(app) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.get("shop")
    assert sleep.calls == [45]


async def test_drop_after_commit_stores_the_order_but_the_client_hears_nothing(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app(faults=Faults(drop_after_commit_rate=1.0))
    v = find_variant(app, OWN)
    async with asgi_client(app) as c:
        assert (await c.get("shop")).status_code == 200  # only POST order is dropped
        with pytest.raises(httpx.RemoteProtocolError):
            await c.post("order", json=order_body(v["id"], 2, note="[POS:T1-DROP]"))
        app.state.sandbox.faults.drop_after_commit_rate = 0.0
        listed = (await c.get("order", params={"keyword": "POS:T1-DROP"})).json()["data"]
    assert [o["note"] for o in listed] == ["[POS:T1-DROP]"]
    assert app.state.sandbox.variant_stock(v["id"]) == v["stock"] - 2


async def test_a_rejected_order_is_answered_even_with_drops_on(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app(faults=Faults(drop_after_commit_rate=1.0))
    async with asgi_client(app) as c:
        response = await c.post("order", json={})
    assert response.status_code == 422  # nothing committed, nothing dropped


async def test_down_fails_at_the_connection_level(make_app: Callable[..., SandboxApp]) -> None:
    app = make_app(faults=Faults(down=True))
    async with asgi_client(app) as c:
        with pytest.raises(httpx.ConnectError):
            await c.get("shop")
        app.state.sandbox.faults.down = False
        assert (await c.get("shop")).status_code == 200


async def test_faults_never_touch_the_admin_endpoint_and_it_sets_them(app: SandboxApp) -> None:
    async with asgi_client(app) as c:
        admin = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sandbox", headers=c.headers
        )
        async with admin:
            response = await admin.put(
                "/_admin/faults", json={"error_rate": 1, "down": False, "latency_ms": 0}
            )
            assert response.status_code == 200 and response.json()["data"]["error_rate"] == 1.0
            assert (await c.get("shop")).status_code >= 500
            assert app.state.sandbox.faults.error_rate == 1.0
            response = await admin.put("/_admin/faults", json={"down": True})
            with pytest.raises(httpx.ConnectError):
                await c.get("shop")
            assert (await admin.get("/_admin/faults")).json()["data"]["down"] is True
            assert (await admin.delete("/_admin/faults")).status_code == 200
            assert (await c.get("shop")).status_code == 200
            for bad in (
                {"error_rate": 2},
                {"latency_ms": -1},
                {"down": "yes"},
                {"colour": 1},
                {"latency_ms": 1.5},
            ):
                rejected = await admin.put("/_admin/faults", json=bad)
                assert rejected.status_code == 422, bad
                assert rejected.json()["response"] == "Failed"
            assert app.state.sandbox.faults.error_rate == 0.0
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sandbox"
        ) as anonymous:
            assert (await anonymous.put("/_admin/faults", json={"down": True})).status_code == 401
        assert app.state.sandbox.faults.down is False


async def test_rate_limit_answers_429_with_retry_after_until_the_window_passes(
    make_app: Callable[..., SandboxApp], monotonic: FakeMonotonic
) -> None:
    app = make_app(rate_limit=3, rate_window_s=10)
    async with asgi_client(app) as c:
        assert [(await c.get("shop")).status_code for _ in range(3)] == [200, 200, 200]
        monotonic.value += 4
        limited = await c.get("shop")
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "6"
        assert limited.json()["response"] == "Failed"
        monotonic.value += 6
        assert (await c.get("shop")).status_code == 200


async def test_wrong_token_is_refused_before_the_rate_limit_counts(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app(rate_limit=1, rate_window_s=60)
    async with asgi_client(app, headers={"Authorization": "Bearer nope"}) as bad:
        assert [(await bad.get("shop")).status_code for _ in range(3)] == [401, 401, 401]
    async with asgi_client(app) as good:
        assert (await good.get("shop")).status_code == 200
        assert (await good.get("shop")).status_code == 429


@pytest.mark.parametrize(
    ("fault", "looks_like"),
    [
        ({"html_rate": 1.0}, "<!DOCTYPE html>"),
        ({"truncate_rate": 1.0}, '{"request_id"'),
        ({"null_numbers_rate": 1.0}, '"id":null'),
    ],
    ids=["html", "truncated", "nulls"],
)
async def test_junk_answers_come_with_status_200(
    make_app: Callable[..., SandboxApp], fault: dict, looks_like: str
) -> None:
    app = make_app()
    app.state.sandbox.faults.update(fault)
    async with asgi_client(app) as c:
        response = await c.get("product", params={"per_page": 5})
        assert response.status_code == 200 and looks_like in response.text
        if "truncate_rate" in fault:
            with pytest.raises(ValueError):
                response.json()
        if "null_numbers_rate" in fault:
            body = response.json()
            assert body["meta"]["pagination"]["total"] is None
            assert body["data"][0]["variations"][0]["price"] is None
        app.state.sandbox.faults.clear()
        assert (await c.get("product", params={"per_page": 5})).json()["data"]


async def test_junk_rates_together_cannot_exceed_one(make_app: Callable[..., SandboxApp]) -> None:
    faults = make_app().state.sandbox.faults
    with pytest.raises(ValueError, match="must not exceed 1"):
        faults.update({"html_rate": 0.6, "truncate_rate": 0.5})
    assert faults.html_rate == 0.0


async def test_repeating_pages_claim_a_huge_count_that_agrees_with_the_total(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app()
    app.state.sandbox.faults.update({"repeat_pages": True})
    async with asgi_client(app) as c:
        first = (await c.get("product", params={"per_page": 10})).json()
        later = (await c.get("product", params={"per_page": 10, "pagination_offset": 7})).json()
    assert [p["id"] for p in later["data"]] == [p["id"] for p in first["data"]]
    meta = later["meta"]["pagination"]
    assert meta["current_page"] == 7 and meta["total_pages"] == 1_000_000
    assert meta["total"] == 10 * meta["total_pages"]


async def test_escape_names_wraps_every_name_in_terminal_sequences(
    make_app: Callable[..., SandboxApp],
) -> None:
    app = make_app()
    app.state.sandbox.faults.update({"escape_names": True})
    async with asgi_client(app) as c:
        product = (await c.get("product", params={"per_page": 1})).json()["data"][0]
        customer = (await c.get("customer", params={"per_page": 1})).json()["data"][0]
    for name in (product["name"], customer["name"]):
        assert name.startswith("\x1b]0;PWNED-TITLE\x07\x1b[s\x1b[1;1H") and name.endswith("\x1b[u")


async def test_slow_commit_lands_after_the_client_gave_up(
    make_app: Callable[..., SandboxApp],
) -> None:
    clock = StepClock()
    app = make_app(faults=Faults(slow_commit_s=40, sleep=clock.sleep))
    v = find_variant(app, OWN)
    async with asgi_client(app) as c:
        with pytest.raises(httpx.ReadTimeout):  # in-process, the client always gives up
            await c.post("order", json=order_body(v["id"], 1, note="[POS:SLOW-1]"))
        assert app.state.sandbox.orders_created() == []  # still working on it
        await clock.advance(39)
        assert app.state.sandbox.orders_created() == []
        await clock.advance(1)
        assert [o["note"] for o in app.state.sandbox.orders_created()] == ["[POS:SLOW-1]"]
        # An order the server would refuse is refused after the same wait: nothing stored.
        with pytest.raises(httpx.ReadTimeout):
            await c.post("order", json=order_body(v["id"], 0, note="[POS:SLOW-2]"))
        await clock.advance(40)
    assert len(app.state.sandbox.orders_created()) == 1
    assert not app.state.sandbox.pending_commits


async def test_order_numbers_continue_after_the_shop_is_regenerated(tmp_path) -> None:
    from sspos.sandbox import SandboxConfig, create_app

    path = tmp_path / "sandbox.sqlite"
    numbers = []
    for products in (60, 60, 61):  # a restart, then a different shop in the same file
        app = create_app(SandboxConfig(seed=7, products=products, db_path=path))
        v = find_variant(app, OWN)
        async with asgi_client(app) as c:
            created = await c.post("order", json=order_body(v["id"], 1))
            numbers.append(created.json()["data"]["po_number"])
        app.state.sandbox.close()
    assert numbers == [12001, 12002, 12003]
