"""Whole sales at the keyboard against the in-process sandbox; each checks the payload
the sandbox received (its stored order body)."""

from __future__ import annotations

from typing import Any

from sspos.domain.catalog import VariantInfo
from sspos.domain.money import format_rupiah
from sspos.domain.order import reference_in_note
from sspos.sandbox import demo_data
from sspos.tui.app import PosApp
from sspos.tui.screens.customer import CustomerScreen, NewCustomerForm
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shipping import ShippingScreen
from sspos.tui.widgets.district_picker import DistrictPicker

from .conftest import ready, screen_text, send_keys, type_text, wait_for


def orders(sandbox: Any) -> list[dict[str, Any]]:
    return sandbox.created_orders()


def variants(app: PosApp, count: int = 400) -> list[VariantInfo]:
    """Variants of the synced catalog, by id (the sandbox numbers them in a row)."""
    found = []
    for offset in range(count):
        variant = app.services.catalog.get(demo_data.FIRST_VARIANT_ID + offset)
        if variant is not None:
            found.append(variant)
    assert found, "the synced catalog is empty"
    return found


def plain_variant(app: PosApp, min_stock: int = 5) -> VariantInfo:
    """An ordinary own-stock variant with enough stock and a normal SKU."""
    for variant in variants(app):
        if (
            variant.product_status == "S"
            and (variant.stock or 0) >= min_stock
            and not variant.sku.startswith("STRESS")
            and not variant.wholesale
        ):
            return variant
    raise AssertionError("no plain variant in the demo catalog")


async def scan(pilot: Any, code: str) -> None:
    """A scanner: the code and Enter in one burst."""
    await type_text(pilot, code + "\r")


async def add_and_wait(pilot: Any, code: str, lines: int) -> None:
    await scan(pilot, code)
    await wait_for(pilot, lambda: len(pilot.app.sale.cart.lines) == lines, what=f"{code} in cart")


async def pay(pilot: Any, tendered: str | None = None) -> PaymentScreen:
    await pilot.press("f9")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, PaymentScreen), what="payment screen"
    )
    screen = pilot.app.screen
    assert isinstance(screen, PaymentScreen)
    if tendered is not None:
        await type_text(pilot, tendered)
    return screen


async def confirm_and_wait(pilot: Any, sandbox: Any, count: int) -> dict[str, Any]:
    await pilot.press("f9")
    await wait_for(pilot, lambda: len(orders(sandbox)) == count, what="order at the sandbox")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SaleScreen), what="back to sale")
    await wait_for(pilot, lambda: pilot.app.last_print is not None, what="receipt printed")
    return orders(sandbox)[-1]


async def choose_customer(pilot: Any, name: str) -> None:
    await pilot.press("f3")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, CustomerScreen), what="customer screen"
    )
    await type_text(pilot, name)
    screen = pilot.app.screen
    await wait_for(
        pilot, lambda: screen._results_for == name and screen._results, what="customer found"
    )
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SaleScreen), what="back to sale")


def customer_named(app: PosApp, customer_id: int) -> Any:
    customer = app.services.customers.get(customer_id)
    assert customer is not None, customer_id
    return customer


async def test_walk_in_cash_sale_with_change(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first, second = [
            v
            for v in variants(app)
            if v.product_status == "S" and (v.stock or 0) >= 3 and not v.sku.startswith("STRESS")
        ][:2]
        await add_and_wait(pilot, first.sku, 1)
        await add_and_wait(pilot, "2*" + second.sku, 2)
        cart = app.sale.cart
        assert [(l.variant.variant_id, l.qty) for l in cart.lines] == [
            (first.variant_id, 1),
            (second.variant_id, 2),
        ]
        total = app.sale.priced.total
        tendered = (total // 50_000 + 1) * 50_000 + 50_000
        screen = await pay(pilot, str(tendered))
        await pilot.pause()
        assert screen.settlement is not None and screen.settlement.change == tendered - total
        assert format_rupiah(tendered - total) in screen_text(app)
        body = await confirm_and_wait(pilot, sandbox, 1)
        assert app.sale.cart.lines == []
        assert isinstance(app.screen.focused, type(app.sale_screen.search_input))
    assert body["customer_sender_id"] == demo_data.WALK_IN_CUSTOMER_ID
    assert body["customer_receiver_id"] == demo_data.WALK_IN_CUSTOMER_ID
    assert [(p["id"], p["qty"]) for p in body["products"]] == [
        (first.variant_id, 1),
        (second.variant_id, 2),
    ]
    assert body["payment"]["status"] == "PAID"
    assert body["payment"]["amount"] == total
    assert body["payment"]["bank_id"] == demo_data.CASH_BANK_ID
    assert (
        body["expedition"]["id"] == demo_data.PICKUP_EXPEDITION_ID
        and body["expedition"]["rate"] == 0
    )
    assert reference_in_note(body["note"]) is not None
    assert app.last_print.ok
    assert format_rupiah(tendered - total) in app.last_print.preview
    # Sent at once: the receipt and its QR name the order by its PO number.
    assert app.last_sale.state == "submitted" and app.last_sale.po_number
    assert f"[QR: {app.last_sale.po_number}]" in app.last_print.preview


async def test_scanner_burst_keeps_every_code_in_order(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        picks = [v for v in variants(app) if not v.sku.startswith("STRESS")][:3]
        # One uninterrupted burst: three codes, each with Enter, nothing awaited between.
        burst = "".join(variant.sku + "\r" for variant in picks)
        await type_text(pilot, burst)
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 3, what="three lines")
        assert [l.variant.variant_id for l in app.sale.cart.lines] == [v.variant_id for v in picks]
        assert app.sale_screen.search_input.value == ""


async def test_unknown_code_is_reported_not_added(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await scan(pilot, "NOPE-404")
        await wait_for(pilot, lambda: "NOPE-404" in screen_text(app), what="not found message")
        assert app.sale.cart.lines == []


async def test_reseller_buying_enough_for_a_wholesale_band(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = next(
            v
            for v in variants(app)
            if v.wholesale and (v.stock or 0) >= v.wholesale[0].from_qty and v.product_status == "S"
        )
        band = variant.wholesale[0]
        reseller = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"])
        await choose_customer(pilot, reseller.name)
        assert app.sale.category.code == "Y"
        await add_and_wait(pilot, f"{band.from_qty}*{variant.sku}", 1)
        line = app.sale.priced.lines[0]
        category = app.services.ref.category("Y")
        if category.wholesale_access:
            assert line.wholesale_band == band and line.unit_price == band.price
        else:
            # The band is reached but the category may not use it: shown, not silent.
            assert line.wholesale_band is None
            assert any(e.key == "domain.price.wholesale_no_access" for e in line.explanations)
        explanation = " ".join(e.key for e in line.explanations)
        assert explanation
        assert "Kenapa" in screen_text(app)
        total = app.sale.priced.total
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["customer_sender_id"] == reseller.customer_id
    assert body["products"] == [
        {"id": variant.variant_id, "qty": band.from_qty, "product_status": "S"}
    ]
    assert body["payment"]["amount"] == total


async def test_grosir_category_gets_the_wholesale_price(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = next(
            v
            for v in variants(app)
            if v.wholesale and (v.stock or 0) >= v.wholesale[0].from_qty and v.product_status == "S"
        )
        band = variant.wholesale[0]
        grosir = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["2"])
        await choose_customer(pilot, grosir.name)
        await add_and_wait(pilot, f"{band.from_qty}*{variant.sku}", 1)
        line = app.sale.priced.lines[0]
        assert app.services.ref.category("2").wholesale_access
        assert line.wholesale_band == band and line.unit_price == band.price
        assert "Grosir" in screen_text(app)
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["customer_sender_id"] == grosir.customer_id
    assert body["payment"]["amount"] == band.price * band.from_qty


async def test_custom_category_customer_unpaid(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        friend = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["1"])
        await add_and_wait(pilot, variant.sku, 1)
        walk_in_price = app.sale.priced.lines[0].unit_price
        await choose_customer(pilot, friend.name)
        assert app.sale.category.code == "1"
        line = app.sale.priced.lines[0]
        assert line.tier_label == ("price1" if variant.tier_prices.get("1") else "price")
        expected = variant.tier_prices.get("1") or variant.price
        if line.product_discount == 0:
            assert line.unit_price == expected
        assert (line.unit_price != walk_in_price) or expected == variant.price
        screen = await pay(pilot)
        await pilot.press("f3", "f3")  # PAID -> INSTALLMENT -> UNPAID
        assert screen.status() == "UNPAID"
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["customer_sender_id"] == friend.customer_id
    assert body["payment"]["status"] == "UNPAID"
    assert "amount" not in body["payment"]


async def test_new_customer_created_on_the_fly(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, variant.sku, 1)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, NewCustomerForm))
        form = app.screen
        await pilot.press("f2")  # nothing filled in: field errors, no request
        await pilot.pause()
        assert "Wajib diisi" in screen_text(app)
        await type_text(pilot, "Ibu Sari [baru]")
        await pilot.press("enter")
        await type_text(pilot, "081234567890")
        await pilot.press("enter")
        await type_text(pilot, "Lowokwaru")
        picker = form.query_one(DistrictPicker)
        await wait_for(pilot, lambda: bool(picker.matches), what="regions")
        await pilot.press("enter")
        assert picker.chosen is not None
        await type_text(pilot, "Jl. Mawar 1")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="customer created")
        customer = app.sale.cart.sender
        assert customer is not None and customer.name == "Ibu Sari [baru]"
        assert "Ibu Sari [baru]" in screen_text(app)
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    stored = sandbox.state.sandbox.customer(customer.customer_id)
    assert stored is not None and stored["name"] == "Ibu Sari [baru]"
    assert body["customer_sender_id"] == customer.customer_id


async def test_courier_shipping_with_a_looked_up_rate(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        reseller = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["Y"])
        assert reseller.district_id is not None
        await choose_customer(pilot, reseller.name)
        await add_and_wait(pilot, variant.sku, 1)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippingScreen))
        screen = app.screen
        await wait_for(
            pilot, lambda: any(o.kind == "regular" for o in screen.options), what="rates"
        )
        chosen = next(o for o in screen.options if o.kind == "express")
        await pilot.press(*["down"] * screen.options.index(chosen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert app.sale.cart.shipping == chosen.shipping
        assert app.sale.priced.shipping == chosen.shipping.rate > 0
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    async with app.services.client_factory() as client:
        cost = await client.expedition_cost(
            demo_data.SUPPLIER_DISTRICT_ID, reseller.district_id, max(1, variant.weight), None
        )
    rate = next(r for r in cost.express if r.rate_id == chosen.shipping.expedition_id)
    assert body["expedition"] == {
        "id": rate.rate_id,
        "rate": rate.final_rate,
        "name": rate.name,
        "auto_pickup": False,
    }


async def test_installment_with_a_bank_account(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, "2*" + variant.sku, 1)
        total = app.sale.priced.total
        screen = await pay(pilot)
        await pilot.press("f3")  # INSTALLMENT
        await pilot.press("f4", "f4")  # cash -> first bank -> second bank
        method = screen.method()
        assert method != "cash"
        await type_text(pilot, str(total // 2))
        await pilot.pause()
        assert screen.settlement is not None and screen.settlement.remaining == total - total // 2
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["payment"]["status"] == "INSTALLMENT"
    assert body["payment"]["amount"] == total // 2
    assert body["payment"]["bank_id"] == int(method)


async def test_awb_at_payment_and_later_from_orders(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, variant.sku, 1)
        await pay(pilot)
        await pilot.press("enter")  # exact cash; Enter moves on to the AWB field
        assert app.screen.focused is app.screen.query_one("#pay-awb")
        await type_text(pilot, "JNE0001")
        body = await confirm_and_wait(pilot, sandbox, 1)
        assert body["awb_number"] == "JNE0001"
        # A second sale, its AWB added afterwards from the Orders screen.
        await add_and_wait(pilot, variant.sku, 1)
        await pay(pilot)
        second = await confirm_and_wait(pilot, sandbox, 2)
        assert "awb_number" not in second
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        screen = app.screen
        ref = reference_in_note(second["note"])
        await wait_for(
            pilot,
            lambda: any(r.client_ref == ref and r.po_number for r in screen.rows),
            what="orders",
        )
        index = next(i for i, r in enumerate(screen.rows) if r.client_ref == ref)
        table = screen.query_one("#orders-table")
        table.move_cursor(row=index)
        await pilot.press("f3")
        await type_text(pilot, "JNE0002")
        await pilot.press("enter")
        order_id = next(r.order_id for r in screen.rows if r.client_ref == ref)
        state = sandbox.state.sandbox
        await wait_for(
            pilot,
            lambda: (state.order(order_id) or {}).get("awb_number") == "JNE0002",
            what="awb at sandbox",
        )
        assert "JNE0002" in screen_text(app)


async def test_server_validation_error_shown_and_corrected(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        variant = plain_variant(app, min_stock=2)
        stock = sandbox.state.sandbox.variant_stock(variant.variant_id)
        await add_and_wait(pilot, f"{stock + 5}*{variant.sku}", 1)
        screen = await pay(pilot)
        await pilot.press("f9")
        await wait_for(
            pilot,
            lambda: (
                app.last_sale is None
                and ("stok" in screen_text(app).lower() or "stock" in screen_text(app).lower())
            ),
            what="rejection shown",
        )
        assert app.screen is screen
        assert orders(sandbox) == []
        assert variant.product_name[:10] in screen_text(app)
        first_ref = app.sale.client_ref
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        await pilot.press("f6")
        await pilot.pause()
        await type_text(pilot, str(stock))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.sale.cart.lines[0].qty == stock)
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["products"][0]["qty"] == stock
    assert reference_in_note(body["note"]) == first_ref
    entries = app.services.outbox.entries()
    assert [(e.client_ref, e.state) for e in entries if e.kind == "sale"] == [
        (first_ref, "submitted")
    ]


async def test_markup_like_product_name_is_shown_literally(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "STRESS")
        await wait_for(
            pilot, lambda: "[@click=app.quit]Keluar[/]" in screen_text(app), what="results"
        )
        await pilot.press("escape")  # clears the search field
        await scan(pilot, "STRESS-CLICK")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1)
        await add_and_wait(pilot, "STRESS-MARKUP", 2)
        # The selected line is shown whole under the cart, literally.
        await wait_for(pilot, lambda: "Kaos [bold]Tebal[/bold] [red]Promo" in screen_text(app))
        await pilot.press("up")
        await wait_for(pilot, lambda: "Tas [@click=app.quit]Keluar[/] Kanvas" in screen_text(app))
        await pay(pilot)
        body = await confirm_and_wait(pilot, sandbox, 1)
        assert app.is_running
    assert len(body["products"]) == 2


async def test_server_message_next_to_the_note_field(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        screen = await pay(pilot)
        screen.query_one("#pay-note").focus()
        await type_text(pilot, "x" * 1000)  # the sale's tag makes it longer than the server takes
        await pilot.press("f9")
        note_error = screen.query_one("#pay-note-error")
        await wait_for(pilot, lambda: note_error.display, what="note error")
        assert "note" in str(note_error.render()).lower() or "1000" in str(note_error.render())
        assert orders(sandbox) == []
        await send_keys(pilot, *["backspace"] * 900)
        body = await confirm_and_wait(pilot, sandbox, 1)
    assert body["note"].startswith("x" * 100) and len(body["note"]) < 1000


async def test_abandoned_rejected_sale_is_voided(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app, min_stock=2)
        stock = sandbox.state.sandbox.variant_stock(variant.variant_id)
        await add_and_wait(pilot, f"{stock + 1}*{variant.sku}", 1)
        await pay(pilot)
        await pilot.press("f9")
        await wait_for(
            pilot,
            lambda: (
                app.sale.client_ref is not None
                and app.services.outbox.get(app.sale.client_ref) is not None
                and app.services.outbox.get(app.sale.client_ref).state == "rejected"
            ),
            what="rejected",
        )
        ref = app.sale.client_ref
        await pilot.press("escape", "f8")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmDialog")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.services.outbox.get(ref).state == "voided", what="voided")
        assert app.sale.cart.lines == [] and app.sale.client_ref is None


async def test_quantity_typed_before_enter_on_a_highlighted_result(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.sale_screen
        await type_text(pilot, "kopi")
        await wait_for(pilot, lambda: screen._results_for == "kopi" and len(screen._results) > 2)
        await pilot.press("down", "down")
        wanted = screen._results[2]
        await type_text(pilot, " 3*\r")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1)
        line = app.sale.cart.lines[0]
        assert (line.variant.variant_id, line.qty) == (wanted.variant_id, 3)
        # and the prefix form on a search: "2*kopi" + Enter adds 2 of the first result
        await type_text(pilot, "2*kopi")
        await wait_for(pilot, lambda: screen._results_for == "kopi")
        first = screen._results[0]
        await type_text(pilot, "\r")
        await wait_for(pilot, lambda: app.sale.cart.find(first.variant_id) is not None)
        assert app.sale.cart.find(first.variant_id).qty == 2 + (
            3 if first.variant_id == wanted.variant_id else 0
        )


async def test_a_code_that_looks_like_a_quantity_is_still_a_code(make_app) -> None:
    from sspos.store.catalog_rows import ProductRecord, VariantRecord

    app = make_app(outbox_worker=False, freshen_on_add=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        record = ProductRecord(
            product_id=990001,
            name="Balok Kayu",
            variants=(VariantRecord(variant_id=990002, sku="2X4-PLANK", price=15000, stock=9),),
        )
        app.services.catalog.replace_product(record)
        await type_text(pilot, "2X4-PLANK\r")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1)
        assert (app.sale.cart.lines[0].variant.variant_id, app.sale.cart.lines[0].qty) == (
            990002,
            1,
        )
