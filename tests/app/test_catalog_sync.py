"""Catalog refreshes of several sessions on one data folder: one download, and a sync run
by another session is shown as a sync, never as a failure or as offline."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.errors import NotFound
from sspos.app.errors import describe_error
from sspos.app.pos import Pos
from sspos.app.services import Services
from sspos.app.status import ConnectionChanged, StatusEvent, SyncFinished, SyncProgressed
from sspos.i18n import t
from sspos.runtime import DEMO_BASE_URL
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread
from sspos.store import db as dbmod
from sspos.store.sync import SyncFailed
from sspos.store.sync_child import ClientSpec
from tests.app.conftest import run_pos
from tests.store.conftest import TOKEN
from tests.tui.conftest import make_settings


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


async def test_a_refresh_in_a_child_finds_the_next_child_started(
    tmp_path: Path, make_settings_for_child: Callable[..., Services]
) -> None:
    pos = Pos(make_settings_for_child(tmp_path / "pos"))
    assert pos.catalog_sync.spare_pid is None
    await pos.catalog_sync.keep_ready()  # as the POS does when it starts
    first = pos.catalog_sync.spare_pid
    assert first is not None
    assert (await pos.catalog_sync.run(quiet=False)) > 0
    second = pos.catalog_sync.spare_pid
    assert second is not None and second != first  # the sync ran in the spare; one waits
    assert not Path(f"/proc/{first}").exists()
    await pos.aclose()
    assert pos.catalog_sync.spare_pid is None and not Path(f"/proc/{second}").exists()


async def test_a_box_short_of_memory_keeps_no_spare_child(
    tmp_path: Path, make_settings_for_child: Callable[..., Services]
) -> None:
    pos = Pos(make_settings_for_child(tmp_path / "pos", sync_spare_child=False))
    await pos.catalog_sync.keep_ready()
    assert (await pos.catalog_sync.run(quiet=False)) > 0  # in a child started for it
    assert pos.catalog_sync.spare_pid is None
    await pos.aclose()


@pytest.fixture
def make_settings_for_child() -> Iterator[Callable[..., Services]]:
    """Services whose syncs run in a child process, against a sandbox on a socket."""
    app = create_app(SandboxConfig(seed=5, products=30, customers=10, token=TOKEN))
    with serve_in_thread(app) as url:

        def build(data_dir: Path, **overrides: Any) -> Services:
            return Services(
                make_settings(data_dir, **overrides), client=SmartSellerClient(url, TOKEN),
                data_dir=data_dir, sync_on_start=False, run_outbox_worker=False,
                sync_client=ClientSpec(url, TOKEN, "en"),
            )

        yield build


async def test_a_sync_that_reached_the_server_wakes_the_outbox_worker(
    make_pos: Callable[..., Pos], sandbox: Any
) -> None:
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        worker = pos.services.outbox_worker
        assert worker is not None

        async def online() -> None:
            while not worker.online:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(online(), 10)  # its first pass: the next is 30 s away
        sandbox.state.sandbox.faults.down = True
        await worker.drain_once()  # a pass that finds the server down
        await pos.refresh_status()
        assert pos.status.status.connection == "offline"
        sandbox.state.sandbox.faults.down = False
        assert (await pos.catalog_sync.run(quiet=False)) > 0
        await asyncio.wait_for(online(), 10)
        await pos.refresh_status()  # what the status bar reads every 2 s
        assert pos.status.status.connection == "online"


async def test_a_sync_that_met_junk_leaves_the_status_bar_saying_so(
    make_pos: Callable[..., Pos], sandbox: Any
) -> None:
    async with run_pos(make_pos(submit_wait=3600)) as pos:
        worker = pos.services.outbox_worker
        assert worker is not None

        async def connection(state: str) -> None:
            while worker.connection != state:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(connection("online"), 10)  # the next pass is 30 s away
        sandbox.state.sandbox.faults.html_rate = 1.0  # a login page instead of every answer
        with pytest.raises(SyncFailed):
            await pos.catalog_sync.run(quiet=True)
        await asyncio.wait_for(connection("failing"), 10)
        await pos.refresh_status()  # what the status bar reads every 2 s
        assert pos.status.status.connection == "failing" and pos.status.status.sync_failed


async def test_a_wrong_server_address_is_not_shown_as_online(
    make_pos: Callable[..., Pos], sandbox: Any
) -> None:
    # Every request answers 404 "no such endpoint": the address is wrong, not the shop.
    pos = make_pos(worker=False)
    pos.services.client = SmartSellerClient(
        f"{DEMO_BASE_URL}/v0", DEMO_TOKEN, transport=httpx.ASGITransport(app=sandbox)
    )
    with pytest.raises(NotFound) as failed:
        await pos.catalog_sync.run(quiet=False)
    assert pos.status.status.connection == "failing"
    assert pos.status.status.sync_failed
    assert "SSPOS_API_URL" in describe_error(failed.value, "en")
    await pos.start()  # as the TUI starts after a first sync: it still says it failed
    assert pos.status.status.sync_failed and pos.status.status.connection == "failing"
    await pos.aclose()
