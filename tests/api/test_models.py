"""Models: lenient in what they accept, strict and exact in what they send."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sspos.api.models import (
    CreateOrderRequest,
    Customer,
    CustomerCategory,
    CustomerCreate,
    OrderSummary,
    Pagination,
    PaymentRecord,
    Product,
    Region,
    Warehouse,
)
from tests.api.fake_api import doc_example


def test_numbers_and_ids_may_arrive_as_strings() -> None:
    product = Product.model_validate({
        "id": "736416", "discount": " 500", "weight": "750",
        "variations": [{"id": "11", "price": "109900", "price_reseller": "99000.00",
                        "price1": "", "stock_quantity": " 3"}],
    })
    assert product.id == 736416 and product.discount == 500 and product.weight == 750
    variation = product.variations[0]
    assert (variation.id, variation.price, variation.price_reseller) == (11, 109900, 99000)
    assert variation.price1 is None and variation.stock_quantity == 3


def test_null_lists_missing_keys_and_extra_keys() -> None:
    product = Product.model_validate({"id": 1, "variations": None, "wholesales": None,
                                      "brand_new_key": {"x": 1}})
    assert product.variations == [] and product.wholesale_bands == []
    assert product.name == "" and product.image is None
    assert not hasattr(product, "brand_new_key")
    order = OrderSummary.model_validate({"order_id": "5", "products": None, "order_cost": None})
    assert order.order_id == 5 and order.products == [] and order.order_cost == []


def test_wholesale_bands_from_list_or_detail_view() -> None:
    listed = Product.model_validate({"id": 1, "wholesales": [{"from": "3", "to": "5",
                                                               "price": "9000"}]})
    detail = Product.model_validate({"id": 1, "wholesale_prices": [{"from": 6, "to": None,
                                                                     "price": 8000}]})
    assert [(b.from_qty, b.to_qty, b.price) for b in listed.wholesale_bands] == [(3, 5, 9000)]
    assert [(b.from_qty, b.to_qty, b.price) for b in detail.wholesale_bands] == [(6, None, 8000)]


def test_preorder_spelled_with_zero_is_read_as_PO() -> None:
    assert Product.model_validate({"id": 1, "product_type": "P0"}).product_type == "PO"
    assert Product.model_validate({"id": 1, "product_type": "PO"}).product_type == "PO"


def test_access_flags_accept_the_doc_spellings() -> None:
    as_strings = CustomerCategory.model_validate(
        {"id": 1, "code": 2, "discount_access": "1", "wholesale_access": "0"})
    assert (as_strings.code, as_strings.discount_access, as_strings.wholesale_access) == (
        "2", True, False)


def test_money_text_and_mixed_types() -> None:
    record = PaymentRecord.model_validate({"payment_id": 1, "bank_id": "847",
                                           "nominal": "Rp126.947"})
    assert (record.bank_id, record.nominal) == (847, 126947)
    customer = Customer.model_validate({"id": 1, "name": "A", "phone": 628212345678,
                                        "postal_code": 52192})
    assert customer.phone == "628212345678" and customer.postal_code == "52192"
    region = Region.model_validate({"id": "3627", "postal_code": None})
    assert region.postal_code == []


def test_garbage_numbers_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Product.model_validate({"id": 1, "variations": [{"id": 2, "price": "mahal"}]})
    with pytest.raises(ValidationError):
        Product.model_validate({"id": 1, "variations": [{"id": 2, "price": "12.5"}]})
    with pytest.raises(ValidationError):
        Product.model_validate({"name": "no id"})


def test_warehouse_reads_its_wire_name() -> None:
    warehouse = Warehouse.model_validate({"id": 0, "warehouse": "Gudang Utama"})
    assert warehouse.name == "Gudang Utama"


def test_pagination_next_and_has_next() -> None:
    by_counters = Pagination.model_validate({"current_page": 2, "total_pages": 3, "links": []})
    by_link = Pagination.model_validate({"links": {"next": "http://x?pagination_offset=2"}})
    last = Pagination.model_validate({"current_page": 3, "total_pages": 3, "links": {}})
    assert by_counters.has_next and by_counters.next is None
    assert by_link.has_next and by_link.next == "http://x?pagination_offset=2"
    assert not last.has_next


# ------------------------------------------------------------------ what we send


def counter_sale(**changes: object) -> dict:
    payload = doc_example("order_create_request")
    payload.update(changes)
    return payload


def test_request_model_forbids_unknown_fields_and_loose_types() -> None:
    with pytest.raises(ValidationError, match="extra"):
        CreateOrderRequest.model_validate(counter_sale(idempotency_key="x"))
    with pytest.raises(ValidationError, match="supplier_id"):
        CreateOrderRequest.model_validate(counter_sale(supplier_id="17118"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"order_date": "26-10-2020"}, "yyyy-mm-dd"),
        ({"source": "POS"}, "source"),
        ({"payment": {"status": "PAID", "date": "2020-10-26", "bank_id": 1}}, "amount"),
        ({"products": [{"id": 1, "qty": 1, "product_status": "R"}]}, "cost_of_goods_sales"),
        ({"products": [{"id": 1, "qty": 0, "product_status": "S"}]}, "qty"),
        ({"products": [{"id": 1, "qty": 1, "product_status": "P0"}]}, "product_status"),
        ({"order_cost": [{"name": "x", "category": "OTHER_COST", "type": "NOMINAL",
                          "nominal": 1}]}, "category"),
        ({"order_cost": [{"name": "x", "category": "DISCOUNT", "type": "PERCENTAGE"}]},
         "percentage"),
    ],
)
def test_create_order_rules_of_the_doc(changes: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CreateOrderRequest.model_validate(counter_sale(**changes))


def test_a_paid_counter_sale_is_sent_exactly() -> None:
    payload = {
        "order_date": "2024-05-01", "customer_sender_id": 1, "customer_receiver_id": 1,
        "supplier_id": 7, "is_print": True, "source": "WEB", "note": "POS ref T1-0001",
        "products": [{"id": 10, "qty": 2, "product_status": "S", "type": "NOMINAL",
                      "nominal": 500}],
        "expedition": {"id": 98, "rate": 0, "name": "Ambil di Toko", "auto_pickup": False},
        "payment": {"status": "PAID", "date": "2024-05-01", "bank_id": 3, "amount": 19000},
    }
    assert CreateOrderRequest.model_validate(payload).to_wire() == payload


def test_customer_create_sends_required_fields_and_only_given_optionals() -> None:
    body = CustomerCreate(name="Sari", phone="0812", district_id=5, address="Jl. 1",
                          email="s@x.id").to_wire()
    assert body == {"name": "Sari", "phone": "0812", "district_id": 5, "address": "Jl. 1",
                    "category": "N", "is_active": "Y", "email": "s@x.id"}


# ------------------------------------------------------------------ property: number spellings


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(["", " ", "  "]))
def test_every_spelling_of_an_integer_reads_the_same(value: int, pad: str) -> None:
    spellings = [value, str(value), f"{pad}{value}{pad}", float(value), f"{value}.00"]
    for spelling in spellings:
        assert PaymentRecord.model_validate({"payment_id": spelling, "nominal": spelling}
                                            ).nominal == value


@given(st.integers(min_value=0, max_value=10**9))
def test_rupiah_text_reads_as_its_amount(value: int) -> None:
    text = "Rp" + f"{value:,}".replace(",", ".")
    assert PaymentRecord.model_validate({"payment_id": 1, "nominal": text}).nominal == value
