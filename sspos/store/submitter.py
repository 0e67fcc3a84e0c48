"""The background worker that delivers the outbox to SmartSeller, exactly once.

POST `order` has no idempotency key, so exactly-once rests on the client reference the
sale carries in its `note`:

- an entry is marked `sending` (on disk) before its request leaves;
- an answer proves the outcome: created → submitted, `Failed` → rejected (never retried
  by itself), a refusal that provably did nothing (401/404/429, or a connection that
  never opened) → back to pending;
- anything else leaves doubt (timeout, a connection dropped after sending, 5xx, an
  unreadable answer) and the entry stays `sending`. Once it has settled (`settle_seconds`
  after the last news of it, so a request the server is still working on has landed),
  the worker searches GET `order` around that date (a day either side, per_page 100,
  every page; a keyword search first as a shortcut that can only prove presence) for
  the reference and re-sends only when it is certainly absent. A listing that cannot be
  read to its end keeps the doubt. A process killed mid-send leaves the entry in
  `sending`, so start-up goes through the same check.

Payments (PATCH `order/quick-payment`) are not idempotent either: before one is sent, the
order's payment history is remembered; after doubt a new matching payment means it
landed. Adding an AWB sets the same number again, so it is simply re-sent.

Customers (POST `customer/create`) likewise: before one is sent, the ids of the server's
customers with the same name and phone are remembered; after doubt a new one with that
name and phone is ours, and only a search that finds none (every page read) re-sends.
The sales waiting for the customer then go out with its new id (see `Outbox`).

When the API cannot be reached the worker reports `online = False` and tries again with
exponential backoff and jitter; `wake()` asks for an attempt now (after a new sale).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from sspos.store.outbox import OUTBOX_FILE, Outbox, OutboxCounts, OutboxEntry, OutboxError

if TYPE_CHECKING:
    from sspos.config import Settings

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
StatusListener = Callable[["WorkerStatus"], None]


class OrderApi(Protocol):
    """What the worker needs of `sspos.api.client.SmartSellerClient`."""

    async def create_order(self, payload: dict[str, Any]) -> Any: ...
    async def add_awb(self, order_id: int, awb_number: str) -> Any: ...
    async def orders(self, page: int = 1, per_page: int = 100, **filters: Any) -> Any: ...
    async def quick_payment(self, order_id: int, amount: int, bank_id: int, date: Any,
                            **kwargs: Any) -> Any: ...
    async def payment_history(self, order_id: int) -> list[Any]: ...
    async def customers(self, keyword: str | None = None, type: str = "NAME",  # noqa: A002
                        page: int = 1, per_page: int = 50, **filters: Any) -> Any: ...
    async def create_customer(self, customer: Any) -> Any: ...
    async def aclose(self) -> None: ...


ClientFactory = Callable[[], OrderApi]


@dataclass(frozen=True)
class WorkerStatus:
    """What the status bar needs: online or not, the outbox counts, the last problem.

    `online` is None until the first contact with the server. `last_error` is one line
    in the worker's language (`sspos.api.errors.describe`); `error` the exception itself.
    `retry_in` is the pause (seconds) before the next attempt, when one is scheduled.
    """

    online: bool | None
    counts: OutboxCounts
    last_error: str | None = None
    retry_in: float | None = None
    error: BaseException | None = None


def status_text(status: WorkerStatus, lang: str = "id") -> str:
    """The status bar's words: `OFFLINE · 3 antre · 1 ditolak` (plain text, no markup)."""
    from sspos.i18n import t

    state = {True: "online", False: "offline", None: "unknown"}[status.online]
    parts = [t(f"outbox.status.{state}", lang)]
    counts = status.counts
    if counts.waiting:
        parts.append(t("outbox.status.waiting", lang, count=counts.waiting))
    if counts.rejected:
        parts.append(t("outbox.status.rejected", lang, count=counts.rejected))
    if counts.unprinted:
        parts.append(t("outbox.status.unprinted", lang, count=counts.unprinted))
    return " · ".join(parts)


@dataclass
class DrainReport:
    """What one pass over the outbox did."""

    sent: int = 0
    found: int = 0  # doubtful sends found on the server (not sent again)
    resent: int = 0  # doubtful sends proved absent and sent again
    rejected: int = 0
    contacted: bool = False  # at least one request reached the server
    deferred: int = 0  # doubtful sends left to settle before the server is searched
    next_in: float | None = None  # when the first deferred one may be looked at
    busy: bool = False  # another process holds the outbox worker lock
    error: BaseException | None = None  # what stopped the pass (network, 5xx…)
    retry_after: float | None = None  # server asked for this pause (429)
    touched: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.busy


#: Orders per page when searching (the API's maximum).
PAGE_SIZE = 100
#: A search reading more pages than this gives up (and the doubt stays) rather than loop.
MAX_SEARCH_PAGES = 200


class SearchIncomplete(Exception):
    """The order listing could not be read to its end, so absence is not proven."""


class _StopDrain(Exception):
    """Internal: the pass ends (offline, server trouble); carries the cause."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _WorkerLock:
    """An exclusive lock file next to the outbox: one submitting process per outbox.

    Released by the OS when the process dies, so a killed POS never blocks the next."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        try:
            import fcntl
        except ImportError:  # not POSIX: rely on a single POS per data folder
            self._fd = -1
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None and self._fd >= 0:
            os.close(self._fd)  # closing drops the flock
        self._fd = None


def _api_errors() -> Any:
    from sspos.api import errors

    return errors


def _describe(exc: BaseException) -> str:
    """The technical one-liner kept in the outbox log."""
    message = getattr(exc, "message", None)
    text = f"{type(exc).__name__}: {message if message is not None else exc}"
    return text[:500]


def _explain(exc: BaseException, lang: str) -> str:
    """The one-liner for the cashier, in the shop's language."""
    errors = _api_errors()
    if isinstance(exc, errors.ApiError):
        return str(errors.describe(exc, lang))
    return _describe(exc)


class OutboxWorker:
    """Submits outbox entries in order; see the module docstring for the guarantees.

    `client_factory()` returns an API client (normally `SmartSellerClient`); it is created
    on first use and closed by `aclose()` (or when `run()` ends) unless `close_client` is
    False (a client shared with the rest of the app). `sleep`, `rng` and `now` are
    injectable so tests run on fake time. `settle_seconds` is how long a doubtful send is
    left alone (counted from the last news of it) before the server is searched for it, so
    a request the client gave up on but the server is still processing has landed by then.
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
        settle_seconds: float = 20.0,
        use_keyword_search: bool = True,
        probe_when_idle: bool = True,
        close_client: bool = True,
        lock: bool = True,
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
        self.use_keyword_search = use_keyword_search
        self.probe_when_idle = probe_when_idle
        self.close_client = close_client
        self.lang = lang
        self.last_exception: BaseException | None = None
        lock_path = outbox.path.with_name(outbox.path.name + ".lock")
        self._lock = _WorkerLock(lock_path) if lock else None
        self.online: bool | None = None
        self.last_error: str | None = None
        self.retry_in: float | None = None
        self.failures = 0
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- status ------------------------------------------------------------------------

    def subscribe(self, listener: StatusListener) -> None:
        """Call `listener(WorkerStatus)` after every pass and every online change."""
        self._listeners.append(listener)

    def status(self) -> WorkerStatus:
        """The current status (reads the counts from the outbox: call it off the UI loop)."""
        return WorkerStatus(
            self.online, self.outbox.counts(), self.last_error, self.retry_in, self.last_exception
        )

    async def _notify(self) -> None:
        if not self._listeners:
            return
        status = WorkerStatus(
            self.online, await asyncio.to_thread(self.outbox.counts), self.last_error,
            self.retry_in, self.last_exception,
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
        return step / 2 + step / 2 * self._rng()

    # -- lifecycle ---------------------------------------------------------------------

    def _get_client(self) -> OrderApi:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    async def aclose(self) -> None:
        """Close the API client and release the outbox lock."""
        client, self._client = self._client, None
        if client is not None and self.close_client:
            with suppress(Exception):
                await client.aclose()
        if self._lock is not None:
            self._lock.release()

    def wake(self) -> None:
        """Ask `run()` for a pass now (call from the loop that runs the worker)."""
        if self._wake is not None:
            self._wake.set()

    def wake_threadsafe(self) -> None:
        """`wake()` from another thread (e.g. a thread worker that just queued a sale)."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

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
        if self._lock is not None and not self._lock.acquire():
            report.busy = True
            return report
        errors = _api_errors()
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
                        await self._process(client, entry, report)
                    except OutboxError as exc:
                        # Changed under us (voided or edited from the CLI / another
                        # screen) before it was claimed: nothing was sent; skip it.
                        log.info("outbox entry #%d skipped: %s", entry.id, exc)
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
        await self._notify()
        return report

    def _record(self, report: DrainReport) -> None:
        errors = _api_errors()
        cause = report.error
        if cause is None:
            if not report.busy:
                self.last_error, self.last_exception, self.failures = None, None, 0
                if report.contacted:
                    self.online = True
            return
        self.failures += 1
        self.last_exception = cause
        self.last_error = _explain(cause, self.lang)
        # Offline = the server could not be reached or cannot serve; a 401 or a 429 is
        # an answer from a working server.
        if isinstance(cause, errors.NetworkError | errors.ServerUnavailable):
            self.online = False
        elif isinstance(cause, errors.ApiError):
            self.online = True

    async def _db(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # SQLite with synchronous=FULL fsyncs: keep it off the event loop.
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def _process(self, client: OrderApi, entry: OutboxEntry, report: DrainReport) -> None:
        if entry.kind == "sale":
            await self._process_sale(client, entry, report)
        elif entry.kind == "awb":
            await self._process_awb(client, entry, report)
        elif entry.kind == "customer":
            await self._process_customer(client, entry, report)
        else:
            await self._process_payment(client, entry, report)

    def _unsettled(self, entry: OutboxEntry) -> float:
        """Seconds a doubtful send must still be left alone: `settle_seconds` after the last
        news of it (the send itself, or the error that left the doubt); 0 when ready."""
        if entry.state != "sending" or self.settle_seconds <= 0:
            return 0.0
        last_news = max(filter(None, (entry.sent_at, entry.updated_at)))
        waited = (self._now() - datetime.fromisoformat(last_news)).total_seconds()
        return max(0.0, self.settle_seconds - waited)

    async def _send(
        self, entry: OutboxEntry, request: Callable[[], Awaitable[Any]], report: DrainReport
    ) -> Any | None:
        """Send one request for an entry already marked `sending`; sort out the outcome.

        Returns the response, or None when the entry was rejected. Raises _StopDrain when
        the pass must end."""
        errors = _api_errors()
        try:
            answer = await request()
            report.contacted = True
            return answer
        except errors.ValidationFailed as exc:  # incl. RequestInvalid (never sent)
            report.contacted = report.contacted or not isinstance(exc, errors.RequestInvalid)
            await self._db(self.outbox.mark_rejected, entry.id, exc.field_errors, exc.message)
            report.rejected += 1
            return None
        except (errors.Unauthorized, errors.RateLimited, errors.NotFound) as exc:
            # The server answered and did nothing.
            await self._db(self.outbox.mark_unsent, entry.id, _describe(exc))
            raise _StopDrain(exc) from None
        except errors.NetworkError as exc:
            if exc.certainly_not_sent:
                await self._db(self.outbox.mark_unsent, entry.id, _describe(exc))
            else:
                await self._db(self.outbox.note_error, entry.id, _describe(exc))
            raise _StopDrain(exc) from None
        except Exception as exc:
            # 5xx, an unreadable answer, anything else: the request may have acted.
            await self._db(self.outbox.note_error, entry.id, _describe(exc))
            raise _StopDrain(exc) from None

    async def _lookup(self, call: Callable[[], Awaitable[Any]], report: DrainReport) -> Any:
        """A read made to settle a doubt; its failure ends the pass, state unchanged."""
        try:
            answer = await call()
            report.contacted = True
            return answer
        except Exception as exc:
            raise _StopDrain(exc) from None

    # -- sales -------------------------------------------------------------------------

    async def _process_sale(
        self, client: OrderApi, entry: OutboxEntry, report: DrainReport
    ) -> None:
        doubtful = entry.state == "sending"
        if doubtful:
            found = await self._lookup(lambda: self.find_order(client, entry), report)
            if found is not None:
                await self._db(
                    self.outbox.mark_submitted, entry.id, found.order_id, found.po_number,
                    "found on the server",
                )
                report.found += 1
                return
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   "searched the server: not there")
        entry = await self._db(self.outbox.mark_sending, entry.id)
        created = await self._send(entry, lambda: client.create_order(entry.payload), report)
        if created is None:
            return
        await self._db(self.outbox.mark_submitted, entry.id, created.order_id, created.po_number)
        report.sent += 1
        report.resent += int(doubtful)

    async def find_order(self, client: OrderApi, entry: OutboxEntry) -> Any | None:
        """The order on the server whose note carries this sale's reference, or None
        when it is certainly not there (every page around that date was read).

        Raises SearchIncomplete when the listing cannot be trusted to be complete (pages
        that repeat, or no end in sight): the doubt then stays, nothing is re-sent."""
        from sspos.domain.order import reference_in_note

        ref = entry.client_ref
        text = entry.order_date or str(entry.payload.get("order_date") or "")[:10]
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = date.today()
        # A day either side: the server may file the order under its own clock or zone.
        filters = {
            "start_date": (day - timedelta(days=1)).isoformat(),
            "end_date": (day + timedelta(days=1)).isoformat(),
        }

        def mine(order: Any) -> bool:
            # Case-blind: references are upper-case base32, and someone may have retyped
            # the note on the server.
            found = reference_in_note(getattr(order, "note", None))
            return found is not None and found.casefold() == ref.casefold()

        if self.use_keyword_search:
            # A shortcut only: a keyword match proves presence, a miss proves nothing (the
            # real server's keyword may not search notes), so a full scan follows.
            errors = _api_errors()
            try:
                page = await client.orders(page=1, per_page=PAGE_SIZE, keyword=ref, **filters)
                for order in page.items:
                    if mine(order):
                        return order
            except errors.ValidationFailed:
                pass
        seen: set[Any] = set()
        for page_no in range(1, MAX_SEARCH_PAGES + 1):
            page = await client.orders(page=page_no, per_page=PAGE_SIZE, **filters)
            ids = [getattr(order, "order_id", None) for order in page.items]
            if page.items and seen.issuperset(ids):
                raise SearchIncomplete(f"page {page_no} repeats earlier orders")
            seen.update(ids)
            for order in page.items:
                if mine(order):
                    return order
            pagination = page.pagination
            more = pagination.next is not None or pagination.current_page < pagination.total_pages
            # A full page means there may be more, whatever the counters say.
            if not page.items or (not more and len(page.items) < PAGE_SIZE):
                return None
        raise SearchIncomplete(f"more than {MAX_SEARCH_PAGES} pages of orders")

    # -- follow-ups --------------------------------------------------------------------

    async def _process_awb(self, client: OrderApi, entry: OutboxEntry, report: DrainReport) -> None:
        if entry.state == "sending":
            # Setting the same AWB again is harmless: no search needed.
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   "AWB outcome unknown: setting it again")
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
                                   "payment history: not there")
        history = await self._lookup(lambda: client.payment_history(order_id), report)
        probe = {"payment_ids": sorted({int(p.payment_id) for p in history})}
        entry = await self._db(self.outbox.mark_sending, entry.id, probe=probe)
        payload = entry.payload
        answer = await self._send(
            entry,
            lambda: client.quick_payment(
                order_id, amount, int(payload["bank_id"]), str(payload["date"]),
                status=str(payload.get("status", "INSTALLMENT")),
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
        from sspos.api.models import CustomerCreate

        doubtful = entry.state == "sending"
        if doubtful:
            found = await self._lookup(lambda: self.find_customer(client, entry), report)
            if found is not None:
                await self._db(self.outbox.mark_customer_created, entry.id, found,
                               "found on the server")
                report.found += 1
                return
            entry = await self._db(self.outbox.mark_unsent, entry.id,
                                   "searched the server: not there")
        existing = await self._lookup(lambda: self.customer_matches(client, entry.payload),
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
        new = await self.customer_matches(client, entry.payload) - before
        return min(new) if new else None

    async def customer_matches(self, client: OrderApi, payload: dict[str, Any]) -> set[int]:
        """Ids of the server's customers with this body's name and phone (every page of
        the name search read; SearchIncomplete when it cannot be)."""
        from sspos.store.customers import phone_key

        name = str(payload.get("name") or "").strip()
        phone = phone_key(str(payload.get("phone") or ""))
        found: set[int] = set()
        seen: set[int] = set()
        for page_no in range(1, MAX_SEARCH_PAGES + 1):
            # The doc caps `keyword` at 50 characters; the full name is compared below.
            page = await client.customers(keyword=name[:50], type="NAME", page=page_no,
                                          per_page=PAGE_SIZE)
            ids = [int(customer.id) for customer in page.items]
            if page.items and seen.issuperset(ids):
                raise SearchIncomplete(f"customer page {page_no} repeats earlier customers")
            seen.update(ids)
            found.update(
                int(customer.id) for customer in page.items
                if (customer.name or "").strip().casefold() == name.casefold()
                and phone_key(customer.phone or "") == phone
            )
            pagination = page.pagination
            more = pagination.next is not None or pagination.current_page < pagination.total_pages
            if not page.items or (not more and len(page.items) < PAGE_SIZE):
                return found
        raise SearchIncomplete(f"more than {MAX_SEARCH_PAGES} pages of customers")


# -- the `sspos outbox` command ---------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain(text: object) -> str:
    """Server text shown on a terminal: no control bytes (no escape sequences)."""
    return _CONTROL.sub(" ", str(text))


def _entry_lines(entry: OutboxEntry, lang: str) -> list[str]:
    from sspos.i18n import t

    state = t(f"outbox.state.{entry.state}", lang)
    kind = t(f"outbox.kind.{entry.kind}", lang)
    when = entry.created_at[:19]
    head = f"#{entry.id:<5} {kind:<10} {state:<12} {_plain(entry.client_ref)}  {when}"
    if entry.kind == "awb":
        head += f"  AWB {_plain(entry.payload.get('awb_number', ''))}"
    elif entry.kind == "payment":
        head += f"  {entry.payload.get('amount')} ({entry.payload.get('date')})"
    elif entry.kind == "customer":
        head += f"  {_plain(entry.payload.get('name', ''))}"
    lines = [head]
    for field_name, messages in entry.messages.items():
        lines.append(f"        {_plain(field_name)}: {_plain('; '.join(messages))}")
    if entry.last_error and entry.state != "rejected":
        lines.append("        " + t("outbox.cli.last_error", lang, error=_plain(entry.last_error)))
    return lines


def outbox_command(
    args: list[str],
    settings: Settings,
    data_dir: Path | IO[str] | None = None,
    out: IO[str] | None = None,
) -> int:
    """`sspos outbox [list | retry ID | void ID --reason TEXT]`; returns the exit code.

    `list` shows what is waiting or rejected (with the server's messages); `retry` puts a
    rejected entry back in the queue (the POS worker sends it); `void` drops a pending or
    rejected entry, the reason kept in the outbox log. The outbox is the one in
    `data_dir` (default: the settings' data dir).
    """
    import sys

    from sspos.i18n import t

    if data_dir is not None and hasattr(data_dir, "write"):
        out, data_dir = data_dir, None  # called as (args, settings, out)
    stream: IO[str] = out if out is not None else sys.stdout
    folder = Path(data_dir) if data_dir is not None else settings.data_dir
    lang = settings.lang

    parser = argparse.ArgumentParser(prog="sspos outbox", add_help=False, exit_on_error=False)
    parser.add_argument("action", nargs="?", default="list", choices=["list", "retry", "void"])
    parser.add_argument("id", nargs="?", type=int)
    parser.add_argument("--reason", default="")
    parser.add_argument("--all", action="store_true")
    try:
        opts, extra = parser.parse_known_args(args)
    except (argparse.ArgumentError, SystemExit) as exc:
        print(t("outbox.cli.usage", lang, detail=_plain(exc)), file=stream)
        return 2
    if extra:
        print(t("outbox.cli.usage", lang, detail=" ".join(extra)), file=stream)
        return 2

    outbox = Outbox(folder / OUTBOX_FILE)
    if opts.action == "list":
        states: Iterable[str] | None = None if opts.all else ("pending", "sending", "rejected")
        entries = outbox.entries(states)
        counts = outbox.counts()
        print(
            t("outbox.cli.summary", lang, waiting=counts.waiting, rejected=counts.rejected,
              submitted=counts.submitted, unprinted=counts.unprinted),
            file=stream,
        )
        if not entries:
            print(t("outbox.cli.empty", lang), file=stream)
        for entry in entries:
            for line in _entry_lines(entry, lang):
                print(line, file=stream)
        return 0

    if opts.id is None:
        print(t("outbox.cli.need_id", lang, action=opts.action), file=stream)
        return 2
    try:
        if opts.action == "retry":
            entry = outbox.retry(opts.id)
            print(t("outbox.cli.retried", lang, id=entry.id, ref=_plain(entry.client_ref)),
                  file=stream)
        else:
            if not opts.reason.strip():
                print(t("outbox.error.reason_required", lang), file=stream)
                return 2
            entry = outbox.void(opts.id, opts.reason)
            print(t("outbox.cli.voided", lang, id=entry.id, ref=_plain(entry.client_ref)),
                  file=stream)
    except OutboxError as exc:
        print(error_text(exc, lang), file=stream)
        return 1
    return 0


def error_text(exc: OutboxError, lang: str = "id") -> str:
    """An OutboxError in the shop's language."""
    from sspos.i18n import t

    params = dict(exc.params)
    if "state" in params:
        params["state"] = t(f"outbox.state.{params['state']}", lang)
    if "action" in params:
        params["action"] = t(f"outbox.action.{params['action']}", lang)
    return t(exc.key, lang, **{k: _plain(v) for k, v in params.items()})
