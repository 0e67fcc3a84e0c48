"""The counter as cashiers find it (issue 16) and the sale screen's small items of issue
15: lost keystrokes and cash amounts, the AWB on reprints, Ctrl+Q and the saved cart, the
offline wait, and what a cashier must be able to read at 80×24 in one language."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Input, Static

from sspos.domain.catalog import WholesaleBand
from sspos.domain.money import format_rupiah
from sspos.domain.order import reference_in_note
from sspos.domain.payment import Settlement
from sspos.i18n import t
from sspos.sandbox import demo_data
from sspos.tui.sale import explain
from sspos.tui.screens.customer import CustomerScreen
from sspos.tui.screens.dialogs import ConfirmDialog
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.payment import settlement_line
from sspos.tui.screens.receipt import ReceiptPreview
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shipping import ShippingScreen

from .conftest import ready, screen_text, send_keys, type_text, wait_for
from .test_sales import (
    add_and_wait,
    confirm_and_wait,
    customer_named,
    orders,
    pay,
    plain_variant,
    scan,
    variants,
)


def content(app: Any, selector: str) -> str:
    """The plain text a Static of the sale screen holds (wrapped or not on screen)."""
    value = app.sale_screen.query_one(selector, Static).content
    return value.plain if isinstance(value, Text) else str(value)


def two_plain_variants(app: Any) -> list[Any]:
    return [
        v
        for v in variants(app)
        if v.product_status == "S" and (v.stock or 0) >= 3 and not v.sku.startswith("STRESS")
    ][:2]


# ------------------------------------------------------------------ 16.1 scans


async def test_a_scan_reaches_the_search_while_the_cart_is_selected(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first, second = two_plain_variants(app)
        await add_and_wait(pilot, first.sku, 1)
        await pilot.press("f2")  # the cart
        await scan(pilot, second.sku)  # a scanner types wherever the focus is
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 2, what="scanned into the cart")
        # With results on screen, F2 gives ↑↓ to the cart; typing still searches.
        await type_text(pilot, first.sku[:4])
        screen = app.sale_screen
        await wait_for(pilot, lambda: bool(screen._results), what="results")
        await pilot.press("f2", "up")
        assert screen.selected_line_id() == first.variant_id
        await type_text(pilot, first.sku[4:] + "\r")
        await wait_for(pilot, lambda: app.sale.cart.find(first.variant_id).qty == 2)
        # The cart's own keys still work: F6 on the selected line, Delete removes it.
        assert screen.selected_line_id() == first.variant_id
        await pilot.press("delete")
        await wait_for(pilot, lambda: app.sale.cart.find(first.variant_id) is None)
        assert [line.variant.sku for line in app.sale.cart.lines] == [second.sku]


async def test_down_then_enter_typed_fast_adds_the_row_moved_to(make_app) -> None:
    """↓ and Enter in one burst: Enter must act after the ↓, in key order."""
    app = make_app(outbox_worker=False, freshen_on_add=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "kopi")
        screen = app.sale_screen
        await wait_for(pilot, lambda: len(screen._results) > 2, what="results")
        second = screen._results[1]
        await send_keys(pilot, "down", "enter")
        await wait_for(pilot, lambda: bool(app.sale.cart.lines), what="added")
        assert [line.variant for line in app.sale.cart.lines] == [second]


# ------------------------------------------------------------------ 16.2 typed cash


async def test_typed_cash_after_cycling_method_and_status_is_kept(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        total = app.sale.priced.total
        tendered = (total // 10_000 + 2) * 10_000
        screen = await pay(pilot)
        amount = screen.query_one("#pay-amount", Input)
        # Every method and back to cash, then every status and back to paid.
        await pilot.press(*["f4"] * (len(app.services.ref.banks) + 1))
        assert screen.method() == "cash" and screen.focused is amount
        await type_text(pilot, str(tendered)[:3])
        await pilot.press("f3", "f3", "f3")
        assert screen.status() == "PAID" and screen.focused is amount
        await type_text(pilot, str(tendered)[3:])
        assert amount.value == str(tendered)
        await confirm_and_wait(pilot, sandbox, 1)
    receipt, _ = app.pos.receipts.last_receipt
    assert (receipt.tendered, receipt.change) == (tendered, tendered - total)


def test_an_empty_tendered_field_means_exact_cash() -> None:
    cash = Settlement("PAID", 75_500, 1, True, 75_500, 0, 0)
    assert settlement_line(cash, False, "id") == "Uang pas: tanpa kembalian"
    assert settlement_line(cash, False, "en") == "Exact cash: no change"
    given = Settlement("PAID", 75_500, 1, True, 100_000, 24_500, 0)
    assert settlement_line(given, True, "id") == "Kembalian  Rp24.500"
    assert settlement_line(Settlement("PAID", 75_500, 2, False, None, 0, 0), False, "id") == ""
    owed = Settlement("INSTALLMENT", 50_000, 2, False, None, 0, 25_500)
    assert settlement_line(owed, True, "en") == "Still owed  Rp25.500"


async def test_the_payment_screen_says_exact_cash_before_confirming(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await wait_for(pilot, lambda: "Uang pas: tanpa kembalian" in screen_text(app))
        await type_text(pilot, str(app.sale.priced.total + 500))
        await wait_for(pilot, lambda: "Kembalian  Rp500" in screen_text(app))


# ------------------------------------------------------------------ 16.3 AWB on reprints


async def test_an_awb_added_in_orders_is_on_the_reprint_and_the_preview(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await confirm_and_wait(pilot, sandbox, 1)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.rows) and screen.rows[0].po_number)
        await pilot.press("f3")
        await type_text(pilot, "JP-LATER-42\r")
        await wait_for(pilot, lambda: screen.rows[0].awb == "JP-LATER-42", what="AWB saved")
        app.pos.receipts.last_print = None
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.last_print is not None, what="reprint")
        assert "JP-LATER-42" in app.last_print.preview
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptPreview))
        assert "JP-LATER-42" in app.screen.text
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        await app.run_action("command_palette")  # the palette's "preview last receipt" too
        await pilot.pause()
        await type_text(pilot, t("tui.key.preview_last", "id"))
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptPreview))
        assert "JP-LATER-42" in app.screen.text


# ------------------------------------------------------------------ 16.4 quit and the cart


async def test_ctrl_q_with_items_asks_first(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="question")
        assert "1 barang" in screen_text(app) and app.is_running
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert len(app.sale.cart.lines) == 1 and app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running, what="quit after yes")
    assert app.return_code == 0


async def test_an_empty_cart_quits_at_once(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, what="quit")


async def test_the_unfinished_cart_survives_a_dropped_session_per_terminal(make_app) -> None:
    first = make_app(outbox_worker=False)
    reseller_id = demo_data.CUSTOMER_ID_BY_CATEGORY["Y"]
    async with first.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        one, two = two_plain_variants(first)
        first.pos.counter.choose_customer(customer_named(first, reseller_id))
        await add_and_wait(pilot, one.sku, 1)
        await add_and_wait(pilot, "2*" + two.sku, 2)
        saved = first.services.saved_cart
        # On disk as it changes: a session that drops now loses nothing.
        await wait_for(pilot, lambda: (saved.load() or (None,))[0] == first.sale.cart)
        expected = [(line.variant.variant_id, line.qty) for line in first.sale.cart.lines]
        total = first.sale.priced.total
    again = make_app(outbox_worker=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        cart = again.sale.cart
        assert [(line.variant.variant_id, line.qty) for line in cart.lines] == expected
        assert cart.sender is not None and cart.sender.customer_id == reseller_id
        assert again.sale.priced.total == total
        await wait_for(pilot, lambda: "dikembalikan: 3 barang" in screen_text(again),
                       what="the restored cart is announced")
    other = make_app(outbox_worker=False, terminal_id="T2")
    async with other.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert other.sale.cart.lines == []  # another terminal's cart is its own
    finished = make_app(outbox_worker=False)
    async with finished.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f8", "y")  # the cashier abandons the sale: it is gone for good
        await wait_for(pilot, lambda: not finished.services.saved_cart.path.exists())
    last = make_app(outbox_worker=False)
    async with last.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert last.sale.cart.lines == []


# ------------------------------------------------------------------ 16.6 offline


async def test_offline_the_next_customer_does_not_wait(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.services.submit_wait = 60.0  # what the old wait would cost
        sandbox.state.sandbox.faults.down = True
        worker = app.services.outbox_worker
        worker.wake()
        await wait_for(pilot, lambda: worker.online is False, what="known to be offline")
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="next sale")
        assert app.sale.cart.lines == [] and app.last_sale.state == "queued"
        assert orders(sandbox) == []


# ------------------------------------------------------------------ 16.7 price on screen


async def test_a_dear_band_is_explained_on_screen_and_never_charged(make_app) -> None:
    app = make_app(outbox_worker=False, freshen_on_add=False)  # the band is this test's own
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        grosir = customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["2"])
        app.pos.counter.choose_customer(grosir)
        base = plain_variant(app)
        own = base.tier_prices["2"]
        dear = replace(base, wholesale=(WholesaleBand(3, None, own + 1_000),))
        app.sale_screen.add_variant(dear, 3)
        await pilot.pause()
        assert app.sale.priced.lines[0].unit_price == own
        why = content(app, "#why")
        assert "harga pelanggan yang berlaku" in why
        assert "Harga 2 untuk kategori Grosir" in why and "Harga Harga" not in why


# ------------------------------------------------------------------ reading at 80×24


async def test_the_highlighted_result_shows_its_whole_sku_and_name(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        long = max(variants(app), key=lambda v: len(v.display_name) + len(v.sku))
        await type_text(pilot, long.sku)
        screen = app.sale_screen
        await wait_for(pilot, lambda: screen.highlighted_result() == long, what="result")
        assert long.sku in screen_text(app)  # on one line, never cut
        detail = content(app, "#result-detail")
        assert long.sku in detail and long.display_name in detail


async def test_the_selected_lines_explanation_is_whole(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.pos.counter.choose_customer(customer_named(app, demo_data.CUSTOMER_ID_BY_CATEGORY["2"]))
        variant = plain_variant(app)
        await add_and_wait(pilot, variant.sku, 1)
        names = {code: c.name for code, c in app.services.ref.categories.items()}
        whole = t("tui.sale.why", "id", text=explain(app.sale.priced.lines[0], "id", names))
        lines = [line.strip() for line in screen_text(app).splitlines()]
        shown = " ".join(line.split("│")[0].strip() for line in lines)
        assert whole in shown  # wrapped on screen, nothing cut off
        assert "Harga 2 untuk kategori Grosir" in whole and "Harga Harga" not in whole
        assert variant.display_name in shown


async def test_the_change_stays_large_until_the_next_sales_first_key(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        total = app.sale.priced.total
        tendered = (total // 50_000 + 1) * 50_000
        await pay(pilot, str(tendered))
        await confirm_and_wait(pilot, sandbox, 1)
        await pilot.pause(3)  # longer than any toast: the change is still there
        assert "Kembalian" in screen_text(app)
        banner = app.sale_screen.change_banner
        assert banner.shown
        assert str(banner.query_one("#change-digits").value) == format_rupiah(tendered - total)
        await type_text(pilot, "k")
        assert not banner.shown and app.sale_screen.search_input.value == "k"


async def test_a_line_discount_reads_the_same_on_screen_and_on_paper(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        variant = plain_variant(app)
        await add_and_wait(pilot, "4*" + variant.sku, 1)
        await pilot.press("f7")
        await type_text(pilot, "10%\r")
        await wait_for(pilot, lambda: app.sale.priced.lines[0].line_discount > 0)
        line = app.sale.priced.lines[0]
        price = line.unit_price + line.product_discount  # before any discount
        off = format_rupiah(-(line.product_discount * line.line.qty + line.line_discount))
        text = screen_text(app)
        rows = [r for r in text.splitlines() if off in r.split("│")[0]]
        assert rows, "the discount is not in the cart"
        assert format_rupiah(price) in rows[0] and format_rupiah(line.total) in rows[0]
        totals = [r.split("│")[1] for r in text.splitlines() if "│" in r]
        assert any("Diskon" in r and off in r for r in totals)
        assert any("Subtotal" in r and format_rupiah(price * line.line.qty) in r for r in totals)
        await pay(pilot)
        await confirm_and_wait(pilot, sandbox, 1)
    paper = app.last_print.preview
    assert f"{line.line.qty} x {format_rupiah(price)}" in paper
    assert off in paper and format_rupiah(line.total) in paper


async def test_customer_picker_columns_and_words(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await type_text(pilot, "a")
        picker = app.screen
        await wait_for(pilot, lambda: bool(picker._results), what="customers")
        text = screen_text(app)
        for customer in picker._results[:5]:
            row = next(r for r in text.splitlines() if customer.phone and customer.phone in r)
            assert row[row.index(customer.phone) - 1] == " "  # never run into the name
        hint = picker.query_one("#customer-info", Static).content
        assert "Enter memilih" in str(hint) and "tambah" not in str(hint)
        await pilot.press("escape")
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        footer = screen_text(app).splitlines()[-2:]
        assert "Simpan" not in " ".join(footer) and "Ya" in " ".join(footer)


async def test_orders_show_how_each_order_was_paid(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await confirm_and_wait(pilot, sandbox, 1)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await pilot.press("f3", "f3")  # unpaid
        await confirm_and_wait(pilot, sandbox, 2)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        screen = app.screen
        await wait_for(
            pilot, lambda: len(screen.rows) == 2 and all(r.po_number for r in screen.rows)
        )
        text = screen_text(app)
        paid = {reference_in_note(o["note"]): o["payment"]["status"] for o in orders(sandbox)}
        assert sorted(paid.values()) == ["PAID", "UNPAID"]
        for row in screen.rows:
            line = next(r for r in text.splitlines() if f"PO {row.po_number}" in r)
            word = "Lunas" if paid[row.client_ref] == "PAID" else "Belum bayar"
            assert word in line and line.index(f"PO {row.po_number}") < line.index(word)


async def test_walk_in_shipping_goes_where_its_receipt_says(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippingScreen))
        walk_in = app.services.walk_in
        assert walk_in is not None and walk_in.district_name
        await wait_for(pilot, lambda: walk_in.district_name in screen_text(app))
        assert " ke ?" not in screen_text(app)


# ------------------------------------------------------------------ one language


@pytest.mark.parametrize(
    ("lang", "placeholder", "no_match", "close", "english"),
    [
        ("id", "Cari perintah…", "Tidak ada perintah", "Tutup menu", ("Search for", "Keys")),
        ("en", "Search for commands…", "No command for", "Close menu", ("Cari", "Kembali")),
    ],
)
async def test_palette_and_menus_speak_one_language(
    make_app, lang: str, placeholder: str, no_match: str, close: str, english: tuple[str, ...]
) -> None:
    app = make_app(lang, outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: placeholder in screen_text(app), what="placeholder")
        text = screen_text(app)
        assert not any(word in text for word in english)
        assert "Screenshot" not in text and "Theme" not in text
        await type_text(pilot, "zzqq")
        await wait_for(pilot, lambda: no_match in screen_text(app), what="no match, in words")
        assert "No matches found" not in screen_text(app)
        await pilot.press("escape")
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        app.screen.query_one("#pay-status").focus()
        await pilot.press("enter")  # opens the status menu
        await wait_for(pilot, lambda: close in screen_text(app), what="menu footer")
        assert "Dismiss" not in screen_text(app)
        await pilot.press("escape")


async def test_ctrl_c_says_how_to_quit_in_the_shops_language(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: "Tekan Ctrl+Q untuk keluar" in screen_text(app))
        assert "Press" not in screen_text(app)


# ------------------------------------------------------------------ issue 15.5


async def test_a_negative_quantity_is_refused_like_zero(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        sku = plain_variant(app).sku
        refused = t("tui.sale.bad_qty", "id", max=9_999)
        for typed in (f"-1*{sku}", f"0*{sku}"):
            await scan(pilot, typed)
            await wait_for(pilot, lambda: content(app, "#info") == refused, what=typed)
            assert app.sale.cart.lines == []
            app.sale_screen.set_info(Text(""))


async def test_a_stale_no_product_message_goes_when_the_text_changes(make_app) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "zzzz")
        gone = t("tui.sale.results_empty", "id", text="zzzz")
        await wait_for(pilot, lambda: gone in screen_text(app), what="no product")
        await send_keys(pilot, *["backspace"] * 4)
        await type_text(pilot, plain_variant(app).sku)
        screen = app.sale_screen
        await wait_for(pilot, lambda: bool(screen._results), what="results")
        assert gone not in screen_text(app) and content(app, "#info") == ""


async def test_a_zero_total_is_refused_before_confirming(make_app, sandbox) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pilot.press("f7")
        await type_text(pilot, "100%\r")
        await wait_for(pilot, lambda: app.sale.priced.total == 0)
        screen = await pay(pilot)
        refusal = t("domain.payment.total_zero", "id")
        await wait_for(pilot, lambda: "Total Rp0" in screen_text(app), what="said at once")
        await pilot.press("f9")
        await pilot.pause(0.3)
        assert app.screen is screen and screen.settlement is None
        assert refusal.split(":")[0] in screen_text(app)
    assert orders(sandbox) == []
    assert app.services.outbox.entries() == []
