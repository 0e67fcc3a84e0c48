"""The create-order payload (POST `order`) and the client reference the outbox relies on.

SmartSeller has no idempotency key, so every sale carries a client reference inside its
order note as a `[POS:<ref>]` tag; after a timeout the outbox looks for that tag in the
shop's orders before it dares to send again.

A sale paid in several tenders is one order and its later payments: POST `order` books
the first tender as an INSTALLMENT, then one PATCH `order/quick-payment` per further
tender (`later_payments`), the last with status PAID, so the order ends paid.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from sspos.domain.cart import MAX_LINE_QTY, Cart
from sspos.domain.errors import DomainError
from sspos.domain.money import Money
from sspos.domain.payment import BANK_REQUIRED, PaymentStatus, Settlement
from sspos.domain.pricing import PricedCart, line_discount_amount

OrderSource = Literal["MOBILE", "WEB"]

# Crockford base32, as ULID uses: sorts the same as text and as numbers.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TERMINAL_JUNK = re.compile(r"[^A-Za-z0-9_.]+")
_REF_CHARS = r"[A-Za-z0-9_.\-]+"
_REF = re.compile(rf"^{_REF_CHARS}$")
# Lenient when reading: someone may have edited the note around (or inside the spacing of)
# the tag, or changed its case. Strict when writing: `[POS:<ref>]`.
_TAG = re.compile(rf"\[\s*pos\s*:\s*({_REF_CHARS})\s*\]", re.IGNORECASE)
# Control bytes never go to the server (a cashier's note may hold a pasted one).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Which lines the shop pays a supplier for: `cost_of_goods_sales` sums their cost price.
COST_OF_GOODS_STATUSES = frozenset({"R"})


def _base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_client_reference(
    terminal_id: str, now: datetime, *, randbytes: Callable[[int], bytes] = os.urandom
) -> str:
    """A unique, sortable reference such as `T1-01JD3…` for one sale on one terminal.

    The part after the terminal id is ULID-shaped: 10 characters of milliseconds since the
    epoch (so references of one terminal sort by time) and 16 of randomness from
    `randbytes` (injectable for tests). A naive `now` is taken as UTC.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    millis = int(now.timestamp() * 1000)
    if millis < 0 or millis >= 1 << 48:
        raise DomainError("domain.reference.time_out_of_range", "now", now=now.isoformat())
    entropy = int.from_bytes(randbytes(10)[:10].rjust(10, b"\0"), "big")
    return f"{reference_prefix(terminal_id)}{_base32(millis, 10)}{_base32(entropy, 16)}"


def reference_prefix(terminal_id: str) -> str:
    """How every reference made on `terminal_id` begins (`T1-`): what tells one
    terminal's sales apart in an outbox several terminals share."""
    terminal = _TERMINAL_JUNK.sub("_", terminal_id.strip()).strip("_") or "T"
    return f"{terminal}-"


def note_with_reference(note: str, client_ref: str) -> str:
    """The order note carrying the reference: `"<note> [POS:<ref>]"` (or just the tag).

    Any older tag in the note is dropped first, so a note is never tagged twice.
    """
    if not _REF.match(client_ref):
        raise DomainError("domain.reference.invalid", "note", reference=client_ref)
    text = _TAG.sub("", _CONTROL.sub(" ", note or ""))
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    tag = f"[POS:{client_ref}]"
    return f"{text} {tag}" if text else tag


def reference_in_note(note: str | None) -> str | None:
    """The client reference found in an order's note, or None.

    Text typed before or after the tag, changed case or spaces inside the brackets do not
    hide it; with several tags the last one (ours is always appended) wins.
    """
    if not note:
        return None
    found = _TAG.findall(note)
    return found[-1] if found else None


def validate_sale(cart: Cart, priced: PricedCart, settlement: Settlement) -> None:
    """Refuse a sale SmartSeller would refuse (or that would price wrongly); DomainError.

    `field` is the payload path to show the message next to (e.g. `products.0.qty`).
    """
    if not cart.lines:
        raise DomainError("domain.sale.empty_cart", "products")
    for i, line in enumerate(cart.lines):
        if not 0 < line.qty <= MAX_LINE_QTY:
            raise DomainError(
                "domain.sale.qty_range",
                f"products.{i}.qty",
                name=line.variant.display_name,
                qty=line.qty,
                max=MAX_LINE_QTY,
            )
    if (
        len(priced.lines) != len(cart.lines)
        or any(
            pl.line is not line and pl.line != line for pl, line in zip(priced.lines, cart.lines)
        )
        or any(
            pl.gross != pl.unit_price * pl.line.qty
            or pl.line_discount != line_discount_amount(pl.gross, pl.line.discount)
            for pl in priced.lines
        )
    ):
        # The cart changed after it was priced: what the cashier saw is not what is sent.
        raise DomainError("domain.sale.stale_price", "products")
    for i, (line, pl) in enumerate(zip(cart.lines, priced.lines, strict=True)):
        discount = line.discount
        if discount is None:
            continue
        if discount.type == "PERCENTAGE":
            if not 0 <= discount.value <= 100:
                raise DomainError(
                    "domain.sale.percentage_range",
                    f"products.{i}.percentage",
                    percentage=discount.value,
                )
        elif discount.value < 0 or discount.value > pl.gross:
            raise DomainError(
                "domain.sale.discount_above_line",
                f"products.{i}.nominal",
                discount=Money(discount.value),
                amount=Money(pl.gross),
            )
    for i, cost in enumerate(cart.costs):
        if not cost.name.strip():
            raise DomainError("domain.sale.cost_name_missing", f"order_cost.{i}.name")
        if cost.type == "PERCENTAGE" and not 0 <= cost.value <= 100:
            raise DomainError(
                "domain.sale.percentage_range", f"order_cost.{i}.percentage", percentage=cost.value
            )
        if cost.type == "NOMINAL" and cost.value < 0:
            raise DomainError(
                "domain.sale.amount_negative",
                f"order_cost.{i}.nominal",
                amount=Money(cost.value),
            )
    if cart.sender is None:
        raise DomainError("domain.sale.customer_missing", "customer_sender_id")
    if cart.sender.category_code.strip() != priced.category.code.strip():
        raise DomainError(
            "domain.sale.category_mismatch",
            "customer_sender_id",
            customer=cart.sender.category_code,
            category=priced.category.code,
        )
    shipping = cart.shipping
    if shipping is None or (
        not shipping.is_pickup and (shipping.expedition_id <= 0 or not shipping.name.strip())
    ):
        raise DomainError("domain.sale.shipping_missing", "expedition")
    if shipping.rate < 0:
        raise DomainError(
            "domain.sale.amount_negative", "expedition.rate", amount=Money(shipping.rate)
        )
    if settlement.status in BANK_REQUIRED and settlement.bank_id is None:
        raise DomainError("domain.payment.bank_required", "payment.bank_id")
    if settlement.is_split and (
        settlement.status != "PAID"
        or sum(tender.paid for tender in settlement.tenders) != settlement.amount
        or any(tender.bank_id is None or tender.paid <= 0 for tender in settlement.tenders)
    ):
        # Tenders that do not pay the order exactly would leave it part paid (or refused).
        raise DomainError(
            "domain.sale.payment_mismatch",
            "payment.amount",
            amount=Money(sum(tender.paid for tender in settlement.tenders)),
            total=Money(priced.total),
        )
    paid_ok = {
        "PAID": settlement.amount == priced.total,
        "INSTALLMENT": 0 < settlement.amount < priced.total,
        "UNPAID": settlement.amount == 0,
    }.get(settlement.status, False)
    if not paid_ok:
        raise DomainError(
            "domain.sale.payment_mismatch",
            "payment.amount",
            amount=Money(settlement.amount),
            total=Money(priced.total),
        )


@dataclass(frozen=True, slots=True)
class LaterPayment:
    """A PATCH `order/quick-payment` that follows a split sale's order: one tender."""

    amount: int
    bank_id: int
    status: Literal["PAID", "INSTALLMENT"]  # PAID for the last: the order is then paid
    cost_of_goods_sales: int | None  # the doc requires it when the order has R lines


def order_payment(settlement: Settlement) -> tuple[PaymentStatus, int | None, int]:
    """What POST `order` books now: (status, bank id, amount). A split sale is created as
    an INSTALLMENT of its first tender; the others follow (`later_payments`)."""
    if settlement.is_split:
        first = settlement.tenders[0]
        return "INSTALLMENT", first.bank_id, first.paid
    return settlement.status, settlement.bank_id, settlement.amount


def later_payments(cart: Cart, settlement: Settlement) -> tuple[LaterPayment, ...]:
    """The quick payments a split sale's order needs after it is created, in order: every
    tender after the first, the last one PAID. None for an ordinary payment.

    The doc says quick-payment requires `cost_of_goods_sales` when the order has `R`
    products; it gets the order's own figure (this project's reading: the doc does not say
    whether it is the order's or the payment's share)."""
    if not settlement.is_split:
        return ()
    later = settlement.tenders[1:]
    cogs = cost_of_goods_sales(cart)
    payments = []
    for i, tender in enumerate(later):
        assert tender.bank_id is not None  # settle_split refuses a tender without one
        status: Literal["PAID", "INSTALLMENT"] = "PAID" if i == len(later) - 1 else "INSTALLMENT"
        payments.append(LaterPayment(tender.paid, tender.bank_id, status, cogs))
    return tuple(payments)


def cost_of_goods_sales(cart: Cart) -> int | None:
    """What the shop owes suppliers for `R` lines (cost price × qty), or None without any."""
    owed = [
        line.variant.cost_price * line.qty
        for line in cart.lines
        if _order_status(line.variant.product_status) in COST_OF_GOODS_STATUSES
    ]
    return sum(owed) if owed else None


def _order_status(status: str) -> str:
    # Preorder is `P0` (zero) in product endpoints and `PO` in orders: send PO.
    text = status.strip().upper()
    return "PO" if text == "P0" else text


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
    payment_date: date | None = None,
) -> dict[str, Any]:
    """The exact JSON body for POST `order`; validates the sale first (DomainError).

    `order_date` (and `payment_date`, default the order date) are dates already in the
    shop's time zone. Keys follow the doc's example order; optional keys are left out when
    empty, except `order_source_id` which the example sends as null. A split sale's
    `payment` is its first tender (`order_payment`); the rest are `later_payments`.
    """
    for name, day in (("order_date", order_date), ("payment_date", payment_date)):
        # A datetime is a date too, but its isoformat is not yyyy-mm-dd and its day depends
        # on a time zone the caller must have applied already.
        if isinstance(day, datetime):
            raise TypeError(f"{name} must be a date in the shop's time zone, not a datetime")
    validate_sale(cart, priced, settlement)
    if supplier_id <= 0:
        raise DomainError("domain.sale.supplier_missing", "supplier_id")
    assert cart.sender is not None and cart.shipping is not None  # checked by validate_sale
    receiver = cart.effective_receiver
    assert receiver is not None

    products: list[dict[str, Any]] = []
    for line in cart.lines:
        item: dict[str, Any] = {
            "id": line.variant.variant_id,
            "qty": line.qty,
            "product_status": _order_status(line.variant.product_status),
        }
        if line.warehouse_id is not None:
            item["warehouse_id"] = line.warehouse_id
        if line.discount is not None:
            item["type"] = line.discount.type
            amount_key = "percentage" if line.discount.type == "PERCENTAGE" else "nominal"
            item[amount_key] = line.discount.value
        products.append(item)

    status, bank_id, amount = order_payment(settlement)
    payment: dict[str, Any] = {
        "status": status,
        "date": (payment_date or order_date).isoformat(),
    }
    if bank_id is not None:
        payment["bank_id"] = bank_id
    if status in BANK_REQUIRED:
        payment["amount"] = amount
    cogs = cost_of_goods_sales(cart)
    if cogs is not None:
        payment["cost_of_goods_sales"] = cogs

    body: dict[str, Any] = {
        "order_date": order_date.isoformat(),
        "customer_sender_id": cart.sender.customer_id,
        "customer_receiver_id": receiver.customer_id,
        "supplier_id": supplier_id,
        "order_source_id": cart.order_source_id,
        "is_print": is_print,
        "products": products,
        "expedition": {
            "id": cart.shipping.expedition_id,
            "rate": priced.shipping,
            "name": cart.shipping.name,
            "auto_pickup": cart.shipping.auto_pickup,
        },
        "payment": payment,
    }
    if cart.costs:
        body["order_cost"] = [
            {
                "name": _CONTROL.sub(" ", cost.name).strip(),
                "category": cost.category,
                "type": cost.type,
                ("percentage" if cost.type == "PERCENTAGE" else "nominal"): cost.value,
            }
            for cost in cart.costs
        ]
    body["source"] = source
    body["note"] = note_with_reference(cart.note, client_ref)
    awb = _CONTROL.sub("", awb_number or "").strip()
    if awb:
        body["awb_number"] = awb
    return body
