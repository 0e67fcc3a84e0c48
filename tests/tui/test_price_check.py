"""The price and stock check at the keyboard (80×24): Ctrl+R on a search result or on a
cart line; every tier, the wholesale bands, the server's stock per warehouse; the cart
stays as it was."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.tui.screens.price_check import PriceCheckScreen
from sspos.tui.screens.sale import SaleScreen

from .conftest import ready, screen_text, type_text, wait_for
from .test_counter import content
from .test_sales import add_and_wait, plain_variant, variants


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_a_search_result_checked_shows_tiers_bands_and_stock(
    make_app, sandbox, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        banded = next(v for v in variants(app) if v.wholesale and v.product_status == "S"
                      and not v.sku.startswith("STRESS"))
        screen = app.sale_screen
        await type_text(pilot, banded.sku)
        await wait_for(pilot, lambda: screen.highlighted_result() == banded, what="result")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, PriceCheckScreen), what="check")
        check = app.screen
        await wait_for(pilot, lambda: check.answer is not None, what="stock answered")
        text = screen_text(app)
        for category in app.services.ref.categories.values():
            assert f"{category.name} ({category.code})" in text
        band = banded.wholesale[0]
        assert format_rupiah(band.price) in text
        for warehouse in sandbox.state.sandbox.warehouse_stock(banded.variant_id):
            assert f"{warehouse['name']}: {warehouse['stock']}" in text
        assert t("tui.check.asking", lang) not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="back")
        assert app.sale.cart.lines == []  # checked, not sold
        assert screen.search_input.value == banded.sku  # the search is as it was


async def test_a_cart_line_is_checked_and_nothing_chosen_says_what_to_do(make_app) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")  # nothing searched, nothing in the cart
        assert isinstance(app.screen, SaleScreen)
        assert content(app, "#info") == t("tui.check.nothing", "en")
        variant = plain_variant(app)
        await add_and_wait(pilot, "2*" + variant.sku, 1)
        before = [(ln.variant.variant_id, ln.qty) for ln in app.sale.cart.lines]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, PriceCheckScreen), what="check")
        assert app.screen.variant == variant
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="back")
        assert [(ln.variant.variant_id, ln.qty) for ln in app.sale.cart.lines] == before


async def test_offline_the_check_says_so_and_shows_the_synced_stock(make_app, sandbox) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, variant.sku, 1)
        sandbox.state.sandbox.faults.error_rate = 1.0
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, PriceCheckScreen), what="check")
        check = app.screen
        await wait_for(pilot, lambda: check.answer is not None, what="stock answered")
        said = check.query_one("#check-stock", Static).content
        text = said.plain if isinstance(said, Text) else str(said)
        assert text.startswith("The server's stock could not be read")
        assert text.endswith(f"Stock at the last sync: {check.variant.stock}")
