"""Customers, their categories, regions and order history."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sspos.api.models.common import (
    Flag,
    Int,
    LenientList,
    OptInt,
    OptStr,
    ProductStatusStr,
    RequestModel,
    Str,
    WireModel,
)
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE


class CustomerCategory(WireModel):
    """A customer category: `N`, `Y`, `D` built in, custom codes `1`, `2`, `3`…"""

    id: Int
    code: Str
    category_name: Str = ""
    status: OptStr = None
    discount_access: Flag = False
    wholesale_access: Flag = False


class Customer(WireModel):
    """A customer from `customer` (search)."""

    id: Int
    name: Str = ""
    name_initial: OptStr = None
    phone: OptStr = None
    address: OptStr = None
    postal_code: OptStr = None
    district: OptStr = None
    district_id: OptInt = None  # not in the doc's list example; kept when the server sends it
    city: OptStr = None
    province: OptStr = None
    email: OptStr = None
    line: OptStr = None
    other: OptStr = None
    category_code: Str = WALK_IN_CATEGORY_CODE
    category: OptStr = None  # category name, e.g. "Pelanggan"


class CustomerCreate(RequestModel):
    """Body of POST `customer/create` (sent exactly as the doc lists it)."""

    name: str
    phone: str
    district_id: int
    address: str
    category: str = WALK_IN_CATEGORY_CODE
    is_active: Literal["Y", "N", "R", "T"] = "Y"
    postal_code: str | None = None
    line: str | None = None
    email: str | None = None
    other: str | None = None

    def to_wire(self) -> dict[str, object]:
        """Required fields always (with their defaults); optional ones only when given."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class CreatedCustomer(WireModel):
    """Response data of `customer/create`."""

    customer_id: Int
    name: Str = ""


class NamePair(WireModel):
    """`{"id", "name"}` as nested in a region."""

    id: Int
    name: Str = ""


class Region(WireModel):
    """A sub-district from `region`; `id` is the `district_id` for customers and cost."""

    mongo_id: OptStr = Field(default=None, alias="_id")
    id: Int
    subdistrict: Str = ""
    district: NamePair | None = None
    province: NamePair | None = None
    fullname: Str = ""
    postal_code: LenientList[Str] = Field(default_factory=list)


class OrderHistoryLine(WireModel):
    """A product line of a customer's past order."""

    product_name: Str = ""
    total: Int = 0


class CustomerOrder(WireModel):
    """One order in `customer/order-history`."""

    order_id: Int
    po_number: OptInt = None
    date: OptStr = None
    total_price: Int = 0
    product_status: ProductStatusStr = "S"
    order_detail: LenientList[OrderHistoryLine] = Field(default_factory=list)
    items: Int = 0
