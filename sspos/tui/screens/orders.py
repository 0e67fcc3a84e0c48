"""F10: today's orders — this terminal's outbox (pending / PO / rejected) plus the API's.

F3 adds an AWB (queued behind its sale in the outbox), F4 reprints the stored receipt,
F5 tracks the AWB, F6 reloads, F7 previews the receipt exactly as it prints. Reading the outbox runs in a thread, the API in async
workers; the table holds one day of orders, never more than a page from the server.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from sspos.domain.money import format_rupiah
from sspos.domain.order import reference_in_note
from sspos.i18n import t
from sspos.printing.receipt import with_awb, with_order_number
from sspos.tui.screens.base import PosScreen
from sspos.tui.screens.dialogs import TextPrompt
from sspos.tui.text import literal, money
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter

log = logging.getLogger(__name__)

ORDERS_PAGE = 100
# The order's payment status -> its word on screen (the payment screen's own words).
PAYMENT_KEYS = {
    "PAID": "tui.pay.paid",
    "INSTALLMENT": "tui.pay.installment",
    "UNPAID": "tui.pay.unpaid",
}


@dataclass
class OrderRow:
    """One order as the screen shows it (from the outbox, the API, or both)."""

    key: str
    time: str = ""
    client_ref: str | None = None
    state: str = "submitted"  # pending | sending | submitted | rejected | voided
    po_number: str | None = None
    order_id: int | None = None
    customer: str = ""
    total: int = 0
    awb: str = ""
    expedition_id: int | None = None
    receipt: dict[str, Any] | None = None
    messages: dict[str, list[str]] = field(default_factory=dict)
    items: int = 0
    payment: str = ""  # PAID | INSTALLMENT | UNPAID (what the customer paid), "" unknown


def awbs_added_later(entries: list[Any]) -> dict[str, str]:
    """Client reference -> the AWB last added to that sale from Orders (F3), if any."""
    return {
        entry.client_ref: str(entry.payload.get("awb_number") or "")
        for entry in entries
        if entry.kind == "awb" and entry.state != "voided"
    }


def rows_from_outbox(entries: list[Any], tz: Any, today: str) -> list[OrderRow]:
    """Sales of `today` from this terminal's outbox, with their AWB follow-ups."""
    rows: dict[str, OrderRow] = {}
    for entry in entries:
        if entry.kind == "sale":
            if entry.order_date and entry.order_date != today:
                continue
            receipt = entry.receipt or {}
            payload = entry.payload or {}
            # The receipt's time is the sale's (the app's clock); created_at is the disk's.
            stamp = receipt.get("issued_at") or entry.created_at
            created = datetime.fromisoformat(stamp).astimezone(tz)
            customer = (receipt.get("customer") or {}).get("name", "")
            rows[entry.client_ref] = OrderRow(
                key=entry.client_ref,
                time=created.strftime("%H:%M"),
                client_ref=entry.client_ref,
                state=entry.state,
                po_number=entry.po_number,
                order_id=entry.order_id,
                customer=customer,
                total=int(receipt.get("total") or 0),
                awb=str(payload.get("awb_number") or receipt.get("awb") or ""),
                expedition_id=(payload.get("expedition") or {}).get("id"),
                receipt=receipt or None,
                messages=dict(entry.messages or {}),
                items=sum(int(i.get("qty", 0)) for i in receipt.get("items", [])),
                payment=str((payload.get("payment") or {}).get("status") or ""),
            )
    for client_ref, awb in awbs_added_later(entries).items():
        if client_ref in rows:
            rows[client_ref].awb = awb
    return list(rows.values())


def merge_api_orders(rows: list[OrderRow], orders: list[Any]) -> list[OrderRow]:
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
        created = (order.created_at or "")[11:16]
        merged.append(
            OrderRow(
                key=f"order:{order.order_id}",
                time=created,
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


class OrdersScreen(PosScreen[None]):
    """Today's orders: status, AWB, reprint, tracking."""

    BINDINGS = [
        Binding("f3", "awb", "tui.key.awb", id="orders.awb"),
        Binding("f4", "reprint", "tui.key.reprint", id="orders.reprint"),
        Binding("f5", "track", "tui.key.track", id="orders.track"),
        Binding("f6", "reload", "tui.key.refresh", id="orders.refresh"),
        Binding("f7", "preview", "tui.key.preview", id="orders.preview"),
        Binding("f10", "back", "tui.key.back", show=False, id="orders.close"),
    ]

    def __init__(self) -> None:
        super().__init__(id="orders")
        self.rows: list[OrderRow] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="panel"):
            yield Label(t("tui.orders.title", lang), classes="dialog-title")
            yield FitTable(
                [
                    Column("time", t("tui.col.time", lang), 5),
                    Column("ref", t("tui.col.order_no", lang), 12),
                    Column("customer", t("tui.col.customer", lang)),
                    Column("total", t("tui.col.total", lang), 13, right=True, shrink=True),
                    Column("status", t("tui.col.status", lang), 12, shrink=True),
                    Column("awb", t("tui.col.awb", lang), 14, shrink=True),
                ],
                id="orders-table",
            )
            yield Static("", id="orders-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#orders-table", FitTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def load(self) -> None:
        """Outbox (thread) first, then the server's list (async)."""
        services = self.pos.services
        tz = services.settings.tz
        today = services.clock().astimezone(tz).date().isoformat()
        outbox = await asyncio.to_thread(lambda: services.outbox)
        entries = await asyncio.to_thread(outbox.entries) if outbox is not None else []
        self.rows = rows_from_outbox(entries, tz, today)
        self._draw()
        try:
            page = await services.client.orders(
                page=1, per_page=ORDERS_PAGE, start_date=today, end_date=today
            )
        except Exception as exc:  # noqa: BLE001 - offline: the outbox rows are still shown
            log.info("orders list unavailable: %s", exc)
            return
        self.rows = merge_api_orders(self.rows, list(page.items))
        self._draw()

    def _number_text(self, row: OrderRow) -> Text:
        """The order's number once the server gave one; until then where the sale is."""
        lang = self.lang
        if row.state in ("pending", "sending"):
            return Text(t("tui.orders.pending", lang), style="yellow")
        if row.state == "rejected":
            return Text(t("tui.orders.rejected", lang), style="bold red")
        if row.state == "voided":
            return Text(t("tui.orders.void", lang), style="dim")
        return literal(t("tui.orders.submitted", lang, po=row.po_number or "?"), style="green")

    def _payment_text(self, row: OrderRow) -> Text:
        """Lunas / Cicilan / Belum bayar (the server's word when it is another one)."""
        key = PAYMENT_KEYS.get(row.payment.upper())
        if key is None:
            return literal(row.payment)
        return Text(t(key, self.lang), style="bold" if row.payment.upper() != "PAID" else "")

    def _draw(self) -> None:
        table = self.query_one("#orders-table", FitTable)
        cursor = table.cursor_row
        ordered = sorted(self.rows, key=lambda r: r.time, reverse=True)
        self.rows = ordered
        table.set_rows(
            [
                (
                    index,
                    [
                        Text(row.time),
                        self._number_text(row),
                        literal(row.customer),
                        money(row.total),
                        self._payment_text(row),
                        literal(row.awb),
                    ],
                )
                for index, row in enumerate(ordered)
            ],
            cursor=cursor,
        )
        if not ordered:
            self._detail(Text(t("tui.orders.empty", self.lang), style="dim"))
        else:
            self._show_detail()

    def _detail(self, text: Text) -> None:
        self.query_one("#orders-detail", Static).update(text)

    def selected(self) -> OrderRow | None:
        key = self.query_one("#orders-table", FitTable).current_key
        return self.rows[int(key)] if key is not None and int(key) < len(self.rows) else None

    @on(DataTable.RowHighlighted, "#orders-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.selected()
        if row is None:
            return
        text = Text(t("tui.orders.detail", self.lang, count=row.items, total=format_rupiah(row.total)))
        if row.client_ref:
            text.append("  " + row.client_ref, style="dim")
        for path, messages in row.messages.items():
            text.append(f"\n{path}: " + "; ".join(str(m) for m in messages), style="red")
        self._detail(text)

    # --- actions ----------------------------------------------------------------------

    def action_awb(self) -> None:
        row = self.selected()
        if row is None:
            return
        label = row.po_number or row.client_ref or str(row.order_id)

        def done(awb: str | None) -> None:
            if awb:
                self.add_awb(row, awb)

        self.app.push_screen(TextPrompt(t("tui.orders.awb_title", self.lang, ref=label), row.awb), done)

    @work(group="awb", exit_on_error=False)
    async def add_awb(self, row: OrderRow, awb: str) -> None:
        """Queue the AWB behind its sale (or send it now without an outbox)."""
        services = self.pos.services
        try:
            outbox = await asyncio.to_thread(lambda: services.outbox)
            if outbox is not None:
                ref = row.client_ref or row.key
                await asyncio.to_thread(outbox.enqueue_awb, ref, awb, order_id=row.order_id)
                if services.outbox_worker is not None:
                    services.outbox_worker.wake()
            elif row.order_id is not None:
                await services.client.add_awb(row.order_id, awb)
        except Exception as exc:  # noqa: BLE001
            self.pos.show_error(exc)
            return
        row.awb = awb
        self.notify(t("tui.orders.awb_saved", self.lang, awb=awb), markup=False, timeout=4)
        self._draw()
        self.pos.refresh_status()

    def _selected_receipt(self) -> tuple[OrderRow, dict[str, Any]] | None:
        """The highlighted order and its receipt as it prints now (None: nothing to print)."""
        row = self.selected()
        if row is None:
            return None
        if not row.receipt:
            self.notify(t("tui.orders.no_receipt", self.lang), severity="warning", markup=False)
            return None
        return row, with_awb(with_order_number(row.receipt, row.po_number), row.awb)

    def action_reprint(self) -> None:
        chosen = self._selected_receipt()
        if chosen is not None:
            row, receipt = chosen
            self.pos.print_receipt(receipt, row.client_ref, reprint=True)

    def action_preview(self) -> None:
        chosen = self._selected_receipt()
        if chosen is not None:
            row, receipt = chosen
            self.pos.preview_receipt(receipt, row.client_ref)

    def action_track(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.awb or row.expedition_id is None:
            self.notify(t("tui.orders.no_awb", self.lang), severity="warning", markup=False)
            return
        self.track(row)

    @work(exclusive=True, group="track", exit_on_error=False)
    async def track(self, row: OrderRow) -> None:
        """GET expedition/tracking and show the history under the table."""
        try:
            info = await self.pos.services.client.tracking(row.awb, int(row.expedition_id or 0), row.order_id)
        except Exception as exc:  # noqa: BLE001
            self.pos.show_error(exc)
            return
        text = Text(t("tui.orders.track_title", self.lang, awb=row.awb) + "  ", style="bold")
        text.append_text(literal(info.status or ""))
        for event in list(info.history)[-5:]:
            text.append("\n")
            text.append_text(literal(f"{event.date or ''}  {event.desc or ''}  {event.location or ''}"))
        self._detail(text)
