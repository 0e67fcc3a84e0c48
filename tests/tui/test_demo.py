"""`sspos demo` wiring: an empty data folder, the in-process sandbox, a first sync."""

from __future__ import annotations

import asyncio

from sspos.app.services import build_services
from sspos.config import Settings
from sspos.tui.app import PosApp
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shift import AmountDialog

from .conftest import screen_text, wait_for


async def test_demo_mode_syncs_an_empty_terminal_and_sells(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "data", printer="none")
    services = build_services(settings, demo=True)
    assert services.demo and services.data_dir == tmp_path / "data" / "demo"
    app = PosApp(settings, services, poll_status=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(app.ready.wait(), 60)
        # A fresh terminal has no shift: it is asked for; Esc sells without one.
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog), what="prompt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert services.catalog.variant_count() > 0
        assert services.ref.shop_name and services.ref.supplier_id
        await wait_for(
            pilot,
            lambda: "DEMO" in screen_text(app) and services.ref.shop_name[:10] in screen_text(app),
        )
        variant = services.catalog.search("kopi", limit=1)[0]
        app.sale_screen.add_variant(variant, 1)
        await pilot.press("f9", "f9")
        await wait_for(
            pilot,
            lambda: app.last_sale is not None and app.last_sale.state == "submitted",
            timeout=10,
        )
        assert app.last_sale.po_number
