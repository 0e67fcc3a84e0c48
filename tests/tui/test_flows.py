"""More of the keyboard: dropship, costs and discounts, quantity/remove/new sale, palette,
reprint and tracking, and what the cashier sees when the server is down or refuses."""

from __future__ import annotations

import httpx

from sspos.api.client import SmartSellerClient
from sspos.domain.order import reference_in_note
from sspos.runtime import DEMO_BASE_URL
from sspos.sandbox import demo_data
from sspos.tui.screens.costs import CostsScreen
from sspos.tui.screens.customer import CustomerScreen
from sspos.tui.screens.dialogs import ConfirmDialog, LineDiscountDialog, QuantityDialog
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shipping import ShippingScreen

from .conftest import ready, screen_text, type_text, wait_for
from .test_sales import (
    add_and_wait,
    confirm_and_wait,
    customer_named,
    orders,
    pay,
    plain_variant,
    variants,
)


async def test_dropship_receiver_is_sent_as_receiver(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        reseller = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"])
        receiver = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["D"])
        await add_and_wait(pilot, variant.sku, 1)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await type_text(pilot, reseller.name)
        buyer_screen = app.screen
        await wait_for(
            pilot,
            lambda: bool(buyer_screen._results) and buyer_screen._results_for == reseller.name,
        )
        await pilot.press("f4")  # choose the dropship receiver first
        await wait_for(
            pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen.receiver
        )
        await type_text(pilot, receiver.name)
        receiver_screen = app.screen
        await wait_for(
            pilot,
            lambda: (
                bool(receiver_screen._results) and receiver_screen._results_for == receiver.name
            ),
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is buyer_screen)
        await type_text(pilot, "\r")  # pick the buyer
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert app.sale.cart.sender == reseller and app.sale.cart.receiver == receiver
        assert receiver.name in screen_text(app)
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["customer_sender_id"] == reseller.customer_id
    assert body["customer_receiver_id"] == receiver.customer_id


async def test_line_discount_and_order_cost_preset(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, "2*" + variant.sku, 1)
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, LineDiscountDialog))
        await type_text(pilot, "abc\r")  # not a discount: says so, stays open
        await wait_for(pilot, lambda: "tidak dikenali" in screen_text(app))
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "10%\r")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        line = app.sale.priced.lines[0]
        assert line.line_discount == line.gross // 10
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CostsScreen))
        preset = app.screen.presets[0]
        await pilot.press("enter", "f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert app.sale.cart.costs == [preset]
        total = app.sale.priced.total
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["products"][0]["type"] == "PERCENTAGE" and body["products"][0]["percentage"] == 10
    key = "percentage" if preset.type == "PERCENTAGE" else "nominal"
    assert body["order_cost"] == [
        {"name": preset.name, "category": preset.category, "type": preset.type, key: preset.value}
    ]
    assert body["payment"]["amount"] == total


async def test_quantity_remove_and_new_sale_confirmation(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first, second = [v for v in variants(app) if not v.sku.startswith("STRESS")][:2]
        await add_and_wait(pilot, first.sku, 1)
        await add_and_wait(pilot, second.sku, 2)
        await pilot.press("f2")  # ↑↓ move the cart; the focus stays in the search
        assert app.sale_screen.arrows_on_cart
        assert app.screen.focused is app.sale_screen.search_input
        await pilot.press("up", "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, QuantityDialog))
        await pilot.press("backspace")
        await type_text(pilot, "0\r")  # 0 is refused
        await wait_for(pilot, lambda: "1 sampai" in screen_text(app))
        await pilot.press("backspace")
        await type_text(pilot, "5\r")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert [(l.variant.variant_id, l.qty) for l in app.sale.cart.lines] == [
            (first.variant_id, 5),
            (second.variant_id, 1),
        ]
        await pilot.press("delete")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1)
        assert app.sale.cart.lines[0].variant.variant_id == second.variant_id
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert len(app.sale.cart.lines) == 1
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.sale.cart.lines == [])
        assert app.screen.focused is app.sale_screen.search_input


async def test_command_palette_opens_payment(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Bayar")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment via palette"
        )


async def test_reprint_and_tracking_from_orders(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reseller = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"])
        app.pos.counter.choose_customer(reseller)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippingScreen))
        shipping = app.screen
        await wait_for(pilot, lambda: any(o.kind == "regular" for o in shipping.options))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        await pay(pilot)
        await pilot.press("enter")
        await type_text(pilot, "AWB-777")
        body = await confirm_and_wait(pilot, sandbox, 1)
        app.pos.receipts.last_print = None
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        screen = app.screen
        ref = reference_in_note(body["note"])
        await wait_for(pilot, lambda: any(r.client_ref == ref and r.po_number for r in screen.rows))
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.last_print is not None, what="reprint")
        row = next(r for r in screen.rows if r.client_ref == ref)
        assert row.po_number in app.last_print.preview
        # The QR names the order as the server knows it, no longer the pending reference.
        assert f"[QR: {row.po_number}]" in app.last_print.preview
        assert ref not in app.last_print.preview
        await pilot.press("f5")
        await wait_for(
            pilot,
            lambda: "AWB-777" in screen_text(app) and "Lacak" in screen_text(app),
            what="tracking",
        )


async def test_offline_sale_is_queued_printed_and_sent_later(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.services.submit_wait = 0.5
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        faults = sandbox.state.sandbox.faults
        faults.down = True
        await pay(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="queued, next sale")
        await wait_for(pilot, lambda: app.last_print is not None, what="receipt")
        ref = app.last_sale.client_ref
        assert app.last_sale.state == "queued" and ref in app.last_print.preview
        assert app.services.outbox.get(ref).state == "pending"
        await wait_for(pilot, lambda: "OFFLINE" in screen_text(app), what="offline shown")
        assert "Antre 1" in screen_text(app)
        faults.down = False
        app.services.outbox_worker.wake()
        await wait_for(
            pilot, lambda: len(orders(sandbox)) == 1, timeout=8, what="sent when back online"
        )
        assert reference_in_note(orders(sandbox)[0]["note"]) == ref
        await wait_for(
            pilot, lambda: "ONLINE" in screen_text(app) and "OFFLINE" not in screen_text(app)
        )


async def test_server_down_while_looking_up_rates_is_a_notice(make_app, sandbox) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.pos.counter.choose_customer(customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"]))
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        sandbox.state.sandbox.faults.down = True
        await pilot.press("f4")
        # The toast is on screen (run_test hides notifications unless asked).
        await wait_for(pilot, lambda: "Tidak terhubung" in screen_text(app), what="network notice")
        assert "OFFLINE" in screen_text(app)
        assert isinstance(app.screen, ShippingScreen) and app.is_running
        assert [o.kind for o in app.screen.options] == ["pickup"]


async def test_rejected_token_says_what_to_do(make_app, sandbox) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.services.client = SmartSellerClient(
            DEMO_BASE_URL, "wrong-token", transport=httpx.ASGITransport(app=sandbox)
        )
        app.pos.counter.choose_customer(customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"]))
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f4")
        await wait_for(pilot, lambda: "(401)" in screen_text(app), what="401 notice")
        assert "token" in screen_text(app).lower() and app.is_running


async def test_sync_from_the_palette_refreshes_the_catalog(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        before = app.services.catalog.last_synced()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Sinkron")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: app.services.catalog.last_synced() != before, timeout=10, what="new sync"
        )
        await wait_for(pilot, lambda: app.status.last_sync == app.services.catalog.last_synced())
        assert app.services.catalog.variant_count() > 0


async def pay_key_is_f12(pilot, app) -> None:
    """With "sale.pay" remapped to F12: F9 no longer pays, F12 opens the payment."""
    await ready(pilot)
    await add_and_wait(pilot, plain_variant(app).sku, 1)
    await pilot.press("f9")
    await pilot.pause()
    assert isinstance(app.screen, SaleScreen)
    await pilot.press("f12")
    await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen))


async def test_keys_can_be_remapped_by_binding_id(sandbox, data_dir) -> None:
    from sspos.app.services import Services
    from sspos.tui.app import PosApp
    from sspos.tui.screens.help import HelpScreen

    from .conftest import client_factory, make_settings

    settings = make_settings(data_dir)
    factory = client_factory(sandbox)
    services = Services(
        settings,
        client=factory(),
        data_dir=data_dir,
        sync_on_start=False,
        run_outbox_worker=False,
        client_factory=factory,
    )
    app = PosApp(settings, services, poll_status=False, keymap={"sale.pay": "f12"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pay_key_is_f12(pilot, app)
        await pilot.press("escape", "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "F12" in screen_text(app)


async def test_a_variant_added_online_is_refreshed_from_the_server(make_app, sandbox) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        # The server's stock moved since the sync: the cart line learns the new figure.
        state = sandbox.state.sandbox
        with state.lock:
            state.db.execute("UPDATE variants SET stock = 3 WHERE id = ?", (variant.variant_id,))
        await add_and_wait(pilot, variant.sku, 1)
        await wait_for(
            pilot, lambda: app.sale.cart.lines[0].variant.stock != variant.stock, what="fresh stock"
        )
        assert (
            app.services.catalog.get(variant.variant_id).stock
            == app.sale.cart.lines[0].variant.stock
        )


async def test_markup_like_customer_name_is_shown_literally(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await type_text(pilot, "Rina")
        screen = app.screen
        await wait_for(pilot, lambda: screen._results_for == "Rina" and bool(screen._results))
        assert "Bu [bold]Rina[/bold] [@click=app.quit]" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        customer = app.sale.cart.sender
        assert customer is not None and customer.name == "Bu [bold]Rina[/bold] [@click=app.quit]"
        assert "Bu [bold]Rina[/bold]" in screen_text(app) and app.is_running
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
        assert app.is_running
    assert body["customer_sender_id"] == customer.customer_id


async def test_receipt_preview_from_orders_shows_the_printed_text(make_app, sandbox) -> None:
    from textual.widgets import Static

    from sspos.domain.money import format_rupiah
    from sspos.i18n import t
    from sspos.printing.printers import printer_columns
    from sspos.tui.screens.receipt import ReceiptPreview

    app = make_app(paper=80)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, "STRESS-MARKUP", 1)
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        orders_screen = app.screen
        ref = reference_in_note(body["note"])
        await wait_for(
            pilot, lambda: any(r.client_ref == ref and r.po_number for r in orders_screen.rows)
        )
        row = next(r for r in orders_screen.rows if r.client_ref == ref)
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptPreview), what="preview")
        preview = app.screen
        assert preview.columns == printer_columns(app.services.settings) == 48
        shown = preview.query_one("#preview-text", Static).render()
        assert shown.plain == preview.text.rstrip("\n")
        lines = shown.plain.splitlines()
        assert max(len(line) for line in lines) <= 48
        # The top of the paper, centred as printed (leading spaces kept).
        assert lines[0].strip() == app.services.ref.shop_name and lines[0].startswith("  ")
        assert lines[0] in screen_text(app)
        # Once the server gave a PO number, the receipt names it instead of the pending reference.
        assert any(
            t("print.order_no", "id") in line and str(row.po_number) in line for line in lines
        )
        assert t("print.reference", "id") not in shown.plain
        assert not shown.spans  # literal: no markup was parsed into styles
        # Scroll down the paper: the markup-like name and the TOTAL appear as typed.
        seen = screen_text(app)
        for _ in range(10):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        assert "[bold]Tebal[/bold]" in seen
        total_line = next(line for line in lines if "TOTAL" in line)
        assert total_line in seen and format_rupiah(row.total) in total_line
        # F4 reprints from the preview (marked as a reprint, with the PO).
        app.pos.receipts.last_print = None
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.last_print is not None, what="reprint")
        assert str(row.po_number) in app.last_print.preview
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is orders_screen)


async def test_palette_previews_the_last_receipt(make_app, sandbox) -> None:
    from sspos.tui.screens.receipt import ReceiptPreview

    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Pratinjau struk")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "Belum ada struk" in screen_text(app), what="nothing to preview"
        )
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await pilot.press("f9")  # no worker: the sale stays queued with its reference
        await wait_for(
            pilot, lambda: app.last_sale is not None and isinstance(app.screen, SaleScreen)
        )
        await pilot.press("ctrl+p")
        await type_text(pilot, "Pratinjau struk")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptPreview), what="preview")
        assert app.screen.client_ref == app.last_sale.client_ref
        assert app.last_sale.client_ref in app.screen.text


async def test_keymap_from_settings_remaps_keys(make_app) -> None:
    app = make_app(outbox_worker=False, keymap={"sale.pay": "f12"})
    assert app.settings.keymap == {"sale.pay": "f12"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pay_key_is_f12(pilot, app)


def test_run_app_passes_the_keymap_from_settings(monkeypatch, make_app) -> None:
    from sspos.tui import app as app_module

    built = make_app(outbox_worker=False, keymap={"sale.orders": "ctrl+o"})
    seen: dict[str, object] = {}

    def fake_run(self) -> int:  # the real loop is exercised by the pilot tests
        seen["keymap"] = dict(self._keymap)
        return 0

    monkeypatch.setattr(app_module, "build_services", lambda settings, demo: built.services)
    monkeypatch.setattr(app_module.PosApp, "run", fake_run)
    assert app_module.run_app(built.settings, demo=False) == 0
    assert seen["keymap"] == {"sale.orders": "ctrl+o"}


async def test_the_catalog_refreshes_itself_in_the_background(make_app, sandbox) -> None:
    app = make_app(outbox_worker=False, sync_every_s=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        catalog = app.services.catalog
        variant = plain_variant(app)
        first = catalog.last_synced()
        sandbox.state.sandbox.db.execute(
            "UPDATE variants SET price = price + 1000 WHERE id = ?", (variant.variant_id,)
        )
        await wait_for(pilot, lambda: catalog.last_synced() != first, timeout=10, what="a refresh")
        assert catalog.get(variant.variant_id).price == variant.price + 1000
        await wait_for(pilot, lambda: app.status.last_sync == catalog.last_synced())

        # Server down: the refresh fails quietly (no dialog over the sale), the catalog
        # in use stays whole, and the status bar says offline and that the sync failed.
        sandbox.state.sandbox.faults.down = True
        refreshed = catalog.last_synced()
        count = catalog.variant_count()
        await wait_for(
            pilot,
            lambda: app.status.connection == "offline" and app.status.sync_failed,
            what="offline, sync failed",
        )
        await pilot.pause(0.5)
        assert isinstance(app.screen, SaleScreen)
        assert catalog.last_synced() == refreshed and catalog.variant_count() == count
