"""Products, variations, stock and wholesale.

Endpoints: `product…`, `order/wholesale`, `order/check-price`.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from sspos.api.models.common import (
    Flag,
    Float,
    Int,
    LenientList,
    OptFlag,
    OptInt,
    OptStr,
    ProductStatusStr,
    Str,
    WireModel,
)


class WholesalePrice(WireModel):
    """A wholesale band of a product: `from`..`to` units (of all its variants) at `price`."""

    id: OptInt = None
    from_qty: Int = Field(alias="from")
    to_qty: OptInt = Field(default=None, alias="to")
    price: Int


class Variation(WireModel):
    """A variant as embedded in a product (`variations[]` of `product` and its detail)."""

    id: Int
    sku: Str = ""
    image: OptStr = None
    thumbnail: OptStr = None
    weight: Float = 0
    size: Str = ""
    color: Str = ""
    price_buy: OptInt = None
    price: Int = 0
    price_reseller: OptInt = None
    price1: OptInt = None
    price2: OptInt = None
    price3: OptInt = None
    stock_quantity: OptInt = None
    stock: OptStr = None  # "Y"/"N": whether stock is tracked/available
    barcode: OptStr = None  # not in the doc; read when a server sends it

    def tier_prices(self) -> dict[str, int]:
        """Custom category prices by code ("1" → price1 …), only those set and non-zero."""
        tiers = {"1": self.price1, "2": self.price2, "3": self.price3}
        return {code: value for code, value in tiers.items() if value}


class WarehouseRef(WireModel):
    """A warehouse a product is kept in (`warehouse[]` of a product)."""

    id: Int
    name: Str = ""


class Product(WireModel):
    """A product with its variations and wholesale bands (list and detail views).

    The list view names the bands `wholesales`, the detail view `wholesale_prices`;
    `.wholesale_bands` reads whichever arrived.
    """

    id: Int
    name: Str = ""
    product_type: ProductStatusStr = "S"
    type_description: OptStr = None
    category_id: OptInt = None
    category_name: OptStr = None
    description: OptStr = None
    discount: Int = 0
    weight: Float = 0
    is_warehouse: Any = None
    publish_status: OptStr = None
    shop_id: OptInt = None
    user_id: OptInt = None
    show_stock: OptStr = None
    total_stock: OptInt = None
    wholesale_status: OptStr = None
    has_variation: OptStr = None
    image: OptStr = None
    thumbnail: OptStr = None
    wholesales: LenientList[WholesalePrice] = Field(default_factory=list)
    wholesale_prices: LenientList[WholesalePrice] = Field(default_factory=list)
    variations: LenientList[Variation] = Field(default_factory=list)
    warehouse: LenientList[WarehouseRef] = Field(default_factory=list)
    update_access: OptFlag = None

    @property
    def wholesale_bands(self) -> list[WholesalePrice]:
        return self.wholesales or self.wholesale_prices


class VariationSearchItem(WireModel):
    """One row of `product/variation` (variant search, with promo for a customer)."""

    variation_id: Int
    product_id: Int
    name: Str = ""
    product_type: ProductStatusStr = "S"
    type_description: OptStr = None
    preorder_title: OptStr = None
    publish_status: OptStr = None
    stock_quantity: OptInt = None
    sku: Str = ""
    image: OptStr = None
    thumbnail: OptStr = None
    discount: Int = 0
    color: Str = ""
    size: Str = ""
    weight: Float = 0
    category_id: OptInt = None
    created_at: OptStr = None
    price: Int = 0
    price1: OptInt = None
    price2: OptInt = None
    price3: OptInt = None
    price_reseller: OptInt = None
    price_buy: OptInt = None
    wholesale_status: OptStr = None
    is_warehouse: Any = None
    warehouse_stock: Any = None
    promo: LenientList[dict[str, Any]] = Field(default_factory=list)


class StockCheck(WireModel):
    """`product/check-stock`: stock and prices of one variant (optionally per warehouse)."""

    stock: Int = 0
    price: Int = 0
    price_dropship: OptInt = None
    price1: OptInt = None
    price2: OptInt = None
    price3: OptInt = None


class WarehouseStock(WireModel):
    """`product/history/warehouse/{variation_id}`: stock of a variant in one warehouse."""

    warehouse_id: Int
    name: Str = ""
    stock: Int = 0


class WholesaleMinimum(WireModel):
    """`product/wholesale`: units to buy before wholesale applies."""

    product_id: Int
    minimum_quantity: Int


class WholesaleQuote(WireModel):
    """`order/wholesale`: the wholesale unit price of a variant for a quantity."""

    variation_id: Int
    quantity: Int
    price: Int


class PriceAccess(WireModel):
    """`order/check-price/{code}`: what a customer category may access."""

    wholesale_access: Flag = False
    discount_access: Flag = False
