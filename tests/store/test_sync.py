"""Full sync from the in-process sandbox: swap, kill safety, rate limits, bad data."""

from __future__ import annotations

import asyncio
import gc
import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sspos.api.errors import NetworkError
from sspos.store.catalog import Catalog
from sspos.store.customers import CustomerStore
from sspos.store.db import CURRENT_FILE, catalog_dir, current_db_path
from sspos.store.freshen import add_to_cart_online, check_stock, refresh_product
from sspos.store.reference import ReferenceData
from sspos.store.sync import SyncFailed, full_sync
from sspos.sync_command import run_sync_command
from tests.store.conftest import TamperProducts

ROOT = Path(__file__).resolve().parents[2]


async def product_total(client: Any) -> int:
    return (await client.products(page=1, per_page=1)).pagination.total


def catalog_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in catalog_dir(data_dir).iterdir())


async def test_full_sync_stores_products_customers_and_reference(
    data_dir, sandbox_factory, client_for
) -> None:
    client = client_for(sandbox_factory(products=60))
    summary = await full_sync(client, data_dir)

    assert summary.products == await product_total(client) == 60
    catalog = Catalog(data_dir)
    assert catalog.variant_count() == summary.variants > 60
    assert catalog.last_synced() is not None
    some = catalog.search("kaos")
    assert some and all("kaos" in v.display_name.lower() for v in some[:3])
    assert catalog.by_sku(some[0].sku).variant_id == some[0].variant_id  # type: ignore[union-attr]
    # The sandbox sends barcodes (not in the doc): a scanned barcode finds its variant.
    assert some[0].barcode
    assert catalog.by_sku(some[0].barcode).variant_id == some[0].variant_id  # type: ignore[union-attr]
    assert CustomerStore(data_dir).count() == summary.customers == 40

    reference = ReferenceData(data_dir)
    categories = {c.code: c for c in reference.categories()}
    assert {"N", "Y", "D"} <= categories.keys()
    assert categories["N"].wholesale_access is True and categories["D"].discount_access is False
    assert reference.category("2").wholesale_access is True
    assert reference.banks() and reference.expeditions() and reference.suppliers()
    assert reference.warehouses() and reference.order_sources() and reference.order_cost_presets()
    assert reference.shop() is not None and reference.shop().shop_name  # type: ignore[union-attr]
    malang = reference.regions("malang")
    assert malang and all("malang" in r.fullname.lower() for r in malang)
    assert summary.reference_errors == {}


async def test_open_catalog_follows_a_new_sync_and_old_files_go(
    data_dir, sandbox_factory, client_for
) -> None:
    await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    catalog = Catalog(data_dir)
    small = catalog.variant_count()
    first_file = current_db_path(data_dir)

    bigger = client_for(sandbox_factory(products=250))
    summary = await full_sync(bigger, data_dir)

    assert catalog.variant_count() == summary.variants > small  # the same open object
    assert current_db_path(data_dir) != first_file
    assert first_file is not None and not first_file.exists()


async def test_exception_half_way_leaves_the_old_catalog_complete(
    data_dir, sandbox_factory, client_for
) -> None:
    await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    catalog = Catalog(data_dir)
    before = (catalog.variant_count(), [v.variant_id for v in catalog.search("a")])
    files_before = catalog_files(data_dir)
    threshold_before = gc.get_threshold()

    def break_page_two(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 2:
            raise RuntimeError("cable pulled")
        return body

    app = sandbox_factory(products=250)
    client = client_for(app, transport=TamperProducts(app, break_page_two), max_retries=0)
    with pytest.raises(RuntimeError, match="cable pulled"):
        await full_sync(client, data_dir)

    assert (catalog.variant_count(), [v.variant_id for v in catalog.search("a")]) == before
    assert catalog_files(data_dir) == files_before  # the half-built file is gone
    # The garbage collector's threshold, raised during the sync, is back as it was.
    assert gc.get_threshold() == threshold_before


async def test_the_sync_hands_back_the_collector_threshold_it_raised(
    data_dir, sandbox_factory, client_for
) -> None:
    before = gc.get_threshold()
    seen: list[int] = []
    await full_sync(
        client_for(sandbox_factory(products=60)),
        data_dir,
        progress=lambda p: seen.append(gc.get_threshold()[0]),
    )
    assert seen and min(seen) > before[0]  # collecting less often while it ran
    assert gc.get_threshold() == before


KILLED_SYNC = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    import httpx
    sys.path.insert(0, sys.argv[1])
    from sspos.api.client import SmartSellerClient
    from sspos.sandbox import SandboxConfig, create_app
    from sspos.store.sync import full_sync

    app = create_app(SandboxConfig(seed=7, products=250, customers=40, db_path=":memory:"))

    def progress(p):
        if p.stage == "products" and p.done >= 2:  # two of three product pages stored
            os.kill(os.getpid(), signal.SIGKILL)

    async def main():
        async with SmartSellerClient("http://sandbox/api/open", "sandbox-token",
                                     transport=httpx.ASGITransport(app=app)) as client:
            await full_sync(client, sys.argv[2], progress=progress, concurrency=1)

    asyncio.run(main())
    """
)


async def test_sigkill_half_way_leaves_the_old_catalog_complete(
    data_dir, sandbox_factory, client_for
) -> None:
    first = await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    live = current_db_path(data_dir)

    killed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", KILLED_SYNC, str(ROOT), str(data_dir)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]

    assert current_db_path(data_dir) == live
    leftovers = [
        n for n in catalog_files(data_dir) if n.startswith("catalog-") and live.name not in n
    ]
    assert leftovers, "the killed sync should have been building a new file"
    conn = sqlite3.connect(live)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    catalog = Catalog(data_dir)
    assert catalog.variant_count() == first.variants
    assert catalog.search("kaos")

    # The next sync works (the dead process's lock went with it) and clears the debris.
    again = await full_sync(client_for(sandbox_factory(products=250)), data_dir)
    assert catalog.variant_count() == again.variants
    assert [n for n in catalog_files(data_dir) if n.endswith(".sqlite")] == [
        current_db_path(data_dir).name
    ]


async def test_sync_survives_429_through_client_retries(
    data_dir, sandbox_factory, client_for, clock
) -> None:
    app = sandbox_factory(products=250, rate_limit=3, rate_window_s=1.0)
    client = client_for(app)
    summary = await full_sync(client, data_dir)

    assert 1.0 in clock.sleeps  # the server's Retry-After was honoured
    assert summary.products == 250
    assert Catalog(data_dir).variant_count() == summary.variants


async def test_sync_waits_and_resumes_when_the_client_gives_up_on_429(
    data_dir, sandbox_factory, client_for, clock
) -> None:
    app = sandbox_factory(products=250, rate_limit=2, rate_window_s=5.0)
    client = client_for(app, max_retries=0)  # every 429 reaches the sync itself
    summary = await full_sync(client, data_dir, sleep=clock.sleep)

    assert summary.waits > 0 and 5.0 in clock.sleeps
    assert summary.products == 250  # no page lost ...
    assert Catalog(data_dir).variant_count() == summary.variants
    conn = sqlite3.connect(current_db_path(data_dir))
    duplicates = conn.execute(
        "SELECT count(*) - count(DISTINCT variant_id) FROM variants"
    ).fetchone()[0]
    assert duplicates == 0  # ... and none stored twice


async def test_sync_that_cannot_get_products_fails_and_keeps_the_old_catalog(
    data_dir, sandbox_factory, client_for, clock
) -> None:
    first = await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    app = sandbox_factory(products=60)
    app.state.sandbox.faults.down = True
    with pytest.raises(SyncFailed):
        await full_sync(client_for(app, max_retries=0), data_dir, sleep=clock.sleep)
    assert Catalog(data_dir).variant_count() == first.variants


BAD_PRODUCTS = [
    {"id": 9001, "name": "Tanpa Varian", "product_type": "S", "variations": []},
    {
        "id": 9002,
        "name": "Harga Minus",
        "product_type": "S",
        "variations": [
            {"id": 90021, "sku": "NEG-1", "price": -5000},
            {"id": 90022, "sku": "NEG-OK", "price": "7500"},
        ],
    },
    {
        "id": 9003,
        "name": "Kembar Pertama",
        "product_type": "S",
        "variations": [{"id": 90031, "sku": "DUP-SKU", "price": 1000}],
    },
    {
        "id": 9004,
        "name": "Kembar Kedua",
        "product_type": "S",
        "variations": [{"id": 90041, "sku": "dup-sku", "price": 2000}],
    },
    {
        "id": 9005,
        "name": "Deskripsi Panjang",
        "product_type": "P0",
        "description": "x" * 3_000_000,
        "variations": [{"id": 90051, "sku": "LONG-1", "price": " 1000"}],
        "wholesales": None,
    },
]


async def test_bad_products_are_stored_or_skipped_with_a_reason(
    data_dir, sandbox_factory, client_for, caplog
) -> None:
    def add_bad(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 1:
            body["data"] = body["data"] + BAD_PRODUCTS
        return body

    app = sandbox_factory(products=60)
    summary = await full_sync(client_for(app, transport=TamperProducts(app, add_bad)), data_dir)
    catalog = Catalog(data_dir)
    kinds = {(p.kind, p.product_id, p.variant_id) for p in summary.problems}

    # No variants: skipped, with a reason.
    assert ("no_variants", 9001, None) in kinds
    assert catalog.search("tanpa varian") == []
    # Negative price: that variation skipped, the sound one sold.
    assert ("negative_price", 9002, 90021) in kinds
    assert catalog.get(90021) is None and catalog.get(90022).price == 7500  # type: ignore[union-attr]
    # Duplicate SKU: both stored and searchable; a scan takes the lower variation id.
    assert ("duplicate_sku", 9004, 90041) in kinds
    assert {v.variant_id for v in catalog.search("kembar")} == {90031, 90041}
    assert catalog.by_sku("DUP-SKU").variant_id == 90031  # type: ignore[union-attr]
    # 3 MB description: stored, cut.
    assert ("long_description", 9005, None) in kinds
    long_one = catalog.by_sku("LONG-1")
    assert long_one is not None and long_one.price == 1000 and long_one.product_status == "PO"
    conn = sqlite3.connect(current_db_path(data_dir))
    assert (
        conn.execute("SELECT length(description) FROM products WHERE product_id = 9005").fetchone()[
            0
        ]
        <= 4000
    )
    # The rest of the catalog is all there, and every problem was logged.
    assert summary.products == 60 + 4 and summary.skipped_products == 1
    assert "negative price" in caplog.text and "no variations" in caplog.text


async def test_an_unreadable_product_costs_only_itself(
    data_dir, sandbox_factory, client_for
) -> None:
    def break_product_150(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        for position, item in enumerate(body["data"]):
            if (page - 1) * per_page + position + 1 == 150:
                item.pop("id")  # the client cannot parse this product (nor its page)
        return body

    app = sandbox_factory(products=250)
    summary = await full_sync(
        client_for(app, transport=TamperProducts(app, break_product_150)), data_dir
    )
    assert summary.products == 249
    assert [p.kind for p in summary.problems] == ["invalid_product"]


async def test_a_failing_reference_list_keeps_its_previous_copy(
    data_dir, sandbox_factory, client_for, clock
) -> None:
    await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    banks = ReferenceData(data_dir).banks()

    class NoBanks:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        async def banks(self) -> Any:
            raise NetworkError("GET bank", "connection reset", certainly_not_sent=False)

    summary = await full_sync(
        NoBanks(client_for(sandbox_factory(products=60))), data_dir, sleep=clock.sleep
    )
    assert "bank" in summary.reference_errors
    assert ReferenceData(data_dir).banks() == banks and banks


async def test_refresh_product_and_check_stock(data_dir, sandbox_factory, client_for) -> None:
    app = sandbox_factory(products=60)
    client = client_for(app)
    await full_sync(client, data_dir)
    catalog = Catalog(data_dir)
    variant = catalog.search("kaos")[0]
    # Spoil the cached copy, as if the server changed since the last sync.
    catalog.update_stock(variant.variant_id, -1, {"price": 1})

    fresh = await refresh_product(client, catalog, variant.product_id)
    assert variant.variant_id in {v.variant_id for v in fresh}
    assert catalog.get(variant.variant_id).price == variant.price  # type: ignore[union-attr]
    assert catalog.search(variant.product_name)[0].product_id == variant.product_id

    stock = await check_stock(client, catalog, variant.variant_id)
    assert stock is not None and catalog.get(variant.variant_id).stock == stock  # type: ignore[union-attr]

    app.state.sandbox.faults.down = True
    offline = client_for(app, max_retries=0)
    assert await check_stock(offline, catalog, variant.variant_id) is None
    assert catalog.get(variant.variant_id).stock == stock  # type: ignore[union-attr]


async def test_sync_command_prints_progress_and_summary(
    data_dir, sandbox_factory, client_for
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    assert (
        await run_sync_command(client_for(sandbox_factory(products=60)), data_dir, out, lang="en")
        == 0
    )
    bar, summary = out.getvalue().split("\n", 1)  # one bar, rewritten in place, one line
    assert bar.count("\r") >= 5 and "[####################] 100%  Products 1/1" in bar
    assert summary.startswith("Sync finished: 60 products")
    assert not {"Produk", "Pelanggan", "Sinkron", "halaman"} & set(out.getvalue().split())

    out = io.StringIO()  # not a terminal: a plain line per stage, in the shop's language
    assert await run_sync_command(client_for(sandbox_factory(products=60)), data_dir, out) == 0
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and "Produk 1/1" in lines and "Pelanggan 1/1" in lines
    assert lines[-1].startswith("Sinkron selesai: 60 produk")

    out = io.StringIO()
    bad_token = client_for(sandbox_factory(products=60), token="wrong")
    assert await run_sync_command(bad_token, data_dir, out, lang="en") == 1
    assert "previous catalog is still in use" in out.getvalue()
    assert (catalog_dir(data_dir) / CURRENT_FILE).exists()
    assert os.path.exists(current_db_path(data_dir))  # type: ignore[arg-type]


async def test_adding_to_the_cart_online_freshens_the_variant(
    data_dir, sandbox_factory, client_for
) -> None:
    app = sandbox_factory(products=60)
    client = client_for(app)
    await full_sync(client, data_dir)
    catalog = Catalog(data_dir)
    cached = catalog.search("kaos")[0]
    catalog.update_stock(cached.variant_id, 0, {"price": cached.price + 1})

    fresh = await add_to_cart_online(client, catalog, catalog.get(cached.variant_id))
    assert (
        fresh.price == cached.price
        and fresh.stock == (await client.check_stock(cached.variant_id)).stock
    )

    app.state.sandbox.faults.down = True
    stale = catalog.get(cached.variant_id)
    assert await add_to_cart_online(client_for(app, max_retries=0), catalog, stale) == stale


async def test_the_sync_writes_exactly_what_the_record_writer_writes(
    tmp_path, sandbox_factory, client_for
) -> None:
    """The sync reads plain pages as `ListedProduct`s and odd ones through the lenient
    model; `install_catalog` writes `ProductRecord`s. Same products in, same rows out
    (search text compared as FTS words). Page 1 carries the odd products, page 2 is
    plain, so both of the sync's readers are compared."""
    from sspos.api.models.product_list import ListedProduct
    from sspos.store.db import tokens
    from sspos.store.sync import install_catalog, product_record

    odd = [
        *BAD_PRODUCTS,
        {"id": 9100, "name": "  Kopí  Susu   Gula Aren ", "product_type": "R", "weight": "250",
         "wholesales": [{"from": 10, "to": 19, "price": 9000}, {"from": 20, "price": -1}],
         "variations": [{"id": 91001, "sku": "KÓPI-1", "size": "Besar", "color": "",
                         "price": 12000, "price1": 11000, "price3": 0, "weight": 0}]},
        {"id": 9101, "name": "", "product_type": "X", "variations": [
            {"id": 91011, "sku": "", "color": "Hijau", "size": "M", "price": 1}]},
    ]  # fmt: skip

    def add_odd(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 1:
            body["data"] = body["data"] + odd
        return body

    app = sandbox_factory(products=150)
    client = client_for(app, transport=TamperProducts(app, add_odd))
    synced = await full_sync(client, tmp_path / "synced")
    first = await client.products_page_raw(page=1, per_page=100)
    second = await client.products_page_raw(page=2, per_page=100)
    assert isinstance(first.items[0], dict) and isinstance(second.items[0], ListedProduct)
    products = [p async for p in client.iter_products(per_page=100)]
    installed = install_catalog(tmp_path / "installed", [product_record(p) for p in products])

    columns = (
        "variant_id, product_id, product_name, variant_name, sku, barcode, price, price_reseller, "
        "tier_prices, discount, weight, product_status, stock, cost_price, wholesale, sort_key, "
        "sku_key, barcode_key, search_text"
    )

    def rows(directory: Path) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(current_db_path(directory))
        found = conn.execute(f"SELECT {columns} FROM variants ORDER BY variant_id").fetchall()
        products = conn.execute("SELECT * FROM products ORDER BY product_id").fetchall()
        conn.close()
        return [(*r[:-1], " ".join(tokens(r[-1]))) for r in found] + products

    assert rows(tmp_path / "synced") == rows(tmp_path / "installed")
    assert synced.variants == installed.variants
    assert sorted(str(p) for p in synced.problems if p.kind != "unknown_type") == sorted(
        str(p) for p in installed.problems
    )
    catalog = Catalog(tmp_path / "synced")
    assert catalog.search("kopi susu")[0].variant_id == 91001  # the name starts with it
    assert catalog.by_sku("kopi-1").variant_id == 91001  # type: ignore[union-attr]


async def test_refreshing_a_product_the_server_lost_removes_it(
    data_dir, sandbox_factory, client_for
) -> None:
    await full_sync(client_for(sandbox_factory(products=60)), data_dir)
    catalog = Catalog(data_dir)
    catalog.replace_product(product_record_for_test())
    assert catalog.by_sku("GONE-1") is not None

    assert await refresh_product(client_for(sandbox_factory(products=60)), catalog, 424242) == []
    assert catalog.by_sku("GONE-1") is None and catalog.search("produk hilang") == []


def product_record_for_test() -> Any:
    from tests.store.conftest import product

    return product(424242, "Produk Hilang", (4242421, "GONE-1", 1000))


async def test_names_with_escape_sequences_are_stored_as_plain_text(
    data_dir, sandbox_factory, client_for
) -> None:
    app = sandbox_factory(products=60)
    with app.state.sandbox.db:  # the probe's name, on top of the demo's STRESS-CTRL
        app.state.sandbox.db.execute(
            "UPDATE products SET name = ? WHERE id = (SELECT product_id FROM variants"
            " WHERE sku = 'STRESS-UNICODE')",
            ("Zz\x1b]0;PWNED-TITLE\x07\x1b[s\x1b[1;1H\x1b[41m*** FAKE ***\x1b[0m\x1b[u",),
        )
    await full_sync(client_for(app), data_dir)
    catalog = Catalog(data_dir)
    assert catalog.by_sku("STRESS-CTRL").product_name == "Sabun Cuci Piring"  # type: ignore[union-attr]
    assert catalog.by_sku("STRESS-UNICODE").product_name == "Zz*** FAKE ***"  # type: ignore[union-attr]
    assert [v.sku for v in catalog.search("sabun cuci")] == ["STRESS-CTRL"]
    names = [c.name for c in CustomerStore(data_dir).search("bengkel")]
    assert names == ["Pakudi Bengkel"]  # ESC B is a sequence: the B goes with it
    stored = sqlite3.connect(current_db_path(data_dir))
    for table, column in (("products", "name"), ("variants", "product_name"),
                          ("customers", "name")):
        rows = stored.execute(f"SELECT {column} FROM {table}").fetchall()
        assert not [r for r in rows if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in r[0])]
