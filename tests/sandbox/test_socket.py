"""The sandbox over a real loopback socket (uvicorn in a thread): the same contract and faults."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.models.customer import CustomerCreate
from sspos.doctor import run_doctor
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.sandbox.app import SandboxApp
from sspos.sandbox.demo_data import CASH_BANK_ID, WALK_IN_CUSTOMER_ID
from sspos.sandbox.server import serve_in_thread
from tests.sandbox.conftest import AUTH, PRODUCTS, TODAY, find_variant, order_body

OWN_STOCK = (
    "p.product_type = 'S' AND v.stock > 2 AND v.id NOT IN (SELECT variant_id FROM warehouse_stock)"
)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[SandboxApp, str]]:
    app = create_app(SandboxConfig(seed=11, products=PRODUCTS))
    with serve_in_thread(app) as url:
        yield app, url


@pytest.fixture
def sandbox(served: tuple[SandboxApp, str]) -> Iterator[tuple[SandboxApp, str]]:
    app, url = served
    app.state.sandbox.faults.clear()
    yield app, url
    app.state.sandbox.faults.clear()
    app.state.sandbox.faults.update({"hang_seconds": 30.0, "down_for_s": 0.0})


def client(url: str, timeout: float = 5.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url, headers=AUTH, timeout=timeout)


async def test_serves_the_api_and_checks_the_token(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api/open")
    async with client(url) as c:
        assert (await c.get("shop")).json()["data"][0]["shop_name"]
        assert (await c.get("shop", headers={"Authorization": "Bearer wrong"})).status_code == 401
        v = find_variant(
            app,
            "p.product_type = 'S' AND v.stock > 2 AND v.id NOT IN (SELECT variant_id FROM "
            "warehouse_stock)",
        )
        created = await c.post("order", json=order_body(v["id"], 1, note="socket"))
        assert created.status_code == 200
        assert created.json()["data"]["order_id"] in [
            o["order_id"] for o in app.state.sandbox.orders_created()
        ]


async def test_drop_after_commit_closes_the_connection_without_an_answer(
    sandbox: tuple[SandboxApp, str],
) -> None:
    app, url = sandbox
    v = find_variant(
        app,
        "p.product_type = 'S' AND v.stock > 2 AND v.id NOT IN (SELECT variant_id FROM "
        "warehouse_stock)",
    )
    app.state.sandbox.faults.drop_after_commit_rate = 1.0
    async with client(url) as c:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await c.post("order", json=order_body(v["id"], 1, note="[POS:SOCKET-DROP]"))
        app.state.sandbox.faults.drop_after_commit_rate = 0.0
        found = (await c.get("order", params={"keyword": "SOCKET-DROP"})).json()["data"]
    assert [o["note"] for o in found] == ["[POS:SOCKET-DROP]"]


async def test_timeout_hangs_longer_than_the_client_waits(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    app.state.sandbox.faults.update({"timeout_rate": 1.0, "hang_seconds": 20})
    async with client(url, timeout=0.3) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.get("shop")


async def test_errors_and_rate_limit_over_the_socket(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    async with client(url) as c:
        app.state.sandbox.faults.error_rate = 1.0
        assert (await c.get("bank")).status_code in (500, 503)
        app.state.sandbox.faults.error_rate = 0.0
        app.state.sandbox.faults.update({"rate_limit": 1, "rate_window_s": 60})
        codes = [(await c.get("bank")).status_code for _ in range(2)]
        assert 429 in codes
        limited = await c.get("bank")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


async def test_down_refuses_connections_and_recovers(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    async with client(url) as kept_alive:
        assert (await kept_alive.get("shop")).status_code == 200
        app.state.sandbox.faults.down = True
        with pytest.raises(httpx.TransportError):  # an open keep-alive connection is reset
            await kept_alive.get("shop")
    async with client(url) as fresh:
        with pytest.raises(httpx.ConnectError):  # nothing listens on the port any more
            await fresh.get("shop")
    app.state.sandbox.faults.down = False
    async with client(url) as c:
        assert (await c.get("shop")).status_code == 200


async def test_down_for_a_while_via_the_admin_endpoint(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    base = url.removesuffix("/api/open")
    async with httpx.AsyncClient(base_url=base, headers=AUTH) as admin:
        response = await admin.put("/_admin/faults", json={"down": True, "down_for_s": 0.3})
        assert response.status_code == 200
    refused = 0
    for _ in range(100):  # the port comes back by itself after down_for_s
        try:
            async with client(url) as c:
                if (await c.get("shop")).status_code == 200:
                    break
        except httpx.ConnectError:
            refused += 1
        await asyncio.sleep(0.05)
    else:
        pytest.fail("the sandbox did not come back")
    assert refused >= 1
    assert app.state.sandbox.faults.down is False


async def test_the_admin_port_lifts_down_without_a_restart(sandbox: tuple[SandboxApp, str]) -> None:
    app, url = sandbox
    admin_url = app.state.admin_url
    assert admin_url.startswith("http://127.0.0.1:") and admin_url.endswith("/_admin")
    async with httpx.AsyncClient(base_url=url.removesuffix("/api/open"), headers=AUTH) as main:
        assert (await main.put("/_admin/faults", json={"down": True})).status_code == 200
    async with client(url) as fresh:
        with pytest.raises(httpx.ConnectError):  # the API's port is closed: refused
            await fresh.get("shop")
    async with httpx.AsyncClient(headers=AUTH) as admin:
        assert (await admin.get(f"{admin_url}/faults")).json()["data"]["down"] is True
        assert (
            await admin.get(f"{admin_url}/faults", headers={"Authorization": "x"})
        ).status_code == 401  # the admin routes take the bearer token
        lifted = await admin.put(f"{admin_url}/faults", json={"down": False})
        assert lifted.status_code == 200 and lifted.json()["data"]["down"] is False
    async with client(url) as c:
        assert (await c.get("shop")).status_code == 200


async def test_a_slow_commit_lands_although_the_client_gave_up(
    sandbox: tuple[SandboxApp, str],
) -> None:
    app, url = sandbox
    v = find_variant(app, OWN_STOCK)
    app.state.sandbox.faults.update({"slow_commit_s": 0.4})
    async with client(url, timeout=0.1) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.post("order", json=order_body(v["id"], 1, note="[POS:SOCKET-SLOW]"))
    assert "[POS:SOCKET-SLOW]" not in [o["note"] for o in app.state.sandbox.orders_created()]
    for _ in range(100):
        if "[POS:SOCKET-SLOW]" in [o["note"] for o in app.state.sandbox.orders_created()]:
            break
        await asyncio.sleep(0.02)
    else:
        pytest.fail("the slow order never landed")
    async with client(url, timeout=2.0) as patient:  # a client that waits gets its answer
        answer = await patient.post("order", json=order_body(v["id"], 1, note="[POS:WAITED]"))
    assert answer.status_code == 200 and answer.json()["data"]["po_number"]


async def test_contract_smoke_through_the_pos_client(sandbox: tuple[SandboxApp, str]) -> None:
    """Every SmartSellerClient method once, against the sandbox over the socket."""
    app, url = sandbox
    v = find_variant(app, OWN_STOCK)
    wholesale = find_variant(app, "p.id IN (SELECT product_id FROM wholesales)")
    async with SmartSellerClient(url, DEMO_TOKEN, lang="en") as api:
        assert (await api.shop()) is not None
        assert await api.users() and await api.suppliers()
        assert 0 in [w.id for w in await api.warehouses(with_main=True)]
        products = await api.products(page=1, per_page=20)
        assert len(products.items) == 20 and products.pagination.total == PRODUCTS
        assert len([p async for p in api.iter_products(per_page=25)]) == PRODUCTS
        assert (await api.product_detail(wholesale["product_id"])).id == wholesale["product_id"]
        assert await api.product_variations(v["sku"])
        assert (await api.check_stock(v["id"])) is not None
        assert len(await api.warehouse_stock(v["id"])) == 3
        assert (await api.product_wholesale(wholesale["product_id"])) is not None
        assert (await api.order_wholesale(wholesale["id"], 3)) is not None
        assert (await api.check_price("2")) is not None
        assert len(await api.customer_categories()) == 5
        assert len((await api.customers(per_page=50)).items) == 50
        assert len([c async for c in api.iter_customers(per_page=100)]) >= 300
        district = (await api.regions(keyword="Lowokwaru")).items[0].id
        new = await api.create_customer(
            CustomerCreate(name="Kontrak", phone="0811", district_id=district, address="Jl. A 1")
        )
        assert new.customer_id > 0
        assert await api.banks() and await api.expeditions() and await api.active_expeditions()
        cost = await api.expedition_cost(district, district, 1200, 50000)
        assert cost is not None
        assert await api.custom_couriers() and await api.order_sources() and await api.order_costs()

        created = await api.create_order(order_body(v["id"], 1, note="[POS:CONTRACT]"))
        assert created.order_id > 0
        await api.add_awb(created.order_id, "AWB-CONTRACT-1")
        assert (await api.tracking("AWB-CONTRACT-1", 1, created.order_id)) is not None
        page = await api.orders(keyword="POS:CONTRACT")
        assert [o.order_id for o in page.items] == [created.order_id]
        assert created.order_id in [o.order_id async for o in api.iter_orders(per_page=5)]
        assert (await api.order_details(created.order_id)).order_id == created.order_id
        total = app.state.sandbox.order(created.order_id)["total_amount"]
        await api.quick_payment(created.order_id, total // 2, CASH_BANK_ID, TODAY)
        assert len(await api.payment_history(created.order_id)) == 1
        assert (await api.customer_order_history(WALK_IN_CUSTOMER_ID)).items
        await api.cancel_order(created.order_id)
    assert app.state.sandbox.order(created.order_id)["order_status"] == "CANCELED"


async def test_doctor_is_all_ok_against_the_sandbox(sandbox: tuple[SandboxApp, str]) -> None:
    _, url = sandbox
    async with SmartSellerClient(url, DEMO_TOKEN) as api:
        results = await run_doctor(api)
    assert results and all(r.ok for r in results), [r for r in results if not r.ok]
