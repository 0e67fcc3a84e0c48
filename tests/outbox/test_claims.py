"""Several workers on one outbox (one per POS session on a data folder): each entry is
delivered by one of them, at once, exactly once; none holds a lock while idle."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import ANY

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.locks import FileLock
from sspos.outbox import claims
from sspos.outbox.claims import WorkerPresence
from sspos.outbox.entries import OutboxError
from sspos.sandbox import DEMO_TOKEN

from .conftest import BASE, Rig, refs_on_server, sale_with_a_late_duplicate
from .test_slow_server import live_orders


async def test_two_live_workers_both_deliver_at_once(rig: Rig) -> None:
    other = rig.new_worker()
    rig.sale("T1-A")
    assert (await rig.worker.drain_once()).sent == 1
    rig.sale("T2-A")  # the first worker is alive and idle: it holds nothing
    report = await other.drain_once()
    assert report.ok and report.sent == 1
    await rig.worker.aclose()
    await other.aclose()
    assert refs_on_server(rig.app) == {"T1-A": 1, "T2-A": 1}


async def test_an_entry_being_delivered_is_left_to_its_worker(rig: Rig) -> None:
    entry = rig.sale("T1-HELD")
    released = asyncio.Event()
    sending = asyncio.Event()

    class Slow(SmartSellerClient):
        async def create_order(self, payload: dict[str, Any]) -> Any:
            sending.set()
            await released.wait()
            return await super().create_order(payload)

    slow = type(rig.worker)(
        rig.outbox,
        lambda: Slow(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)),
        settle_seconds=0,
    )
    first = asyncio.create_task(slow.drain_once())
    await sending.wait()
    assert rig.outbox.entry(entry.id).state == "sending"
    other = rig.new_worker()
    waiting = other.answer_for(entry.id)
    second = await other.drain_once()
    assert second.ok and second.sent == 0 and second.elsewhere == 1
    assert second.next_in is not None and second.next_in <= 0.5  # it looks again soon
    assert not waiting.done()
    released.set()
    assert (await first).sent == 1
    await other.drain_once()  # the next look finds the other worker's answer
    settled = await waiting
    assert settled is not None and settled.state == "submitted"
    await slow.aclose()
    await other.aclose()
    assert refs_on_server(rig.app)["T1-HELD"] == 1


def test_a_claim_ends_with_its_holder(rig: Rig) -> None:
    entry = rig.sale("T1-DEAD")
    alive, other = WorkerPresence(rig.outbox.path), WorkerPresence(rig.outbox.path)
    assert rig.outbox.claim(entry, alive) is not None
    assert rig.outbox.claim(entry, other) is None
    alive._lock.release()  # its process ends (the kernel drops the lock), no clean-up
    taken = rig.outbox.claim(entry, other)
    assert taken is not None and rig.outbox.claim_holder(entry.id) == other.token
    assert rig.outbox.history(entry.id)[-1].event == "taken_over"
    other.release()


def test_a_worker_whose_claim_was_taken_over_writes_nothing(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = rig.sale("T1-STALE")
    stuck, other = WorkerPresence(rig.outbox.path), WorkerPresence(rig.outbox.path)
    monkeypatch.setattr(claims, "CLAIM_LEASE_S", -1.0)  # every claim has lapsed at once
    old = rig.outbox.claim(entry, stuck)
    new = rig.outbox.claim(entry, other)
    assert old is not None and new is not None and new.gen == old.gen + 1
    with rig.outbox.fenced(old), pytest.raises(OutboxError) as lost:
        rig.outbox.mark_sending(entry.id)
    assert lost.value.key == "outbox.error.claim_lost"
    assert rig.outbox.entry(entry.id).state == "pending"
    with rig.outbox.fenced(new):
        assert rig.outbox.mark_sending(entry.id).state == "sending"
    stuck.release()
    other.release()


def test_an_entry_that_moved_on_since_it_was_read_is_not_claimed(rig: Rig) -> None:
    entry = rig.sale("T1-MOVED")
    rig.outbox.void(entry.id, "customer left")
    presence = WorkerPresence(rig.outbox.path)
    assert rig.outbox.claim(entry, presence) is None
    presence.release()


async def test_a_stopped_worker_leaves_no_claim_and_no_presence(rig: Rig) -> None:
    rig.sale("T1-CLEAN")
    await rig.worker.drain_once()
    await rig.worker.aclose()
    folder = rig.outbox.path.parent / claims.PRESENCE_DIR
    assert list(folder.glob("*.lock")) == []


async def test_the_duplicate_watch_is_checked_by_one_worker_at_a_time(rig: Rig) -> None:
    _entry, kept, late = await sale_with_a_late_duplicate(rig, "T1-WATCHED")
    checking = FileLock(rig.outbox.path.with_name(rig.outbox.path.name + ".lock"))
    assert checking.acquire()  # another worker is checking the watches right now
    assert (await rig.worker.drain_once()).ok
    assert sorted(o["order_id"] for o in live_orders(rig, "T1-WATCHED")) == sorted([kept, late])
    checking.release()
    assert (await rig.worker.drain_once()).cancelled == [("T1-WATCHED", late, ANY)]
    assert [o["order_id"] for o in live_orders(rig, "T1-WATCHED")] == [kept]
    await rig.worker.aclose()
