"""The worker against the sandbox's injected faults: every sale lands exactly once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import ClassVar

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.errors import NetworkError
from sspos.outbox.queue import Outbox
from sspos.sandbox import DEMO_TOKEN
from tests.outbox.conftest import BASE, Rig, refs_on_server, sale_payload


async def drain_until_done(rig: Rig, rounds: int = 60) -> list:
    """Drain until nothing waits (the faults are random but seeded)."""
    reports = []
    for _ in range(rounds):
        reports.append(await rig.worker.drain_once())
        if rig.outbox.counts().waiting == 0:
            return reports
    raise AssertionError(f"still waiting after {rounds} passes: {rig.outbox.counts()}")


def assert_exactly_once(rig: Rig, refs: list[str]) -> None:
    on_server = refs_on_server(rig.app)
    assert {ref: on_server[ref] for ref in refs} == {ref: 1 for ref in refs}
    by_ref = {o["order_id"]: o for o in rig.app.state.sandbox.orders_created()}
    for ref in refs:
        entry = rig.outbox.get(ref)
        assert entry is not None and entry.state == "submitted"
        # The order id the outbox kept is the server's order with this reference.
        assert ref in by_ref[entry.order_id]["note"]


async def test_healthy_server_submits_in_order_and_reports_online(rig):
    seen = []
    rig.worker.subscribe(seen.append)
    refs = [f"T1-OK{i}" for i in range(5)]
    for ref in refs:
        rig.sale(ref)
    report = await rig.worker.drain_once()
    assert (report.sent, report.found, report.error) == (5, 0, None)
    assert_exactly_once(rig, refs)
    assert rig.worker.online is True
    assert seen[-1].online is True and seen[-1].counts.submitted == 5
    assert seen[-1].counts.waiting == 0
    server_order = [o["note"] for o in rig.app.state.sandbox.orders_created()]
    assert [next(r for r in refs if r in note) for note in server_order] == refs


@pytest.mark.parametrize(
    "fault",
    [
        {"latency_ms": 200},
        {"error_rate": 0.5},
        {"timeout_rate": 0.4},
        {"drop_after_commit_rate": 0.6},
        {"error_rate": 0.2, "timeout_rate": 0.2, "drop_after_commit_rate": 0.3, "latency_ms": 20},
    ],
    ids=["latency", "5xx", "timeout", "commit-then-drop", "everything"],
)
async def test_every_sale_lands_exactly_once_under_fault(rig, fault):
    rig.faults.update({**fault, "seed": 11})
    refs = [f"T1-F{i:02d}" for i in range(12)]
    for ref in refs:
        rig.sale(ref)
    reports = await drain_until_done(rig)
    assert_exactly_once(rig, refs)
    if fault.get("drop_after_commit_rate"):
        # Some answers were lost after the order was stored: found, not sent again.
        assert sum(r.found for r in reports) > 0
    if fault.get("error_rate") or fault.get("timeout_rate"):
        assert any(r.error is not None for r in reports)
        assert sum(r.resent for r in reports) > 0


async def test_server_down_for_a_while_backs_off_then_resumes(rig):
    rig.faults.update({"down": True})
    seen: list = []
    refs = [f"T1-DOWN{i}" for i in range(4)]
    for ref in refs:
        rig.sale(ref)
    stop = asyncio.Event()
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        if len(delays) == 4:
            rig.faults.update({"down": False})  # the network comes back
        if rig.outbox.counts().waiting == 0:
            stop.set()
        await asyncio.sleep(0)

    worker = rig.new_worker(sleep=sleep, on_status=seen.append)
    await asyncio.wait_for(worker.run(stop), timeout=10)
    assert_exactly_once(rig, refs)
    assert any(status.online is False for status in seen)
    assert seen[-1].online is True
    # Backoff doubles (jitter fixed at 0.5 → 3/4 of each step) until the server is back.
    assert delays[:4] == [1.5, 3.0, 6.0, 12.0]
    assert delays[4] == worker.idle_interval


async def test_backoff_is_capped_and_jittered(rig):
    worker = rig.new_worker(rng=lambda: 0.0, base_delay=2.0, max_delay=60.0)
    assert [worker.backoff(n) for n in (1, 2, 3, 10)] == [1.0, 2.0, 4.0, 30.0]
    worker = rig.new_worker(rng=lambda: 0.999999, base_delay=2.0, max_delay=60.0)
    assert worker.backoff(10) == pytest.approx(60.0)


async def test_offline_sale_stays_pending_and_offline_is_reported(rig, caplog):
    rig.faults.update({"down": True})
    entry = rig.sale("T1-OFF")
    report = await rig.worker.drain_once()
    assert report.error is not None and rig.worker.online is False
    # In-process "down" is a refused connection: certainly not sent → pending again.
    assert rig.outbox.entry(entry.id).state == "pending"
    # The outbox says why in the shop's language (`sspos outbox` shows it), the log in detail.
    assert "tidak dapat terhubung" in (rig.outbox.entry(entry.id).last_error or "")
    assert "T1-OFF): NetworkError: cannot connect" in caplog.text
    assert rig.worker.last_error and "SmartSeller" in rig.worker.last_error  # the cashier
    assert refs_on_server(rig.app)["T1-OFF"] == 0


async def test_rejected_sale_keeps_messages_and_is_not_retried(rig):
    bad = rig.sale("T1-BAD", products=[{**rig.template["products"][0], "product_status": "S"}])
    good = rig.sale("T1-GOOD")
    report = await rig.worker.drain_once()
    assert (report.rejected, report.sent) == (1, 1)
    rejected = rig.outbox.entry(bad.id)
    assert rejected.state == "rejected"
    assert "products.0.product_status" in rejected.messages
    assert all(rejected.messages["products.0.product_status"])
    for _ in range(3):
        await rig.worker.drain_once()
    assert refs_on_server(rig.app)["T1-BAD"] == 0
    assert rig.outbox.entry(bad.id).state == "rejected"
    assert rig.outbox.entry(good.id).state == "submitted"
    # An admin fixes the line and retries: it goes through once.
    rig.outbox.update_payload(bad.id, sale_payload(rig.template, "T1-BAD"))
    rig.outbox.retry(bad.id)
    await rig.worker.drain_once()
    assert_exactly_once(rig, ["T1-BAD", "T1-GOOD"])


async def test_follow_ups_run_after_their_order_exactly_once(rig):
    rig.faults.update({"drop_after_commit_rate": 0.5, "error_rate": 0.2, "seed": 3})
    rig.sale("T1-SHIP")
    awb = rig.outbox.enqueue_awb("T1-SHIP", "JNE0001")
    first = rig.outbox.enqueue_payment("T1-SHIP", 1_000, 846, "2026-11-28")
    second = rig.outbox.enqueue_payment("T1-SHIP", 2_000, 846, "2026-11-29")
    await drain_until_done(rig)
    assert_exactly_once(rig, ["T1-SHIP"])
    sale = rig.outbox.get("T1-SHIP")
    assert sale is not None
    order = rig.app.state.sandbox.order(sale.order_id)
    assert order["awb_number"] == "JNE0001"
    history = rig.app.state.sandbox.payment_history(sale.order_id)
    amounts = [
        int(str(p.get("nominal", p.get("amount"))).replace("Rp", "").replace(".", ""))
        for p in history
    ]
    assert sorted(amounts) == [1_000, 2_000]  # each payment once, despite lost answers
    for entry in (awb, first, second):
        assert rig.outbox.entry(entry.id).state == "submitted"
        assert rig.outbox.entry(entry.id).order_id == sale.order_id
    # In queue order: the AWB after the order, the payments after it, one by one.
    submitted_at = [
        next(r.at for r in rig.outbox.history(e.id) if r.event == "submitted")
        for e in (sale, awb, first, second)
    ]
    assert submitted_at == sorted(submitted_at)


async def test_follow_up_waits_while_its_sale_is_rejected(rig):
    bad = rig.sale("T1-WAIT", products=[{**rig.template["products"][0], "qty": 0}])
    awb = rig.outbox.enqueue_awb("T1-WAIT", "JNE0002")
    await rig.worker.drain_once()
    assert rig.outbox.entry(bad.id).state == "rejected"
    assert rig.outbox.entry(awb.id).state == "pending"
    rig.outbox.void(bad.id, "wrong quantity, sale redone")
    assert rig.outbox.entry(awb.id).state == "voided"


async def test_start_up_finds_an_order_that_landed_before_the_crash(rig):
    entry = rig.sale("T1-CRASH1")
    # The previous process sent it, the server stored it, then the process died.
    rig.outbox.mark_sending(entry.id)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)) as c:
        created = await c.create_order(entry.payload)
    worker = rig.new_worker()
    report = await worker.drain_once()
    await worker.aclose()
    assert (report.found, report.sent) == (1, 0)
    assert_exactly_once(rig, ["T1-CRASH1"])
    assert rig.outbox.get("T1-CRASH1").order_id == created.order_id


async def test_start_up_resends_what_never_arrived(rig):
    entry = rig.sale("T1-CRASH2")
    rig.outbox.mark_sending(entry.id)  # killed before the request left
    report = await rig.worker.drain_once()
    assert (report.found, report.sent, report.resent) == (0, 1, 1)
    assert_exactly_once(rig, ["T1-CRASH2"])
    events = [r.event for r in rig.outbox.history(entry.id)]
    # Searched three times (no settle window in this rig), then sent again and watched.
    assert events == [
        "queued",
        "sending",
        "not_found",
        "not_found",
        "unsent",
        "sending",
        "submitted",
        "watching",
    ]


async def test_doubtful_send_settles_before_the_search_without_holding_others(rig):
    entry = rig.sale("T1-SETTLE")
    rig.outbox.mark_sending(entry.id)
    last_news = datetime.fromisoformat(rig.outbox.entry(entry.id).updated_at)
    clock = {"now": last_news + timedelta(seconds=1)}
    worker = rig.new_worker(settle_seconds=5.0, now=lambda: clock["now"])
    rig.sale("T1-OTHER")
    report = await worker.drain_once()
    # The doubtful one waits (a request the client gave up on may still be landing);
    # the next sale does not wait for it.
    assert (report.deferred, report.sent) == (1, 1)
    assert report.next_in == pytest.approx(4.0, abs=0.01)
    assert rig.outbox.entry(entry.id).state == "sending"
    assert refs_on_server(rig.app)["T1-SETTLE"] == 0
    # Settled: searched, missed; searched again half a window later, twice, then re-sent.
    for step, (deferred, resent) in enumerate([(1, 0), (1, 0), (0, 1)]):
        clock["now"] += timedelta(seconds=4.5 if step == 0 else 2.5)
        report = await worker.drain_once()
        assert (report.deferred, report.resent) == (deferred, resent), step
        if deferred:
            assert report.next_in == pytest.approx(2.5, abs=0.01)
            assert refs_on_server(rig.app)["T1-SETTLE"] == 0
    await worker.aclose()
    assert [r.event for r in rig.outbox.history(entry.id)].count("not_found") == 2
    assert_exactly_once(rig, ["T1-SETTLE", "T1-OTHER"])


async def test_search_reads_every_page_of_the_day(rig):
    # 150 other orders of the same day on the server: the reference is on page 2.
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)) as c:
        entry = rig.sale("T1-DEEP")
        created = await c.create_order(entry.payload)
        for i in range(150):
            await c.create_order(sale_payload(rig.template, f"T9-OTHER{i}"))
    rig.outbox.mark_sending(entry.id)
    worker = rig.new_worker(use_keyword_search=False)
    report = await worker.drain_once()
    await worker.aclose()
    assert report.found == 1
    assert rig.outbox.get("T1-DEEP").order_id == created.order_id
    assert refs_on_server(rig.app)["T1-DEEP"] == 1


class KeywordBlindClient(SmartSellerClient):
    """A server whose keyword search does not look at notes (as the real one may not)."""

    async def orders(self, page: int = 1, per_page: int = 100, **filters):  # type: ignore[override]
        if filters.get("keyword"):
            filters["keyword"] = "no-such-thing-anywhere"
        return await super().orders(page=page, per_page=per_page, **filters)


async def test_a_keyword_miss_is_not_taken_as_absence(rig):
    entry = rig.sale("T1-BLIND")
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)) as c:
        await c.create_order(entry.payload)
    rig.outbox.mark_sending(entry.id)
    from sspos.outbox.worker import OutboxWorker

    worker = OutboxWorker(
        rig.outbox,
        lambda: KeywordBlindClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)),
        settle_seconds=0,
    )
    report = await worker.drain_once()
    await worker.aclose()
    assert report.found == 1
    assert refs_on_server(rig.app)["T1-BLIND"] == 1


async def test_wrong_token_keeps_the_sale_pending(rig):
    entry = rig.sale("T1-AUTH")
    worker = __import__("sspos.outbox.worker", fromlist=["OutboxWorker"]).OutboxWorker(
        rig.outbox,
        lambda: SmartSellerClient(BASE, "wrong", transport=httpx.ASGITransport(app=rig.app)),
    )
    report = await worker.drain_once()
    await worker.aclose()
    assert report.error is not None
    assert rig.outbox.entry(entry.id).state == "pending"
    assert refs_on_server(rig.app)["T1-AUTH"] == 0
    assert "wrong" not in (worker.last_error or "")


def test_outbox_survives_reopen(tmp_path):
    box = Outbox.in_dir(tmp_path)
    box.enqueue_sale("T1-R", {"order_date": "2026-11-28", "note": "[POS:T1-R]"}, None)
    assert Outbox.in_dir(tmp_path).counts().pending == 1


async def test_idle_pass_still_tells_online_from_offline(rig):
    seen = []
    rig.worker.subscribe(seen.append)
    rig.faults.update({"down": True})
    report = await rig.worker.drain_once()
    assert report.error is not None and rig.worker.online is False
    assert seen[-1].online is False and seen[-1].error is report.error
    assert seen[-1].last_error  # one line for the status bar, in the shop's language
    rig.faults.update({"down": False})
    assert (await rig.worker.drain_once()).ok and rig.worker.online is True
    assert seen[-1].last_error is None


async def test_shared_client_is_left_open(rig):
    from sspos.outbox.worker import OutboxWorker

    shared = SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app))
    worker = OutboxWorker(rig.outbox, lambda: shared, close_client=False, settle_seconds=0)
    rig.sale("T1-SHARED")
    assert (await worker.drain_once()).sent == 1
    await worker.aclose()
    assert await shared.suppliers()  # still usable by the rest of the app
    await shared.aclose()


class AnswersLost(SmartSellerClient):
    """The follow-up requests reach the server, which acts, but the first answer of each
    kind never comes back (the sandbox only drops answers of POST `order`)."""

    losses: ClassVar[dict[str, int]] = {}

    def _lost(self, kind: str, endpoint: str) -> None:
        if self.losses.get(kind, 0) > 0:
            self.losses[kind] -= 1
            raise NetworkError(endpoint, "connection reset", certainly_not_sent=False)

    async def add_awb(self, order_id: int, awb_number: str):  # type: ignore[override]
        answer = await super().add_awb(order_id, awb_number)
        self._lost("awb", "POST order/awb-number/add")
        return answer

    async def quick_payment(self, *args, **kwargs):  # type: ignore[override]
        answer = await super().quick_payment(*args, **kwargs)
        self._lost("payment", "PATCH order/quick-payment")
        return answer


async def test_follow_up_whose_answer_was_lost_is_not_paid_twice(rig):
    from sspos.outbox.worker import OutboxWorker

    rig.sale("T1-LOST")
    awb = rig.outbox.enqueue_awb("T1-LOST", "JNE0003")
    pay = rig.outbox.enqueue_payment("T1-LOST", 1_500, 846, "2026-11-28")
    AnswersLost.losses = {"awb": 1, "payment": 1}
    worker = OutboxWorker(
        rig.outbox,
        lambda: AnswersLost(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=rig.app)),
        settle_seconds=0,
    )
    reports = [await worker.drain_once() for _ in range(4)]
    assert sum(r.error is not None for r in reports) == 2
    await worker.aclose()
    sale = rig.outbox.get("T1-LOST")
    assert sale is not None and sale.state == "submitted"
    assert rig.outbox.entry(awb.id).state == "submitted"
    assert rig.outbox.entry(pay.id).state == "submitted"
    assert "found in the payment history" in rig.outbox.history(pay.id)[-1].detail
    assert rig.app.state.sandbox.order(sale.order_id)["awb_number"] == "JNE0003"
    assert len(rig.app.state.sandbox.payment_history(sale.order_id)) == 1


async def test_wake_sends_a_new_sale_without_waiting_for_the_idle_pause(rig):
    stop = asyncio.Event()
    passes: list = []

    async def long_pause(seconds: float) -> None:
        await asyncio.Event().wait()  # never ends by itself: only wake() or stop can

    worker = rig.new_worker(sleep=long_pause, idle_interval=3600, on_status=passes.append)
    task = asyncio.create_task(worker.run(stop))
    while not passes:  # the first (idle) pass
        await asyncio.sleep(0.01)
    rig.sale("T1-WAKE")
    await asyncio.to_thread(worker.wake_threadsafe)  # as a thread worker of the TUI would
    for _ in range(500):
        if rig.outbox.counts().submitted:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert_exactly_once(rig, ["T1-WAKE"])


async def test_an_entry_voided_while_the_pass_runs_is_skipped_not_sent(rig):
    from sspos.outbox.queue import Outbox
    from sspos.outbox.worker import OutboxWorker

    class VoidedMeanwhile(Outbox):
        """An admin voids the sale right after the worker listed it."""

        def ready(self):  # type: ignore[override]
            listed = super().ready()
            for entry in listed:
                if entry.client_ref == "T1-GONE" and entry.state == "pending":
                    self.void(entry.id, "voided from the CLI meanwhile")
            return listed

    box = VoidedMeanwhile(rig.outbox.path)
    rig.sale("T1-GONE")
    rig.sale("T1-STAYS")
    transport = httpx.ASGITransport(app=rig.app)
    worker = OutboxWorker(
        box,
        lambda: SmartSellerClient(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
    )
    report = await worker.drain_once()
    await worker.aclose()
    assert report.ok and report.sent == 1
    assert refs_on_server(rig.app)["T1-GONE"] == 0
    assert rig.outbox.get("T1-GONE").state == "voided"
    assert_exactly_once(rig, ["T1-STAYS"])


class CountersLie(SmartSellerClient):
    """Pagination that always claims a single page."""

    async def orders(self, page: int = 1, per_page: int = 100, **filters):  # type: ignore[override]
        result = await super().orders(page=page, per_page=per_page, **filters)
        result.pagination.total_pages, result.pagination.links = 1, None
        return result


class PageIgnored(SmartSellerClient):
    """A listing that returns page 1 whatever page is asked for."""

    async def orders(self, page: int = 1, per_page: int = 100, **filters):  # type: ignore[override]
        return await super().orders(page=1, per_page=per_page, **filters)


async def _landed_under_a_crowd(rig, ref: str, crowd: int) -> object:
    """A sale whose answer was lost: on the server, then `crowd` newer orders on top of it
    (the listing is newest first, so it ends up on page 2)."""
    entry = rig.sale(ref)
    rig.outbox.mark_sending(entry.id)
    transport = httpx.ASGITransport(app=rig.app)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=transport) as c:
        await c.create_order(entry.payload)
        for i in range(crowd):
            await c.create_order(sale_payload(rig.template, f"T9-{ref}-{i}"))
    return entry


async def test_full_pages_are_followed_even_when_counters_say_no_more(rig):
    from sspos.outbox.worker import OutboxWorker

    entry = await _landed_under_a_crowd(rig, "T1-LIE", 100)
    transport = httpx.ASGITransport(app=rig.app)
    worker = OutboxWorker(
        rig.outbox,
        lambda: CountersLie(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
        use_keyword_search=False,
    )
    report = await worker.drain_once()
    await worker.aclose()
    assert (report.found, report.sent) == (1, 0)
    assert_exactly_once(rig, ["T1-LIE"])
    assert rig.outbox.entry(entry.id).state == "submitted"


async def test_a_listing_that_never_ends_leaves_the_doubt_and_sends_nothing(rig):
    from sspos.outbox.server import SearchIncomplete
    from sspos.outbox.worker import OutboxWorker

    entry = await _landed_under_a_crowd(rig, "T1-LOOP", 100)
    transport = httpx.ASGITransport(app=rig.app)
    worker = OutboxWorker(
        rig.outbox,
        lambda: PageIgnored(BASE, DEMO_TOKEN, transport=transport),
        settle_seconds=0,
        use_keyword_search=False,
    )
    report = await worker.drain_once()
    await worker.aclose()
    assert isinstance(report.error, SearchIncomplete)
    assert rig.outbox.entry(entry.id).state == "sending"
    assert refs_on_server(rig.app)["T1-LOOP"] == 1  # not sent a second time


async def test_an_order_filed_under_the_next_day_is_still_found(rig):
    entry = rig.sale("T1-MIDNIGHT")
    transport = httpx.ASGITransport(app=rig.app)
    async with SmartSellerClient(BASE, DEMO_TOKEN, transport=transport) as c:
        await c.create_order({**entry.payload, "order_date": "2026-11-29"})
    rig.outbox.mark_sending(entry.id)
    report = await rig.worker.drain_once()
    assert report.found == 1
    assert refs_on_server(rig.app)["T1-MIDNIGHT"] == 1


@pytest.mark.parametrize(
    ("lang", "foreign"),
    [
        (
            "en",
            {
                "menunggu",
                "mengirim",
                "terkirim",
                "dicari",
                "pesanan",
                "tidak",
                "ganda",
                "antrean",
                "galat",
                "belum",
                "dibatalkan",
            },
        ),
        (
            "id",
            {
                "pending",
                "sending",
                "submitted",
                "searched",
                "order",
                "sale",
                "not",
                "duplicate",
                "waiting",
                "error",
                "cancelled",
                "kept",
            },
        ),
    ],
)
async def test_sspos_outbox_speaks_one_language(rig, tmp_path, lang, foreign):
    import io

    from sspos.outbox.command import OutboxArgs, outbox_command
    from tests.outbox.conftest import sale_with_a_late_duplicate
    from tests.tui.conftest import make_settings

    _watched, kept, late = await sale_with_a_late_duplicate(rig, "T1-LANG-WATCH")
    worker = rig.new_worker(lang=lang)
    report = await worker.drain_once()
    assert report.cancelled == [("T1-LANG-WATCH", late, str(report.cancelled[0][2]))]
    rig.sale("T1-LANG-OFF")
    doubt = rig.sale("T1-LANG-DOUBT")
    rig.outbox.mark_sending(doubt.id)
    rig.outbox.note_search_miss(doubt.id, "searched")
    rig.faults.update({"down": True})
    await worker.drain_once()  # offline: the reason is noted, the doubt stays
    await worker.aclose()
    settings = make_settings(tmp_path, lang)
    out = io.StringIO()
    assert (
        outbox_command(OutboxArgs(show_all=True), rig.outbox.path.parent, settings.lang, out) == 0
    )
    text = out.getvalue()
    for ref in ("T1-LANG-WATCH", "T1-LANG-DOUBT", "T1-LANG-OFF"):
        assert ref in text
    assert f"{late} (PO" in text and str(kept) in text  # the cancelled duplicate, and ours
    assert text.count("\n        ") >= 4  # the reasons: duplicate, watch, doubt, offline
    words = set(text.replace("(", " ").replace(")", " ").replace(":", " ").split())
    assert not words & foreign, words & foreign
