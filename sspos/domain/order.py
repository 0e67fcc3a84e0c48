"""The create-order payload (POST `order`) and the client reference the outbox relies on.

CONTRACT (signatures fixed; the domain owner implements them).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from sspos.domain.cart import Cart
from sspos.domain.payment import Settlement
from sspos.domain.pricing import PricedCart

OrderSource = Literal["MOBILE", "WEB"]


def new_client_reference(terminal_id: str, now: datetime) -> str:
    """A unique, sortable reference such as `T1-01JD3…` for one sale on one terminal."""
    raise NotImplementedError


def note_with_reference(note: str, client_ref: str) -> str:
    """The order note carrying the reference: `"<note> [POS:<ref>]"` (or just the tag)."""
    raise NotImplementedError


def reference_in_note(note: str | None) -> str | None:
    """The client reference found in an order's note, or None."""
    raise NotImplementedError


def compose_create_order(
    cart: Cart,
    priced: PricedCart,
    settlement: Settlement,
    *,
    supplier_id: int,
    order_date: date,
    client_ref: str,
    source: OrderSource = "WEB",
    is_print: bool = False,
    awb_number: str | None = None,
) -> dict[str, Any]:
    """The exact JSON body for POST `order`; validates the sale first (DomainError)."""
    raise NotImplementedError
