"""Today's orders: this terminal's outbox (pending, submitted, rejected) and the server's.

Rows come first from the outbox (read in a thread), then the server's list is merged in:
a sale of ours is recognised by the reference in its note and gets its PO number, AWB and
payment status from the server; the server's other orders are added as they are.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sspos.api.models import OrderSummary, Tracking
from sspos.app.services import Services
from sspos.app.status import QueueCounted, StatusBoard
from sspos.domain.order import reference_in_note
from sspos.outbox.entries import OutboxEntry, State
from sspos.printing.receipt import ReceiptData, with_awb, with_order_number

log = logging.getLogger(__name__)

ORDERS_PAGE = 100


@dataclass
class OrderRow:
    """One order as the Orders screen shows it (from the outbox, the server, or both)."""

    key: str
    time: str = ""
    client_ref: str | None = None
    state: State = "submitted"
    po_number: str | None = None
    order_id: int | None = None
    customer: str = ""
    total: int = 0
    awb: str = ""
    expedition_id: int | None = None
    receipt: ReceiptData | None = None  # as stored with the sale (pending reference)
    messages: dict[str, list[str]] = field(default_factory=dict)
    items: int = 0
    payment: str = ""  # PAID | INSTALLMENT | UNPAID (what the customer paid), "" unknown

    def printable_receipt(self) -> ReceiptData | None:
        """The receipt as it prints now: with the PO number and an AWB added later."""
        if self.receipt is None:
            return None
        return with_awb(with_order_number(self.receipt, self.po_number), self.awb)


def awbs_added_later(entries: Sequence[OutboxEntry]) -> dict[str, str]:
    """Client reference -> the AWB last added to that sale from Orders (F3), if any."""
    return {
        entry.client_ref: str(entry.payload.get("awb_number") or "")
        for entry in entries
        if entry.kind == "awb" and entry.state != "voided"
    }


def rows_from_outbox(entries: Sequence[OutboxEntry], tz: tzinfo, today: str) -> list[OrderRow]:
    """Sales of `today` from this terminal's outbox, with their AWB follow-ups."""
    rows: dict[str, OrderRow] = {}
    for entry in entries:
        if entry.kind != "sale" or (entry.order_date and entry.order_date != today):
            continue
        receipt = entry.receipt
        payload = entry.payload
        # The receipt's time is the sale's (the app's clock); created_at is the disk's.
        created = (receipt.issued_at if receipt is not None
                   else datetime.fromisoformat(entry.created_at)).astimezone(tz)
        expedition = payload.get("expedition")
        payment = payload.get("payment")
        rows[entry.client_ref] = OrderRow(
            key=entry.client_ref,
            time=created.strftime("%H:%M"),
            client_ref=entry.client_ref,
            state=entry.state,
            po_number=entry.po_number,
            order_id=entry.order_id,
            customer=receipt.customer.name if receipt and receipt.customer else "",
            total=receipt.total if receipt else 0,
            awb=str(payload.get("awb_number") or (receipt.awb if receipt else "")),
            expedition_id=expedition.get("id") if isinstance(expedition, dict) else None,
            receipt=receipt,
            messages=dict(entry.messages),
            items=sum(item.qty for item in receipt.items) if receipt else 0,
            payment=str(payment.get("status") or "") if isinstance(payment, dict) else "",
        )
    for client_ref, awb in awbs_added_later(entries).items():
        if client_ref in rows:
            rows[client_ref].awb = awb
    return list(rows.values())


def merge_api_orders(rows: list[OrderRow], orders: Sequence[OrderSummary]) -> list[OrderRow]:
    """Add server orders; ours (found by the reference in the note) get the PO/AWB."""
    by_ref = {r.client_ref: r for r in rows if r.client_ref}
    merged = list(rows)
    for order in orders:
        ref = reference_in_note(order.note)
        mine = by_ref.get(ref) if ref else None
        if mine is not None:
            mine.order_id = mine.order_id or order.order_id
            mine.po_number = mine.po_number or (str(order.po_number) if order.po_number else None)
            mine.awb = order.awb_number or mine.awb
            if mine.expedition_id is None:
                mine.expedition_id = order.shipping_id
            # A later payment (quick-payment) changes the status on the server.
            mine.payment = str(order.payment_status or "") or mine.payment
            continue
        merged.append(
            OrderRow(
                key=f"order:{order.order_id}",
                time=(order.created_at or "")[11:16],
                state="submitted",
                po_number=str(order.po_number) if order.po_number else None,
                order_id=order.order_id,
                customer=order.sender_name or "",
                total=int(order.total_amount or 0),
                awb=order.awb_number or "",
                expedition_id=order.shipping_id,
                items=sum(int(p.quantity or 0) for p in order.products),
                payment=str(order.payment_status or ""),
            )
        )
    return merged


class TodaysOrders:
    """The use cases of the Orders screen: list, add an AWB later, track a parcel."""

    def __init__(self, services: Services, status: StatusBoard) -> None:
        self.services = services
        self.status = status

    def today(self) -> str:
        """Today's date in the shop's time zone (yyyy-mm-dd)."""
        settings = self.services.settings
        return self.services.clock().astimezone(settings.tz).date().isoformat()

    async def from_outbox(self) -> list[OrderRow]:
        """Today's sales of this terminal (the outbox, read in a thread)."""
        entries = await asyncio.to_thread(self.services.outbox.entries)
        rows = rows_from_outbox(entries, self.services.settings.tz, self.today())
        # An order cancelled from the counter (F8) shows as such, not as still live.
        cancelled = await asyncio.to_thread(self.services.shift_book.cancelled_refs)
        for row in rows:
            if row.client_ref in cancelled:
                row.state = "voided"
        return rows

    async def with_server(self, rows: list[OrderRow]) -> list[OrderRow] | None:
        """`rows` with the server's orders of today merged in; None when the server
        cannot be asked (offline: the outbox rows are what there is)."""
        today = self.today()
        try:
            page = await self.services.client.orders(
                page=1, per_page=ORDERS_PAGE, start_date=today, end_date=today)
        except Exception as exc:  # noqa: BLE001 - offline: the outbox rows are still shown
            log.info("orders list unavailable: %s", exc)
            return None
        return merge_api_orders(rows, list(page.items))

    async def add_awb(self, row: OrderRow, awb: str) -> None:
        """Queue the AWB behind its sale and wake the worker (OutboxError: refused)."""
        services = self.services
        ref = row.client_ref or row.key
        await asyncio.to_thread(services.outbox.enqueue_awb, ref, awb, order_id=row.order_id)
        if services.outbox_worker is not None:
            services.outbox_worker.wake()
        row.awb = awb
        counts = await asyncio.to_thread(services.outbox.counts)
        self.status.publish(QueueCounted(counts.waiting, counts.rejected))

    async def track(self, row: OrderRow) -> Tracking:
        """The courier's tracking of the row's AWB (ApiError when it cannot be had)."""
        return await self.services.client.tracking(row.awb, int(row.expedition_id or 0),
                                                   row.order_id)
