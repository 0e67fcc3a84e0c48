"""A sync against a broken or hostile server: all or nothing, and it always ends.

Every case runs against the sandbox's own faults (junk answers, repeating pages, a silent
server) or a server whose answers are rewritten on the way; the catalog in use must stay
exactly as it was, and the reason must be said in the shop's language.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sspos.store.catalog import Catalog
from sspos.store.customers import CustomerStore
from sspos.store.db import current_db_path
from sspos.store.sync import SyncFailed, full_sync
from sspos.sync_command import run_sync_command
from tests.store.conftest import TamperProducts


def snapshot(data_dir: Path) -> tuple[Any, ...]:
    """Everything a cashier can see of the live catalog: file, products, customers."""
    live = current_db_path(data_dir)
    conn = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    try:
        return (
            live,
            conn.execute("SELECT product_id, name FROM products ORDER BY 1").fetchall(),
            conn.execute("SELECT customer_id, name FROM customers ORDER BY 1").fetchall(),
            conn.execute("SELECT kind, data FROM reference ORDER BY 1, 2").fetchall(),
        )
    finally:
        conn.close()


@pytest.fixture
async def synced(data_dir, sandbox_factory, client_for) -> tuple[Any, ...]:
    """A live catalog from a healthy sandbox of 250 products; its snapshot."""
    await full_sync(client_for(sandbox_factory(products=250)), data_dir)
    return snapshot(data_dir)


@pytest.mark.parametrize(
    "fault",
    [{"html_rate": 1.0}, {"truncate_rate": 1.0}, {"null_numbers_rate": 1.0}],
    ids=["html-200", "truncated-json", "nulls-for-numbers"],
)
async def test_junk_answers_fail_the_sync_and_change_nothing(
    data_dir, sandbox_factory, client_for, clock, synced, fault
) -> None:
    app = sandbox_factory(products=250)
    app.state.sandbox.faults.update(fault)
    out = io.StringIO()
    client = client_for(app, max_retries=0)
    code = await run_sync_command(client, data_dir, out, lang="en")
    assert code == 1
    text = out.getvalue()
    assert "Sync failed:" in text and "The previous catalog is still in use." in text
    assert "0 products" not in text and "Sinkron" not in text
    assert snapshot(data_dir) == synced
    assert Catalog(data_dir).search("kaos") and CustomerStore(data_dir).count() == 40


async def test_a_server_answering_html_is_named_in_the_shop_language(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    app = sandbox_factory(products=250)
    app.state.sandbox.faults.update({"html_rate": 1.0})
    out = io.StringIO()
    assert await run_sync_command(client_for(app, max_retries=0), data_dir, out, lang="id") == 1
    assert "Sinkron gagal: Produk halaman 1 tidak terbaca: server menjawab bukan dengan data API" \
        in out.getvalue()


async def test_repeating_pages_under_a_huge_count_stop_at_once(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    app = sandbox_factory(products=250)
    app.state.sandbox.faults.update({"repeat_pages": True})
    client = client_for(app)
    pages: list[int] = []
    fetch = client.products_page_raw

    async def counted(page: int = 1, per_page: int = 50, **filters: Any) -> Any:
        pages.append(page)
        return await fetch(page=page, per_page=per_page, **filters)

    client.products_page_raw = counted  # type: ignore[method-assign]
    with pytest.raises(SyncFailed) as failed:
        await full_sync(client, data_dir)
    # A million pages (of a hundred million products) is past any shop: refused at page 1.
    assert failed.value.key == "store.sync.too_many_pages" and pages == [1]
    assert snapshot(data_dir) == synced


def page_one_again() -> Any:
    """Page 3 holds page 1's products again: counters that agree, items that loop."""
    first: dict[str, Any] = {}

    def edit(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page == 1:
            first["data"] = body["data"]
        elif page == 3:
            body["data"] = first["data"]
        return body

    return edit


def claim_5000_pages() -> Any:
    def edit(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        body["meta"]["pagination"]["total_pages"] = 5000  # for 250 products, 100 a page
        return body

    return edit


def empty_after_page_one() -> Any:
    def edit(body: dict[str, Any], page: int, per_page: int) -> dict[str, Any]:
        if page > 1:
            body["data"] = []  # a server that stops answering items half way
        return body

    return edit


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (page_one_again, "Products page 3 repeats page 1: the server's paging loops"),
        (claim_5000_pages,
         "the server claims 5000 pages of Products for 250 items (100 per page): impossible"),
        (empty_after_page_one, "Products: only 100 of 250 items arrived"),
    ],
    ids=["repeating-page", "impossible-page-count", "items-missing"],
)
async def test_pagination_that_cannot_be_right_fails_the_sync(
    data_dir, sandbox_factory, client_for, synced, tamper, reason
) -> None:
    app = sandbox_factory(products=250)
    with pytest.raises(SyncFailed) as failed:
        await full_sync(client_for(app, transport=TamperProducts(app, tamper())), data_dir)
    assert failed.value.message("en") == reason
    assert snapshot(data_dir) == synced


async def test_a_drastically_smaller_catalog_needs_accept_shrink(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    small = sandbox_factory(products=100)
    with pytest.raises(SyncFailed) as failed:
        await full_sync(client_for(small), data_dir)
    assert failed.value.message("id") == (
        "Produk baru hanya 100, katalog yang dipakai punya 250; jika toko memang berkurang "
        "sebanyak itu, jalankan: sspos sync --accept-shrink"
    )
    assert snapshot(data_dir) == synced
    summary = await full_sync(client_for(small), data_dir, accept_shrink=True)
    assert summary.products == 100 and Catalog(data_dir).variant_count() == summary.variants
    # A shop that only lost a few products syncs without being asked.
    assert (await full_sync(client_for(sandbox_factory(products=90)), data_dir)).products == 90


async def test_an_empty_answer_never_replaces_a_catalog_in_use(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    out = io.StringIO()
    empty = client_for(sandbox_factory(products=0))
    assert await run_sync_command(empty, data_dir, out, lang="en") == 1
    assert "only 0 Products now against 250" in out.getvalue()
    assert snapshot(data_dir) == synced


async def test_a_new_shop_without_products_syncs_the_first_time(
    data_dir, sandbox_factory, client_for
) -> None:
    out = io.StringIO()
    assert await run_sync_command(client_for(sandbox_factory(products=0)), data_dir, out) == 0
    assert "Toko ini belum punya produk." in out.getvalue()
    assert Catalog(data_dir).variant_count() == 0 and CustomerStore(data_dir).count() == 40


async def test_a_silent_server_ends_the_sync_without_an_answer(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    app = sandbox_factory(products=250)
    # Accepts and never answers (the hang outlasts the test; the stall limit does not).
    app.state.sandbox.faults.update({"timeout_rate": 1.0, "hang_seconds": 3600})
    with pytest.raises(SyncFailed) as failed:
        await full_sync(client_for(app), data_dir, stall_s=0.2)
    assert failed.value.message("en") == "the server has not answered for 0.2 s"
    assert snapshot(data_dir) == synced


async def test_a_sync_ends_at_its_deadline(
    data_dir, sandbox_factory, client_for, synced
) -> None:
    import asyncio

    app = sandbox_factory(products=250)
    app.state.sandbox.faults.sleep = asyncio.sleep  # real latency: answers keep coming
    app.state.sandbox.faults.update({"latency_ms": 50})
    with pytest.raises(SyncFailed) as failed:
        await full_sync(client_for(app), data_dir, deadline_s=0.12, concurrency=1)
    assert failed.value.message("id") == "sinkron melewati batas waktunya (0.002 menit)"
    assert snapshot(data_dir) == synced
