"""The cart: lines, customer (sender/receiver), order costs, shipping, note, source.

A Cart is mutable state owned by one sale; pricing reads it and never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sspos.domain.catalog import Customer, VariantInfo

DiscountType = Literal["NOMINAL", "PERCENTAGE"]
CostCategory = Literal["DISCOUNT", "OTHER COST", "INSURANCE"]

PICKUP_AT_SHOP_ID = 98  # "Ambil di Toko": a counter sale, rate 0
MANUAL_EXPEDITION_ID = 99  # a rate typed in by hand
MAX_LINE_QTY = 9_999  # a sane maximum: anything above is a typo or a stuck key


@dataclass(frozen=True, slots=True)
class LineDiscount:
    """A discount on one cart line: a nominal Rupiah amount or a percentage (0–100)."""

    type: DiscountType
    value: int


@dataclass(slots=True)
class CartLine:
    variant: VariantInfo
    qty: int
    warehouse_id: int | None = None
    discount: LineDiscount | None = None


@dataclass(frozen=True, slots=True)
class OrderCost:
    """An order-level discount or cost; percentages are of the products subtotal."""

    name: str
    category: CostCategory
    type: DiscountType
    value: int


@dataclass(frozen=True, slots=True)
class Shipping:
    """The chosen expedition. `PICKUP` is the counter default."""

    expedition_id: int
    name: str
    rate: int = 0
    service: str = ""  # e.g. "REG", "YES"
    auto_pickup: bool = False

    @property
    def is_pickup(self) -> bool:
        return self.expedition_id == PICKUP_AT_SHOP_ID


PICKUP = Shipping(expedition_id=PICKUP_AT_SHOP_ID, name="Ambil di Toko", rate=0)


@dataclass(slots=True)
class Cart:
    """Everything about a sale that the cashier chooses, before pricing."""

    lines: list[CartLine] = field(default_factory=list)
    sender: Customer | None = None
    receiver: Customer | None = None  # None: same as sender (walk-in); set for dropship
    costs: list[OrderCost] = field(default_factory=list)
    shipping: Shipping | None = PICKUP
    note: str = ""
    order_source_id: int | None = None

    @property
    def effective_receiver(self) -> Customer | None:
        return self.receiver if self.receiver is not None else self.sender

    def find(self, variant_id: int) -> CartLine | None:
        return next((line for line in self.lines if line.variant.variant_id == variant_id), None)

    def add(self, variant: VariantInfo, qty: int = 1, warehouse_id: int | None = None) -> CartLine:
        """Add `qty` of a variant; the same variant merges into its existing line.

        A cart holds one line per variant (the line keeps the warehouse it was first added
        from), so find/set_qty/remove can address lines by variant id alone.
        """
        line = self.find(variant.variant_id)
        if line is not None:
            line.qty += qty
            return line
        line = CartLine(variant=variant, qty=qty, warehouse_id=warehouse_id)
        self.lines.append(line)
        return line

    def set_qty(self, variant_id: int, qty: int) -> None:
        line = self.find(variant_id)
        if line is None:
            raise KeyError(variant_id)
        line.qty = qty

    def set_discount(self, variant_id: int, discount: LineDiscount | None) -> None:
        line = self.find(variant_id)
        if line is None:
            raise KeyError(variant_id)
        line.discount = discount

    def remove(self, variant_id: int) -> None:
        self.lines = [line for line in self.lines if line.variant.variant_id != variant_id]

    def clear(self) -> None:
        """Empty the cart for the next customer (pickup at shop, no customer)."""
        self.lines.clear()
        self.sender = None
        self.receiver = None
        self.costs.clear()
        self.shipping = PICKUP
        self.note = ""
        self.order_source_id = None

    @property
    def total_qty(self) -> int:
        return sum(line.qty for line in self.lines)

    @property
    def total_weight(self) -> int:
        return sum(line.qty * line.variant.weight for line in self.lines)
