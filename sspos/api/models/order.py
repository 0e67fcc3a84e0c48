"""Orders: create (request model), list, details, payments, cancel, and their presets."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sspos.api.models.common import (
    Float,
    Int,
    IsoDate,
    LenientList,
    OptFlag,
    OptInt,
    OptStr,
    ProductStatusStr,
    RequestModel,
    Str,
    WireModel,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# ---------------------------------------------------------------- presets


class OrderSource(WireModel):
    """A sales channel (`order-source`): marketplace name plus the shop's note."""

    id: Int
    marketplace_id: OptInt = None
    marketplace_name: Str = ""
    note: OptStr = None
    status: OptStr = None


class OrderCostPreset(WireModel):
    """A DISCOUNT / OTHER COST preset from `order-cost` (its id is a string)."""

    order_cost_id: Str
    title: OptStr = None
    category: Str = ""
    type: Str = "NOMINAL"
    name: Str = ""
    percentage: Float = 0
    nominal: Int = 0


# ---------------------------------------------------------------- create order (sent)


class OrderProductIn(RequestModel):
    """A line of `products[]` in POST `order`."""

    id: int
    qty: int = Field(gt=0)
    product_status: Literal["S", "R", "PO"]
    warehouse_id: int | None = None
    type: Literal["NOMINAL", "PERCENTAGE"] | None = None
    percentage: int | float | None = None
    nominal: int | None = None
    flag: Literal["EDIT", "NEW", "DELETE"] | None = None
    discount_promo: int | None = None
    promo_id: int | None = None


class OrderExpeditionIn(RequestModel):
    """`expedition` of POST `order` (98 = pickup at shop, 99 = manual input)."""

    id: int
    rate: int
    name: str
    auto_pickup: bool
    discount_promo: int | None = None
    promo: list[Any] | None = None


class OrderPaymentIn(RequestModel):
    """`payment` of POST `order`: date, bank_id and amount are required unless UNPAID."""

    status: Literal["PAID", "INSTALLMENT", "UNPAID"]
    date: IsoDate | None = None
    bank_id: int | None = None
    amount: int | None = None
    cost_of_goods_sales: int | None = None

    @model_validator(mode="after")
    def _paid_needs_details(self) -> OrderPaymentIn:
        if self.status != "UNPAID":
            missing = [n for n in ("date", "bank_id", "amount") if getattr(self, n) is None]
            if missing:
                raise ValueError(f"{', '.join(missing)} required when status is {self.status}")
        return self


class OrderCostIn(RequestModel):
    """An `order_cost[]` entry. Category is sent as `OTHER COST` (with a space)."""

    name: str
    category: Literal["DISCOUNT", "OTHER COST", "INSURANCE"]
    type: Literal["NOMINAL", "PERCENTAGE"]
    percentage: int | float | None = None
    nominal: int | None = None

    @model_validator(mode="after")
    def _amount_matches_type(self) -> OrderCostIn:
        if self.type == "NOMINAL" and self.nominal is None:
            raise ValueError("nominal required when type is NOMINAL")
        if self.type == "PERCENTAGE" and self.percentage is None:
            raise ValueError("percentage required when type is PERCENTAGE")
        return self


class CreateOrderRequest(RequestModel):
    """Body of POST `order`, validated strictly; `.to_wire()` is what is sent."""

    order_date: str
    customer_sender_id: int
    customer_receiver_id: int
    supplier_id: int
    order_source_id: int | None = None
    note: str | None = None
    is_print: bool
    products: list[OrderProductIn] = Field(min_length=1)
    expedition: OrderExpeditionIn
    payment: OrderPaymentIn
    order_cost: list[OrderCostIn] | None = None
    awb_number: str | None = None
    send_sms: bool | None = None
    marketplace_awb: str | None = None
    source: Literal["MOBILE", "WEB"]
    vendor_shop_id: str | None = None

    @field_validator("order_date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("must be yyyy-mm-dd")
        return value

    @model_validator(mode="after")
    def _reseller_needs_cost(self) -> CreateOrderRequest:
        if any(p.product_status == "R" for p in self.products) and (
            self.payment.cost_of_goods_sales is None
        ):
            raise ValueError("payment.cost_of_goods_sales required when a product has status R")
        return self


class CreatedOrder(WireModel):
    """Response data of POST `order`."""

    order_id: Int
    po_number: OptInt = None


class AwbAdded(WireModel):
    """Response data of `order/awb-number/add`."""

    order_id: Int
    po_number: OptInt = None
    notification: dict[str, Any] | None = None


class CancelledOrder(WireModel):
    """Response data of `order/cancel`."""

    order_id: Int
    po_number: OptInt = None


class QuickPaymentIn(RequestModel):
    """`payment` of PATCH `order/quick-payment`."""

    status: Literal["PAID", "INSTALLMENT"]
    date: str
    bank_id: int
    amount: int | None = None

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("must be yyyy-mm-dd")
        return value

    @model_validator(mode="after")
    def _installment_needs_amount(self) -> QuickPaymentIn:
        if self.status == "INSTALLMENT" and self.amount is None:
            raise ValueError("amount required when status is INSTALLMENT")
        return self


class QuickPaymentRequest(RequestModel):
    """Body of PATCH `order/quick-payment`."""

    id: int
    payment: QuickPaymentIn
    cost_of_goods_sales: int | None = None


class PaymentUpdated(WireModel):
    """Response data of `order/quick-payment`."""

    order_id: Int
    po_number: OptInt = None
    payment_status: OptStr = None


class PaymentRecord(WireModel):
    """One entry of `order/payment-history`; `nominal` arrives as "Rp100.000"."""

    payment_id: Int
    bank_id: OptInt = None
    bank_name: OptStr = None
    account_number: OptStr = None
    paid_at: OptStr = None
    created_at: OptStr = None
    nominal: Int = 0
    status: OptStr = None


# ---------------------------------------------------------------- orders (read)


class OrderLine(WireModel):
    """A product line of an order in `order` (list)."""

    product_meta_id: Int  # the variant id
    product_type: ProductStatusStr = "S"
    type_description: OptStr = None
    sku: Str = ""
    name: Str = ""
    price: Int = 0
    quantity: Int = 0
    thumbnail_url: OptStr = None
    color: Str = ""
    size: Str = ""
    weight: Float = 0
    discount: OptInt = None


class OrderSummary(WireModel):
    """An order as listed by `order` (carries `note`, `awb_number`, `invoice`)."""

    order_id: Int
    po_number: OptInt = None
    invoice: OptStr = None
    shop_id: OptInt = None
    username: OptStr = None
    order_date: OptStr = None
    sender_name: OptStr = None
    sender_category: OptStr = None
    sender_category_code: OptStr = None
    receiver_name: OptStr = None
    receiver_address: OptStr = None
    receiver_phone: OptStr = None
    total_amount: Int = 0
    insurance: OptInt = None
    discount_amount: OptInt = None
    remaining_amount: OptInt = None
    shipping_id: OptInt = None
    shipping_rate: OptStr = None
    shipping_logistic: OptStr = None
    shipping_cost: OptInt = None
    weight: Float | None = None
    note: OptStr = None
    order_source: OptStr = None
    other_cost_amount: OptInt = None
    order_progress_status: OptStr = None
    order_status: OptStr = None
    order_category: OptStr = None
    payment_status: OptStr = None
    payment_date: OptStr = None
    products: LenientList[OrderLine] = Field(default_factory=list)
    created_at: OptStr = None
    awb_number: OptStr = None
    marketplace_awb: OptStr = None
    product_status: ProductStatusStr | None = None
    cost_of_goods_sales: OptInt = None
    order_cost: LenientList[dict[str, Any]] = Field(default_factory=list)
    bank_name: OptStr = None
    warehouse_name: OptStr = None


class OrderParty(WireModel):
    """Customer / receiver of an order detail."""

    id: OptInt = None
    name: Str = ""
    phone: OptStr = None
    district: OptStr = None
    city: OptStr = None
    province: OptStr = None
    district_id: OptInt = None
    city_id: OptInt = None
    province_id: OptInt = None
    postal_code: OptStr = None
    address: OptStr = None
    type: OptStr = None


class OrderShipping(WireModel):
    """`shipping` of an order detail."""

    id: OptInt = None
    rate_name: OptStr = None
    logistic_name: OptStr = None
    cost: OptInt = None


class OrderDetailCost(WireModel):
    """An `order_cost[]` entry of an order detail."""

    category: Str = ""
    description: OptStr = None
    nominal: Int = 0
    percentage: Float = 0
    is_percentage: OptFlag = None


class OrderDetailLine(WireModel):
    """A product line of an order detail (numbers arrive as strings here)."""

    product_meta_id: Int
    name: Str = ""
    product_status: ProductStatusStr = "S"
    price: Int = 0
    cost_of_goods_sold: OptInt = None
    quantity: Int = 0
    discount_nominal: OptInt = None
    discount_percentage: Float | None = None


class OrderDetail(WireModel):
    """An order from `order/details`."""

    mongo_id: OptStr = Field(default=None, alias="_id")
    order_id: Int
    po_number: OptInt = None
    shop_id: OptInt = None
    order_date: OptStr = None
    customer: OrderParty | None = None
    dropshipper: OrderParty | None = None
    receiver: OrderParty | None = None
    total_amount: Int = 0
    shipping: OrderShipping | None = None
    weight: Float | None = None
    note: OptStr = None
    origin: dict[str, Any] | None = None
    payment: dict[str, Any] | None = None
    order_cost: LenientList[OrderDetailCost] = Field(default_factory=list)
    awb: dict[str, Any] | None = None
    discount_amount: OptInt = None
    order_cost_amount: OptInt = None
    is_printed: OptFlag = None
    order_progress_status: OptStr = None
    order_status: OptStr = None
    order_category: OptStr = None
    payment_status: OptStr = None
    payment_date: OptStr = None
    products: LenientList[OrderDetailLine] = Field(default_factory=list)
    created_at: OptStr = None
    updated_at: OptStr = None

    @property
    def awb_number(self) -> str | None:
        number = (self.awb or {}).get("number")
        return str(number) if number else None
