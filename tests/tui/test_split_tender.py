"""A sale paid in several tenders at the keyboard (80×24, both languages): F5 adds the
amount typed as a tender, F4 changes the method, F9 puts the rest on it; the sandbox ends
the order PAID through the outbox's quick payments."""

from __future__ import annotations

from typing import Any

import pytest

from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.sandbox import demo_data
from sspos.tui.screens.payment import PaymentScreen
from tests.app.test_split_tender import quick_payments

from .conftest import ready, screen_text, send_keys, type_text, wait_for
from .test_sales import add_and_wait, pay, plain_variant


async def to_method(pilot: Any, screen: PaymentScreen, bank_id: int) -> None:
    """F4 until the method is the account `bank_id`."""
    for _ in range(10):
        if screen.method() == str(bank_id):
            return
        await pilot.press("f4")
    raise AssertionError(f"method {bank_id} not reached with F4")


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_cash_then_the_rest_on_a_card_ends_the_order_paid(
    make_app, sandbox, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, "3*" + plain_variant(app, 3).sku, 1)
        total = app.sale.priced.total
        screen = await pay(pilot, "20000")
        await pilot.press("f5")
        await wait_for(pilot, lambda: len(screen.tenders) == 1, what="tender added")
        text = screen_text(app)
        rest = format_rupiah(total - 20_000)
        assert f"1. {t('tui.pay.cash', lang)} Rp20.000" in text
        assert t("tui.pay.rest", lang, amount=rest) in text  # what the next tender is
        assert t("tui.pay.add_tender", lang) in text  # F5 is in the footer
        await to_method(pilot, screen, demo_data.BCA_BANK_ID)
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale saved")
        await wait_for(pilot, lambda: len(quick_payments(sandbox)) == 1, what="quick payment")
        (created,) = sandbox.created_orders()
        assert created["payment"]["status"] == "INSTALLMENT"
        assert (created["payment"]["bank_id"], created["payment"]["amount"]) == (
            demo_data.CASH_BANK_ID, 20_000)
        (patch,) = quick_payments(sandbox)
        assert patch["payment"] == {"status": "PAID", "date": "2026-11-28",
                                    "bank_id": demo_data.BCA_BANK_ID,
                                    "amount": total - 20_000}
        (order,) = sandbox.state.sandbox.orders_created()
        assert order["payment_status"] == "PAID"
        await wait_for(pilot, lambda: app.last_print is not None, what="receipt printed")
        preview = app.last_print.preview
        assert "BCA" in preview and t("print.method_cash", lang) in preview


async def test_tenders_that_do_not_add_up_say_by_how_much(make_app, sandbox) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, "2*" + plain_variant(app, 2).sku, 1)
        total = app.sale.priced.total
        screen = await pay(pilot)
        await pilot.press("f5")  # nothing typed: nothing to add
        assert screen.tenders == []
        assert t("tui.pay.tender_needed", "en") in screen_text(app)
        await type_text(pilot, "0")
        await pilot.press("f5")  # nor a tender of nothing
        assert screen.tenders == []
        assert "must be more than Rp0" in screen_text(app)
        await send_keys(pilot, "backspace")
        await to_method(pilot, screen, demo_data.BCA_BANK_ID)
        await type_text(pilot, "10000")
        await pilot.press("f5")
        await to_method(pilot, screen, 848)
        await type_text(pilot, "5000")  # BCA 10.000 + Mandiri 5.000: short of the total
        await pilot.pause()
        short = format_rupiah(total - 15_000)
        assert screen.settlement is None and short in screen_text(app)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, PaymentScreen) and sandbox.created_orders() == []
        # F6 takes the BCA tender back: Mandiri alone, typed short, is still refused.
        await pilot.press("f6")
        assert screen.tenders == []
        assert format_rupiah(total - 5_000) in screen_text(app)
        # The whole total on the card: an ordinary payment, nothing follows.
        await send_keys(pilot, *["backspace"] * 4)
        await pilot.pause()
        assert screen.settlement is not None and not screen.settlement.is_split
        await pilot.press("f9")
        await wait_for(pilot, lambda: len(sandbox.created_orders()) == 1, what="order")
        (created,) = sandbox.created_orders()
        assert created["payment"]["status"] == "PAID"
        assert created["payment"]["amount"] == total
        await wait_for(pilot, lambda: app.last_print is not None, what="receipt printed")
        assert quick_payments(sandbox) == []
