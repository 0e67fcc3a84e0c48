"""Helpers for the store tests: small catalogs, an in-process sandbox, a fake clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.sandbox import SandboxConfig, create_app
from sspos.store.catalog_rows import ProductRecord, VariantRecord

TOKEN = "sandbox-token"


def product(
    product_id: int,
    name: str,
    *variants: tuple[int, str, int] | VariantRecord,
    **fields: Any,
) -> ProductRecord:
    """A product; variants given as (variant_id, sku, price) or full records."""
    records = tuple(
        v if isinstance(v, VariantRecord) else VariantRecord(variant_id=v[0], sku=v[1], price=v[2])
        for v in variants
    )
    return ProductRecord(product_id=product_id, name=name, variants=records, **fields)


class TamperProducts(httpx.AsyncBaseTransport):
    """Serves the sandbox, but lets a test rewrite GET `product` pages on the way.

    `edit(body, page, per_page)` returns the JSON body to deliver instead.
    """

    def __init__(
        self, app: Any, edit: Callable[[dict[str, Any], int, int], dict[str, Any]]
    ) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.edit = edit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if (
            request.method != "GET"
            or not request.url.path.endswith("/product")
            or response.status_code != 200
        ):
            return response
        body = json.loads(await response.aread())
        page = int(request.url.params.get("pagination_offset", "1"))
        per_page = int(request.url.params.get("per_page", "50"))
        return httpx.Response(200, json=self.edit(body, page, per_page))


class FakeClock:
    """Monotonic time that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox_factory(clock: FakeClock) -> Callable[..., Any]:
    """`make(products=60, **config)` -> a sandbox app whose rate limit runs on the fake clock."""

    def make(products: int = 60, **config: Any) -> Any:
        return create_app(
            SandboxConfig(
                seed=7,
                products=products,
                customers=40,
                token=TOKEN,
                db_path=":memory:",
                monotonic=clock.monotonic,
                **config,
            )
        )

    return make


@pytest.fixture
async def client_for(clock: FakeClock) -> AsyncIterator[Callable[..., SmartSellerClient]]:
    """`client_for(app, **kw)` -> a SmartSellerClient talking to the app in process."""
    clients: list[SmartSellerClient] = []

    def make(app: Any, **kwargs: Any) -> SmartSellerClient:
        kwargs.setdefault("sleep", clock.sleep)
        kwargs.setdefault("transport", httpx.ASGITransport(app=app))
        client = SmartSellerClient("http://sandbox/api/open", kwargs.pop("token", TOKEN), **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
