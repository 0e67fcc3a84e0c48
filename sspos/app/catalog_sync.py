"""Refreshing the local catalog (products, customers, reference data) from the server.

Runs beside the sale: the catalog in use stays whole until the new copy is complete (see
`sspos.store.sync.full_sync`). Progress, success and failure are status events; after a
sync the reference data in memory is read again.
"""

from __future__ import annotations

import asyncio
import logging

from sspos.app.services import Services
from sspos.app.status import (
    ConnectionChanged,
    ShopNamed,
    StatusBoard,
    SyncFinished,
    SyncProgressed,
)
from sspos.store.sync import SyncProgress, SyncSummary, full_sync
from sspos.store.sync_pager import MAX_PAGE_ATTEMPTS, stage_label

log = logging.getLogger(__name__)

BACKGROUND_SYNC_ATTEMPTS = 2  # per page; a refresh that cannot get through waits for the next
PROGRESS_WIDTH = 20  # the status bar's room for "Produk 1200"


class CatalogSync:
    """One sync at a time; `running` says whether one is on its way."""

    def __init__(self, services: Services, status: StatusBoard) -> None:
        self.services = services
        self.status = status
        self.running = False

    async def run(self, *, quiet: bool) -> int:
        """Sync, then read the reference data again; returns the catalog's variant count.

        `quiet` (the periodic refresh): fewer retries per page. A failure is published
        (sync failed, the server's state) and raised; the old catalog stays in use."""
        services = self.services
        self.running = True
        self.status.publish(SyncProgressed("0"))

        def progress(step: SyncProgress) -> None:
            text = f"{stage_label(step.stage, services.lang)} {step.done}"
            self.status.publish(SyncProgressed(text[:PROGRESS_WIDTH]))

        try:
            summary: SyncSummary = await full_sync(
                services.client, services.data_dir, progress=progress,
                attempts=BACKGROUND_SYNC_ATTEMPTS if quiet else MAX_PAGE_ATTEMPTS,
                deadline_s=services.settings.sync_timeout_minutes * 60,
            )
        except Exception as exc:
            log.warning("sync failed: %s", exc, exc_info=not quiet)
            self.status.publish(SyncFinished(ok=False))
            self.status.error_seen(exc)
            raise
        finally:
            self.running = False
        log.info("sync done: %s", summary)
        self.status.publish(ConnectionChanged("online"))
        await asyncio.to_thread(services.load_reference)
        await asyncio.to_thread(services.find_cash_account)
        count = await asyncio.to_thread(services.catalog.variant_count)
        last = await asyncio.to_thread(services.catalog.last_synced)
        self.status.publish(ShopNamed(services.ref.shop_name))
        self.status.publish(SyncFinished(ok=True, synced_at=last))
        return count
