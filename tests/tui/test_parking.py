"""Park and recall at the keyboard (80×24): F11 parks the cart; on an empty cart it lists
the parked sales with their time and total, Enter brings one back; they survive a
restart."""

from __future__ import annotations

import pytest

from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.tui.screens.parked import ParkedScreen
from sspos.tui.screens.sale import SaleScreen

from .conftest import ready, screen_text, wait_for
from .test_counter import content
from .test_sales import add_and_wait, plain_variant


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_park_serve_the_next_customer_and_recall_after_a_restart(
    make_app, lang: str
) -> None:
    app = make_app(lang, outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app, 2)
        await add_and_wait(pilot, "2*" + variant.sku, 1)
        total = app.sale.priced.total
        await pilot.press("f11")
        await wait_for(pilot, lambda: not app.sale.cart.lines, what="cart parked")
        parked = t("tui.sale.parked", lang, count=2, total=format_rupiah(total))
        assert content(app, "#info") == parked
        await add_and_wait(pilot, variant.sku, 1)  # the next customer
    app = make_app(lang, outbox_worker=False)  # the terminal starts again
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.sale.cart.total_qty == 1  # the unfinished cart is back, as always
        # Recalling with a cart in front: from the palette's "recall" (F11 would park it).
        app.sale_screen.action_recall()
        await wait_for(pilot, lambda: isinstance(app.screen, ParkedScreen), what="parked list")
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.parked), what="parked sales read")
        text = screen_text(app)
        assert "10:30" in text and format_rupiah(total) in text  # when, and how much
        assert t("tui.walk_in", lang) in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="back to sale")
        await wait_for(pilot, lambda: app.sale.cart.total_qty == 2, what="recalled")
        assert [(ln.variant.variant_id, ln.qty) for ln in app.sale.cart.lines] == [
            (variant.variant_id, 2)]
        swapped = t("tui.sale.recall_swapped", lang)  # the cart in front went aside
        await wait_for(pilot, lambda: swapped in content(app, "#info"), what="swap said")
        assert t("tui.sale.recalled", lang, count=2) in content(app, "#info")
        await pilot.press("f11", "f11")  # park the recalled cart, then list
        await wait_for(pilot, lambda: isinstance(app.screen, ParkedScreen), what="parked list")
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.parked) == 2, what="both parked")
        assert sorted(p.items for p in screen.parked) == [1, 2]
        assert screen.parked[0].items == 1
        await pilot.press("escape")  # back: the cart stays empty
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="back to sale")
        assert app.sale.cart.lines == []


async def test_no_parked_sales_says_so(make_app) -> None:
    app = make_app("en", outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f11")  # an empty cart: the parked sales (none)
        await wait_for(pilot, lambda: isinstance(app.screen, ParkedScreen), what="parked list")
        await wait_for(pilot, lambda: t("tui.parked.none", "en") in screen_text(app),
                       what="none said")
        await pilot.press("enter")  # nothing to recall: stays
        assert isinstance(app.screen, ParkedScreen)
