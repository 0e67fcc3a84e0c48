"""Exactly once against a slow server: one that reads the order, works, and commits long
after the client gave up. Server and worker share a clock that only the test moves."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.errors import NetworkError
from sspos.outbox import queue as outbox_module
from sspos.outbox.command import OutboxArgs, outbox_command
from sspos.outbox.worker import OutboxWorker
from sspos.sandbox import DEMO_TOKEN
from tests.clocks import StepClock
from tests.outbox.conftest import BASE, Rig, refs_on_server, sale_with_a_late_duplicate
from tests.tui.conftest import make_settings


def live_orders(rig: Rig, ref: str) -> list[dict[str, Any]]:
    return [
        o
        for o in rig.app.state.sandbox.orders_created()
        if ref in (o.get("note") or "") and o.get("order_status") != "CANCELED"
    ]


def slow_rig(rig: Rig, seconds: float, monkeypatch: pytest.MonkeyPatch) -> StepClock:
    """The rig's sandbox commits every order `seconds` after reading it; the server, the
    worker and the outbox's own time stamps all follow one clock the test moves."""
    clock = StepClock()
    rig.faults.sleep = clock.sleep
    rig.faults.update({"slow_commit_s": seconds})
    monkeypatch.setattr(outbox_module, "_now", lambda: outbox_module.timestamp(clock.datetime()))
    return clock


async def run_for(
    worker: OutboxWorker, clock: StepClock, seconds: float, step: float = 10.0
) -> list[Any]:
    """Drain every `step` seconds of the shared clock, as the POS's worker would."""
    reports = []
    elapsed = 0.0
    while elapsed < seconds:
        reports.append(await worker.drain_once())
        await clock.advance(step)
        elapsed += step
    return reports


async def test_a_server_that_commits_after_40s_gets_the_sale_once(rig: Rig, monkeypatch) -> None:
    clock = slow_rig(rig, 40, monkeypatch)
    worker = rig.new_worker(settle_seconds=120, now=clock.datetime)
    entry = rig.sale("T1-SLOW40")
    first = await worker.drain_once()
    assert isinstance(first.error, NetworkError)  # the client gave up; the order is coming
    assert rig.outbox.entry(entry.id).state == "sending"
    reports = await run_for(worker, clock, 600)
    await worker.aclose()
    assert refs_on_server(rig.app)["T1-SLOW40"] == 1
    found = rig.outbox.entry(entry.id)
    assert found.state == "submitted" and found.attempts == 1  # found, never sent again
    assert sum(r.found for r in reports) == 1 and sum(r.resent for r in reports) == 0
    assert rig.outbox.watches() == []  # nothing was re-sent: nothing to watch


async def test_the_old_twenty_second_settle_would_have_doubled_it(rig: Rig, monkeypatch) -> None:
    """What the issue measured, kept as a check that the fault still reproduces it."""
    clock = slow_rig(rig, 40, monkeypatch)
    worker = rig.new_worker(
        settle_seconds=20, lookups_before_resend=1, watch_seconds=0, now=clock.datetime
    )
    rig.sale("T1-OLD")
    await run_for(worker, clock, 300)
    await worker.aclose()
    assert refs_on_server(rig.app)["T1-OLD"] == 2


async def test_a_duplicate_that_lands_after_every_search_is_cancelled(
    rig: Rig, monkeypatch
) -> None:
    # Slower than the whole search schedule (120 s + two more searches): the sale is sent
    # again, and later the first order lands too. The watch cancels the later one.
    clock = slow_rig(rig, 400, monkeypatch)
    worker = rig.new_worker(settle_seconds=120, now=clock.datetime)
    entry = rig.sale("T1-SLOW400")
    reports = await run_for(worker, clock, 1500)
    await worker.aclose()
    all_orders = [o for o in rig.app.state.sandbox.orders_created() if "T1-SLOW400" in o["note"]]
    assert len(all_orders) == 2  # sent twice: both landed, in the end
    live = live_orders(rig, "T1-SLOW400")
    kept = rig.outbox.entry(entry.id)
    assert [o["order_id"] for o in live] == [kept.order_id]  # one live order: the outbox's
    cancelled = next(o for o in all_orders if o["order_id"] != kept.order_id)
    assert cancelled["order_status"] == "CANCELED"
    assert cancelled["order_id"] > kept.order_id  # the later one
    assert [len(r.cancelled) for r in reports if r.cancelled] == [1]
    (watch,) = rig.outbox.watches()
    assert watch.cancelled == [(cancelled["order_id"], str(cancelled["po_number"]))]
    assert watch.closed_at is not None  # watched to its end, then closed
    events = [r.event for r in rig.outbox.history(entry.id)]
    assert events.count("duplicate_found") == events.count("duplicate_cancelled") == 1
    # The server showed it takes minutes: the next doubtful send settles longer.
    assert worker.settle_window() > 120


class CancelAnswerLost(SmartSellerClient):
    """The server cancels, but the answer never comes back (once)."""

    lose = 1

    async def cancel_order(self, order_id: int) -> Any:
        answer = await super().cancel_order(order_id)
        if CancelAnswerLost.lose:
            CancelAnswerLost.lose -= 1
            raise NetworkError("POST order/cancel", "connection reset", certainly_not_sent=False)
        return answer


async def test_a_cancel_whose_answer_was_lost_is_confirmed_after_a_restart(rig: Rig) -> None:
    entry, kept, late = await sale_with_a_late_duplicate(rig, "T1-LOSTCANCEL")
    calls: list[int] = []

    class Counting(CancelAnswerLost):
        async def cancel_order(self, order_id: int) -> Any:
            calls.append(order_id)
            return await super().cancel_order(order_id)

    CancelAnswerLost.lose = 1
    transport = httpx.ASGITransport(app=rig.app)
    worker = OutboxWorker(
        rig.outbox,
        lambda: Counting(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
    )
    report = await worker.drain_once()
    await worker.aclose()  # the POS is killed here
    assert isinstance(report.error, NetworkError) and calls == [late]
    assert rig.outbox.watches()[0].cancelling == late  # on disk: a cancel may be in flight
    restarted = OutboxWorker(
        rig.outbox,
        lambda: Counting(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
    )
    assert (await restarted.drain_once()).ok
    await restarted.aclose()
    assert calls == [late]  # not cancelled twice
    (watch,) = rig.outbox.watches()
    assert watch.cancelling is None and [oid for oid, _ in watch.cancelled] == [late]
    assert [o["order_id"] for o in live_orders(rig, "T1-LOSTCANCEL")] == [kept]
    assert rig.outbox.entry(entry.id).order_id == kept


async def test_a_refused_cancel_is_kept_for_an_admin_and_listed(rig: Rig, tmp_path) -> None:
    _entry, _kept, late = await sale_with_a_late_duplicate(rig, "T1-REFUSED")

    class Refusing(SmartSellerClient):
        async def cancel_order(self, order_id: int) -> Any:
            from sspos.api.errors import ValidationFailed

            raise ValidationFailed("POST order/cancel", {"id": ["Order already shipped"]})

    transport = httpx.ASGITransport(app=rig.app)
    worker = OutboxWorker(
        rig.outbox,
        lambda: Refusing(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
    )
    assert (await worker.drain_once()).ok
    await worker.aclose()
    (watch,) = rig.outbox.watches()
    assert watch.refused == f"{late}: id: Order already shipped"
    assert len(live_orders(rig, "T1-REFUSED")) == 2
    out = io.StringIO()
    settings = make_settings(tmp_path, "en")
    assert (
        outbox_command(OutboxArgs(show_all=True), rig.outbox.path.parent, settings.lang, out) == 0
    )
    text = out.getvalue()
    assert f"duplicate order {late} NOT cancelled" in text and "Order already shipped" in text
    assert "T1-REFUSED" in text and "Cancel it in SmartSeller" in text
