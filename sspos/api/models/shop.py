"""Shop, users, suppliers and warehouses (`shop`, `user`, `supplier`, `warehouse`)."""

from __future__ import annotations

from pydantic import Field

from sspos.api.models.common import Int, LenientList, OptFlag, OptInt, OptStr, Str, WireModel


class User(WireModel):
    """A user (cashier/admin) of the shop."""

    id: Int
    name: Str = ""
    email: OptStr = None


class ActiveSupplier(WireModel):
    """The shop's default shipping origin, as embedded in `shop`."""

    id: Int
    name: Str = ""
    location: OptStr = None
    phone: OptStr = None
    address: OptStr = None
    note: OptStr = None


class Shop(WireModel):
    """The shop header (receipts): `shop` returns a list of these."""

    id: Int
    username: OptStr = None
    shop_name: Str = ""
    status: OptStr = None
    shop_class: OptStr = Field(default=None, alias="class")
    join_date: OptStr = None
    expired_date: OptStr = None
    phone: OptStr = None
    courier: OptStr = None
    address: OptStr = None
    shipper_status: OptStr = None
    note: OptStr = None
    store_front: OptFlag = None
    warehouse: OptFlag = None
    users: LenientList[User] = Field(default_factory=list)
    active_supplier: ActiveSupplier | None = None


class Supplier(WireModel):
    """A supplier: the shipping origin; `district_id` is the origin for shipping cost."""

    id: Int
    name: Str = ""
    district_id: OptInt = None
    shipper_id: OptInt = None
    district: OptStr = None
    city_id: OptInt = None
    city: OptStr = None
    location: OptStr = None
    phone: OptStr = None
    address: OptStr = None
    description: OptStr = None
    shipper_status: OptStr = None


class Warehouse(WireModel):
    """A warehouse; id 0 is the main warehouse ("Gudang Utama")."""

    id: Int
    name: Str = Field(default="", alias="warehouse")
    supplier_id: OptInt = None
    address: OptStr = None
    is_active: OptFlag = None


