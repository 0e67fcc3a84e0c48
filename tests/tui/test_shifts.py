"""The drawer in the TUI, through the pilot at 80×24: the open-shift prompt at start, X
report, cash in/out and close from Ctrl+P, cancel from Orders (F10 → F8)."""

from __future__ import annotations

import asyncio

import pytest

from sspos.tui.screens.dialogs import ConfirmDialog, TextPrompt
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shift import AmountDialog, ShiftReportScreen

from .conftest import ready, screen_text, type_text, wait_for
from .test_palette_reach import run_from_palette
from .test_sales import add_and_wait, confirm_and_wait, pay, plain_variant


async def answer(pilot, *fields: str) -> None:
    """Type into the amount dialog's fields, Enter after each."""
    for text in fields:
        await type_text(pilot, text)
        await pilot.press("enter")
        await pilot.pause()


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_a_shift_from_the_prompt_at_start_to_the_z_report(make_app, lang) -> None:
    app = make_app(lang, shift_prompt=True)
    shifts = app.pos.shifts
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog), what="prompt")
        text = screen_text(app)
        assert ("Belum ada shift terbuka" if lang == "id" else "No shift is open") in text
        await answer(pilot, "abc")
        error = "Jumlah tidak terbaca" if lang == "id" else "Unreadable amount"
        await wait_for(pilot, lambda: error in screen_text(app), what="amount refused")
        app.screen.query_one("#amount").value = ""  # the field kept what was typed
        await answer(pilot, "200rb")
        await wait_for(pilot, lambda: shifts.current() is not None, what="shift opened")
        assert isinstance(app.screen, SaleScreen)
        assert shifts.require_open().opening_float == 200_000

        await run_from_palette(pilot, "Kas masuk" if lang == "id" else "Cash in")
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog))
        await answer(pilot, "50.000", "uang kecil")
        await wait_for(pilot, lambda: shifts.report().paid_in == 50_000, what="paid in")

        await run_from_palette(pilot, "Kas keluar" if lang == "id" else "Cash out")
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog))
        await answer(pilot, "300000", "setor bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="over drawer")
        assert "250.000" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert shifts.report().paid_out == 0
        await run_from_palette(pilot, "Kas keluar" if lang == "id" else "Cash out")
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog))
        await answer(pilot, "30000", "galon")
        await wait_for(pilot, lambda: shifts.report().paid_out == 30_000, what="paid out")
        outbox = app.services.outbox
        await wait_for(pilot, lambda: len(outbox.entries(["submitted"], kinds=["expense"])) == 1,
                       what="expense sent")

        await run_from_palette(pilot, "Laporan X" if lang == "id" else "X report")
        await wait_for(pilot, lambda: isinstance(app.screen, ShiftReportScreen))
        text = screen_text(app)
        assert ("LAPORAN X" if lang == "id" else "X REPORT") in text
        assert "220.000" in text  # 200.000 + 50.000 - 30.000
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))

        await run_from_palette(pilot, "Tutup shift" if lang == "id" else "Close shift")
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog))
        assert "220.000" in screen_text(app)  # what the drawer should hold
        await answer(pilot, "219000")
        await wait_for(pilot, lambda: isinstance(app.screen, ShiftReportScreen), timeout=10)
        text = screen_text(app)
        assert ("LAPORAN Z" if lang == "id" else "Z REPORT") in text
        assert "219.000" in text and "-1.000" in text  # counted, one thousand short
        assert shifts.current() is None


async def test_esc_at_the_prompt_leaves_the_counter_selling(make_app, sandbox) -> None:
    app = make_app("en", shift_prompt=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, AmountDialog), what="prompt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await confirm_and_wait(pilot, sandbox, 1)  # the sale goes through, no shift or not
        await wait_for(pilot, lambda: "no shift is open" in screen_text(app), what="reminder")
        assert app.pos.shifts.current() is None
        await run_from_palette(pilot, "X report")
        await wait_for(pilot, lambda: "No shift is open" in screen_text(app), what="notice")


async def test_a_sale_is_cancelled_from_orders_with_a_reason(make_app, sandbox) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await asyncio.to_thread(app.pos.shifts.open, 0)
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await confirm_and_wait(pilot, sandbox, 1)
        outcome = app.last_sale
        assert outcome is not None and outcome.order_id is not None
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        orders = app.screen
        await wait_for(pilot, lambda: any(r.client_ref == outcome.client_ref
                                          for r in orders.rows), what="row")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await type_text(pilot, "wrong size")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "wrong size" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: sandbox.state.sandbox.order(outcome.order_id)
                       ["order_status"] == "CANCELED", timeout=10, what="cancelled")
        await wait_for(pilot, lambda: app.pos.shifts.report().cancellations != (),
                       what="in the shift")
        (cancel,) = app.pos.shifts.report().cancellations
        assert cancel.reason == "wrong size" and cancel.po_number == outcome.po_number
