"""Catalog refreshes of several sessions on one data folder: one download, and a sync run
by another session is shown as a sync, never as a failure or as offline."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

from sspos.app.pos import Pos
from sspos.app.status import ConnectionChanged, StatusEvent, SyncFinished, SyncProgressed
from sspos.i18n import t
from sspos.store import db as dbmod


async def test_a_refresh_waits_for_another_sessions_sync(make_pos: Callable[..., Pos]) -> None:
    pos = make_pos(worker=False)
    events: list[StatusEvent] = []
    pos.status.subscribe(lambda _status, event: events.append(event))
    before = pos.services.catalog.last_synced()
    other = dbmod.sync_lock(pos.services.data_dir)
    assert other.acquire()  # another terminal's sync is running
    # Any catalog of the last days is fresh enough: only the waiting is looked at here.
    refresh = asyncio.create_task(pos.catalog_sync.run(quiet=True, fresh_within_s=1e6))
    waiting = SyncProgressed(t("store.sync.elsewhere", pos.services.lang))

    async def shown() -> None:
        while waiting not in events:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(shown(), 10)
    assert not refresh.done()
    other.release()
    count = await asyncio.wait_for(refresh, 10)
    assert count == pos.services.catalog.variant_count()
    assert pos.services.catalog.last_synced() == before  # nothing downloaded here
    assert not any(isinstance(e, ConnectionChanged) for e in events)
    finished = [e for e in events if isinstance(e, SyncFinished)]
    assert finished == [SyncFinished(ok=True, synced_at=before)]
    assert pos.status.status.connection is None and not pos.status.status.sync_failed
    await pos.aclose()


async def test_start_up_uses_a_catalog_another_session_synced(
    make_pos: Callable[..., Pos],
) -> None:
    pos = make_pos(worker=False)
    before = pos.services.catalog.last_synced()
    assert (await pos.catalog_sync.run(quiet=False, fresh_within_s=math.inf)) > 0
    assert pos.services.catalog.last_synced() == before
    assert (await pos.catalog_sync.run(quiet=False)) > 0  # asked for: downloads
    assert pos.services.catalog.last_synced() != before
    await pos.aclose()
