"""Taking a sale back from the Orders screen, with a reason.

A sale still in the outbox (waiting, or refused by the server) never became an order: it
is voided there (what `sspos outbox void` does), and the shift lists it from the outbox.
An order the server holds is cancelled there (POST `order/cancel`, whose body is only
the order id: the reason stays on this terminal, on the void slip and the Z report) and
recorded in the shift. A sale being sent right now can be neither until its answer is in.
"""

from __future__ import annotations

import asyncio
import logging

from sspos.app.orders import OrderRow
from sspos.app.services import Services
from sspos.app.shifts import Shifts
from sspos.app.status import QueueCounted, StatusBoard
from sspos.domain.money import format_rupiah
from sspos.domain.shift import Cancellation
from sspos.domain.text import clean_text
from sspos.i18n import t
from sspos.store.shifts import ShiftError

log = logging.getLogger(__name__)


class Cancellations:
    """Cancel an order or void a queued sale (see the module docstring)."""

    def __init__(self, services: Services, shifts: Shifts, status: StatusBoard) -> None:
        self.services = services
        self.shifts = shifts
        self.status = status

    async def cancel(self, row: OrderRow, reason: str) -> Cancellation:
        """Void or cancel `row`; the `Cancellation` its slip prints. Raises ShiftError
        (no reason, nothing to cancel), OutboxError (being sent) or the API's error."""
        why = reason.strip()
        if not why:
            raise ShiftError("shift.error.reason_required")
        services = self.services
        if row.client_ref and row.state in ("pending", "sending", "rejected"):
            entry = await asyncio.to_thread(services.outbox.get, row.client_ref)
            if entry is not None:
                await asyncio.to_thread(services.outbox.void, entry.id, why)
                counts = await asyncio.to_thread(services.outbox.counts)
                self.status.publish(QueueCounted(counts.waiting, counts.rejected))
                log.info("sale %s voided at the counter: %s", row.client_ref, why)
                cash_back = await asyncio.to_thread(self.shifts.cash_kept, row.client_ref)
                return Cancellation(self.shifts.clock(), why, row.total, row.client_ref,
                                    voided_locally=True, cash_back=cash_back)
        if row.state == "voided":
            raise ShiftError("shift.error.already_cancelled")
        if row.order_id is None:
            raise ShiftError("shift.error.no_order")
        answer = await services.client.cancel_order(row.order_id)
        po = row.po_number or (str(answer.po_number) if answer.po_number else None)
        log.info("order %s (PO %s) cancelled at the counter: %s", row.order_id, po, why)
        return await asyncio.to_thread(
            self.shifts.record_cancel, why, row.total, client_ref=row.client_ref or "",
            po_number=po, order_id=row.order_id,
        )


def cancellation_said(cancel: Cancellation, lang: str) -> str:
    """What the counter says once a sale is taken back: cancelled or voided, and the cash
    to hand back from the drawer when it was paid in cash."""
    key = "tui.orders.voided" if cancel.voided_locally else "tui.orders.cancelled"
    said = t(key, lang, ref=clean_text(cancel.po_number or cancel.client_ref))
    if cancel.cash_back:
        said += " " + t("tui.orders.cash_back", lang, amount=format_rupiah(cancel.cash_back))
    return said
