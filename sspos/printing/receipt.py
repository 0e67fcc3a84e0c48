"""Receipts: the data a receipt shows, and its pure layout into fixed-width lines.

`ReceiptData` is everything printed, captured at the moment of sale, JSON round-trippable
(`to_dict`/`from_dict`) so the outbox can keep it for reprints. `receipt_data_from_sale`
builds it from the domain objects (every figure comes from the `PricedCart` and the
`Settlement`; nothing is re-computed here). `layout_receipt(data, columns)` turns it into
`Receipt` lines that fit the paper (32 columns for 58 mm, 42 or 48 for 80 mm), and
`receipt_text` is the exact text preview. No I/O here; `printers.py` does the printing.

Every string from the server or the cashier passes through `sanitize.printable` in the
layout, so each character is one printable ASCII column and no control byte survives.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, tzinfo
from typing import Any, Literal, get_args

from sspos.domain.cart import Cart, Shipping
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer
from sspos.domain.money import format_rupiah
from sspos.domain.payment import PaymentStatus, Settlement
from sspos.domain.pricing import PricedCart, PricedLine
from sspos.i18n import t
from sspos.printing.sanitize import printable, printable_lines

RECEIPT_FORMAT_VERSION = 1
MIN_COLUMNS = 24
MAX_COLUMNS = 80
SUPPORTED_COLUMNS = (32, 42, 48)  # 58 mm font A; 80 mm font B / TM-T88; 80 mm font A

LineSize = Literal["normal", "tall", "large"]
_STATUS_KEYS: dict[PaymentStatus, str] = {
    "PAID": "print.status.PAID",
    "INSTALLMENT": "print.status.INSTALLMENT",
    "UNPAID": "print.status.UNPAID",
}
LineKind = Literal["text", "qr"]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class ReceiptParty:
    """A customer or receiver as printed: name, phone, address and area."""

    name: str
    phone: str = ""
    address: str = ""
    area: str = ""  # district and postal code


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    """One item block. Prices are per unit; `gross = unit_price * qty`,
    `total = gross - discount`."""

    name: str
    variant: str
    qty: int
    unit_price: int
    gross: int
    total: int
    sku: str = ""
    list_price: int = 0  # the customer's tier price before wholesale / product discount
    tier_name: str = ""  # "" for the normal price, else the customer category (Reseller…)
    wholesale_from: int | None = None  # the wholesale band applied, if any
    wholesale_to: int | None = None
    product_discount: int = 0  # per unit
    discount: int = 0  # Rupiah off this line (line discount)
    discount_percent: int | None = None  # when the line discount was a percentage

    @property
    def price_before_discount(self) -> int:
        """Per unit before any discount (the band or tier price): what `qty x` prints."""
        return self.unit_price + self.product_discount

    @property
    def discount_total(self) -> int:
        """Product discount on every unit plus the line discount."""
        return self.product_discount * self.qty + self.discount


@dataclass(frozen=True, slots=True)
class ReceiptAdjustment:
    """An order-level discount or cost; `amount` is signed (negative for a discount)."""

    name: str
    category: str  # "DISCOUNT", "OTHER COST", "INSURANCE"
    amount: int


@dataclass(frozen=True, slots=True)
class ReceiptTender:
    """One tender of a sale paid in several: how (an account's name; "" for cash) and
    what of it pays the order (cash: less the change)."""

    method: str
    amount: int
    is_cash: bool = False


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """Everything a receipt shows, frozen at the moment of sale (stored for reprints)."""

    lang: str
    shop_name: str
    reference: str  # PO/invoice number, or the client reference while it is pending
    issued_at: datetime  # aware, in the shop's time zone
    items: tuple[ReceiptItem, ...]
    subtotal: int  # the items after their discounts (sum of item totals)
    total: int
    payment_status: PaymentStatus
    shop_address: str = ""
    shop_phone: str = ""
    reference_pending: bool = False  # True: not yet accepted by the server (outbox)
    tz_name: str = ""  # "WIB", printed after the time
    cashier: str = ""
    customer: ReceiptParty | None = None
    customer_category: str = ""  # the category name when it is not the walk-in one
    receiver: ReceiptParty | None = None  # printed for shipping / dropship
    adjustments: tuple[ReceiptAdjustment, ...] = ()
    courier: str = ""  # "" for pickup at the shop
    shipping_cost: int = 0
    paid: int = 0
    is_cash: bool = False
    payment_method: str = ""  # "Tunai", a bank name…
    tendered: int | None = None
    change: int = 0
    remaining: int = 0
    tenders: tuple[ReceiptTender, ...] = ()  # a payment in several tenders, each listed
    awb: str = ""
    note: str = ""
    footer: str = ""
    qr_payload: str = ""
    reprint: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (ints, strings, lists, None); `from_dict` reverses it."""
        out: dict[str, Any] = {"version": RECEIPT_FORMAT_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "issued_at":
                value = value.isoformat()
            elif f.name in ("customer", "receiver"):
                value = None if value is None else _plain(value)
            elif f.name in ("items", "adjustments", "tenders"):
                value = [_plain(v) for v in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReceiptData:
        """Rebuild from `to_dict` output; raises ValueError naming a missing/bad field.
        Unknown keys (from a newer version) are ignored, missing optional ones defaulted."""
        if not isinstance(data, dict):
            # A damaged stored receipt is a bad value, whatever type it decoded to.
            raise ValueError("receipt: expected a JSON object")  # noqa: TRY004
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["issued_at"] = datetime.fromisoformat(values["issued_at"])
            values["items"] = tuple(_build(ReceiptItem, i) for i in values["items"])
            values["adjustments"] = tuple(
                _build(ReceiptAdjustment, a) for a in values.get("adjustments", ())
            )
            values["tenders"] = tuple(
                _build(ReceiptTender, x) for x in values.get("tenders", ())
            )
            for party in ("customer", "receiver"):
                if values.get(party) is not None:
                    values[party] = _build(ReceiptParty, values[party])
            if values.get("payment_status") not in get_args(PaymentStatus):
                raise ValueError(f"receipt: bad payment_status {values.get('payment_status')!r}")
            return cls(**values)
        except KeyError as exc:
            raise ValueError(f"receipt: missing field {exc.args[0]}") from None
        except TypeError as exc:
            raise ValueError(f"receipt: {exc}") from None


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _build(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"receipt: expected an object for {cls.__name__}")  # noqa: TRY004
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


# --------------------------------------------------------------------------- builder


def _party(customer: Customer | None) -> ReceiptParty | None:
    if customer is None:
        return None
    area = " ".join(p for p in (customer.district_name, customer.postal_code) if p)
    return ReceiptParty(
        name=customer.name, phone=customer.phone, address=customer.address, area=area
    )


def _item(priced: PricedLine, tier_name: str) -> ReceiptItem:
    line = priced.line
    band = priced.wholesale_band
    percent = (
        line.discount.value
        if line.discount is not None and line.discount.type == "PERCENTAGE"
        else None
    )
    return ReceiptItem(
        name=line.variant.product_name,
        variant=line.variant.variant_name,
        sku=line.variant.sku,
        qty=line.qty,
        unit_price=priced.unit_price,
        gross=priced.gross,
        total=priced.total,
        list_price=priced.tier_price,
        tier_name="" if priced.tier_label == "price" else tier_name,
        wholesale_from=band.from_qty if band else None,
        wholesale_to=band.to_qty if band else None,
        product_discount=priced.product_discount,
        discount=priced.line_discount,
        discount_percent=percent if priced.line_discount else None,
    )


def receipt_data_from_sale(
    cart: Cart,
    priced: PricedCart,
    settlement: Settlement,
    *,
    shop_name: str,
    reference: str,
    issued_at: datetime,
    tz: tzinfo | None = None,
    reference_pending: bool = False,
    shop_address: str = "",
    shop_phone: str = "",
    cashier: str = "",
    payment_method: str = "",
    awb: str = "",
    footer: str = "",
    lang: str = "id",
    qr_payload: str | None = None,
    tender_methods: Sequence[str] = (),
) -> ReceiptData:
    """The receipt of a priced, settled sale.

    `reference` is the PO number once the server accepted the order, else the client
    reference (`reference_pending=True`). `issued_at` is converted to `tz` (the shop's
    time zone, `settings.tz`). The QR carries `qr_payload` (default: the reference).
    The customer's address is printed when the order ships to them; a dropship
    receiver (`cart.receiver` set and different) gets a block of their own.
    A payment in several tenders lists each, named by `tender_methods` (one per
    `settlement.tenders`, "" for cash).
    """
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    local = issued_at.astimezone(tz) if tz is not None else issued_at
    shipping: Shipping | None = cart.shipping
    ships = shipping is not None and not shipping.is_pickup
    # The customer's address matters only when the parcel goes to them; a dropship
    # receiver gets their own block with the address instead.
    dropship = cart.receiver is not None and cart.receiver != cart.sender
    receiver = _party(cart.receiver) if dropship else None
    customer = _party(cart.sender)
    if customer is not None and (dropship or not ships):
        customer = ReceiptParty(name=customer.name, phone=customer.phone)
    courier = ""
    if ships and shipping is not None:
        courier = " ".join(p for p in (shipping.name, shipping.service) if p)
    category = priced.category
    return ReceiptData(
        lang=lang,
        shop_name=shop_name,
        shop_address=shop_address,
        shop_phone=shop_phone,
        reference=reference,
        reference_pending=reference_pending,
        issued_at=local,
        tz_name=local.tzname() or "",
        cashier=cashier,
        customer=customer,
        customer_category=category.name if category.code != WALK_IN_CATEGORY_CODE else "",
        receiver=receiver,
        items=tuple(_item(line, category.name) for line in priced.lines),
        subtotal=priced.subtotal,
        adjustments=tuple(
            ReceiptAdjustment(name=c.cost.name, category=c.cost.category, amount=c.amount)
            for c in priced.costs
        ),
        courier=courier,
        shipping_cost=priced.shipping,
        total=priced.total,
        payment_status=settlement.status,
        paid=settlement.amount,
        is_cash=settlement.is_cash,
        payment_method=payment_method,
        tendered=settlement.tendered,
        change=settlement.change,
        remaining=settlement.remaining,
        tenders=tuple(
            ReceiptTender(method, tender.paid, tender.is_cash)
            for tender, method in zip(settlement.tenders, tender_methods, strict=True)
        ) if settlement.is_split else (),
        awb=awb,
        note=cart.note,
        footer=footer,
        qr_payload=reference if qr_payload is None else qr_payload,
    )


def with_order_number(receipt: ReceiptData, po_number: str | None) -> ReceiptData:
    """A stored receipt as it prints now: with the PO number once the server gave one
    (the stored copy still carries the pending client reference), in the QR code too
    unless the QR was set to something other than the reference."""
    if not po_number:
        return receipt
    qr = str(po_number) if receipt.qr_payload == receipt.reference else receipt.qr_payload
    return replace(receipt, reference=str(po_number), reference_pending=False, qr_payload=qr)


def with_awb(receipt: ReceiptData, awb: str) -> ReceiptData:
    """A stored receipt with the AWB added after the sale (Orders, F3), so a reprint or
    a preview shows it as an AWB typed at payment does; unchanged without one."""
    return replace(receipt, awb=awb) if awb else receipt


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One printed line. `text` is printable ASCII and already padded for alignment
    (`center` says it was centred). `size`: normal, tall (double height, same width) or
    large (double height and width: at most columns // 2 characters). A `kind="qr"` line
    holds the QR payload in `text`."""

    text: str
    bold: bool = False
    size: LineSize = "normal"
    center: bool = False
    kind: LineKind = "text"

    @property
    def style(self) -> str:
        """normal / bold / large / tall / center / qr, joined with '+' when combined."""
        if self.kind == "qr":
            return "qr"
        parts = [p for p, on in (("bold", self.bold), ("center", self.center)) if on]
        if self.size != "normal":
            parts.insert(0, self.size)
        return "+".join(parts) or "normal"


@dataclass(frozen=True, slots=True)
class Receipt:
    """A laid-out receipt for one paper width."""

    columns: int
    lang: str
    lines: tuple[ReceiptLine, ...]

    @property
    def qr(self) -> str | None:
        """The QR payload, if the receipt carries one."""
        return next((line.text for line in self.lines if line.kind == "qr"), None)


def _wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Word-wrap to `width`, breaking words longer than a line."""
    pad = " " * indent
    return textwrap.wrap(
        text,
        width,
        initial_indent=pad,
        subsequent_indent=pad,
        break_long_words=True,
        break_on_hyphens=False,
    )


def _pair(left: str, right: str, width: int, indent: int = 0) -> list[str]:
    """`left` and a right-aligned `right` on one line when they fit, else `left` wrapped
    with `right` on the last line or on a line of its own."""
    if indent + len(left) + 1 + len(right) <= width:
        return [" " * indent + left + " " * (width - indent - len(left) - len(right)) + right]
    lines = _wrap(left, width, indent) if left else []
    if lines and len(lines[-1]) + 1 + len(right) <= width:
        last = lines.pop()
        return [*lines, last + " " * (width - len(last) - len(right)) + right]
    rights = _wrap(right, width) if len(right) > width else [right]
    return lines + [r.rjust(width) for r in rights]


def _center(text: str, width: int) -> str:
    return " " * ((width - len(text)) // 2) + text


class _Builder:
    """Accumulates lines for one width and language."""

    def __init__(self, columns: int, lang: str) -> None:
        self.columns = columns
        self.lang = lang
        self.lines: list[ReceiptLine] = []

    def t(self, key: str, **params: Any) -> str:
        return printable(t(key, self.lang, **params))

    def add(self, text: str, *, bold: bool = False, size: LineSize = "normal") -> None:
        self.lines.append(ReceiptLine(text.rstrip(), bold=bold, size=size))

    def wrap(self, text: str, indent: int = 0, bold: bool = False) -> None:
        for line in _wrap(printable(text), self.columns, indent):
            self.add(line, bold=bold)

    def center(self, text: str, *, bold: bool = False, size: LineSize = "normal") -> None:
        width = self.columns // 2 if size == "large" else self.columns
        for line in _wrap(printable(text), width):
            self.lines.append(
                ReceiptLine(_center(line, width), bold=bold, size=size, center=True)
            )

    def pair(
        self, left: str, right: str, *, indent: int = 0, bold: bool = False,
        size: LineSize = "normal",
    ) -> None:
        for line in _pair(printable(left), printable(right), self.columns, indent):
            self.add(line, bold=bold, size=size)

    def labelled(self, label: str, value: str) -> None:
        """`Label: value`, the value wrapped under itself when long."""
        value = printable(value)
        if not value:
            return
        head = f"{label}: "
        if len(head) > self.columns // 2:
            self.wrap(head + value)
            return
        body = _wrap(value, self.columns - len(head))
        self.add(head + body[0])
        for rest in body[1:]:
            self.add(" " * len(head) + rest)

    def rule(self, char: str = "-") -> None:
        self.add(char * self.columns)

    def blank(self) -> None:
        self.add("")


def _money(amount: int) -> str:
    return format_rupiah(amount)


def _item_block(b: _Builder, item: ReceiptItem) -> None:
    """Name, `qty x price before discount`, the price's origin, each discount, and the
    item's net when anything was taken off (the same figures as the cart on screen)."""
    b.wrap(item.name, bold=True)
    if item.variant:
        b.wrap(item.variant, indent=2)
    price = item.price_before_discount
    b.pair(f"{item.qty} x {_money(price)}", _money(price * item.qty), indent=2)
    if item.wholesale_from is not None:
        upper = f"-{item.wholesale_to}" if item.wholesale_to is not None else "+"
        b.wrap(b.t("print.wholesale", range=f"{item.wholesale_from}{upper}"), indent=2)
    elif item.tier_name:
        b.wrap(b.t("print.tier", name=printable(item.tier_name)), indent=2)
    if item.product_discount:
        b.pair(
            b.t("print.product_discount", amount=_money(item.product_discount)),
            _money(-item.product_discount * item.qty),
            indent=2,
        )
    if item.discount:
        label = (
            b.t("print.line_discount_percent", percent=item.discount_percent)
            if item.discount_percent is not None
            else b.t("print.line_discount")
        )
        b.pair(label, _money(-item.discount), indent=2)
    if item.discount_total:
        b.pair(b.t("print.line_net"), _money(item.total), indent=2)


def _party_block(b: _Builder, label: str, party: ReceiptParty, extra: str = "") -> None:
    name = printable(party.name)
    if extra:
        name = f"{name} ({printable(extra)})"
    b.labelled(label, name)
    for part in (party.phone, party.address, party.area):
        if printable(part):
            b.wrap(part, indent=2)


def layout_receipt(data: ReceiptData, columns: int) -> Receipt:
    """Lay the receipt out for `columns` characters per line (32, 42 or 48 usually).

    Every line fits: normal and tall lines are at most `columns` long, large ones at most
    `columns // 2`; long words are broken. All text is sanitised printable ASCII.
    """
    if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        raise ValueError(f"columns must be {MIN_COLUMNS}..{MAX_COLUMNS}, got {columns}")
    b = _Builder(columns, data.lang)

    # Header
    b.center(data.shop_name, bold=True, size="large")
    for line in printable_lines(data.shop_address):
        b.center(line)
    if printable(data.shop_phone):
        b.center(b.t("print.phone", phone=printable(data.shop_phone)))
    if data.reprint:
        b.center(b.t("print.reprint"), bold=True)
    b.rule()

    # Sale facts
    if data.reference_pending:
        b.labelled(b.t("print.reference"), data.reference)
        b.wrap(b.t("print.reference_pending"))
    else:
        b.labelled(b.t("print.order_no"), data.reference)
    stamp = data.issued_at.strftime("%d/%m/%Y %H:%M")
    b.labelled(b.t("print.date"), f"{stamp} {data.tz_name}".strip())
    b.labelled(b.t("print.cashier"), data.cashier)
    if data.customer is not None:
        _party_block(b, b.t("print.customer"), data.customer, data.customer_category)
    if data.receiver is not None:
        _party_block(b, b.t("print.receiver"), data.receiver)
    b.rule()

    # Items
    for item in data.items:
        _item_block(b, item)
    b.rule()
    qty = sum(item.qty for item in data.items)
    b.wrap(b.t("print.items_count", lines=len(data.items), qty=qty))

    # Totals: before item discounts, then the discounts, as the sale screen shows them
    item_discounts = sum(item.discount_total for item in data.items)
    b.pair(b.t("print.subtotal"), _money(data.subtotal + item_discounts))
    if item_discounts:
        b.pair(b.t("print.item_discounts"), _money(-item_discounts))
    for adj in data.adjustments:
        b.pair(adj.name, _money(adj.amount))
    if data.courier or data.shipping_cost:
        b.pair(b.t("print.shipping", courier=printable(data.courier)).strip(),
               _money(data.shipping_cost))
    b.rule("=")
    b.pair(b.t("print.total"), _money(data.total), bold=True, size="tall")
    b.rule("=")

    # Payment
    b.pair(b.t("print.status"), b.t(_STATUS_KEYS[data.payment_status]), bold=True)
    method = data.payment_method or (b.t("print.method_cash") if data.is_cash else "")
    if len(data.tenders) > 1:
        for tender in data.tenders:
            b.pair(printable(tender.method) or b.t("print.method_cash"), _money(tender.amount))
    elif method and data.payment_status != "UNPAID":
        b.pair(b.t("print.method"), method)
    if data.payment_status != "UNPAID":
        b.pair(b.t("print.paid"), _money(data.paid))
    if data.tendered is not None:
        b.pair(b.t("print.tendered"), _money(data.tendered))
        b.pair(b.t("print.change"), _money(data.change), bold=True)
    if data.remaining:
        b.pair(b.t("print.remaining"), _money(data.remaining), bold=True)

    if printable(data.awb):
        b.rule()
        b.labelled(b.t("print.awb"), data.awb)
    if printable(data.note):
        b.rule()
        b.labelled(b.t("print.note"), data.note)

    # QR and footer
    qr = printable(data.qr_payload)
    if qr:
        b.blank()
        b.lines.append(ReceiptLine(qr, center=True, kind="qr"))
    footer = printable_lines(data.footer)
    if footer:
        b.blank()
        for line in footer:
            if line:
                b.center(line)
            else:
                b.blank()
    return Receipt(columns=columns, lang=data.lang, lines=tuple(b.lines))


def qr_preview_lines(receipt: Receipt, payload: str) -> list[str]:
    """How the QR shows in the text preview: `[QR: payload]` centred, wrapped if long."""
    text = printable(t("print.qr_preview", receipt.lang, payload=payload))
    return [_center(line, receipt.columns) for line in _wrap(text, receipt.columns)]


def receipt_text(receipt: Receipt) -> str:
    """The exact text of the receipt, one line per printed line (the QR as `[QR: …]`);
    what the TUI previews and what the `none` printer "prints"."""
    out: list[str] = []
    for line in receipt.lines:
        if line.kind == "qr":
            out.extend(qr_preview_lines(receipt, line.text))
        elif line.size == "large":
            # Double width on paper: centred across the whole line in the preview.
            out.append(_center(line.text.strip(), receipt.columns))
        else:
            out.append(line.text)
    return "\n".join(text.rstrip() for text in out) + "\n"


__all__ = [
    "SUPPORTED_COLUMNS",
    "Receipt",
    "ReceiptAdjustment",
    "ReceiptData",
    "ReceiptItem",
    "ReceiptLine",
    "ReceiptParty",
    "layout_receipt",
    "receipt_data_from_sale",
    "receipt_text",
]
