"""Every key of the sale screen shows in the footer at 80×24, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from sspos.i18n import t
from sspos.tui.widgets.key_footer import KeyFooter, arrangement

from .conftest import ready, wait_for
from .test_sales import add_and_wait, plain_variant


def test_keys_wrap_onto_rows_only_when_they_do_not_fit() -> None:
    assert arrangement([11, 13, 9], 80) == (0, 1)  # fits: one plain row
    assert arrangement([10] * 8, 80) == (0, 1)  # 79 cells: the last gap is not needed
    assert arrangement([13, 12, 9, 13, 10, 11, 9, 8, 10, 12], 80) == (6, 2)
    assert arrangement([13] * 11, 40) == (3, 4)
    assert arrangement([90], 80) == (1, 1)


def footer_rows(app: Any, footer: KeyFooter) -> list[str]:
    """The footer's lines exactly as they are on screen."""
    strips = app.screen._compositor.render_strips()
    region = footer.region
    return [strips[y].text[region.x : region.right] for y in range(region.y, region.bottom)]


def assert_every_key_shows(app: Any, footer: KeyFooter) -> list[Any]:
    width, height = app.size
    rows = footer_rows(app, footer)
    keys = footer.keys
    assert keys
    for key in keys:
        region = key.region
        assert region.width > 0 and region.right <= width and region.bottom <= height, (
            key.key,
            region,
        )
        label = f"{key.key_display} {key.description}"
        assert label in rows[region.y - footer.region.y], (label, rows)
    return keys


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_sale_footer_shows_every_key_at_80x24(make_app, lang: str) -> None:
    app = make_app(lang, outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.sale_screen
        footer = screen.query_one(KeyFooter)
        keys = assert_every_key_shows(app, footer)
        by_action = {key.action: key for key in keys}
        shown = {
            action: (by_action[action].key_display.upper(), by_action[action].description)
            for action in ("help", "pay", "orders")
        }
        assert shown == {
            "help": ("F1", t("tui.key.help", lang)),
            "pay": ("F9", t("tui.key.pay", lang)),
            "orders": ("F10", t("tui.key.orders", lang)),
        }
        # Every shown binding of the screen is in the footer, not only those that fit.
        expected = {b.action for _key, b in screen._bindings if b.show}
        assert expected - {"remove_line"} <= set(by_action)  # Delete edits the search text here
        # In the cart (F2) Delete removes a line: it shows as well, and still everything fits.
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f2")
        await wait_for(
            pilot, lambda: "remove_line" in {k.action for k in footer.keys}, what="delete key"
        )
        await pilot.pause()
        keys = assert_every_key_shows(app, footer)
        assert expected <= {key.action for key in keys}
