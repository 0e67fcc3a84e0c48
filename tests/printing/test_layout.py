"""Receipt layout: golden texts per width and language, width/character guarantees,
the JSON round trip, and the builder fed by the real pricing and payment code."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sspos.domain.payment import Payment, settle
from sspos.domain.pricing import price_cart
from sspos.printing.receipt import (
    Receipt,
    ReceiptData,
    ReceiptItem,
    layout_receipt,
    receipt_data_from_sale,
    receipt_text,
    with_order_number,
)
from tests.printing.sales import (
    EVIL_NAME,
    EVIL_NAME_PRINTED,
    JAKARTA,
    RESELLER,
    SCENARIOS,
    UTC_SOLD_AT,
    WALK_IN,
    counter_cash,
    reseller_cart,
    shipping_installment,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SSPOS_UPDATE_GOLDEN") == "1"
WIDTHS = (32, 42, 48)


def check_fits(receipt: Receipt) -> None:
    for line in receipt.lines:
        limit = receipt.columns // 2 if line.size == "large" else receipt.columns
        if line.kind == "text":  # a QR line holds the payload, not printed text
            assert len(line.text) <= limit, (line, limit)
        assert all(0x20 <= ord(ch) < 0x7F for ch in line.text), line
    for text_line in receipt_text(receipt).splitlines():
        assert len(text_line) <= receipt.columns, text_line


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_golden_receipt(scenario: str, columns: int, lang: str) -> None:
    receipt = layout_receipt(SCENARIOS[scenario](lang), columns)
    text = receipt_text(receipt)
    path = GOLDEN / f"{scenario}-{columns}-{lang}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="ascii")
    assert path.exists(), f"missing golden {path.name}: run with SSPOS_UPDATE_GOLDEN=1 and review"
    assert text == path.read_text(encoding="ascii")
    check_fits(receipt)


@pytest.mark.parametrize("columns", WIDTHS)
def test_labels_follow_the_language(columns: int) -> None:
    id_text = receipt_text(layout_receipt(counter_cash("id"), columns))
    en_text = receipt_text(layout_receipt(counter_cash("en"), columns))
    assert "Kembalian" in id_text and "Rp100.000" in id_text and "LUNAS" in id_text
    assert "Change" in en_text and "Kembalian" not in en_text and "PAID" in en_text
    assert "Rp1.250.000" in id_text and "Rp1.500.000" in id_text
    installment = receipt_text(layout_receipt(shipping_installment("id"), columns))
    assert "Sisa tagihan" in installment and "Rp776.500" in installment
    assert "CICILAN" in installment and "JP1234567890123456789" in installment.replace("\n", "")


def test_long_word_is_broken_not_overflowing() -> None:
    word = "X" * 100
    data = replace(counter_cash(), items=(replace(counter_cash().items[0], name=word),))
    receipt = layout_receipt(data, 32)
    check_fits(receipt)
    body = [line.text for line in receipt.lines if set(line.text) == {"X"}]
    assert "".join(body) == word and len(body) == 4


def test_non_ascii_is_transliterated_and_controls_stripped() -> None:
    data = shipping_installment()
    evil = replace(data.items[0], name=EVIL_NAME, variant="Ünïcödé\tXL\n")
    text = receipt_text(layout_receipt(replace(data, items=(evil,)), 48))
    assert EVIL_NAME_PRINTED in text
    assert "Unicode XL" in text
    assert "Cafe Senor Muller (Reseller)" in text  # é ñ ü transliterated, emoji dropped
    assert all(ch == "\n" or 0x20 <= ord(ch) < 0x7F for ch in text)


def test_items_keep_every_figure() -> None:
    text = receipt_text(layout_receipt(shipping_installment("en"), 48))
    assert "12 x Rp110.000" in text and "Rp1.320.000" in text
    assert "Wholesale 10-49 pcs" in text and "Discount 10%" in text and "-Rp132.000" in text
    assert "Reseller price" in text and "Less Rp5.000 each" in text
    assert "Wholesale 3+ pcs" in text
    assert "Shipping J&T Express EZ" in text and "Rp18.000" in text
    assert "Diskon member" in text and "-Rp10.000" in text
    assert "(waiting to be sent to the server)" in text
    assert "[QR: T1-01JD3Z8K2M4N6P8Q0R2S4T6V8X]" in text
    assert "28/11/2026 14:05 WIB" in text


def test_qr_and_styles() -> None:
    receipt = layout_receipt(counter_cash(), 32)
    assert receipt.qr == "PO-2026-000123"
    styles = {line.style for line in receipt.lines}
    assert {"large+bold+center", "tall+bold", "qr", "normal"} <= styles
    total = next(line for line in receipt.lines if line.size == "tall")
    assert total.text.startswith("TOTAL") and total.text.endswith("Rp1.400.000")
    no_qr = layout_receipt(replace(counter_cash(), qr_payload=""), 32)
    assert no_qr.qr is None and "[QR" not in receipt_text(no_qr)


@pytest.mark.parametrize("columns", [10, 23, 81])
def test_unusable_width_is_refused(columns: int) -> None:
    with pytest.raises(ValueError, match="columns"):
        layout_receipt(counter_cash(), columns)


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, variant=names, shop=names, columns=st.integers(24, 80))
def test_any_text_fits_any_width(name: str, variant: str, shop: str, columns: int) -> None:
    base = shipping_installment()
    item = replace(base.items[0], name=name, variant=variant)
    data = replace(base, shop_name=shop, items=(item,), cashier=name, footer=variant)
    check_fits(layout_receipt(data, columns))


# ---------------------------------------------------------------- JSON round trip


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_json_round_trip(scenario: str) -> None:
    data = SCENARIOS[scenario]("en")
    stored = json.loads(json.dumps(data.to_dict()))
    again = ReceiptData.from_dict(stored)
    assert again == data
    assert receipt_text(layout_receipt(again, 42)) == receipt_text(layout_receipt(data, 42))
    assert again.issued_at.utcoffset() == data.issued_at.utcoffset()


def test_the_order_number_replaces_the_pending_reference_in_text_and_qr() -> None:
    pending = replace(counter_cash(), reference="T1-PENDING", reference_pending=True)
    pending = replace(pending, qr_payload="T1-PENDING")
    known = with_order_number(pending, "12001")
    assert (known.reference, known.reference_pending, known.qr_payload) == ("12001", False, "12001")
    # A QR set to something else (a shop URL, say) stays as it was.
    custom = replace(pending, qr_payload="https://toko.example/r")
    assert with_order_number(custom, "12001").qr_payload == "https://toko.example/r"
    # No PO number yet: nothing changes.
    assert with_order_number(pending, None) == pending


def test_from_dict_tolerates_new_keys_and_defaults_old_ones() -> None:
    stored = counter_cash().to_dict()
    stored["added_by_a_newer_version"] = 1
    stored["items"][0]["also_new"] = True
    del stored["awb"], stored["reprint"]
    data = ReceiptData.from_dict(stored)
    assert data.awb == "" and data.items[0].name == "Kaos Polos Hitam"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("total"), "total"),
        (lambda d: d.pop("issued_at"), "issued_at"),
        (lambda d: d.update(payment_status="LATER"), "payment_status"),
        (lambda d: d.update(items=["not an object"]), "ReceiptItem"),
        (lambda d: d["items"][0].pop("qty"), "qty"),
    ],
)
def test_from_dict_rejects_broken_data(mutate, message: str) -> None:
    stored = counter_cash().to_dict()
    mutate(stored)
    with pytest.raises(ValueError, match=message):
        ReceiptData.from_dict(stored)


# ---------------------------------------------------------------- builder via the domain


def test_builder_from_priced_sale_with_shipping() -> None:
    cart = reseller_cart(ship=True)
    priced = price_cart(cart, RESELLER)
    settlement = settle(Payment("INSTALLMENT", amount=500_000, bank_id=3), priced.total)
    data = receipt_data_from_sale(
        cart, priced, settlement, shop_name="Toko", reference="T1-REF", reference_pending=True,
        issued_at=UTC_SOLD_AT, tz=JAKARTA, cashier="Ani", payment_method="BCA", lang="en",
    )
    assert data.issued_at.hour == 14 and data.tz_name == "WIB"
    assert data.total == priced.total and data.subtotal == priced.subtotal
    assert data.shipping_cost == priced.shipping == 18_000 and data.courier == "JNE REG"
    assert data.remaining == priced.total - 500_000 and data.paid == 500_000
    assert data.customer is not None and data.customer.address == "Jl. Malioboro 1"
    assert data.customer.area == "Gedongtengen 55271" and data.receiver is None
    assert data.customer_category == "Reseller" and data.qr_payload == "T1-REF"
    kaos, kopi = data.items
    line_kaos, line_kopi = priced.lines
    assert (kaos.qty, kaos.unit_price, kaos.gross, kaos.total) == (
        12, line_kaos.unit_price, line_kaos.gross, line_kaos.total,
    )
    assert kaos.wholesale_from == 10 and kaos.wholesale_to == 49
    assert kaos.discount == line_kaos.line_discount > 0 and kaos.discount_percent == 10
    assert kopi.tier_name == "Reseller" and kopi.product_discount == line_kopi.product_discount
    assert sum(i.total for i in data.items) == data.subtotal
    assert [a.amount for a in data.adjustments] == [c.amount for c in priced.costs]
    text = receipt_text(layout_receipt(data, 32))
    assert "Ref: T1-REF" in text and "Balance due" in text
    assert "Kopi Senor" in text
    assert ReceiptData.from_dict(json.loads(json.dumps(data.to_dict()))) == data


def test_builder_counter_cash_pickup_and_dropship() -> None:
    cart = reseller_cart(ship=False)
    priced = price_cart(cart, RESELLER)
    settlement = settle(
        Payment("PAID", bank_id=1, is_cash=True, tendered=priced.total + 3_500), priced.total
    )
    data = receipt_data_from_sale(
        cart, priced, settlement, shop_name="Toko", reference="PO-1", issued_at=UTC_SOLD_AT,
        tz=JAKARTA,
    )
    assert data.courier == "" and data.shipping_cost == 0 and data.is_cash
    assert data.change == 3_500 and data.tendered == priced.total + 3_500
    assert data.customer is not None and data.customer.address == ""  # counter: no address
    text = receipt_text(layout_receipt(data, 48))
    assert "Ongkir" not in text and "Kembalian" in text and "Rp3.500" in text

    drop = reseller_cart(ship=True, dropship=True)
    priced = price_cart(drop, RESELLER)
    unpaid = settle(Payment("UNPAID"), priced.total)
    data = receipt_data_from_sale(
        drop, priced, unpaid, shop_name="Toko", reference="PO-2", issued_at=UTC_SOLD_AT
    )
    assert data.receiver is not None and data.receiver.name == "Siti"
    assert data.receiver.area == "Semarang Tengah 50132"
    assert data.customer is not None and data.customer.address == ""
    assert data.remaining == priced.total and data.paid == 0
    text = receipt_text(layout_receipt(data, 32))
    assert "Penerima: Siti" in text and "BELUM DIBAYAR" in text


def test_builder_walk_in_uses_normal_price_labels() -> None:
    cart = reseller_cart(ship=False)
    cart.sender = None
    priced = price_cart(cart, WALK_IN)
    settlement = settle(Payment("PAID", bank_id=1), priced.total)
    data = receipt_data_from_sale(
        cart, priced, settlement, shop_name="Toko", reference="PO-3", issued_at=UTC_SOLD_AT
    )
    assert data.customer is None and data.customer_category == ""
    assert all(item.tier_name == "" for item in data.items)


def test_builder_needs_an_aware_time() -> None:
    cart = reseller_cart()
    priced = price_cart(cart, RESELLER)
    settlement = settle(Payment("UNPAID"), priced.total)
    with pytest.raises(ValueError, match="timezone"):
        receipt_data_from_sale(
            cart, priced, settlement, shop_name="T", reference="R",
            issued_at=datetime(2026, 1, 1, 10, 0),
        )


def test_item_defaults_are_plain() -> None:
    item = ReceiptItem(name="A", variant="", qty=1, unit_price=1, gross=1, total=1)
    assert item.discount == 0 and item.wholesale_from is None


def test_a_discounted_item_prints_list_price_discounts_and_net() -> None:
    """`1 x Rp80.000 … Potongan Rp5.000/pcs` read as if the discount was still to come
    (issue 16): the item prints its price before discounts, each discount, and the net."""
    text = receipt_text(layout_receipt(shipping_installment("id"), 42))
    kopi = text[text.index("Kopi Arabika") : text.index("SuperKalifragilistik")].splitlines()
    assert [line.split()[0] for line in kopi[2:]] == ["1", "Harga", "Potongan", "Diskon", "Setelah"]
    assert kopi[2].endswith("Rp85.000") and "1 x Rp85.000" in kopi[2]
    assert kopi[4].endswith("-Rp5.000") and kopi[5].endswith("-Rp5.000")
    assert kopi[6].endswith("Rp75.000")
    # Totals: before item discounts, the item discounts, then the order's own adjustments.
    assert "Subtotal                       Rp1.408.000" in text
    assert "Diskon barang                   -Rp142.000" in text
    plain = receipt_text(layout_receipt(counter_cash("id"), 42))
    assert "Setelah diskon" not in plain and "Diskon barang" not in plain


def test_items_on_paper_add_up_like_the_priced_cart() -> None:
    cart = reseller_cart(ship=True)
    priced = price_cart(cart, RESELLER)
    settlement = settle(Payment("UNPAID"), priced.total)
    data = receipt_data_from_sale(
        cart, priced, settlement, shop_name="Toko", reference="R", issued_at=UTC_SOLD_AT
    )
    for item, line in zip(data.items, priced.lines, strict=True):
        assert item.price_before_discount == line.price_before_discount
        assert item.discount_total == line.discount_total
        assert item.price_before_discount * item.qty - item.discount_total == item.total
    assert sum(i.discount_total for i in data.items) == priced.item_discount_total > 0
    assert data.subtotal + priced.item_discount_total == priced.list_subtotal
