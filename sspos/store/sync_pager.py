"""How a sync reads the server's paged lists: whole, or not at all.

`Pager` fetches numbered pages with at most `concurrency` requests in flight, waits out
rate limits and unavailable servers (as long as the server asks, up to a limit), and
refuses pagination that cannot be right: pages repeating each other, more pages than
`total` / `per_page` allow, items missing at the end. `Deadline` ends a sync that runs too
long in all, or hears nothing from the server for too long. Each of these stops the sync
with `SyncFailed`, which says why in the cashier's language.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sspos.api.errors import (
    ApiError,
    ContractError,
    NetworkError,
    RateLimited,
    ServerUnavailable,
    describe,
)
from sspos.api.models import Pagination
from sspos.i18n import t

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Sleep = Callable[[float], Awaitable[Any]]

MAX_PAGE_ATTEMPTS = 8  # per page, after the client's own retries
MAX_WAIT_S = 120.0
MAX_PAGES = 10_000  # of one list: a million products; beyond, the server is looping
#: Share of the announced `total` that may be missing at the end (items deleted on the
#: server while the sync paged through the list shift later pages forward).
MISSING_TOLERANCE = 0.02
#: A sync ends when the server has not answered at all for this long.
STALL_S = 120.0

_STAGE_KEYS = {
    "products": "store.sync.stage.products",
    "customers": "store.sync.stage.customers",
    "reference": "store.sync.stage.reference",
    "regions": "store.sync.stage.regions",
    "indexing": "store.sync.stage.indexing",
}


def stage_label(stage: str, lang: str) -> str:
    """The name of a sync stage (products, customers…) in `lang`."""
    key = _STAGE_KEYS.get(stage)
    return t(key, lang) if key else stage


def failure_reason(error: BaseException, lang: str) -> str:
    """Why something failed, in `lang`."""
    if isinstance(error, SyncFailed):
        return error.message(lang)
    if isinstance(error, ApiError):
        return describe(error, lang)
    return str(error)


class SyncFailed(Exception):
    """The sync stopped; the previous catalog is still live and complete.

    `stage` (products, customers…) and `cause` (the API error behind it) are rendered in
    the reader's language by `message`."""

    def __init__(
        self, key: str, *, stage: str | None = None, cause: BaseException | None = None,
        **params: Any,
    ) -> None:
        self.key = key
        self.stage = stage
        self.cause = cause
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "id") -> str:
        """The reason, for the cashier."""
        params = dict(self.params)
        if self.stage is not None:
            params["stage"] = stage_label(self.stage, lang)
        if self.cause is not None:
            params["reason"] = failure_reason(self.cause, lang)
        return t(self.key, lang, **params)


class PageLike(Protocol[T_co]):
    """What the pager reads of a page: `Page[T]` and the client's `RawPage` both fit."""

    @property
    def items(self) -> Sequence[T_co]: ...

    @property
    def pagination(self) -> Pagination: ...


@dataclass
class Tally:
    """What one list's pages held: items the server sent, and what it announced."""

    received: int = 0
    total: int | None = None


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else getattr(item, "id", None)


def announced(pagination: Pagination | None) -> tuple[int | None, int | None, int | None]:
    """(total, total_pages, per_page) of a page, each None when the server did not say."""
    if pagination is None:
        return None, None, None
    sent = pagination.model_fields_set
    return (
        pagination.total if "total" in sent else None,
        pagination.total_pages if "total_pages" in sent else None,
        pagination.per_page if "per_page" in sent and pagination.per_page > 0 else None,
    )


class Deadline:
    """The limits of one sync: `total_s` in all, and `stall_s` without any answer.

    `answered()` is called for every answer (a page, a 429, a 5xx); `guard()` raises
    SyncFailed when a limit passes (it cancels whatever is still running)."""

    def __init__(self, total_s: float | None, stall_s: float) -> None:
        self.total_s, self.stall_s = total_s, stall_s
        self._timeout: asyncio.Timeout | None = None
        self._end = self._last = 0.0

    def _when(self) -> float:
        stall = self._last + self.stall_s
        return stall if self.total_s is None else min(self._end, stall)

    def answered(self) -> None:
        """The server answered: the stall limit starts again from now."""
        if self._timeout is not None and not self._timeout.expired():
            self._last = asyncio.get_running_loop().time()
            self._timeout.reschedule(self._when())

    @contextlib.asynccontextmanager
    async def guard(self) -> AsyncIterator[None]:
        """Run the block under both limits; SyncFailed when one passes."""
        now = asyncio.get_running_loop().time()
        self._end = now + (self.total_s or 0.0)
        self._last = now
        try:
            async with asyncio.timeout_at(self._when()) as self._timeout:
                yield
        except TimeoutError:
            if self._timeout is None or not self._timeout.expired():
                raise  # not ours
            if self.total_s is not None and asyncio.get_running_loop().time() >= self._end:
                raise SyncFailed("store.sync.deadline", minutes=f"{self.total_s / 60:g}") from None
            # No answer at all: the server is silent (the status bar shows it failing).
            silent = NetworkError("sync", "no answer", certainly_not_sent=False)
            raise SyncFailed("store.sync.stalled", seconds=f"{self.stall_s:g}",
                             cause=silent) from None
        finally:
            self._timeout = None


class Pager:
    """Fetches numbered pages with bounded concurrency, waiting out rate limits, and
    refuses pagination that cannot be right (repeating pages, impossible page counts)."""

    def __init__(
        self,
        concurrency: int,
        sleep: Sleep,
        attempts: int = MAX_PAGE_ATTEMPTS,
        answered: Callable[[], None] = lambda: None,
    ) -> None:
        self.attempts = max(1, attempts)
        self.semaphore = asyncio.Semaphore(max(1, concurrency))
        self.concurrency = max(1, concurrency)
        self.sleep = sleep
        self.pages = 0  # pages read so far
        self.waits = 0  # times it paused for a rate limit or an unavailable server
        self.answered = answered

    async def fetch(
        self, stage: str, call: Callable[[], Awaitable[T]], page: int | None = None
    ) -> T:
        """`call()` until it answers; waits on 429/5xx/network errors, up to a limit."""
        attempt = 0
        while True:
            try:
                async with self.semaphore:
                    result = await call()
                self.answered()
                return result
            except (RateLimited, ServerUnavailable, NetworkError) as error:
                spoke = not isinstance(error, NetworkError)  # a server that says "later"
                if spoke:
                    self.answered()
                attempt += 1
                if attempt >= self.attempts:
                    raise SyncFailed(
                        "store.sync.gave_up", stage=stage, page=page or 1, cause=error
                    ) from error
                wait = getattr(error, "retry_after", None)
                if wait is None:
                    wait = min(MAX_WAIT_S, 0.5 * 2**attempt)
                wait = min(MAX_WAIT_S, max(0.0, wait))
                self.waits += 1
                log.info("sync: %s page %s: %s; asking again in %.1fs", stage, page,
                         error.message, wait)
                await self.sleep(wait)
                if spoke:
                    self.answered()  # waiting as the server asked is not silence

    async def all_pages(
        self,
        stage: str,
        per_page: int,
        fetch_page: Callable[[int], Awaitable[PageLike[T]]],
        consume: Callable[[int, Sequence[T]], Awaitable[None]],
        progress: Callable[[int, int | None], None],
        on_bad_page: Callable[[int, ContractError], Awaitable[tuple[int, int | None]]]
        | None = None,
    ) -> Tally:
        """Fetch page 1, then the rest (`concurrency` at a time), feeding `consume`.

        `on_bad_page(number, error)` deals with a page that cannot be read and returns
        (items it received, the list's total if it learnt it); without it such a page
        fails the sync. Returns what the pages held, for the completeness check."""
        tally = Tally()
        seen: dict[tuple[Any, ...], int] = {}

        def check_repeat(number: int, items: Sequence[T]) -> None:
            ids = tuple(_item_id(item) for item in items)
            if not ids or all(i is None for i in ids):
                return
            earlier = seen.setdefault(ids, number)
            if earlier != number:
                raise SyncFailed("store.sync.pages_repeat", stage=stage, page=number,
                                 earlier=earlier)

        async def one(number: int) -> tuple[bool, Pagination | None, int | None]:
            """(more may follow, the page's pagination, the total a bad page's recovery
            learnt) after reading page `number`."""
            try:
                page = await self.fetch(stage, lambda: fetch_page(number), number)
            except ContractError as error:
                if on_bad_page is None:
                    raise SyncFailed("store.sync.unreadable", stage=stage, page=number,
                                     cause=error) from error
                received, total = await on_bad_page(number, error)
                tally.received += received
                return received > 0, None, total
            check_repeat(number, page.items)
            tally.received += len(page.items)
            await consume(number, page.items)
            return bool(page.items) and page.pagination.has_next, page.pagination, None

        more, pagination, recovered_total = await one(1)
        self.pages += 1
        tally.total, total_pages, announced_per_page = announced(pagination)
        if pagination is None:
            if recovered_total is None:  # nothing says how long the list is: not a list
                raise SyncFailed("store.sync.unreadable_first", stage=stage)
            tally.total = recovered_total
        page_size = announced_per_page or per_page
        allowed = MAX_PAGES
        if tally.total is not None:
            allowed = min(allowed, max(1, -(-tally.total // page_size)))
            if total_pages is None:  # a total but no page count: the pages follow from it
                total_pages = allowed
        if total_pages is not None and total_pages > allowed:
            raise SyncFailed("store.sync.too_many_pages", stage=stage, pages=total_pages,
                             total=tally.total if tally.total is not None else "?",
                             per_page=page_size)
        progress(1, total_pages)
        if total_pages is not None:
            await self._rest(range(2, total_pages + 1), one, progress, total_pages)
        else:  # no page count: follow `has_next` one page at a time, up to what is allowed
            number = 1
            while more:
                number += 1
                if number > allowed:
                    raise SyncFailed("store.sync.too_many_pages", stage=stage, pages=number,
                                     total=tally.total if tally.total is not None else "?",
                                     per_page=page_size)
                more, _, _ = await one(number)
                self.pages += 1
                progress(number, None)
        if tally.total is not None and tally.received < tally.total * (1 - MISSING_TOLERANCE):
            raise SyncFailed("store.sync.incomplete", stage=stage, got=tally.received,
                             total=tally.total)
        return tally

    async def _rest(
        self,
        numbers: range,
        one: Callable[[int], Awaitable[tuple[bool, Pagination | None, int | None]]],
        progress: Callable[[int, int | None], None],
        total_pages: int,
    ) -> None:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for number in numbers:
            queue.put_nowait(number)
        done = 1

        async def worker() -> None:
            nonlocal done
            while True:
                try:
                    number = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await one(number)
                done += 1
                self.pages += 1
                progress(done, total_pages)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(numbers)))))
