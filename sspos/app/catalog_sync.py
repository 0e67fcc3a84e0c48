"""Refreshing the local catalog (products, customers, reference data) from the server.

Runs beside the sale: the catalog in use stays whole until the new copy is complete (see
`sspos.store.sync.full_sync`). Progress, success and failure are status events; after a
sync the reference data in memory is read again.

The sync runs in a child process when `Services.sync_client` says how to reach the server
from there (the POS does; tests on an in-process sandbox sync in-process), so its CPU work
never stalls the cashier's typing. The sessions on one data folder share one download
(`sspos.store.sync_child.sync_for_box`): one that finds another's sync running waits for
it and uses its catalog, and shows it as a sync, never as a failure. A spare child is
kept started (`keep_ready`, and after each sync), so a refresh does not wait for the
child to load its modules.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import UTC, datetime, timedelta

from sspos.app.services import Services
from sspos.app.status import (
    ConnectionChanged,
    ShopNamed,
    StatusBoard,
    SyncFinished,
    SyncProgressed,
)
from sspos.i18n import t
from sspos.logs import LOG_FILE
from sspos.store.sync import SyncProgress, SyncSummary, full_sync
from sspos.store.sync_child import SpareChild, SyncRequest, sync_for_box, sync_in_child
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
        spare = services.sync_client is not None and services.settings.sync_spare_child
        self._spare = SpareChild() if spare else None

    @property
    def spare_pid(self) -> int | None:
        """The process id of the child waiting for the next sync, if one waits."""
        return None if self._spare is None else self._spare.pid

    async def keep_ready(self) -> None:
        """Start the next sync's child now (when syncs run in one), while nothing waits."""
        if self._spare is not None:
            try:
                await self._spare.keep_ready()
            except OSError:  # no process to spare (limits): a sync starts its own
                log.exception("could not start a spare sync child")

    async def aclose(self) -> None:
        """End the spare child."""
        if self._spare is not None:
            await self._spare.close()

    def _outbox_looks_again(self) -> None:
        """After a sync learnt how the server is: the outbox worker, whose view the status
        bar reads (its last pass may be minutes old), looks again now; when the server is
        back, what is queued goes out now rather than at its next pass."""
        worker = self.services.outbox_worker
        if worker is not None:
            worker.wake()

    async def run(self, *, quiet: bool, fresh_within_s: float | None = None) -> int:
        """Sync, then read the reference data again; returns the catalog's variant count.

        `quiet` (the periodic refresh): fewer retries per page. `fresh_within_s`: nothing
        is downloaded when another session on this data folder synced the catalog that
        recently (`math.inf`: any catalog will do, as at start-up); a sync of another
        session that is running is always waited for instead. A failure is published
        (sync failed, the server's state) and raised; the old catalog stays in use."""
        services = self.services
        self.running = True
        self.status.publish(SyncProgressed("0"))

        def progress(step: SyncProgress) -> None:
            text = f"{stage_label(step.stage, services.lang)} {step.done}"
            self.status.publish(SyncProgressed(text[:PROGRESS_WIDTH]))

        attempts = BACKGROUND_SYNC_ATTEMPTS if quiet else MAX_PAGE_ATTEMPTS
        deadline_s = services.settings.sync_timeout_minutes * 60.0

        async def download() -> SyncSummary:
            if services.sync_client is None:
                return await full_sync(services.client, services.data_dir, progress=progress,
                                       attempts=attempts, deadline_s=deadline_s)
            log_file = services.settings.data_dir / LOG_FILE
            request = SyncRequest(
                services.sync_client, str(services.data_dir), attempts, deadline_s,
                str(log_file) if log_file.exists() else None,
            )
            child = None if self._spare is None else await self._spare.take()
            return await sync_in_child(request, progress, child=child)

        async def waiting(seconds: float) -> None:
            self.status.publish(SyncProgressed(t("store.sync.elsewhere", services.lang)))
            await asyncio.sleep(seconds)

        fresh_since = None
        if fresh_within_s == math.inf:
            fresh_since = datetime.min.replace(tzinfo=UTC)
        elif fresh_within_s is not None:
            # Real time, as the catalog's `synced_at` is (the shop's clock may be a test's).
            fresh_since = datetime.now(UTC) - timedelta(seconds=fresh_within_s)
        try:
            outcome = await sync_for_box(services.data_dir, download, fresh_since=fresh_since,
                                         sleep=waiting)
        except Exception as exc:
            log.warning("sync failed: %s", exc, exc_info=not quiet)
            self.status.publish(SyncFinished(ok=False))
            self.status.error_seen(exc)
            self._outbox_looks_again()
            await self.keep_ready()  # the next refresh's child
            raise
        finally:
            self.running = False
        await self.keep_ready()
        if outcome.summary is None:
            log.info("sync not needed: %s", "; ".join(outcome.reasons))
        else:
            log.info("sync done: %s", outcome.summary)
            self.status.publish(ConnectionChanged("online"))
            self._outbox_looks_again()
        await asyncio.to_thread(services.load_reference)
        await asyncio.to_thread(services.find_cash_account)
        count = await asyncio.to_thread(services.catalog.variant_count)
        last = await asyncio.to_thread(services.catalog.last_synced)
        self.status.publish(ShopNamed(services.ref.shop_name))
        self.status.publish(SyncFinished(ok=True, synced_at=last))
        return count
