"""One running POS terminal: its services and its use cases, wired together.

`Pos` is what the TUI (or any other front end, or a test) holds: `counter` (the sale in
progress), `checkout`, `receipts`, `orders`, `catalog_sync`, `customers`, `parking`,
`price_check`, `shifts` (the drawer: shifts, cash in/out), `cancellations` (from
Orders), and `status` (one stream of status events). It has no Textual import; every
method that waits on I/O is async and runs the blocking part in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from sspos.api.models import Region
from sspos.app.cancellations import Cancellations
from sspos.app.catalog_sync import CatalogSync
from sspos.app.checkout import Checkout
from sspos.app.counter import Counter
from sspos.app.customers import CustomerCreator, adopt_created_customers
from sspos.app.delivery import deliver_now
from sspos.app.orders import TodaysOrders
from sspos.app.parking import Parking
from sspos.app.price_check import PriceCheck
from sspos.app.receipts import Receipts
from sspos.app.services import Services
from sspos.app.shifts import Shifts
from sspos.app.status import (
    ConnectionChanged,
    DuplicateCancelled,
    QueueCounted,
    ShopNamed,
    StatusBoard,
    SyncFinished,
)
from sspos.domain.catalog import Customer
from sspos.outbox.entries import OutboxEntry
from sspos.outbox.status import WorkerStatus
from sspos.store.sync import customer_record

log = logging.getLogger(__name__)


class Pos:
    """The use cases of one terminal, over one `Services`."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.status = StatusBoard()
        self.counter = Counter(services)
        self.checkout = Checkout(services, self.status)
        self.receipts = Receipts(services, self.status)
        self.orders = TodaysOrders(services, self.status)
        self.catalog_sync = CatalogSync(services, self.status)
        self.parking = Parking(services, self.counter)
        self.price_check = PriceCheck(services)
        settings = services.settings
        # The wall clock, as the outbox stamps the sales a shift adds up.
        self.shifts = Shifts(
            services.shift_book, services.outbox, terminal_id=settings.terminal_id,
            cashier=settings.cashier, clock=lambda: datetime.now(settings.tz), tz=settings.tz,
            new_reference=services.new_reference, lang=services.lang,
        )
        self.cancellations = Cancellations(services, self.shifts, self.status)
        self.customers = CustomerCreator(
            services.outbox, services.customers, deliver=self._deliver,
            new_reference=services.new_reference,
        )
        self._tasks: set[asyncio.Task[None]] = set()
        if services.outbox_worker is not None:
            services.outbox_worker.subscribe(self._worker_passed)

    @property
    def lang(self) -> str:
        """The shop's language (`id` or `en`)."""
        return self.services.lang

    # --- start-up -----------------------------------------------------------------------

    async def needs_first_sync(self) -> bool:
        """No catalog was ever synced here, and syncing at start is wanted."""
        services = self.services
        return services.sync_on_start and await asyncio.to_thread(services.catalog_is_empty)

    async def start(self) -> int:
        """Read what the terminal knows (reference data, walk-in customer, cash account),
        then bring back the unfinished cart; returns how many items came back. Raises
        when the local stores cannot be read."""
        services = self.services
        await asyncio.to_thread(services.load_reference)
        await asyncio.to_thread(services.find_walk_in)
        await asyncio.to_thread(services.find_cash_account)
        last = await asyncio.to_thread(services.catalog.last_synced)
        self.counter.walk_in_category_known()
        restored = await self.counter.restore()
        self.status.publish(ShopNamed(services.ref.shop_name))
        # The live catalog's age; a first sync that failed just before stays failed.
        self.status.publish(SyncFinished(ok=not self.status.status.sync_failed, synced_at=last))
        return restored

    # --- the outbox's news ----------------------------------------------------------------

    async def refresh_status(self) -> None:
        """Publish the outbox's counts and the worker's view of the server."""
        await self.checkout.count_queue()
        worker = self.services.outbox_worker
        if worker is not None and worker.connection is not None:
            self.status.publish(ConnectionChanged(worker.connection))

    def _worker_passed(self, status: WorkerStatus) -> None:
        """The outbox worker finished a pass (called on the loop that runs it)."""
        self._spawn(self.adopt_created_customers())
        if status.connection is not None:
            self.status.publish(ConnectionChanged(status.connection))
        counts = status.counts
        self.status.publish(QueueCounted(counts.waiting, counts.rejected))
        for client_ref, order_id, po in status.cancelled:
            self.status.publish(DuplicateCancelled(client_ref, order_id, po))

    async def adopt_created_customers(self) -> None:
        """Customers the outbox created since: their real ids replace the placeholders
        (local list, remembered walk-in), so later sales name them directly."""
        services = self.services
        try:
            adopted = await asyncio.to_thread(
                adopt_created_customers, services.outbox, services.customers,
                services.pos_state)
        except Exception:
            log.exception("adopting created customers failed")
            return
        walk_in = services.walk_in
        if walk_in is not None and walk_in.customer_id in adopted:
            await asyncio.to_thread(services.find_walk_in)

    # --- customers ------------------------------------------------------------------------

    async def _deliver(self, entry_id: int) -> OutboxEntry:
        services = self.services
        return await deliver_now(services.outbox, services.outbox_worker, entry_id,
                                 services.submit_wait)

    def search_customers(self, text: str, limit: int) -> list[Customer]:
        """Customers of the local list matching `text` (blocking: call from a thread)."""
        return self.services.customers.search(text, limit=limit)

    async def search_customers_online(self, text: str, limit: int) -> list[Customer]:
        """The server's customers matching `text` (ApiError when it cannot be asked)."""
        page = await self.services.client.customers(keyword=text, per_page=limit)
        return [customer_record(c) for c in page.items]

    async def find_regions(self, text: str, limit: int) -> list[Region]:
        """Sub-districts matching `text`: the local list first, the server when it
        knows none (unless known to be offline). ApiError when the server fails."""
        services = self.services
        found: list[Region] = []
        try:
            found = await asyncio.to_thread(services.reference.regions, text, limit)
        except Exception:
            log.exception("local region search failed")
        if not found and not services.known_offline():
            found = list((await services.client.regions(keyword=text, per_page=limit)).items)
        return found

    # --- the end --------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` beside the caller; it is cancelled by `aclose` if still running."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Stop what runs in the background and close the API client."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.catalog_sync.aclose()
        await self.services.aclose()

