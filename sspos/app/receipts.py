"""Receipts after the sale: printing and reprinting, remembering whether it printed, and
the preview (the exact text the printer gets)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from sspos.app.orders import awbs_added_later
from sspos.app.services import Services
from sspos.app.status import PrinterChecked, StatusBoard
from sspos.outbox.entries import OutboxError
from sspos.printing.receipt import (
    ReceiptData,
    layout_receipt,
    receipt_text,
    with_awb,
    with_order_number,
)

if TYPE_CHECKING:
    from sspos.printing.printers import PrintResult

log = logging.getLogger(__name__)

# `sspos.printing.printers` imports python-escpos (about 0.3 s): it is imported by the
# first print or preview, in a thread, not by the POS's start.


class Receipts:
    """Prints receipts and keeps what the cashier may want again (the last one)."""

    def __init__(self, services: Services, status: StatusBoard) -> None:
        self.services = services
        self.status = status
        self.last_print: PrintResult | None = None
        # The last sale's receipt and reference, for a preview before the outbox has it.
        self.last_receipt: tuple[ReceiptData, str] | None = None

    @property
    def columns(self) -> int:
        """Characters per line of the configured printer."""
        from sspos.printing.printers import printer_columns

        return printer_columns(self.services.settings)

    async def print(self, receipt: ReceiptData, client_ref: str | None, *, reprint: bool
                    ) -> PrintResult:
        """Print (in a thread: sockets and USB block), remember in the outbox whether it
        printed, and publish the printer's state. Raises what the printer code raised."""
        result = await asyncio.to_thread(self._print, receipt, reprint)
        self.last_print = result
        if client_ref is not None:
            try:
                await asyncio.to_thread(self.services.outbox.mark_printed, client_ref, result.ok)
            except OutboxError:  # e.g. a reprint of an order not in this outbox
                log.debug("mark_printed failed", exc_info=True)
        self.status.publish(PrinterChecked(result.ok, result.error))
        return result

    def _print(self, receipt: ReceiptData, reprint: bool) -> PrintResult:
        from sspos.printing.printers import print_sale

        return print_sale(receipt, self.services.settings, reprint=reprint)

    def preview(self, receipt: ReceiptData) -> str:
        """The exact printed text of `receipt` at the printer's width."""
        return receipt_text(layout_receipt(receipt, self.columns))

    async def newest(self) -> tuple[ReceiptData, str] | None:
        """The newest sale's receipt as it prints now, with its reference (the outbox's,
        read in a thread; else the last one of this session)."""
        found = await asyncio.to_thread(self._newest_stored)
        return found or self.last_receipt

    def _newest_stored(self) -> tuple[ReceiptData, str] | None:
        entries = self.services.outbox.entries(kinds=["sale", "awb"])
        sales = [e for e in entries if e.kind == "sale" and e.receipt and e.state != "voided"]
        if not sales:
            return None
        last = sales[-1]
        assert last.receipt is not None
        receipt = with_order_number(last.receipt, last.po_number)
        awb = awbs_added_later(entries).get(last.client_ref, "")
        return with_awb(receipt, awb), last.client_ref
