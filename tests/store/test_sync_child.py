"""The catalog sync in a child process, and one sync per data folder."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sspos.api.errors import (
    EndpointMissing,
    NetworkError,
    ServerUnavailable,
    connection_state,
)
from sspos.sandbox import SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread
from sspos.store import db as dbmod
from sspos.store.catalog import Catalog
from sspos.store.sync import SyncFailed, SyncProgress, SyncSummary, install_catalog
from sspos.store.sync_child import (
    ClientSpec,
    ProgressThrottle,
    SpareChild,
    SyncRequest,
    error_from_wire,
    error_to_wire,
    summary_from_wire,
    summary_to_wire,
    sync_for_box,
    sync_in_child,
)
from tests.store.conftest import TOKEN, product

PRODUCTS = 40


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    app = create_app(SandboxConfig(seed=5, products=PRODUCTS, customers=15, token=TOKEN))
    with serve_in_thread(app) as url:
        yield url


def request_for(url: str, data_dir: Path) -> SyncRequest:
    return SyncRequest(ClientSpec(url, TOKEN, "en"), str(data_dir), attempts=2, deadline_s=60)


def test_errors_cross_the_pipe_as_themselves() -> None:
    cause = NetworkError("GET product", "refused", certainly_not_sent=True)
    failed = SyncFailed("store.sync.gave_up", stage="products", cause=cause, page=3)
    back = error_from_wire(error_to_wire(failed))
    assert isinstance(back, SyncFailed) and isinstance(back.cause, NetworkError)
    assert back.message("en") == failed.message("en")
    assert connection_state(back.cause) == "offline"
    down = error_from_wire(error_to_wire(ServerUnavailable("GET x", "maintenance", status=503)))
    assert isinstance(down, ServerUnavailable) and connection_state(down) == "failing"
    wrong = error_from_wire(error_to_wire(EndpointMissing("GET product", "404", status=404)))
    assert isinstance(wrong, EndpointMissing) and connection_state(wrong) == "failing"
    other = error_from_wire(error_to_wire(OSError(28, "No space left on device")))
    assert isinstance(other, SyncFailed) and other.key == "store.sync.child_failed"
    assert "No space left" in other.message("en")


def test_a_summary_crosses_the_pipe_whole() -> None:
    summary = SyncSummary(products=3, variants=7, customers=2, seconds=1.5,
                          reference={"banks": 2},
                          reference_errors={"regions": NetworkError("GET r", "x",
                                                                    certainly_not_sent=False)})
    back = summary_from_wire(summary_to_wire(summary))
    assert back.lines("en") == summary.lines("en")


def test_the_child_writes_few_progress_lines_but_every_stage_s_first_and_last() -> None:
    now = [0.0]
    throttle = ProgressThrottle(every=0.1, clock=lambda: now[0])
    passed = []
    for page in range(1, 335):  # a page every 10 ms, two streams interleaved
        for step in (SyncProgress("products", page, 334), SyncProgress("customers", page, 400)):
            if throttle.passes(step):
                passed.append(step)
        now[0] += 0.01
    indexing = SyncProgress("indexing", 0, None)
    assert throttle.passes(indexing) and throttle.passes(indexing)  # no total: always
    products = [step.done for step in passed if step.stage == "products"]
    assert products[0] == 1 and products[-1] == 334  # the stage's first and last
    assert 30 <= len(products) <= 36  # one per 100 ms, not one per page
    assert all(b - a >= 10 for a, b in itertools.pairwise(products[:-1]))
    assert next(step.done for step in passed if step.stage == "customers") == 1


async def test_a_sync_in_a_child_process_publishes_the_catalog(served: str, tmp_path) -> None:
    steps: list[SyncProgress] = []
    summary = await sync_in_child(request_for(served, tmp_path), steps.append)
    assert summary.products == PRODUCTS and summary.variants > PRODUCTS
    assert {step.stage for step in steps} >= {"products", "customers"}
    last = [step for step in steps if step.stage == "products"][-1]
    assert last.done == last.total  # the bar ends full, however few lines came between
    assert Catalog(tmp_path).variant_count() == summary.variants


async def test_a_spare_child_runs_the_sync_and_a_dead_one_is_replaced(
    served: str, tmp_path
) -> None:
    spare = SpareChild()
    await spare.keep_ready()
    waiting = spare.pid
    assert waiting is not None
    await spare.keep_ready()
    assert spare.pid == waiting  # one spare at a time
    child = await spare.take()
    assert child.pid == waiting and spare.pid is None
    summary = await sync_in_child(request_for(served, tmp_path / "a"), child=child)
    assert summary.products == PRODUCTS and child.returncode == 0
    await spare.keep_ready()
    dead = spare.pid
    assert dead is not None
    os.kill(dead, signal.SIGKILL)  # died while it waited (killed, out of memory)

    async def reaped() -> None:
        while spare.pid is not None:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(reaped(), 10)
    replaced = await spare.take()
    assert replaced.pid != dead
    summary = await sync_in_child(request_for(served, tmp_path / "b"), child=replaced)
    assert summary.products == PRODUCTS
    await spare.keep_ready()
    last = spare.pid
    await spare.close()
    assert spare.pid is None and not Path(f"/proc/{last}").exists()


def test_a_child_asked_for_nothing_ends_quietly() -> None:
    # A spare closed unused: no request line, no error, exit status 0.
    ended = subprocess.run([sys.executable, "-m", "sspos.sync_child"], input="", check=False,
                           capture_output=True, text=True, timeout=60)
    assert (ended.returncode, ended.stdout, ended.stderr) == (0, "", "")


async def test_a_child_that_cannot_reach_the_server_raises_its_error(tmp_path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SyncFailed) as failed:
        await sync_in_child(request_for(f"http://127.0.0.1:{port}/api/open", tmp_path))
    assert isinstance(failed.value.cause, NetworkError)
    assert connection_state(failed.value.cause) == "offline"
    assert dbmod.current_db_path(tmp_path) is None


async def test_a_cancelled_child_leaves_the_live_catalog_alone(served: str, tmp_path) -> None:
    first = await sync_in_child(request_for(served, tmp_path))
    live = dbmod.current_db_path(tmp_path)
    started = asyncio.Event()
    task = asyncio.create_task(
        sync_in_child(request_for(served, tmp_path), lambda _step: started.set())
    )
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert dbmod.current_db_path(tmp_path) == live
    assert Catalog(tmp_path).variant_count() == first.variants
    assert dbmod.sync_lock(tmp_path).acquire()  # the child is gone, and its lock with it


async def test_a_session_waits_for_another_sessions_sync(tmp_path) -> None:
    other = dbmod.sync_lock(tmp_path)
    assert other.acquire()  # another session is downloading
    looks: list[float] = []

    async def sleep(seconds: float) -> None:
        looks.append(seconds)
        if len(looks) == 3:  # …and it is done
            other.release()
            install_catalog(tmp_path, [product(1, "Kail", (11, "KP", 1000))])

    async def run() -> SyncSummary:
        raise AssertionError("nothing is downloaded twice")

    outcome = await sync_for_box(tmp_path, run, sleep=sleep)
    assert outcome.summary is None and len(looks) == 3


async def test_a_session_whose_other_sync_failed_downloads_itself(tmp_path) -> None:
    install_catalog(tmp_path, [product(1, "Kail", (11, "KP", 1000))])  # an old catalog
    other = dbmod.sync_lock(tmp_path)
    assert other.acquire()

    async def sleep(_seconds: float) -> None:
        other.release()  # it failed: the catalog is as old as it was

    async def run() -> SyncSummary:
        return SyncSummary(products=1)

    assert (await sync_for_box(tmp_path, run, sleep=sleep)).summary == SyncSummary(products=1)


async def test_a_recent_sync_of_another_session_is_used(tmp_path, served: str) -> None:
    await sync_in_child(request_for(served, tmp_path))
    runs: list[int] = []

    async def run() -> SyncSummary:
        runs.append(1)
        return SyncSummary()

    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert (await sync_for_box(tmp_path, run, fresh_since=hour_ago)).summary is None
    assert runs == []
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert (await sync_for_box(tmp_path, run, fresh_since=later)).summary is not None
    assert (await sync_for_box(tmp_path, run)).summary is not None  # asked for: always
    assert runs == [1, 1]


async def test_a_sync_that_lost_the_race_for_the_lock_waits(tmp_path) -> None:
    other = dbmod.sync_lock(tmp_path)
    calls: list[int] = []

    async def run() -> SyncSummary:
        calls.append(1)
        assert other.acquire()  # another session got in first
        raise SyncFailed("store.sync.busy")

    async def sleep(_seconds: float) -> None:
        other.release()
        install_catalog(tmp_path, [product(1, "Kail", (11, "KP", 1000))])

    outcome = await sync_for_box(tmp_path, run, sleep=sleep)
    assert outcome.summary is None and calls == [1]


async def test_two_sessions_starting_together_download_once(tmp_path) -> None:
    runs: list[int] = []

    async def run() -> SyncSummary:
        runs.append(1)
        # A child process starting: the sync lock is not taken yet for a moment.
        await asyncio.sleep(0.3)
        install_catalog(tmp_path, [product(1, "Kail", (11, "KP", 1000))])
        return SyncSummary(products=1)

    any_catalog = datetime.min.replace(tzinfo=UTC)  # at start-up any catalog will do
    first, second = await asyncio.gather(
        sync_for_box(tmp_path, run, fresh_since=any_catalog),
        sync_for_box(tmp_path, run, fresh_since=any_catalog),
    )
    assert runs == [1]
    assert [first.summary, second.summary].count(None) == 1
