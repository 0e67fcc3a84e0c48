"""A real shop's first minutes: the bare profile (only what the API doc's examples hold),
only a URL and a token, and the cashier's first walk-in cash sale at the keyboard."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from sspos.app.pos_state import PosState
from sspos.app.services import Services
from sspos.sandbox import SandboxConfig, bare_shop, create_app
from sspos.store.sync import full_sync
from sspos.tui.app import PosApp
from sspos.tui.screens.first_sale import CashAccountDialog, WalkInDialog
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.sale import SaleScreen

from .conftest import (
    FIXED_NOW,
    SEED,
    Recorder,
    client_factory,
    make_settings,
    ready,
    screen_text,
    type_text,
    wait_for,
)


@pytest.fixture
def bare() -> Recorder:
    return Recorder(create_app(SandboxConfig(shop="bare", clock=lambda: FIXED_NOW)))


async def synced(bare: Recorder, data_dir: Path) -> Path:
    """`data_dir` with the bare shop's catalog, as the POS's first start leaves it."""
    client = client_factory(bare)()
    try:
        await full_sync(client, data_dir)
    finally:
        await client.aclose()
    bare.calls.clear()
    return data_dir


@pytest.fixture
async def bare_dir(tmp_path: Path, bare: Recorder) -> Path:
    return await synced(bare, tmp_path / "pos")


def bare_app(
    bare: Recorder, data_dir: Path, lang: str = "id", *, outbox_worker: bool = True,
    **overrides: Any,
) -> PosApp:
    """The POS with nothing configured but the shop's URL and token (and a test printer)."""
    settings = make_settings(data_dir, lang, **overrides)
    factory = client_factory(bare, lang)
    services = Services(
        settings, client=factory(), data_dir=data_dir, clock=lambda: FIXED_NOW,
        sync_on_start=False, client_factory=factory, submit_wait=5.0,
        randbytes=random.Random(SEED).randbytes, run_outbox_worker=outbox_worker,
    )
    return PosApp(settings, services, poll_status=False, sync_every_s=0)


def record_screens(app: PosApp) -> list[str]:
    """The names of the screens pushed from now on (the one-time questions among them)."""
    pushed: list[str] = []
    original = app.push_screen

    def push(screen: Any, *args: Any, **kwargs: Any) -> Any:
        pushed.append(type(screen).__name__ if isinstance(screen, Screen) else str(screen))
        return original(screen, *args, **kwargs)

    app.push_screen = push  # type: ignore[method-assign]
    return pushed


def server_customers(bare: Recorder, name: str) -> list[dict[str, Any]]:
    state = bare.state.sandbox
    with state.lock:
        rows = state.db.execute("SELECT * FROM customers WHERE name = ?", (name,)).fetchall()
    return [dict(row) for row in rows]


def posts(bare: Recorder) -> list[str]:
    """The POSTs the server accepted, in order (`customer/create`, `order`)."""
    return [path.rsplit("/api/open/", 1)[1] for method, path, _body, status in bare.calls
            if method == "POST" and status == 200]


async def cash_sale(pilot: Any, tendered: str) -> None:
    """Scan the one product the bare shop has in stock, F9, type the cash, F9."""
    app: PosApp = pilot.app
    await type_text(pilot, bare_shop.SEPATU_MERAH_SKU + "\r")
    await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1, what="scanned")
    await pilot.press("f9")
    await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
    await type_text(pilot, tendered)
    await pilot.press("f9")


async def test_first_walk_in_cash_sale_with_two_one_time_questions(bare, bare_dir) -> None:
    app = bare_app(bare, bare_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        pushed = record_screens(app)
        await cash_sale(pilot, "10000")
        # 1: which account cash is booked to; the shop's accounts, Enter takes the first.
        await wait_for(pilot, lambda: isinstance(app.screen, CashAccountDialog), what="ask cash")
        text = screen_text(app)
        assert "BCA · 12345678 · Budi" in text and "BNIS" in text
        await pilot.press("enter")
        # 2: create "Pelanggan Umum" from the shop's own details; Enter accepts.
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="offer")
        text = screen_text(app)
        assert "Pelanggan Umum" in text and "08123445566" in text and "Cengkareng" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale done")
        assert app.last_sale.state == "submitted"
        assert isinstance(app.screen, SaleScreen) and app.sale.cart.lines == []
        assert pushed == ["PaymentScreen", "CashAccountDialog", "WalkInDialog"]

        # The second sale asks nothing, and shows where the cash goes.
        pushed.clear()
        first = app.last_sale
        await type_text(pilot, bare_shop.SEPATU_MERAH_SKU + "\r")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1, what="scanned again")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        assert "Tunai dibukukan ke: BCA · 12345678 · Budi" in screen_text(app)
        await type_text(pilot, "5000")
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.last_sale is not first, what="second sale")
        assert pushed == ["PaymentScreen"]

    walk_ins = server_customers(bare, "Pelanggan Umum")
    assert len(walk_ins) == 1
    created = walk_ins[0]
    assert (created["phone"], created["district_id"], created["address"], created["category_code"]
            ) == ("08123445566", bare_shop.SUPPLIER_DISTRICT_ID, "Indonesia", "N")
    orders = bare.created_orders()
    assert [o["customer_sender_id"] for o in orders] == [created["id"], created["id"]]
    assert [o["payment"]["bank_id"] for o in orders] == [bare_shop.BCA_BANK_ID] * 2
    assert posts(bare) == ["customer/create", "order", "order"]
    remembered = PosState.in_dir(bare_dir).load()
    assert (remembered.walk_in_customer_id, remembered.cash_bank_id) == (
        created["id"], bare_shop.BCA_BANK_ID)
    assert (bare_dir / "pos_state.json").stat().st_mode & 0o777 == 0o600


async def test_first_sale_with_the_network_down_reaches_the_server_in_order(
    bare, bare_dir
) -> None:
    app = bare_app(bare, bare_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.services.submit_wait = 0.5
        faults = bare.state.sandbox.faults
        faults.down = True
        await cash_sale(pilot, "10000")
        await wait_for(pilot, lambda: isinstance(app.screen, CashAccountDialog), what="ask cash")
        await pilot.press("down", "enter")  # the second account, BNIS
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="offer")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale taken")
        assert app.last_sale.state == "queued" and isinstance(app.screen, SaleScreen)
        outbox = app.services.outbox
        kinds = [(e.kind, e.state) for e in outbox.entries()]
        assert kinds == [("customer", "pending"), ("sale", "pending")]
        assert server_customers(bare, "Pelanggan Umum") == [] and bare.created_orders() == []

        faults.down = False
        app.services.outbox_worker.wake()
        await wait_for(pilot, lambda: len(bare.created_orders()) == 1, timeout=10,
                       what="customer then order sent")
        walk_ins = server_customers(bare, "Pelanggan Umum")
        assert len(walk_ins) == 1
        order = bare.created_orders()[0]
        assert order["customer_sender_id"] == walk_ins[0]["id"]
        assert order["payment"]["bank_id"] == bare_shop.BNIS_BANK_ID
        assert posts(bare) == ["customer/create", "order"]
        # The placeholder is replaced everywhere the terminal kept it.
        await wait_for(pilot, lambda: PosState.in_dir(bare_dir).load().walk_in_customer_id
                       == walk_ins[0]["id"], what="real id remembered")
        assert app.services.customers.get(walk_ins[0]["id"]) is not None

        # Back online, the next sale asks nothing and names the real customer.
        pushed = record_screens(app)
        first = app.last_sale
        app.services.submit_wait = 5.0
        await cash_sale(pilot, "5000")
        await wait_for(pilot, lambda: app.last_sale is not first, what="second sale")
        assert pushed == ["PaymentScreen"] and app.last_sale.state == "submitted"
    assert [o["customer_sender_id"] for o in bare.created_orders()] == [walk_ins[0]["id"]] * 2
    assert len(server_customers(bare, "Pelanggan Umum")) == 1
    assert json.loads((bare_dir / "pos_state.json").read_text())["cash_bank_id"] == (
        bare_shop.BNIS_BANK_ID)


def strip_shop_details(bare: Recorder) -> None:
    """A shop whose `GET shop` has no phone and whose supplier has no district (the code
    must cope with such a shop, so the test makes one)."""
    state = bare.state.sandbox
    shop = dict(bare_shop.SHOP, phone="", active_supplier=dict(bare_shop.SHOP["active_supplier"],
                                                                phone=""))
    supplier = dict(bare_shop.SUPPLIER, district_id=None)
    with state.lock, state.db:
        state.db.execute("UPDATE ref SET body = ? WHERE kind = 'shop'", (json.dumps(shop),))
        state.db.execute("UPDATE ref SET body = ? WHERE kind = 'supplier'",
                         (json.dumps(supplier),))


@pytest.fixture
async def lacking_dir(tmp_path: Path, bare: Recorder) -> Path:
    strip_shop_details(bare)
    return await synced(bare, tmp_path / "pos")


async def answer_with_a_district_the_server_lost(
    pilot: Any, bare: Recorder, phone: str, district: str
) -> None:
    """Give the walk-in offer a phone and a district the local region list knows but the
    server no longer does (a stale copy), so the server refuses it (422)."""
    dialog = pilot.app.screen
    await type_text(pilot, phone + "\r")
    with bare.state.sandbox.lock, bare.state.sandbox.db:
        bare.state.sandbox.db.execute("DELETE FROM regions WHERE subdistrict = ?", (district,))
    await type_text(pilot, district)
    picker = dialog.query_one("DistrictPicker")
    await wait_for(pilot, lambda: bool(picker.matches), what="regions")
    await pilot.press("enter")  # takes the region; Enter on the last field creates
    await wait_for(pilot, lambda: dialog._entry_id is not None, what="refused")


async def test_missing_phone_and_district_are_asked_and_a_refusal_is_shown_by_field(
    bare, lacking_dir
) -> None:
    app = bare_app(bare, lacking_dir, lang="en", cash_bank_id=bare_shop.BCA_BANK_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        pushed = record_screens(app)
        await cash_sale(pilot, "10000")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="offer")
        dialog = app.screen
        assert dialog.offer.missing == ("phone", "district")
        await answer_with_a_district_the_server_lost(pilot, bare, "0812-3456 7890", "Lowokwaru")
        picker = dialog.query_one("DistrictPicker")
        text = screen_text(app)
        assert "SmartSeller refused this customer" in text
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if "District " in line)
        assert "district id is invalid" in lines[at + 1]  # right under the field it names
        assert isinstance(app.screen, WalkInDialog) and len(app.sale.cart.lines) == 1
        picker_input = dialog.query_one("#wi-district")
        picker_input.value = ""
        picker_input.focus()
        await type_text(pilot, "Cengkareng")
        await wait_for(pilot, lambda: bool(picker.matches) and "Cengkareng" in
                       str(picker.matches[0].fullname), what="other region")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale done")
        assert pushed == ["PaymentScreen", "WalkInDialog"]
    walk_ins = server_customers(bare, "Pelanggan Umum")
    assert len(walk_ins) == 1 and walk_ins[0]["phone"] == "081234567890"
    assert walk_ins[0]["district_id"] == 2087
    entries = app.services.outbox.entries(kinds=["customer"])
    assert [e.state for e in entries] == ["submitted"]  # the refused one was corrected


async def test_declining_keeps_the_cart_and_asks_again_next_time(bare, bare_dir) -> None:
    app = bare_app(bare, bare_dir, cash_bank_id=bare_shop.BCA_BANK_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await cash_sale(pilot, "10000")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="offer")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen), what="back")
        await wait_for(pilot, lambda: "pilih pelanggan dulu (F3)" in screen_text(app),
                       what="what to do")
        assert len(app.sale.cart.lines) == 1 and bare.created_orders() == []
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="asked again")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale done")
    assert len(server_customers(bare, "Pelanggan Umum")) == 1


async def test_a_new_customer_made_at_the_counter_offline_is_created_before_its_order(
    bare, bare_dir
) -> None:
    from sspos.tui.screens.customer import CustomerScreen, NewCustomerForm

    app = bare_app(bare, bare_dir, cash_bank_id=bare_shop.BCA_BANK_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.services.submit_wait = 0.5
        bare.state.sandbox.faults.down = True
        await type_text(pilot, bare_shop.SEPATU_MERAH_SKU + "\r")
        await wait_for(pilot, lambda: len(app.sale.cart.lines) == 1, what="scanned")
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen), what="customers")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, NewCustomerForm), what="form")
        form = app.screen
        for text in ("Ibu Sari\r", "081298765432\r", "Lowokwaru"):
            await type_text(pilot, text)
        picker = form.query_one("DistrictPicker")
        await wait_for(pilot, lambda: bool(picker.matches), what="regions (local list)")
        for text in ("\r", "Jl. Mawar 1\r", "\r"):  # Enter on the postal code saves
            await type_text(pilot, text)
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="queued")
        sender = app.sale.cart.sender
        assert sender is not None and sender.name == "Ibu Sari" and sender.customer_id < 0
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale queued")
        assert app.last_sale.state == "queued"

        bare.state.sandbox.faults.down = False
        app.services.outbox_worker.wake()
        await wait_for(pilot, lambda: len(bare.created_orders()) == 1, timeout=10, what="sent")
    created = server_customers(bare, "Ibu Sari")
    assert len(created) == 1 and created[0]["phone"] == "081298765432"
    assert bare.created_orders()[0]["customer_sender_id"] == created[0]["id"]
    assert posts(bare) == ["customer/create", "order"]


async def test_giving_up_after_a_refusal_voids_the_creation_and_keeps_the_cart(
    bare, lacking_dir
) -> None:
    app = bare_app(bare, lacking_dir, cash_bank_id=bare_shop.BCA_BANK_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await cash_sale(pilot, "10000")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkInDialog), what="offer")
        await answer_with_a_district_the_server_lost(pilot, bare, "081234567890", "Tajinan")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PaymentScreen), what="back")
        outbox = app.services.outbox
        await wait_for(pilot, lambda: [e.state for e in outbox.entries(kinds=["customer"])]
                       == ["voided"], what="voided")
        assert len(app.sale.cart.lines) == 1 and bare.created_orders() == []
        assert "pilih pelanggan dulu (F3)" in screen_text(app)
