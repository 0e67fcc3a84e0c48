"""`sspos price`, `sspos parked` and `sspos order cancel` in-process, against a small demo
shop over a socket (synced first with `sspos sync`)."""

from __future__ import annotations

import asyncio
import io
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sspos.app.checkout import SaleOutcome
from sspos.app.pos import Pos
from sspos.app.services import Services
from sspos.cli import main
from sspos.config import load_settings
from sspos.domain.cart import Cart
from sspos.domain.catalog import Customer
from sspos.domain.money import format_rupiah
from sspos.domain.text import clean_text
from sspos.outbox.queue import Outbox
from sspos.runtime import client_factory
from sspos.sandbox import SandboxConfig, create_app, demo_data
from sspos.sandbox.server import serve_in_thread
from sspos.store.catalog import Catalog
from sspos.store.parked import ParkedSales
from tests.app.conftest import run_pos
from tests.app.test_checkout import Cashier, exact_cash, plain_variant


@pytest.fixture
def shop(monkeypatch, capsys) -> Iterator[object]:
    app = create_app(SandboxConfig(products=40, customers=40, token="shop-token"))
    with serve_in_thread(app) as url:
        monkeypatch.setenv("SSPOS_API_URL", url)
        monkeypatch.setenv("SSPOS_TOKEN", "shop-token")
        monkeypatch.setenv("SSPOS_LANG", "en")
        monkeypatch.setenv("SSPOS_TERMINAL_ID", "K1")
        assert main(["sync"]) == 0, capsys.readouterr()
        capsys.readouterr()
        yield app


def sspos(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def data_dir() -> Path:
    return Path(os.environ["SSPOS_DATA_DIR"])


def stocked_variant(shop):
    """A variant the server holds in more than one warehouse."""
    catalog = Catalog(data_dir())
    for offset in range(400):
        variant = catalog.get(demo_data.FIRST_VARIANT_ID + offset)
        if variant is not None and not variant.sku.startswith("STRESS") and sum(
                w["stock"] > 0 for w in shop.state.sandbox.warehouse_stock(variant.variant_id)
        ) >= 2:
            return variant
    raise AssertionError("no variant in two warehouses")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_price_shows_every_category_the_bands_and_the_stock_per_warehouse(
        shop, capsys, monkeypatch, lang) -> None:
    monkeypatch.setenv("SSPOS_LANG", lang)
    state = shop.state.sandbox
    warehouse = state.ref("warehouse")[0]
    state.db.execute("UPDATE ref SET body = ? WHERE kind = 'warehouse' AND id = ?",
                     (json.dumps({**warehouse, "warehouse": "Rak\x1b]0;pwned\x07 A"}),
                      str(warehouse["id"])))
    variant = stocked_variant(shop)
    code, out, err = sspos(capsys, "price", variant.sku)
    assert code == 0, err
    assert variant.sku in out and variant.display_name in out
    for code_ in demo_data.CATEGORIES:
        assert f"({code_})" in out
    assert format_rupiah(variant.price) in out
    held = state.warehouse_stock(variant.variant_id)
    assert "Rak A: " in out and "\x1b" not in out and "\x07" not in out
    for counted in held:
        assert f"{clean_text(counted['name'])}: {counted['stock']}" in out
    total = "Total stock" if lang == "en" else "Total stok"
    assert f"{total}: {state.variant_stock(variant.variant_id)}" in out


def test_price_in_plain_text_says_which_price_a_discount_replaces(shop, capsys) -> None:
    catalog = Catalog(data_dir())
    variant = next(v for offset in range(400)
                   if (v := catalog.get(demo_data.FIRST_VARIANT_ID + offset)) is not None
                   and v.discount > 0)
    code, out, _ = sspos(capsys, "price", variant.sku)
    (walk_in,) = [line for line in out.splitlines() if "(N)" in line]
    assert code == 0 and f"{format_rupiah(variant.price)} → " in walk_in


def test_price_when_the_server_fails_shows_the_stock_of_the_last_sync(shop, capsys) -> None:
    variant = stocked_variant(shop)
    shop.state.sandbox.faults.html_rate = 1.0  # answers nobody can read
    code, out, _ = sspos(capsys, "price", variant.sku)
    assert code == 0 and format_rupiah(variant.price) in out
    assert "Total stock" not in out and "Gudang" not in out
    said = " ".join(out.split())  # the sentence wraps at the terminal's width
    assert "The server's stock could not be read" in said
    assert f"Stock at the last sync: {variant.stock}" in said


def test_price_by_name_lists_several_and_says_when_none(shop, capsys) -> None:
    variant = stocked_variant(shop)
    first = variant.display_name[0]
    listed = Catalog(data_dir()).search(first, 8)
    code, _, err = sspos(capsys, "price", first)
    assert code == 1 and "Several products match" in err and len(listed) > 1
    for match in listed:
        assert match.sku in err
    code, _, err = sspos(capsys, "price", "zzqqxx")
    assert code == 1 and err.strip() == "sspos: No product matches “zzqqxx”."
    code, out, _ = sspos(capsys, "price", variant.display_name)
    assert code == 0 and variant.sku in out


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "The catalog was never synced on this terminal. Run first: sspos sync"),
    ("id", "Katalog belum pernah disinkron di terminal ini. Jalankan dulu: sspos sync"),
])
def test_price_before_any_sync_says_what_to_do(shop, capsys, monkeypatch, tmp_path, lang,
                                               said) -> None:
    monkeypatch.setenv("SSPOS_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.setenv("SSPOS_LANG", lang)
    code, out, err = sspos(capsys, "price", "LL-1")
    assert (code, out, err) == (1, "", f"sspos: {said}\n")


@pytest.mark.parametrize(("lang", "none", "items"), [
    ("en", "No parked sales.", "items"), ("id", "Tidak ada penjualan yang ditahan.", "barang"),
])
def test_parked_lists_this_terminal_s_sales_and_all_with_all(
        shop, capsys, monkeypatch, lang, none, items) -> None:
    monkeypatch.setenv("SSPOS_LANG", lang)
    assert sspos(capsys, "parked") == (0, f"{none}\n", "")
    variant = stocked_variant(shop)
    jakarta = ZoneInfo("Asia/Jakarta")

    def park(terminal: str, qty: int, customer: str | None, hour: int) -> None:
        cart = Cart()
        cart.add(variant, qty)
        if customer is not None:
            cart.sender = Customer(501, customer, "Y")
        ParkedSales(data_dir(), terminal).park(
            cart, None, variant.price * qty, datetime(2026, 11, 28, hour, 5, tzinfo=jakarta))

    park("K1", 2, None, 9)
    park("K1", 3, "Budi\x1b[2J\x1b]0;x\x07 Santoso", 10)
    park("K2", 1, "Sari", 11)
    code, out, err = sspos(capsys, "parked")
    walk_in = "Walk-in customer" if lang == "en" else "Pelanggan Umum"
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"28/11/2026 09:05  {walk_in}  2 {items}  {format_rupiah(variant.price * 2)}",
        f"28/11/2026 10:05  Budi Santoso  3 {items}  {format_rupiah(variant.price * 3)}",
    ]
    code, out, _ = sspos(capsys, "parked", "--all")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("K1  28/11/2026 09:05") and lines[2].startswith(
        "K2  28/11/2026 11:05  Sari  1 ")
    assert list(ParkedSales(data_dir(), "K1").list()) and "\x1b" not in out  # read only


def sell(*, sent: bool) -> SaleOutcome:
    """One cash sale at terminal K1 through the app layer, as the counter makes it:
    submitted to the server (`sent`), or left queued in the outbox."""

    async def run() -> SaleOutcome:
        settings = load_settings(None)
        factory = client_factory(settings, demo=False)
        services = Services(settings, client=factory(), data_dir=data_dir(),
                            sync_on_start=False, run_outbox_worker=sent,
                            client_factory=factory, submit_wait=30, freshen_on_add=False)
        async with run_pos(Pos(services)) as pos:
            pos.counter.add(plain_variant(pos), 1)
            outcome = await pos.checkout.confirm(pos.counter.sale, exact_cash(pos), Cashier())
        assert isinstance(outcome, SaleOutcome)
        assert outcome.state == ("submitted" if sent else "queued")
        return outcome

    return asyncio.run(run())


class Terminal(io.StringIO):
    """Standard input that is a terminal, with the cashier's answers in it."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Order {po} cancelled in SmartSeller."),
    ("id", "Pesanan {po} dibatalkan di SmartSeller."),
])
def test_order_cancel_by_po_number_cancels_on_the_server_and_in_the_shift(
        shop, capsys, monkeypatch, tmp_path, lang, said) -> None:
    monkeypatch.setenv("SSPOS_LANG", lang)
    paper = tmp_path / "printer.bin"
    monkeypatch.setenv("SSPOS_PRINTER", f"file:{paper}")
    assert sspos(capsys, "shift", "open", "--float", "0")[0] == 0
    outcome = sell(sent=True)
    po = outcome.po_number
    assert po is not None
    code, out, err = sspos(capsys, "order", "cancel", po, "--reason", "wrong item", "--yes",
                           "--print")
    assert code == 0, err
    assert said.format(po=po) in out
    slip = paper.read_bytes()
    assert b"wrong item" in slip and po.encode() in slip  # the void slip, on paper
    stored = shop.state.sandbox.order(outcome.order_id)
    assert stored["order_status"] == "CANCELED"
    code, out, _ = sspos(capsys, "shift", "x")
    assert code == 0 and "wrong item" in out
    code, _, err = sspos(capsys, "order", "cancel", po, "--reason", "again", "--yes")
    assert code == 1 and err.count("\n") == 1


@pytest.mark.parametrize(("lang", "asked", "kept", "yes", "said"), [
    ("en", "Reason: changed mind [y/N]", "Not cancelled.", "y",
     "Sale {ref} voided before it was sent."),
    ("id", "Alasan: changed mind [y/T]", "Tidak dibatalkan.", "ya",
     "Penjualan {ref} dibatalkan sebelum terkirim."),
])
def test_order_cancel_voids_a_queued_sale_after_the_cashier_confirms(
        shop, capsys, monkeypatch, lang, asked, kept, yes, said) -> None:
    monkeypatch.setenv("SSPOS_LANG", lang)
    assert sspos(capsys, "shift", "open", "--float", "0")[0] == 0
    outcome = sell(sent=False)
    ref = outcome.client_ref
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, _ = sspos(capsys, "order", "cancel", ref.lower(), "--reason", "changed mind")
    assert code == 1 and asked in out and kept in out
    monkeypatch.setattr("sys.stdin", Terminal(""))  # Ctrl+D
    code, out, err = sspos(capsys, "order", "cancel", ref, "--reason", "changed mind")
    assert (code, err) == (1, "") and out.endswith(f"{kept}\n")
    monkeypatch.setattr("sys.stdin", Terminal(f"{yes}\n"))
    code, out, err = sspos(capsys, "order", "cancel", ref, "--reason", "changed mind")
    assert code == 0, err
    assert said.format(ref=ref) in out
    entry = Outbox.in_dir(data_dir()).get(ref)
    assert entry is not None and entry.state == "voided"
    assert shop.state.sandbox.orders_created() == []
    code, out, _ = sspos(capsys, "shift", "x")
    assert code == 0 and "changed mind" in out


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Nobody can answer the confirmation here: add --yes to cancel."),
    ("id", "Tidak ada yang bisa menjawab konfirmasi di sini: tambahkan --yes untuk membatalkan."),
])
def test_order_cancel_without_yes_and_without_a_terminal_is_refused(
        shop, capsys, monkeypatch, lang, said) -> None:
    monkeypatch.setenv("SSPOS_LANG", lang)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert sspos(capsys, "order", "cancel", "123", "--reason", "x") == (2, "", f"sspos: {said}\n")


@pytest.mark.parametrize(("args", "said"), [
    (("order", "cancel", "999999", "--reason", "x", "--yes"),
     "sspos: No order 999999 today, on this terminal or on the server.\n"),
    (("order", "cancel", "999999", "--reason", "  ", "--yes"), "sspos: Give the reason.\n"),
])
def test_order_cancel_bad_input_is_one_line(shop, capsys, args, said) -> None:
    assert sspos(capsys, *args) == (1, "", said)


def test_order_cancel_without_the_server_s_orders_says_po_numbers_cannot_be_looked_up(
        shop, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SSPOS_TOKEN", "revoked")  # refused at once, no retries
    code, out, err = sspos(capsys, "order", "cancel", "999999", "--reason", "x", "--yes")
    assert (code, out) == (1, "")
    assert err == ("sspos: No sale 999999 in today's queue, and the server's orders could not"
                   " be read: PO numbers cannot be looked up now.\n")
