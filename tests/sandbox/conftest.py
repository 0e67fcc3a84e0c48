"""Sandbox test helpers: a small catalog, a fixed shop clock, plain httpx clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.sandbox.app import SandboxApp
from sspos.sandbox.config import SHOP_TZ
from sspos.sandbox.demo_data import CASH_BANK_ID, SUPPLIER_ID, WALK_IN_CUSTOMER_ID

PRODUCTS = 60
TODAY = "2026-11-28"
BASE_URL = "http://sandbox/api/open"
AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


class FakeClock:
    """The shop's wall clock, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 10, 0, 0, tzinfo=SHOP_TZ)

    def __call__(self) -> datetime:
        return self.now


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def make_app(clock: FakeClock, monotonic: FakeMonotonic) -> Callable[..., SandboxApp]:
    def make(**overrides: Any) -> SandboxApp:
        settings: dict[str, Any] = {
            "seed": 7,
            "products": PRODUCTS,
            "clock": clock,
            "monotonic": monotonic,
        }
        settings.update(overrides)
        return create_app(SandboxConfig(**settings))

    return make


@pytest.fixture
def app(make_app: Callable[..., SandboxApp]) -> SandboxApp:
    return make_app()


def asgi_client(app: SandboxApp, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        headers=AUTH if headers is None else headers,
    )


@pytest.fixture
async def client(app: SandboxApp) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


def find_variant(app: SandboxApp, where: str, params: tuple[Any, ...] = ()) -> dict[str, Any]:
    """The first variant (joined with its product) matching a SQL condition on v./p. columns."""
    state = app.state.sandbox
    with state.lock:
        row = state.db.execute(
            "SELECT v.*, p.product_type, p.discount, p.name AS product_name FROM variants v JOIN "
            "products p ON p.id = v.product_id"
            f" WHERE {where} ORDER BY v.id LIMIT 1",
            params,
        ).fetchone()
    assert row is not None, f"no demo variant matches {where}"
    return dict(row)


def order_body(variant_id: int, qty: int = 1, **overrides: Any) -> dict[str, Any]:
    """A valid counter sale (pickup at shop, paid cash) of one own-stock variant."""
    body: dict[str, Any] = {
        "order_date": TODAY,
        "customer_sender_id": WALK_IN_CUSTOMER_ID,
        "customer_receiver_id": WALK_IN_CUSTOMER_ID,
        "supplier_id": SUPPLIER_ID,
        "order_source_id": None,
        "is_print": False,
        "products": [{"id": variant_id, "qty": qty, "product_status": "S"}],
        "expedition": {"id": 98, "rate": 0, "name": "Ambil di Toko", "auto_pickup": False},
        "payment": {"status": "UNPAID"},
        "source": "WEB",
    }
    body.update(overrides)
    return body


def paid(amount: int, bank_id: int = CASH_BANK_ID, status: str = "PAID") -> dict[str, Any]:
    return {"status": status, "date": TODAY, "bank_id": bank_id, "amount": amount}
