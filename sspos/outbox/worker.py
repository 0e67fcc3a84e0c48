"""The background worker that delivers the outbox to SmartSeller, exactly once.

POST `order` has no idempotency key, so exactly-once rests on the client reference the
sale carries in its `note`:

- an entry is marked `sending` (on disk) before its request leaves;
- an answer proves the outcome: created → submitted, `Failed` → rejected (never retried
  by itself), a refusal that provably did nothing (401/404/429, or a connection that
  never opened) → back to pending;
- anything else leaves doubt (timeout, a connection dropped after sending, 5xx, an
  unreadable answer) and the entry stays `sending`. A server may still be working on
  such a request long after the client gave up (it reads the order, works, then
  commits), so the worker lets it settle first: the settle window is at least
  `settle_seconds` (2 minutes, far above the client's 10 s timeout) and at least twice
  the longest the server has been seen to take (a request that did answer, or an order
  that turned up after a search had missed it). Then it searches GET `order` around that
  date (a day either side, per_page 100, every page; a keyword search first as a
  shortcut that can only prove presence) for the reference, and searches again, half a
  window apart, `lookups_before_resend` times in all; it re-sends only when every search
  read the listing to its end and missed. A listing that cannot be read to its end
  keeps the doubt. A process killed mid-send leaves the entry in `sending`, so start-up
  goes through the same check.
- no window is certain, so after any re-send the worker keeps watching the server for a
  second order with the same reference (`watch_seconds`, 15 minutes, checked every
  `watch_every_seconds`). If one appears, every live order with the reference other
  than the one the outbox keeps is cancelled (POST `order/cancel`): in the slow-server
  case that is the later one, and the kept one is where the AWB, the payments and the
  printed PO number went. The watch lives in the outbox (`duplicate_watch`, opened in
  the same transaction as the submission), so a restarted worker resumes it; a cancel is
  noted on disk before it is sent and confirmed by the next check, so a crash never
  cancels twice or leaves a duplicate unrecorded. Each step is in the outbox's log and
  the POS log, and `sspos outbox` lists it.

Payments (PATCH `order/quick-payment`) are not idempotent either: before one is sent, the
order's payment history is remembered; after doubt a new matching payment means it
landed. Adding an AWB sets the same number again, so it is simply re-sent.

An expense (POST `expense`, a paid-out of the drawer) carries the client reference in its
note like a sale: after doubt the expenses around its date are read (GET `expense`,
every page) and only one certainly absent is sent again.

Customers (POST `customer/create`) likewise: before one is sent, the ids of the server's
customers with the same name and phone are remembered; after doubt a new one with that
name and phone is ours, and only a search that finds none (every page read) re-sends.
The sales waiting for the customer then go out with its new id (see `Outbox`).

Several POS sessions on one data folder each run a worker on the same outbox, and none
holds a lock while idle: each entry is claimed by one worker while it is delivered (see
`sspos.outbox.claims`), so every terminal's sale leaves at once and none twice. The
duplicate watch is checked by one worker at a time (a lock held only for the check).

When the API cannot be reached the worker reports `online = False` and tries again with
exponential backoff and jitter; `wake()` asks for an attempt now (after a new sale).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Literal

from sspos.api import errors
from sspos.api.errors import ConnectionState
from sspos.api.models import CustomerCreate
from sspos.i18n import t
from sspos.locks import FileLock
from sspos.outbox.claims import WorkerPresence
from sspos.outbox.entries import DuplicateWatch, Kind, OutboxEntry, OutboxError, timestamp
from sspos.outbox.queue import Outbox
from sspos.outbox.server import (
    CANCELLED_STATUSES,
    PAGE_SIZE,
    OrderApi,
    carries,
    customer_matches,
    days_around,
    expense_with_reference,
    orders_listed,
)
from sspos.outbox.status import DrainReport, WorkerStatus, reachable

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
StatusListener = Callable[[WorkerStatus], None]
ClientFactory = Callable[[], OrderApi]
Handler = Callable[[OrderApi, OutboxEntry, DrainReport], Awaitable[None]]


#: How long a doubtful send is left alone at least before the server is searched for it:
#: far above the client's timeout (10 s), since a slow server commits after it gave up.
SETTLE_SECONDS = 120.0
#: The settle window is also at least this many times the longest the server took.
SLOW_SERVER_MARGIN = 2.0
#: Searches (half a window apart) that must all miss before a doubtful sale is re-sent.
LOOKUPS_BEFORE_RESEND = 3
#: After a re-send: how long to watch for a second order, and how often to look.
WATCH_SECONDS = 15 * 60.0
WATCH_EVERY_SECONDS = 60.0
#: While another worker delivers a ready entry, look again this soon (its answer may be
#: awaited here, and the status bar's counts follow).
ELSEWHERE_RECHECK_SECONDS = 0.5


class _StopDrain(Exception):
    """Internal: the pass ends (offline, server trouble); carries the cause."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause



def _describe(exc: BaseException) -> str:
    """The technical one-liner kept in the outbox log."""
    message = getattr(exc, "message", None)
    text = f"{type(exc).__name__}: {message if message is not None else exc}"
    return text[:500]


def _explain(exc: BaseException, lang: str) -> str:
    """The one-liner for the cashier, in the shop's language."""
    if isinstance(exc, errors.ApiError):
        return str(errors.describe(exc, lang))
    return _describe(exc)


class OutboxWorker:
    """Submits outbox entries in order; see the module docstring for the guarantees.

    `client_factory()` returns an API client (normally `SmartSellerClient`); it is created
    on first use and closed by `aclose()` (or when `run()` ends) unless `close_client` is
    False (a client shared with the rest of the app). `sleep`, `rng` and `now` are
    injectable so tests run on fake time. `settle_seconds` is the least a doubtful send is
    left alone (counted from the last news of it) before the server is searched for it, so
    a request the client gave up on but the server is still processing has landed by then
    (0: no waiting at all, for tests); `lookups_before_resend`, `watch_seconds` and
    `watch_every_seconds`: see the module docstring.
    `probe_when_idle`: with nothing to send, one cheap GET tells whether we are online.
    """

    def __init__(
        self,
        outbox: Outbox,
        client_factory: ClientFactory,
        *,
        on_status: StatusListener | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        base_delay: float = 2.0,
        max_delay: float = 120.0,
        idle_interval: float = 30.0,
        settle_seconds: float = SETTLE_SECONDS,
        lookups_before_resend: int = LOOKUPS_BEFORE_RESEND,
        watch_seconds: float = WATCH_SECONDS,
        watch_every_seconds: float = WATCH_EVERY_SECONDS,
        use_keyword_search: bool = True,
        probe_when_idle: bool = True,
        close_client: bool = True,
        lang: str = "id",
    ) -> None:
        self.outbox = outbox
        self._client_factory = client_factory
        self._client: OrderApi | None = None
        self._listeners: list[StatusListener] = [on_status] if on_status else []
        self._sleep = sleep
        self._rng = rng
        self._now = now
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.idle_interval = idle_interval
        self.settle_seconds = settle_seconds
        self.lookups_before_resend = max(1, lookups_before_resend)
        self.watch_seconds = watch_seconds
        self.watch_every_seconds = watch_every_seconds
        # The longest the server has been seen to take (seconds): a request that
        # answered, or an order that landed after a search had missed it.
        self.slowest_seen = 0.0
        self.use_keyword_search = use_keyword_search
        self.probe_when_idle = probe_when_idle
        self.close_client = close_client
        self.lang = lang
        self.last_exception: BaseException | None = None
        self._presence = WorkerPresence(outbox.path)
        # Held only while this worker checks the duplicate watches (see `_check_watches`).
        self._watch_lock = FileLock(outbox.path.with_name(outbox.path.name + ".lock"))
        self.connection: ConnectionState | None = None
        self.last_error: str | None = None
        self.retry_in: float | None = None
        self.failures = 0
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # entry id -> futures of those waiting for its answer (see `answer_for`)
        self._waiting: dict[int, list[asyncio.Future[OutboxEntry | None]]] = {}

    # -- status ------------------------------------------------------------------------

    @property
    def online(self) -> bool | None:
        """The server answers (None: not known yet); `connection` says how."""
        return reachable(self.connection)

    def subscribe(self, listener: StatusListener) -> None:
        """Call `listener(WorkerStatus)` after every pass and every online change."""
        self._listeners.append(listener)

    def status(self) -> WorkerStatus:
        """The current status (reads the counts from the outbox: call it off the UI loop)."""
        return WorkerStatus(
            self.connection, self.outbox.counts(), self.last_error, self.retry_in,
            self.last_exception,
        )

    async def _notify(self, report: DrainReport | None = None) -> None:
        if not self._listeners:
            return
        status = WorkerStatus(
            self.connection, await asyncio.to_thread(self.outbox.counts), self.last_error,
            self.retry_in, self.last_exception,
            tuple(report.cancelled) if report is not None else (),
        )
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # a broken listener must not stop submissions
                log.exception("outbox status listener failed")

    def backoff(self, failures: int) -> float:
        """Pause after `failures` failed passes in a row: exponential, capped, jittered
        ("equal jitter": between half and all of the step), so terminals do not retry
        in lockstep when the network comes back."""
        step = min(self.max_delay, self.base_delay * 2 ** max(0, failures - 1))
        return float(step / 2 + step / 2 * self._rng())

    # -- lifecycle ---------------------------------------------------------------------

    def _get_client(self) -> OrderApi:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    async def aclose(self) -> None:
        """Close the API client; end this worker's claims and its presence."""
        self._settle(None)
        client, self._client = self._client, None
        if client is not None and self.close_client:
            with suppress(Exception):
                await client.aclose()
        await self._db(self.outbox.release_claims_of, self._presence)
        self._presence.release()

    def wake(self) -> None:
        """Ask `run()` for a pass now (call from the loop that runs the worker)."""
        if self._wake is not None:
            self._wake.set()

    def wake_threadsafe(self) -> None:
        """`wake()` from another thread (e.g. a thread worker that just queued a sale)."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def answer_for(self, entry_id: int) -> asyncio.Future[OutboxEntry | None]:
        """A future this worker completes with the entry once the server has answered
        for it (submitted or rejected; delivered by this worker or another), or with None
        as soon as a pass ends without reaching the server (offline, failing).
        Call on the worker's loop; the caller decides how long to wait (`wake()` first)."""
        future: asyncio.Future[OutboxEntry | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(entry_id, []).append(future)
        return future

    def _settle(self, entry: OutboxEntry | None) -> None:
        """Complete the futures waiting on `entry`, or every one when it is None."""
        ids = list(self._waiting) if entry is None else [entry.id]
        for entry_id in ids:
            for future in self._waiting.pop(entry_id, []):
                if not future.done():
                    future.set_result(entry)

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Drain, pause (backoff when failing, `idle_interval` when fine), repeat until
        `stop` is set or the task is cancelled."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        stop = stop or asyncio.Event()
        try:
            while not stop.is_set():
                self._wake.clear()
                report = await self.drain_once()
                if report.ok:
                    delay = min(self.idle_interval, report.next_in or self.idle_interval)
                elif report.retry_after is not None:
                    delay = min(self.max_delay, report.retry_after)
                else:
                    delay = self.backoff(self.failures or 1)
                self.retry_in = delay
                await self._notify()
                await self._pause(delay, stop)
        finally:
            await self.aclose()

    async def _pause(self, delay: float, stop: asyncio.Event) -> None:
        assert self._wake is not None
        waits = [
            asyncio.ensure_future(self._sleep(delay)),
            asyncio.ensure_future(self._wake.wait()),
            asyncio.ensure_future(stop.wait()),
        ]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    # -- one pass ----------------------------------------------------------------------

    async def drain_once(self) -> DrainReport:
        """Work through every ready entry once, in order; stop at the first sign that
        the server cannot be reached (the rest waits for the next pass)."""
        report = DrainReport()
        try:
            client = self._get_client()
            while True:
                ready = [e for e in await asyncio.to_thread(self.outbox.ready)
                         if e.id not in report.touched]
                if not ready:
                    break
                for entry in ready:
                    report.touched.append(entry.id)
                    wait = self._unsettled(entry)
                    if wait > 0:  # not yet: the other sales go on meanwhile
                        report.deferred += 1
                        report.next_in = min(report.next_in or wait, wait)
                        continue
                    try:
                        await self._claim_and_process(client, entry, report)
                    except OutboxError as exc:
                        # Changed under us (voided or edited from the CLI / another
                        # screen, its claim taken over): skip it.
                        log.info("outbox entry #%d skipped: %s", entry.id, exc)
            if self._watch_lock.acquire():  # else another worker is checking them
                try:
                    await self._check_watches(client, report)
                finally:
                    self._watch_lock.release()
            if not report.contacted and self.probe_when_idle:
                await self._lookup(lambda: client.orders(page=1, per_page=1), report)
        except _StopDrain as stop:
            report.error = stop.cause
            if isinstance(stop.cause, errors.RateLimited):
                report.retry_after = stop.cause.retry_after
        except Exception as exc:  # a bug or an unexpected answer: keep the worker alive
            log.exception("outbox pass failed")
            report.error = exc
        self._record(report)
        if not report.ok:
            self._settle(None)  # unreachable: nobody waits on
        elif self._waiting:
            await self._settle_answered_elsewhere()
        if report.elsewhere:
            recheck = ELSEWHERE_RECHECK_SECONDS
            report.next_in = recheck if report.next_in is None else min(report.next_in, recheck)
        await self._notify(report)
        return report

    async def _claim_and_process(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        """Deliver `entry` under this worker's claim; leave it to the worker that holds it
        (or to a later pass, when it moved on since it was read)."""
        claim = await self._db(self.outbox.claim, entry, self._presence)
        if claim is None:
            report.elsewhere += 1
            return
        try:
            with self.outbox.fenced(claim):
                await self._process(client, entry, report)
        finally:
            await self._db(self.outbox.release_claim, claim)

    async def _settle_answered_elsewhere(self) -> None:
        """Complete the futures of entries another worker got an answer for."""
        for entry_id in list(self._waiting):
            entry = await self._db(self.outbox.entry, entry_id)
            if entry.state in ("submitted", "rejected"):
                self._settle(entry)

    def _record(self, report: DrainReport) -> None:
        cause = report.error
        if cause is None:
            self.last_error, self.last_exception, self.failures = None, None, 0
            # Reads may work again while an order it failed to take is still in
            # doubt: the server stays "failing" until that order is settled.
            still_failing = report.deferred and self.connection == "failing"
            if report.contacted and not still_failing:
                self.connection = "online"
            return
        self.failures += 1
        self.last_exception = cause
        self.last_error = _explain(cause, self.lang)
        if isinstance(cause, errors.ApiError):  # else (a bug, a search cut short): as it was
            self.connection = errors.connection_state(cause)

    async def _db(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # SQLite with synchronous=FULL fsyncs: keep it off the event loop.
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def _process(self, client: OrderApi, entry: OutboxEntry, report: DrainReport) -> None:
        """Deliver one entry with its kind's handler (a new kind of entry adds one)."""
        handlers: dict[Kind, Handler] = {
            "sale": self._process_sale,
            "awb": self._process_awb,
            "payment": self._process_payment,
            "customer": self._process_customer,
            "expense": self._process_expense,
        }
        await handlers[entry.kind](client, entry, report)
        settled = await self._db(self.outbox.entry, entry.id)
        if settled.state in ("submitted", "rejected"):
            self._settle(settled)

    def settle_window(self) -> float:
        """Seconds a doubtful send is left alone before the first search: the floor, or
        a margin over the slowest the server has shown, whichever is longer."""
        if self.settle_seconds <= 0:
            return 0.0
        return max(self.settle_seconds, SLOW_SERVER_MARGIN * self.slowest_seen)

    def _unsettled(self, entry: OutboxEntry) -> float:
        """Seconds a doubtful send must still be left alone: a settle window after the
        last news of it (the send, the error that left the doubt), then half a window
        after each search that missed it; 0 when a search is due."""
        if entry.state != "sending":
            return 0.0
        window = self.settle_window()
        wait = window / 2 if entry.misses else window
        last_news = max(filter(None, (entry.sent_at, entry.updated_at)))
        waited = (self._now() - datetime.fromisoformat(last_news)).total_seconds()
        return max(0.0, wait - waited)

    def _saw_slow(self, seconds: float, what: str) -> None:
        """The server took `seconds` for something: the settle window may have to grow."""
        if seconds > self.slowest_seen:
            self.slowest_seen = seconds
            if seconds * SLOW_SERVER_MARGIN > self.settle_seconds > 0:
                log.warning("the server took %.0fs (%s): doubtful sends now settle %.0fs",
                            seconds, what, self.settle_window())

    async def _send(
        self, entry: OutboxEntry, request: Callable[[], Awaitable[Any]], report: DrainReport
    ) -> Any | None:
        """Send one request for an entry already marked `sending`; sort out the outcome.

        Returns the response, or None when the entry was rejected. Raises _StopDrain when
        the pass must end."""
        started = self._now()
        try:
            answer = await request()
            report.contacted = True
            self._saw_slow((self._now() - started).total_seconds(), "an answer")
            return answer
        except errors.ValidationFailed as exc:  # incl. RequestInvalid (never sent)
            report.contacted = report.contacted or not isinstance(exc, errors.RequestInvalid)
            await self._db(self.outbox.mark_rejected, entry.id, exc.field_errors, exc.message)
            report.rejected += 1
            return None
        except (errors.Unauthorized, errors.RateLimited, errors.NotFound) as exc:
            # The server answered and did nothing.
            await self._db(self.outbox.mark_unsent, entry.id, self._why(entry, exc))
            raise _StopDrain(exc) from None
        except errors.NetworkError as exc:
            if exc.certainly_not_sent:
                await self._db(self.outbox.mark_unsent, entry.id, self._why(entry, exc))
            else:
                await self._db(self.outbox.note_error, entry.id, self._why(entry, exc))
            raise _StopDrain(exc) from None
        except Exception as exc:  # noqa: BLE001 - re-raised as _StopDrain
            # 5xx, an unreadable answer, anything else: the request may have acted.
            await self._db(self.outbox.note_error, entry.id, self._why(entry, exc))
            raise _StopDrain(exc) from None

    def _why(self, entry: OutboxEntry, exc: BaseException) -> str:
        """What an entry's failure is noted as: in the shop's language (`sspos outbox`
        shows it); the technical detail goes to the POS log."""
        log.info("outbox entry #%d (%s): %s", entry.id, entry.client_ref, _describe(exc))
        return _explain(exc, self.lang)

    def _t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    async def _lookup(self, call: Callable[[], Awaitable[Any]], report: DrainReport) -> Any:
        """A read made to settle a doubt; its failure ends the pass, state unchanged."""
        started = self._now()
        try:
            answer = await call()
            report.contacted = True
            self._saw_slow((self._now() - started).total_seconds(), "an answer")
            return answer
        except Exception as exc:  # noqa: BLE001 - re-raised as _StopDrain
            raise _StopDrain(exc) from None

    # -- sales -------------------------------------------------------------------------

    async def _process_sale(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        doubtful = entry.state == "sending"
        while entry.state == "sending":
            found = await self._lookup(partial(self.find_order, client, entry), report)
            if found is not None:
                if entry.misses:  # it landed after a search had missed it: a slow server
                    missed_at = datetime.fromisoformat(str((entry.probe or {})["last_miss"]))
                    sent_at = datetime.fromisoformat(str(entry.sent_at))
                    self._saw_slow((missed_at - sent_at).total_seconds(), "an order to land")
                await self._db(
                    self.outbox.mark_submitted, entry.id, found.order_id, found.po_number,
                    "found on the server", **await self._watch_if_resent(entry),
                )
                report.found += 1
                return
            if entry.misses + 1 < self.lookups_before_resend:
                entry = await self._db(
                    self.outbox.note_search_miss, entry.id,
                    self._t("outbox.why.not_found_yet", count=entry.misses + 1,
                            of=self.lookups_before_resend),
                    timestamp(self._now()),
                )
                wait = self._unsettled(entry)
                if wait > 0:  # look again later; the other sales go on meanwhile
                    report.deferred += 1
                    report.next_in = min(report.next_in or wait, wait)
                    return
                continue
            entry = await self._db(
                self.outbox.mark_unsent, entry.id,
                self._t("outbox.why.not_found", count=self.lookups_before_resend),
            )
        entry = await self._db(self.outbox.mark_sending, entry.id)
        created = await self._send(entry, lambda: client.create_order(entry.payload), report)
        if created is None:
            return
        await self._db(self.outbox.mark_submitted, entry.id, created.order_id, created.po_number,
                       **await self._watch_if_resent(entry))
        report.sent += 1
        report.resent += int(doubtful)

    async def _watch_if_resent(self, entry: OutboxEntry) -> dict[str, str]:
        """`mark_submitted`'s watch arguments for a sale sent again after a request that
        may have landed (an error that left doubt, a search that missed it); none for one
        sent once, or again only after requests that certainly never left."""
        if entry.attempts < 2 or self.watch_seconds <= 0:
            return {}
        history = await self._db(self.outbox.history, entry.id)
        if not any(record.event in ("error", "not_found") for record in history):
            return {}
        now = self._now()
        return {
            "watch_until": timestamp(now + timedelta(seconds=self.watch_seconds)),
            "first_check": timestamp(now + timedelta(seconds=self.watch_every_seconds)),
        }

    async def find_order(self, client: OrderApi, entry: OutboxEntry) -> Any | None:
        """The order on the server whose note carries this sale's reference, or None
        when it is certainly not there (every page around that date was read).

        Raises SearchIncomplete when the listing cannot be trusted to be complete (pages
        that repeat, or no end in sight): the doubt then stays, nothing is re-sent."""
        ref = entry.client_ref
        filters = days_around(entry.order_date or str(entry.payload.get("order_date") or ""))
        if self.use_keyword_search:
            # A shortcut only: a keyword match proves presence, a miss proves nothing (the
            # real server's keyword may not search notes), so a full scan follows.
            try:
                page = await client.orders(page=1, per_page=PAGE_SIZE, keyword=ref, **filters)
                for order in page.items:
                    if carries(order, ref):
                        return order
            except errors.ValidationFailed:
                pass
        async for order in orders_listed(client, filters):
            if carries(order, ref):
                return order
        return None

    async def orders_with_reference(
        self, client: OrderApi, client_ref: str, order_date: str | None
    ) -> list[Any]:
        """Every live (not cancelled) order around `order_date` carrying `client_ref`
        (the whole listing is read: raises SearchIncomplete when it cannot be)."""
        return [
            order async for order in orders_listed(client, days_around(order_date or ""))
            if carries(order, client_ref)
            and str(getattr(order, "order_status", "") or "").upper() not in CANCELLED_STATUSES
        ]

    # -- the duplicate watch -------------------------------------------------------------

    async def _check_watches(self, client: OrderApi, report: DrainReport) -> None:
        """Look for second orders of the sales sent more than once (see the module
        docstring); cancel them. A failure ends the pass; the watch stays as it was."""
        now = self._now()
        for watch in await self._db(self.outbox.due_watches, timestamp(now)):
            live = await self._lookup(
                partial(self.orders_with_reference, client, watch.client_ref, watch.order_date),
                report,
            )
            ids = {int(order.order_id) for order in live}
            if watch.cancelling is not None and watch.cancelling not in ids:
                # A cancel sent before a crash (or whose answer was lost) did land.
                await self._db(
                    self.outbox.watch_cancelled, watch.entry_id, watch.cancelling, None,
                    f"order {watch.cancelling} is cancelled on the server",
                )
            if watch.order_id in ids:
                for order in live:
                    if int(order.order_id) != watch.order_id:
                        await self._cancel_duplicate(client, watch, order, report)
            elif len(live) > 1:
                # The kept order is gone (cancelled by hand?): which one to keep is an
                # admin's call, not the worker's.
                log.warning("sale %s: kept order %s is gone but %d others carry its reference;"
                            " nothing cancelled", watch.client_ref, watch.order_id, len(live))
            if timestamp(now) >= watch.until:
                await self._db(self.outbox.close_watch, watch.entry_id,
                               "watched long enough after the last re-send")
            else:
                next_check = min(
                    timestamp(now + timedelta(seconds=self.watch_every_seconds)), watch.until
                )
                await self._db(self.outbox.watch_checked, watch.entry_id, next_check)
        upcoming = await self._db(self.outbox.next_watch_check)
        if upcoming is not None:
            wait = max(0.0, (datetime.fromisoformat(upcoming) - now).total_seconds())
            report.next_in = wait if report.next_in is None else min(report.next_in, wait)

    async def _cancel_duplicate(
        self, client: OrderApi, watch: DuplicateWatch, order: Any, report: DrainReport
    ) -> None:
        """Cancel `order`, a second order with the watched sale's reference."""
        order_id, po = int(order.order_id), getattr(order, "po_number", None)
        # How long it took the server: it committed after the re-send (or the re-send
        # found this one), so at least the time between the first send and the re-send.
        first = datetime.fromisoformat(watch.first_sent_at)
        self._saw_slow((datetime.fromisoformat(watch.resent_at) - first).total_seconds(),
                       "a duplicate to land")
        detail = (f"order {order_id} (PO {po}) also carries [{watch.client_ref}]; the outbox "
                  f"keeps order {watch.order_id}: cancelling {order_id}")
        log.warning("sale %s: %s", watch.client_ref, detail)
        await self._db(self.outbox.watch_cancelling, watch.entry_id, order_id, detail)
        try:
            await client.cancel_order(order_id)
        except errors.ValidationFailed as exc:
            log.error("sale %s: the server refused to cancel duplicate order %s: %s",
                      watch.client_ref, order_id, exc.message)
            await self._db(self.outbox.watch_refused, watch.entry_id, order_id, exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - a 5xx, a lost answer: it may have landed
            raise _StopDrain(exc) from None  # the next check sees whether it did
        report.contacted = True
        await self._db(self.outbox.watch_cancelled, watch.entry_id, order_id, po,
                       f"duplicate order {order_id} (PO {po}) cancelled")
        log.warning("sale %s: duplicate order %s (PO %s) cancelled", watch.client_ref,
                    order_id, po)
        report.cancelled.append((watch.client_ref, order_id, None if po is None else str(po)))

    # -- follow-ups --------------------------------------------------------------------

    async def _process_awb(self, client: OrderApi, entry: OutboxEntry, report: DrainReport) -> None:
        if entry.state == "sending":
            # Setting the same AWB again is harmless: no search needed.
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   self._t("outbox.why.awb_again"))
        order_id = entry.order_id
        assert order_id is not None  # ready() only hands out follow-ups with an order id
        entry = await self._db(self.outbox.mark_sending, entry.id)
        awb = str(entry.payload["awb_number"])
        answer = await self._send(entry, lambda: client.add_awb(order_id, awb), report)
        if answer is not None:
            await self._db(self.outbox.mark_submitted, entry.id, order_id,
                           getattr(answer, "po_number", None))
            report.sent += 1

    async def _process_payment(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        order_id = entry.order_id
        assert order_id is not None
        amount = int(entry.payload["amount"])
        if entry.state == "sending":
            history = await self._lookup(lambda: client.payment_history(order_id), report)
            before = set((entry.probe or {}).get("payment_ids", []))
            landed = [p for p in history
                      if p.payment_id not in before and int(p.nominal) == amount]
            if landed:
                await self._db(self.outbox.mark_submitted, entry.id, order_id, None,
                               "found in the payment history")
                report.found += 1
                return
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   self._t("outbox.why.payment_not_found"))
        history = await self._lookup(lambda: client.payment_history(order_id), report)
        probe = {"payment_ids": sorted({int(p.payment_id) for p in history})}
        entry = await self._db(self.outbox.mark_sending, entry.id, probe=probe)
        payload = entry.payload
        status: Literal["PAID", "INSTALLMENT"] = (
            "PAID" if payload.get("status") == "PAID" else "INSTALLMENT")
        cogs = payload.get("cost_of_goods_sales")
        answer = await self._send(
            entry,
            lambda: client.quick_payment(
                order_id, amount, int(payload["bank_id"]), str(payload["date"]), status=status,
                cost_of_goods_sales=None if cogs is None else int(cogs),
            ),
            report,
        )
        if answer is not None:
            await self._db(self.outbox.mark_submitted, entry.id, order_id,
                           getattr(answer, "po_number", None))
            report.sent += 1


    # -- customers ---------------------------------------------------------------------

    async def _process_customer(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        doubtful = entry.state == "sending"
        if doubtful:
            found = await self._lookup(lambda: self.find_customer(client, entry), report)
            if found is not None:
                await self._db(self.outbox.mark_customer_created, entry.id, found,
                               "found on the server")
                report.found += 1
                return
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   self._t("outbox.why.searched_absent"))
        existing = await self._lookup(lambda: customer_matches(client, entry.payload),
                                      report)
        entry = await self._db(self.outbox.mark_sending, entry.id,
                               probe={"customer_ids": sorted(existing)})
        body = CustomerCreate.model_validate(entry.payload)
        created = await self._send(entry, lambda: client.create_customer(body), report)
        if created is None:
            return
        await self._db(self.outbox.mark_customer_created, entry.id, int(created.customer_id))
        report.sent += 1
        report.resent += int(doubtful)

    async def find_customer(self, client: OrderApi, entry: OutboxEntry) -> int | None:
        """The id of the customer a doubtful creation made, or None when it certainly made
        none: a customer with its name and phone that was not there before it was sent."""
        before = set((entry.probe or {}).get("customer_ids", []))
        new = await customer_matches(client, entry.payload) - before
        return min(new) if new else None

    # -- expenses ----------------------------------------------------------------------

    async def _process_expense(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        doubtful = entry.state == "sending"
        if doubtful:
            found = await self._lookup(
                partial(expense_with_reference, client, entry.client_ref,
                        str(entry.order_date or entry.payload.get("date") or "")),
                report,
            )
            if found is not None:
                await self._db(self.outbox.mark_submitted, entry.id, found, None,
                               "found on the server")
                report.found += 1
                return
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   self._t("outbox.why.searched_absent"))
        entry = await self._db(self.outbox.mark_sending, entry.id)
        # The client checks the body first: a bad one is rejected, never sent.
        body = dict(entry.payload)
        created = await self._send(entry, lambda: client.create_expense(body), report)
        if created is None:
            return
        await self._db(self.outbox.mark_submitted, entry.id, int(created.id), None)
        report.sent += 1
        report.resent += int(doubtful)
