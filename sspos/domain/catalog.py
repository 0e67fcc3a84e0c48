"""What pricing needs to know about products and customers.

These are the domain's view of the catalog, built from API models (by `store/`) or from
the sandbox's own tables. Prices are whole Rupiah integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

ProductStatus = Literal["S", "R", "PO"]  # own stock, supplier (reseller) stock, preorder

WALK_IN_CATEGORY_CODE = "N"


@dataclass(frozen=True, slots=True)
class WholesaleBand:
    """A wholesale price for a product when the cart holds `from_qty`..`to_qty` of it."""

    from_qty: int
    to_qty: int | None  # None: no upper bound
    price: int

    def matches(self, qty: int) -> bool:
        return qty >= self.from_qty and (self.to_qty is None or qty <= self.to_qty)


@dataclass(frozen=True, slots=True)
class VariantInfo:
    """One sellable variant (SmartSeller "variation") with every price tier."""

    variant_id: int
    product_id: int
    product_name: str
    variant_name: str  # e.g. "Merah / XL"; "" when the product has a single variant
    sku: str
    price: int  # the normal price (category N)
    price_reseller: int | None = None  # categories Y and D
    # custom code "1" -> price1 …
    tier_prices: dict[str, int] = field(default_factory=dict, hash=False)
    discount: int = 0  # product discount: nominal Rupiah per unit
    weight: int = 0  # grams per unit
    product_status: ProductStatus = "S"
    stock: int | None = None  # as last seen; None = unknown
    cost_price: int = 0  # what the shop pays its supplier (for cost_of_goods_sales)
    wholesale: tuple[WholesaleBand, ...] = ()
    barcode: str | None = None

    @property
    def display_name(self) -> str:
        return (
            f"{self.product_name} ({self.variant_name})" if self.variant_name else self.product_name
        )


@dataclass(frozen=True, slots=True)
class CustomerCategory:
    """A customer category and what it may access (from `order/check-price/{code}`)."""

    code: str  # "N", "Y", "D" built in; "1", "2", "3"… custom
    name: str
    wholesale_access: bool = False
    discount_access: bool = False


def category_for(categories: Mapping[str, CustomerCategory], code: str | None) -> CustomerCategory:
    """The category with `code` (None: the walk-in one's); a code the shop does not list
    prices at the plain tier, with neither wholesale nor discount access."""
    code = code or WALK_IN_CATEGORY_CODE
    return categories.get(code) or CustomerCategory(code, code)


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer as the POS needs it: who, where, and which price category."""

    customer_id: int
    name: str
    category_code: str = WALK_IN_CATEGORY_CODE
    phone: str = ""
    address: str = ""
    district_id: int | None = None
    district_name: str = ""
    postal_code: str = ""
