"""The price and stock check against the in-process sandbox (httpx.ASGITransport)."""

from __future__ import annotations

import pytest

from sspos.app.price_check import WarehouseCount
from sspos.domain.cart import Cart
from sspos.domain.pricing import price_cart
from sspos.sandbox import demo_data
from sspos.tui.price_text import stock_text
from tests.app.conftest import run_pos
from tests.app.test_checkout import plain_variant


async def test_every_category_is_priced_as_its_cart_would_be(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        variant = plain_variant(pos)
        rows = pos.price_check.prices(variant)
        categories = pos.services.ref.categories
        assert rows[0].category.code == "N"  # the walk-in tier first
        assert {row.category.code for row in rows} == set(categories) == set(
            demo_data.CATEGORIES)
        for row in rows:
            cart = Cart()
            cart.add(variant, 1)
            assert row.unit_price == price_cart(cart, row.category).lines[0].unit_price
        assert pos.counter.sale.cart.lines == []  # nothing reached the sale


async def test_stock_per_warehouse_is_what_the_server_holds(make_pos, sandbox) -> None:
    async with run_pos(make_pos()) as pos:
        variant = plain_variant(pos)
        answer = await pos.price_check.stock(variant)
        assert answer.error is None and not answer.offline
        held = sandbox.state.sandbox.warehouse_stock(variant.variant_id)
        assert answer.warehouses == tuple(
            WarehouseCount(w["warehouse_id"], w["name"], w["stock"]) for w in held)
        assert answer.total == sandbox.state.sandbox.variant_stock(variant.variant_id)
        assert len(answer.warehouses) >= 2


async def test_a_failing_or_unreachable_server_is_said_not_hidden(make_pos, sandbox) -> None:
    async with run_pos(make_pos()) as pos:
        variant = plain_variant(pos)
        sandbox.state.sandbox.faults.error_rate = 1.0
        failed = await pos.price_check.stock(variant)
        assert failed.error is not None and failed.total is None and not failed.warehouses
        sandbox.state.sandbox.faults.error_rate = 0.0
        sandbox.state.sandbox.faults.down = True
        worker = pos.services.outbox_worker
        assert worker is not None
        await worker.drain_once()  # the terminal learns the server is gone
        offline = await pos.price_check.stock(variant)
        assert offline.offline and offline.total is None


@pytest.mark.parametrize(("lang", "words"), [("id", "halaman login"), ("en", "a login page")])
async def test_a_login_page_instead_of_stock_is_said_in_a_clean_sentence(
    make_pos, sandbox, lang: str, words: str
) -> None:
    async with run_pos(make_pos()) as pos:
        variant = plain_variant(pos)
        sandbox.state.sandbox.faults.html_rate = 1.0  # a proxy's login page for every GET
        answer = await pos.price_check.stock(variant)
        said = stock_text(variant, answer, lang).plain
        assert words in said and "product/" in said  # what came back, and from where
        assert ": )" not in said and ".." not in said
