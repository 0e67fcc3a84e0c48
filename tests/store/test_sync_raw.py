"""The sync reads product pages with `products_page_raw` and screens each product itself
(plain pages as `ListedProduct`s; odd ones, as here, as the server's dicts).

Whatever shape a product arrives in, the rows stored are the ones the typed client's
models lead to; a product nobody can read costs only itself, with a reason.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from sspos.store.catalog import Catalog
from sspos.store.db import current_db_path, tokens
from sspos.store.sync import full_sync, install_catalog, product_record

Edit = Callable[[dict[str, Any], int, int], dict[str, Any]]


class RawTamper(httpx.AsyncBaseTransport):
    """Serves the sandbox; GET `product` pages pass through `edit` and go out as the
    stdlib writes JSON (so `NaN` and `"\\ud800"` escapes reach the client as sent)."""

    def __init__(self, app: Any, edit: Edit) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.edit = edit
        self.product_requests: list[tuple[int, int]] = []  # (page, per_page)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != "GET" or not request.url.path.endswith("/product"):
            return response
        page = int(request.url.params.get("pagination_offset", "1"))
        per_page = int(request.url.params.get("per_page", "50"))
        self.product_requests.append((page, per_page))
        body = json.loads(await response.aread())
        content = json.dumps(self.edit(body, page, per_page)).encode("ascii")
        return httpx.Response(
            200, content=content, headers={"Content-Type": "application/json"}
        )


def on_first_page(extra: list[Any]) -> Edit:
    def edit(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 1 and per_page > 1:
            body["data"] = body["data"] + extra
        return body

    return edit


def stored_rows(directory: Path) -> list[tuple[Any, ...]]:
    columns = (
        "variant_id, product_id, product_name, variant_name, sku, barcode, price, "
        "price_reseller, tier_prices, discount, weight, product_status, stock, cost_price, "
        "wholesale, sort_key, sku_key, barcode_key, search_text"
    )
    conn = sqlite3.connect(current_db_path(directory))
    variants = conn.execute(f"SELECT {columns} FROM variants ORDER BY variant_id").fetchall()
    products = conn.execute("SELECT * FROM products ORDER BY product_id").fetchall()
    conn.close()
    return [(*r[:-1], " ".join(tokens(r[-1]))) for r in variants] + products


# Readable by the typed models, but not in the plain shapes the fast path takes.
ODD_BUT_READABLE = [
    {"id": "9200", "name": 4567, "product_type": " p0 ", "discount": "1000",
     "category_id": "", "weight": "1.5",
     "wholesales": None, "wholesale_prices": [{"from": "5", "to": None, "price": "9000"}],
     "variations": {"a": {"id": "92001", "sku": 777, "price": "Rp12.500", "price1": "11.000",
                          "price_buy": 5000.0, "stock_quantity": "", "weight": "300"},
                    "b": {"id": 92002, "sku": "ODD-B", "price": 12000.0, "size": 40}}},
    {"id": 9201, "name": "Pita Merah", "product_type": "R",
     "wholesales": [{"from_qty": 3, "to_qty": 9, "price": 800}, {"from": 10, "price": 700}],
     "variations": [{"id": 92011, "sku": "PITA-1", "price": 1000, "price2": " 900",
                     "color": "Merah", "stock_quantity": None}]},
    {"id": 9202, "name": "Jenis Aneh", "product_type": "Z", "weight": 2,
     "variations": [{"id": 92021, "sku": "ANEH-1", "price": 5, "weight": 1.25}]},
]  # fmt: skip


async def test_odd_shapes_are_stored_exactly_as_the_typed_models_read_them(
    tmp_path, sandbox_factory, client_for
) -> None:
    app = sandbox_factory(products=60)
    client = client_for(app, transport=RawTamper(app, on_first_page(ODD_BUT_READABLE)))
    synced = await full_sync(client, tmp_path / "synced")
    typed = [p async for p in client.iter_products(per_page=100)]
    installed = install_catalog(tmp_path / "installed", [product_record(p) for p in typed])

    assert stored_rows(tmp_path / "synced") == stored_rows(tmp_path / "installed")
    assert synced.products == installed.products == 63
    assert [(p.kind, p.product_id) for p in synced.problems] == [("unknown_type", 9202)]
    catalog = Catalog(tmp_path / "synced")
    odd = catalog.get(92001)
    assert odd is not None and odd.price == 12500 and odd.sku == "777"
    assert odd.product_status == "PO"


async def test_an_unreadable_product_costs_only_itself_and_no_refetch(
    data_dir, sandbox_factory, client_for, caplog
) -> None:
    unreadable = [
        "not a product at all",
        {"name": "Tanpa Id", "variations": [{"id": 93001, "sku": "NOID-1", "price": 1}]},
        {"id": 9302, "name": "Harga Kata", "variations": [{"id": 93021, "price": "mahal"}]},
    ]
    readable = {"id": 9303, "name": "Masih Dijual",
                "variations": [{"id": 93031, "sku": "OK-1", "price": 4000}]}  # fmt: skip
    app = sandbox_factory(products=150)
    transport = RawTamper(app, on_first_page([*unreadable, readable]))
    summary = await full_sync(client_for(app, transport=transport), data_dir)

    assert summary.products == 151 and summary.skipped_products == 3
    problems = [(p.kind, p.product_id) for p in summary.problems]
    assert problems == [
        ("invalid_product", None),
        ("invalid_product", None),
        ("invalid_product", 9302),
    ]
    assert "variations.0.price" in summary.problems[2].detail
    assert "product page 1, product #" in summary.problems[0].detail
    assert "invalid_product: product 9302" in caplog.text
    catalog = Catalog(data_dir)
    assert catalog.by_sku("OK-1") is not None and catalog.by_sku("NOID-1") is None
    assert catalog.get(93021) is None
    # The page was read once: nothing fetched again one product at a time.
    assert all(per_page == 100 for _, per_page in transport.product_requests)


async def test_text_that_cannot_be_utf8_is_stored_with_a_mark_and_reported(
    data_dir, sandbox_factory, client_for
) -> None:
    broken = {"id": 9400, "name": "Kopi \ud800 Hitam",
              "variations": [{"id": 94001, "sku": "SUR-1", "price": 3000}]}  # fmt: skip
    app = sandbox_factory(products=60)
    transport = RawTamper(app, on_first_page([broken]))
    summary = await full_sync(client_for(app, transport=transport), data_dir)

    assert summary.products == 61
    assert [(p.kind, p.product_id) for p in summary.problems] == [("bad_text", 9400)]
    variant = Catalog(data_dir).by_sku("SUR-1")
    assert variant is not None and variant.product_name == "Kopi ? Hitam"


async def test_non_finite_weights_read_as_missing(data_dir, sandbox_factory, client_for) -> None:
    heavy = {"id": 9500, "name": "Berat Aneh", "weight": float("nan"),
             "variations": [{"id": 95001, "sku": "NAN-1", "price": 10, "weight": float("inf")},
                            {"id": 95002, "sku": "NAN-2", "price": 10, "weight": 250}]}  # fmt: skip
    app = sandbox_factory(products=60)
    transport = RawTamper(app, on_first_page([heavy]))
    summary = await full_sync(client_for(app, transport=transport), data_dir)

    assert summary.products == 61 and summary.problems == []
    catalog = Catalog(data_dir)
    assert catalog.get(95001).weight == 0  # type: ignore[union-attr]
    assert catalog.get(95002).weight == 250  # type: ignore[union-attr]


async def test_a_page_with_a_broken_envelope_is_fetched_one_product_at_a_time(
    data_dir, sandbox_factory, client_for
) -> None:
    def break_page_two(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 2 and per_page == 100:
            return {"data": "maintenance", "meta": body["meta"]}
        return body

    app = sandbox_factory(products=250)
    transport = RawTamper(app, break_page_two)
    summary = await full_sync(client_for(app, transport=transport), data_dir)

    assert summary.products == 250 and summary.problems == []
    singles = [page for page, per_page in transport.product_requests if per_page == 1]
    assert singles == list(range(101, 201))
    assert Catalog(data_dir).variant_count() == summary.variants
