"""F10: today's orders — this terminal's outbox (pending / PO / rejected) plus the API's.

F3 adds an AWB (queued behind its sale in the outbox), F4 reprints the stored receipt,
F5 tracks the AWB, F6 reloads, F7 previews the receipt exactly as it prints, F8 cancels
the order with a reason (a sale still queued is voided) and prints a void slip. The rows come
from `sspos.app.orders` (the outbox first, then the server's list merged in); the table
holds one day of orders, never more than a page from the server.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from sspos.app.cancellations import cancellation_said
from sspos.app.orders import OrderRow
from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.printing.receipt import ReceiptData
from sspos.tui.screens.base import PosScreen
from sspos.tui.screens.dialogs import ConfirmDialog, TextPrompt
from sspos.tui.text import literal, money
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter

log = logging.getLogger(__name__)

# The order's payment status -> its word on screen (the payment screen's own words).
PAYMENT_KEYS = {
    "PAID": "tui.pay.paid",
    "INSTALLMENT": "tui.pay.installment",
    "UNPAID": "tui.pay.unpaid",
}


class OrdersScreen(PosScreen[None]):
    """Today's orders: status, AWB, reprint, tracking."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "awb", "tui.key.awb", id="orders.awb"),
        Binding("f4", "reprint", "tui.key.reprint", id="orders.reprint"),
        Binding("f5", "track", "tui.key.track", id="orders.track"),
        Binding("f6", "reload", "tui.key.refresh", id="orders.refresh"),
        Binding("f7", "preview", "tui.key.preview", id="orders.preview"),
        Binding("f8", "cancel_order", "tui.key.cancel_order", id="orders.cancel"),
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
        """This terminal's sales first, then with the server's list merged in."""
        orders = self.pos.orders
        self.rows = await orders.from_outbox()
        self._draw()
        merged = await orders.with_server(self.rows)
        if merged is not None:
            self.rows = merged
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
        total = format_rupiah(row.total)
        text = Text(t("tui.orders.detail", self.lang, count=row.items, total=total))
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

        self.app.push_screen(
            TextPrompt(t("tui.orders.awb_title", self.lang, ref=label), row.awb), done
        )

    @work(group="awb", exit_on_error=False)
    async def add_awb(self, row: OrderRow, awb: str) -> None:
        """Queue the AWB behind its sale (see `TodaysOrders.add_awb`)."""
        try:
            await self.pos.orders.add_awb(row, awb)
        except Exception as exc:  # noqa: BLE001 - shown, never raised into the UI
            self.host.show_error(exc)
            return
        self.notify(t("tui.orders.awb_saved", self.lang, awb=awb), markup=False, timeout=4)
        self._draw()

    def _selected_receipt(self) -> tuple[OrderRow, ReceiptData] | None:
        """The highlighted order and its receipt as it prints now (None: nothing to print)."""
        row = self.selected()
        if row is None:
            return None
        receipt = row.printable_receipt()
        if receipt is None:
            self.notify(t("tui.orders.no_receipt", self.lang), severity="warning", markup=False)
            return None
        return row, receipt

    def action_reprint(self) -> None:
        """F4: print the highlighted order's receipt again."""
        chosen = self._selected_receipt()
        if chosen is not None:
            row, receipt = chosen
            self.host.print_receipt(receipt, row.client_ref, reprint=True)

    def action_preview(self) -> None:
        """F7: the highlighted order's receipt exactly as it prints."""
        chosen = self._selected_receipt()
        if chosen is not None:
            row, receipt = chosen
            self.host.preview_receipt(receipt, row.client_ref)

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
            info = await self.pos.orders.track(row)
        except Exception as exc:  # noqa: BLE001 - shown, never raised into the UI
            self.host.show_error(exc)
            return
        text = Text(t("tui.orders.track_title", self.lang, awb=row.awb) + "  ", style="bold")
        text.append_text(literal(info.status or ""))
        for event in list(info.history)[-5:]:
            text.append("\n")
            text.append_text(
                literal(f"{event.date or ''}  {event.desc or ''}  {event.location or ''}")
            )
        self._detail(text)

    def action_cancel_order(self) -> None:
        """F8: cancel the highlighted order (or void a queued sale), with a reason."""
        row = self.selected()
        if row is None:
            return
        label = row.po_number or row.client_ref or str(row.order_id)
        total = format_rupiah(row.total)

        def confirmed(reason: str, yes: bool | None) -> None:
            if yes:
                self.cancel_order(row, reason)

        def reason_given(reason: str | None) -> None:
            if reason:
                question = t("tui.orders.cancel_confirm", self.lang, ref=label, total=total,
                             reason=reason)
                self.app.push_screen(ConfirmDialog(question), partial(confirmed, reason))

        self.app.push_screen(
            TextPrompt(t("tui.orders.cancel_title", self.lang, ref=label), max_length=200),
            reason_given,
        )

    @work(group="cancel", exit_on_error=False)
    async def cancel_order(self, row: OrderRow, reason: str) -> None:
        """Cancel or void (see `sspos.app.cancellations`), print the void slip, reload."""
        try:
            cancel = await self.pos.cancellations.cancel(row, reason)
        except Exception as exc:  # noqa: BLE001 - shown, never raised into the UI
            self.host.show_error(exc)
            return
        self.notify(cancellation_said(cancel, self.lang), markup=False, timeout=8)
        self.host.print_void_slip(cancel)
        self.load()
