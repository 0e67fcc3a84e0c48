"""The create-order payload, the client reference and the checks before sending."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sspos.api.models.order import CreateOrderRequest
from sspos.domain.cart import MAX_LINE_QTY, Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory
from sspos.domain.errors import DomainError
from sspos.domain.order import (
    LaterPayment,
    compose_create_order,
    later_payments,
    new_client_reference,
    note_with_reference,
    order_payment,
    reference_in_note,
    validate_sale,
)
from sspos.domain.payment import Payment, Settlement, Tender, settle, settle_split
from sspos.domain.pricing import price_cart
from sspos.i18n import t
from tests.domain.factories import BANDS, RESELLER, WALK_IN, N, customer, variant

REF = "T1-01JD3ZP1Y2X3W4V5T6S7R8Q9PA"

# The request example of "Create Order" in smartseller-open-api.txt, as the doc prints it.
DOC_EXAMPLE = json.loads(
    """
{
  "order_date": "2020-10-26",
  "customer_sender_id": 23101433,
  "customer_receiver_id": 23101441,
  "supplier_id": 17118,
  "order_source_id": null,
  "is_print": false,
  "products": [
    {"id": 7978133, "qty": 1, "product_status": "S", "warehouse_id": 26}
  ],
  "expedition": {"id": 349, "rate": 23000, "name": "SAP", "auto_pickup": false},
  "payment": {"status": "UNPAID", "date": "2020-10-26", "bank_id": 847},
  "order_cost": [
    {"name": "Ini Untuk biaya jurnal", "category": "OTHER COST", "type": "NOMINAL", "nominal": 1200},
    {"name": "Diskon persen", "category": "DISCOUNT", "type": "PERCENTAGE", "percentage": 2},
    {"name": "Geni Biru", "category": "DISCOUNT", "type": "NOMINAL", "nominal": 3000},
    {"name": "Pecah Belah", "category": "INSURANCE", "type": "NOMINAL", "nominal": 2000}
  ],
  "source": "MOBILE"
}
"""
)


def sale(
    *, payment: Payment | None = None, cart: Cart | None = None, category: CustomerCategory = N
) -> tuple[Cart, object, Settlement]:
    if cart is None:
        cart = Cart(sender=WALK_IN)
        cart.add(variant(), 2)
    priced = price_cart(cart, category)
    settlement = settle(
        payment or Payment("PAID", bank_id=3, is_cash=True, tendered=priced.total), priced.total
    )
    return cart, priced, settlement


def compose(cart: Cart, priced, settlement: Settlement, **kw) -> dict:
    kw.setdefault("supplier_id", 17118)
    kw.setdefault("order_date", date(2026, 11, 28))
    kw.setdefault("client_ref", REF)
    return compose_create_order(cart, priced, settlement, **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ the doc's example


def test_doc_create_order_example_reproduced_field_for_field() -> None:
    cart = Cart(
        sender=Customer(23101433, "Pengirim"),
        receiver=Customer(23101441, "Penerima"),
        shipping=Shipping(349, "SAP", rate=23_000),
        costs=[
            OrderCost("Ini Untuk biaya jurnal", "OTHER COST", "NOMINAL", 1_200),
            OrderCost("Diskon persen", "DISCOUNT", "PERCENTAGE", 2),
            OrderCost("Geni Biru", "DISCOUNT", "NOMINAL", 3_000),
            OrderCost("Pecah Belah", "INSURANCE", "NOMINAL", 2_000),
        ],
    )
    cart.add(variant(7978133, 555), 1, warehouse_id=26)
    priced = price_cart(cart, N)
    settlement = settle(Payment("UNPAID", bank_id=847), priced.total)
    body = compose_create_order(
        cart,
        priced,
        settlement,
        supplier_id=17118,
        order_date=date(2020, 10, 26),
        client_ref=REF,
        source="MOBILE",
    )
    note = body.pop("note")
    assert body == DOC_EXAMPLE
    assert list(body) == list(DOC_EXAMPLE)  # same key order as the doc, for readable logs
    assert note == f"[POS:{REF}]"
    assert json.loads(json.dumps(body)) == body
    # 50,000 - 2% (1,000) - 3,000 + 1,200 + 2,000 + 23,000
    assert priced.total == 72_200


def test_doc_example_validates_against_the_client_request_model() -> None:
    assert CreateOrderRequest.model_validate(DOC_EXAMPLE).to_wire() == DOC_EXAMPLE


# ------------------------------------------------------------------ payload rules


def test_counter_sale_is_pickup_at_shop_rate_zero_paid() -> None:
    cart, priced, settlement = sale()
    body = compose(cart, priced, settlement)
    assert body["expedition"] == {
        "id": 98,
        "rate": 0,
        "name": "Ambil di Toko",
        "auto_pickup": False,
    }
    assert body["payment"] == {
        "status": "PAID",
        "date": "2026-11-28",
        "bank_id": 3,
        "amount": 100_000,
    }
    assert body["customer_sender_id"] == body["customer_receiver_id"] == WALK_IN.customer_id
    assert body["products"] == [{"id": 101, "qty": 2, "product_status": "S"}]
    assert "order_cost" not in body and "awb_number" not in body
    assert body["source"] == "WEB" and body["is_print"] is False
    assert CreateOrderRequest.model_validate(body).to_wire() == body


def test_installment_payload_carries_amount_paid_now_and_payment_date() -> None:
    cart, priced, settlement = sale(payment=Payment("INSTALLMENT", amount=40_000, bank_id=9))
    body = compose(cart, priced, settlement, payment_date=date(2026, 11, 29))
    assert body["payment"] == {
        "status": "INSTALLMENT",
        "date": "2026-11-29",
        "bank_id": 9,
        "amount": 40_000,
    }
    assert body["order_date"] == "2026-11-28"


def test_dropship_sends_different_sender_and_receiver_with_shipping() -> None:
    cart = Cart(
        sender=customer(5, "D"),
        receiver=customer(6, "N"),
        shipping=Shipping(12, "JNE", 18_000, "REG"),
    )
    cart.add(variant(), 1)
    cart, priced, settlement = sale(cart=cart, category=CustomerCategory("D", "Dropshipper"))
    body = compose(cart, priced, settlement)
    assert (body["customer_sender_id"], body["customer_receiver_id"]) == (5, 6)
    assert body["expedition"] == {"id": 12, "rate": 18_000, "name": "JNE", "auto_pickup": False}
    assert body["payment"]["amount"] == 45_000 + 18_000


def test_line_discounts_warehouse_source_and_awb_in_payload() -> None:
    cart = Cart(sender=WALK_IN, order_source_id=4, note="bungkus kado")
    cart.add(variant(101), 2, warehouse_id=0)
    cart.add(variant(102), 1)
    cart.set_discount(101, LineDiscount("PERCENTAGE", 10))
    cart.set_discount(102, LineDiscount("NOMINAL", 5_000))
    cart, priced, settlement = sale(cart=cart)
    body = compose(cart, priced, settlement, awb_number=" AWB123 ", is_print=True, source="MOBILE")
    assert body["products"] == [
        {
            "id": 101,
            "qty": 2,
            "product_status": "S",
            "warehouse_id": 0,
            "type": "PERCENTAGE",
            "percentage": 10,
        },
        {"id": 102, "qty": 1, "product_status": "S", "type": "NOMINAL", "nominal": 5_000},
    ]
    assert body["order_source_id"] == 4
    assert body["awb_number"] == "AWB123"
    assert body["note"] == f"bungkus kado [POS:{REF}]"
    assert (body["is_print"], body["source"]) == (True, "MOBILE")
    assert CreateOrderRequest.model_validate(body).to_wire() == body


def test_cost_of_goods_sales_when_a_line_is_reseller_stock() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(101, status="R", cost_price=30_000), 2)
    cart.add(variant(102, status="R", cost_price=12_500), 1)
    cart.add(variant(103, status="S", cost_price=99_000), 1)  # own stock: nothing owed
    body = compose(*sale(cart=cart))
    assert body["payment"]["cost_of_goods_sales"] == 72_500
    assert CreateOrderRequest.model_validate(body).to_wire() == body


def test_no_cost_of_goods_sales_without_reseller_stock() -> None:
    assert "cost_of_goods_sales" not in compose(*sale())["payment"]


def test_preorder_spelled_with_zero_is_sent_as_letter_o() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(status="P0"), 1)
    assert compose(*sale(cart=cart))["products"][0]["product_status"] == "PO"


def test_note_control_bytes_are_not_sent() -> None:
    cart = Cart(sender=WALK_IN, note="a\x1b[31mb\x00c\nd")
    cart.add(variant(), 1)
    note = compose(*sale(cart=cart))["note"]
    assert "\x1b" not in note and "\x00" not in note
    assert reference_in_note(note) == REF


# ------------------------------------------------------------------ validation


def refusal(cart: Cart, **kw) -> DomainError:
    with pytest.raises(DomainError) as err:
        compose(*sale(cart=cart, **kw))
    msg = err.value
    assert t(msg.key, "en", **msg.params) != msg.key  # translated
    assert "{" not in t(msg.key, "id", **msg.params)
    return msg


def test_empty_cart_refused() -> None:
    # `settle` already refuses its Rp0 total; the composer refuses it on its own too.
    cart = Cart(sender=WALK_IN)
    unpaid = Settlement("UNPAID", 0, None, False, None, 0, 0)
    with pytest.raises(DomainError) as err:
        compose(cart, price_cart(cart, N), unpaid)
    assert (err.value.key, err.value.field) == ("domain.sale.empty_cart", "products")


@pytest.mark.parametrize("qty", [0, -1, MAX_LINE_QTY + 1])
def test_quantity_out_of_range_refused(qty: int) -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(201), 2)  # the order still has something to pay at qty -1
    cart.add(variant(202), 1)
    cart.set_qty(202, qty)
    err = refusal(cart, payment=Payment("UNPAID"))
    assert (err.key, err.field) == ("domain.sale.qty_range", "products.1.qty")


def test_max_quantity_accepted() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(), MAX_LINE_QTY)
    assert compose(*sale(cart=cart))["products"][0]["qty"] == MAX_LINE_QTY


def test_missing_customer_refused() -> None:
    cart = Cart()
    cart.add(variant(), 1)
    err = refusal(cart)
    assert (err.key, err.field) == ("domain.sale.customer_missing", "customer_sender_id")


def test_missing_bank_refused_even_for_a_hand_made_settlement() -> None:
    cart, priced, _ = sale()
    settlement = Settlement("PAID", priced.total, None, True, None, 0, 0)
    with pytest.raises(DomainError) as err:
        compose(cart, priced, settlement)
    assert (err.value.key, err.value.field) == ("domain.payment.bank_required", "payment.bank_id")


def test_line_discount_above_line_amount_refused() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(), 2)
    cart.add(variant(102), 1)  # the order still has something to pay
    cart.set_discount(101, LineDiscount("NOMINAL", 100_001))
    err = refusal(cart)
    assert (err.key, err.field) == ("domain.sale.discount_above_line", "products.0.nominal")


def test_line_discount_equal_to_line_amount_accepted() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(), 2)
    cart.add(variant(102), 1)  # the order still has something to pay
    cart.set_discount(101, LineDiscount("NOMINAL", 100_000))
    body = compose(*sale(cart=cart, payment=Payment("UNPAID")))
    assert body["products"][0]["nominal"] == 100_000


def test_line_percentage_above_100_refused() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(), 1)
    cart.add(variant(102), 1)  # the order still has something to pay
    cart.set_discount(101, LineDiscount("PERCENTAGE", 101))
    err = refusal(cart, payment=Payment("UNPAID"))
    assert (err.key, err.field) == ("domain.sale.percentage_range", "products.0.percentage")


def test_order_cost_percentage_above_100_refused() -> None:
    cart = Cart(
        sender=WALK_IN,
        costs=[
            OrderCost("Diskon", "DISCOUNT", "PERCENTAGE", 120),
            OrderCost("Bungkus", "OTHER COST", "NOMINAL", 20_000),  # a total above Rp0
        ],
    )
    cart.add(variant(), 1)
    err = refusal(cart, payment=Payment("UNPAID"))
    assert (err.key, err.field) == ("domain.sale.percentage_range", "order_cost.0.percentage")


def test_order_cost_needs_a_name_and_a_non_negative_nominal() -> None:
    cart = Cart(sender=WALK_IN, costs=[OrderCost(" ", "OTHER COST", "NOMINAL", 1)])
    cart.add(variant(), 1)
    assert refusal(cart, payment=Payment("UNPAID")).field == "order_cost.0.name"
    cart.costs = [OrderCost("x", "OTHER COST", "NOMINAL", -1)]
    assert refusal(cart, payment=Payment("UNPAID")).field == "order_cost.0.nominal"


@pytest.mark.parametrize("shipping", [None, Shipping(0, "JNE", 10_000), Shipping(12, " ", 10_000)])
def test_shipping_missing_for_non_pickup_refused(shipping: Shipping | None) -> None:
    cart = Cart(sender=WALK_IN, shipping=shipping)
    cart.add(variant(), 1)
    err = refusal(cart, payment=Payment("UNPAID"))
    assert (err.key, err.field) == ("domain.sale.shipping_missing", "expedition")


def test_negative_shipping_rate_refused() -> None:
    cart = Cart(sender=WALK_IN, shipping=Shipping(12, "JNE", -1))
    cart.add(variant(), 1)
    assert refusal(cart, payment=Payment("UNPAID")).field == "expedition.rate"


def test_cart_changed_after_pricing_refused() -> None:
    cart, priced, settlement = sale()
    cart.set_qty(101, 3)
    with pytest.raises(DomainError) as err:
        compose(cart, priced, settlement)
    assert err.value.key == "domain.sale.stale_price"
    cart.set_qty(101, 2)
    cart.set_discount(101, LineDiscount("NOMINAL", 1))
    with pytest.raises(DomainError, match="stale_price"):
        compose(cart, priced, settlement)
    cart.set_discount(101, None)
    cart.add(variant(999), 1)
    with pytest.raises(DomainError, match="stale_price"):
        compose(cart, priced, settlement)


def test_priced_for_another_category_refused() -> None:
    cart = Cart(sender=customer(5, "Y"))
    cart.add(variant(wholesale=BANDS), 3)
    with pytest.raises(DomainError) as err:
        compose(*sale(cart=cart, category=N))
    assert (err.value.key, err.value.field) == (
        "domain.sale.category_mismatch",
        "customer_sender_id",
    )
    assert compose(*sale(cart=cart, category=RESELLER))["payment"]["amount"] == 3 * 42_000


def test_settlement_for_another_total_refused() -> None:
    cart, priced, _ = sale()
    stale = settle(Payment("PAID", bank_id=3), priced.total - 1)
    with pytest.raises(DomainError) as err:
        compose(cart, priced, stale)
    assert (err.value.key, err.value.field) == ("domain.sale.payment_mismatch", "payment.amount")


def test_supplier_required() -> None:
    with pytest.raises(DomainError, match="supplier_missing"):
        compose(*sale(), supplier_id=0)


def test_validate_sale_accepts_a_good_sale() -> None:
    validate_sale(*sale())  # type: ignore[arg-type]


# ------------------------------------------------------------------ client reference


def fixed_random(byte: int):
    return lambda n: bytes([byte]) * n


def test_reference_shape_and_determinism_with_injected_randomness() -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    ref = new_client_reference("T1", now, randbytes=fixed_random(0))
    assert ref == new_client_reference("T1", now, randbytes=fixed_random(0))
    terminal, _, ulid = ref.partition("-")
    assert terminal == "T1" and len(ulid) == 26
    assert ulid.endswith("0" * 16)
    assert set(ulid) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert new_client_reference("T1", now, randbytes=fixed_random(255)).endswith("Z" * 16)


def test_reference_encodes_milliseconds_like_ulid() -> None:
    epoch_plus_one = datetime(1970, 1, 1, 0, 0, 0, 1000, tzinfo=UTC)
    assert (
        new_client_reference("T", epoch_plus_one, randbytes=fixed_random(0))
        == "T-" + "0" * 9 + "1" + "0" * 16
    )


def test_references_sort_by_time() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    refs = [
        new_client_reference(
            "T1", start + timedelta(milliseconds=ms), randbytes=fixed_random(255 - i)
        )
        for i, ms in enumerate([0, 1, 999, 1000, 86_400_000, 10**10])
    ]
    assert refs == sorted(refs)


def test_reference_time_zone_does_not_matter_and_naive_is_utc() -> None:
    utc = datetime(2026, 11, 28, 5, 0, tzinfo=UTC)
    jakarta = utc.astimezone(timezone(timedelta(hours=7)))
    refs = {
        new_client_reference("T1", when, randbytes=fixed_random(1))
        for when in (utc, jakarta, utc.replace(tzinfo=None))
    }
    assert len(refs) == 1


def test_references_differ_with_real_randomness() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    assert len({new_client_reference("T1", now) for _ in range(50)}) == 50


def test_terminal_id_is_made_safe_for_the_tag() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    ref = new_client_reference(" kasir 2]\n", now, randbytes=fixed_random(0))
    assert ref.startswith("kasir_2-")
    assert reference_in_note(note_with_reference("x", ref)) == ref
    assert new_client_reference("", now).startswith("T-")


def test_note_with_reference() -> None:
    assert note_with_reference("", REF) == f"[POS:{REF}]"
    assert note_with_reference("  titip di satpam ", REF) == f"titip di satpam [POS:{REF}]"
    retagged = note_with_reference("titip [POS:OLD-1] di satpam", REF)
    assert retagged == f"titip di satpam [POS:{REF}]"
    with pytest.raises(DomainError, match="reference.invalid"):
        note_with_reference("x", "bad ref]")


@pytest.mark.parametrize(
    "edited",
    [
        "{tagged}",
        "Sudah dibayar {tagged} - dikirim besok",
        "{tagged}\nrevisi alamat",
        "catatan lama\n\n{tagged}",
        "[pos:{ref}] diubah admin",
        "[ POS : {ref} ]",
        "[POS:X-1] {tagged}",
    ],
)
def test_reference_survives_edits_around_it(edited: str) -> None:
    note = edited.format(tagged=note_with_reference("halo", REF), ref=REF)
    assert reference_in_note(note) == REF


@pytest.mark.parametrize(
    "note", [None, "", "tanpa tag", "[POS:]", "POS:" + REF, "[POS " + REF + "]"]
)
def test_no_reference_in_untagged_notes(note: str | None) -> None:
    assert reference_in_note(note) is None


@pytest.mark.parametrize("awb", [None, "", "  ", "\x00\x1b"])
def test_blank_awb_is_left_out(awb: str | None) -> None:
    assert "awb_number" not in compose(*sale(), awb_number=awb)


def test_order_date_must_be_a_day_not_a_datetime() -> None:
    with pytest.raises(TypeError, match="order_date"):
        compose(*sale(), order_date=datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    with pytest.raises(TypeError, match="payment_date"):
        compose(*sale(), payment_date=datetime(2026, 11, 28, 23, 30))


def test_order_cost_names_are_sent_trimmed_without_control_bytes() -> None:
    cart = Cart(
        sender=WALK_IN, costs=[OrderCost(" Bungkus\x1b kado ", "OTHER COST", "NOMINAL", 2_000)]
    )
    cart.add(variant(), 1)
    body = compose(*sale(cart=cart))
    assert body["order_cost"] == [
        {"name": "Bungkus  kado", "category": "OTHER COST", "type": "NOMINAL", "nominal": 2_000}
    ]
    assert body["payment"]["amount"] == 52_000


# ---------------------------------------------------------------- split tender


def split_sale(cart: Cart | None = None) -> tuple[Cart, object, Settlement]:
    cart, priced, _ = sale(cart=cart)
    total = priced.total  # type: ignore[attr-defined]
    settlement = settle_split(
        [Tender(30_000, 3, True), Tender(total - 20_000, 846), Tender(5_000, 847)], total)
    return cart, priced, settlement


def test_a_split_sale_is_created_as_an_installment_of_its_first_tender() -> None:
    cart, priced, settlement = split_sale()
    body = compose(cart, priced, settlement)
    # cash 30.000 handed, 15.000 of it change: the order books the 15.000 the cash paid.
    assert body["payment"] == {"status": "INSTALLMENT", "date": "2026-11-28", "bank_id": 3,
                               "amount": 15_000}
    CreateOrderRequest.model_validate(body)
    assert later_payments(cart, settlement) == (
        LaterPayment(priced.total - 20_000, 846, "INSTALLMENT", None),  # type: ignore[attr-defined]
        LaterPayment(5_000, 847, "PAID", None),
    )
    assert order_payment(settlement) == ("INSTALLMENT", 3, 15_000)


def test_an_ordinary_payment_has_no_later_payments() -> None:
    cart, priced, settlement = sale()
    assert later_payments(cart, settlement) == ()
    assert order_payment(settlement) == ("PAID", 3, priced.total)  # type: ignore[attr-defined]


def test_later_payments_carry_the_cost_of_goods_the_doc_requires_for_reseller_stock() -> None:
    cart = Cart(sender=WALK_IN)
    cart.add(variant(7, status="R", cost_price=6_000), 2)
    cart, priced, settlement = split_sale(cart)
    assert compose(cart, priced, settlement)["payment"]["cost_of_goods_sales"] == 12_000
    assert {p.cost_of_goods_sales for p in later_payments(cart, settlement)} == {12_000}


def test_tenders_that_do_not_pay_the_order_exactly_are_refused() -> None:
    cart, priced, settlement = split_sale()
    short = replace(settlement, tenders=settlement.tenders[:-1])
    with pytest.raises(DomainError) as err:
        compose(cart, priced, short)
    assert (err.value.key, err.value.field) == ("domain.sale.payment_mismatch", "payment.amount")
    no_bank = replace(settlement, tenders=(replace(settlement.tenders[0], bank_id=None),
                                           *settlement.tenders[1:]))
    with pytest.raises(DomainError, match="payment_mismatch"):
        compose(cart, priced, no_bank)
