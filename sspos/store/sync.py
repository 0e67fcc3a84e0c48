"""Full sync from SmartSeller into a new local catalog file, swapped in atomically.

`full_sync` pages through GET `product` and `customer` (and the regions) with at most
`concurrency` requests in flight, loads the reference lists, writes everything into a
NEW database file and only then publishes it (`db.publish`: fsync, then `os.replace` of
the pointer). Whatever stops it half way — an exception, Ctrl+C, SIGKILL — the live
catalog stays the previous complete one.

Rate limits: the API client already retries GETs (honouring `Retry-After`); when it
gives up, the sync waits as the server asked and asks again for the same page, so a 429
in the middle of a sync slows it down but never loses or repeats pages.

Bad data of single products never aborts a sync: products that cannot be sold are
skipped, odd values are cut, and each case is logged and listed in `SyncSummary.problems`.
A page the client cannot parse at all is fetched again one product at a time to isolate
the bad product.

A server that is broken as a whole does abort it, and the live catalog (customers and
reference data included) stays exactly as it was. A new catalog is published only when
it is complete and plausible: every page read (junk — an HTML page, truncated JSON, nulls
— is an error, never "no products"), the counts agreeing with the pagination (no page
repeating another, no page count beyond what `total` / `per_page` allow, about as many
items received as `total` announced), and not drastically smaller than the catalog in use
(see `SHRINK_FLOOR`; `accept_shrink` overrides it when the shop really did shrink). A
sync also ends by itself: after `deadline_s` in all, or after `STALL_S` without any
answer from the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import shutil
import sqlite3
import sys
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from sspos.api.errors import (
    ApiError,
    ContractError,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    ServerUnavailable,
    describe,
)
from sspos.api.models import Customer as ApiCustomer
from sspos.api.models import Pagination, Product
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand
from sspos.i18n import t
from sspos.locks import write_transaction
from sspos.store import db as dbmod
from sspos.store.catalog import (
    Catalog,
    CatalogBuilder,
    Problem,
    ProductRecord,
    VariantRecord,
)
from sspos.store.customers import local_customers, write_customers
from sspos.store.reference import copy_reference, write_categories, write_reference, write_regions

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Sleep = Callable[[float], Awaitable[Any]]

PRODUCTS_PER_PAGE = 100  # the API's maximum: fewest round trips
ROWS_PER_WRITE = 4000  # variant rows per write transaction during a sync
CUSTOMERS_PER_PAGE = 100
REGIONS_PER_PAGE = 100
MAX_PAGE_ATTEMPTS = 8  # per page, after the client's own retries
MAX_WAIT_S = 120.0
PRODUCT_TYPES = {"S", "R", "PO"}
MAX_PAGES = 10_000  # of one list: a million products; beyond, the server is looping
#: A new catalog below this share of the live one (products or customers) is refused
#: unless the shrink is accepted: a shop does not lose half its catalog in a day, a broken
#: server or a wrong token's shop does.
SHRINK_FLOOR = 0.5
#: Share of the announced `total` that may be missing at the end (items deleted on the
#: server while the sync paged through the list shift later pages forward).
MISSING_TOLERANCE = 0.02
#: Pages in a row that cannot be read one product at a time before the server is taken
#: to be answering junk rather than one bad product.
UNREADABLE_IN_A_ROW = 5
#: A sync ends when the server has not answered at all for this long.
STALL_S = 120.0
DEFAULT_DEADLINE_S = 15 * 60.0

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


def _reason(error: BaseException, lang: str) -> str:
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
            params["reason"] = _reason(self.cause, lang)
        return t(self.key, lang, **params)


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a sync is: `stage` is products, customers, regions, reference or indexing."""

    stage: str
    done: int
    total: int | None


@dataclass
class SyncSummary:
    """What a finished sync stored, what it skipped, and how long it took."""

    products: int = 0
    variants: int = 0
    customers: int = 0
    regions: int = 0
    skipped_products: int = 0
    pages: int = 0
    waits: int = 0  # times the sync paused for a rate limit or an unavailable server
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    reference: dict[str, int] = field(default_factory=dict)
    # kind -> why it was not refreshed (its previous copy is kept)
    reference_errors: dict[str, BaseException] = field(default_factory=dict)
    path: Path | None = None

    def lines(self, lang: str = "id") -> list[str]:
        """A short human summary."""
        out = [
            t(
                "store.sync.summary",
                lang,
                products=self.products,
                variants=self.variants,
                customers=self.customers,
                seconds=f"{self.seconds:.1f}",
            ),
        ]
        if self.skipped_products or self.problems:
            out.append(
                t(
                    "store.sync.problems",
                    lang,
                    count=len(self.problems),
                    skipped=self.skipped_products,
                )
            )
            out.extend(f"  - {p}" for p in self.problems[:20])
            if len(self.problems) > 20:
                out.append(t("store.sync.more_problems", lang, count=len(self.problems) - 20))
        if self.products == 0:
            out.append(t("store.sync.no_products", lang))
        for kind, why in sorted(self.reference_errors.items()):
            reason = t("store.sync.not_offered", lang) if isinstance(why, NotFound) else (
                _reason(why, lang)
            )
            out.append(t("store.sync.reference_kept", lang, kind=kind, reason=reason))
        return out


ProgressFn = Callable[[SyncProgress], None]


# --- conversion from API models --------------------------------------------------------


def product_record(product: Product, problems: list[Problem] | None = None) -> ProductRecord:
    """The store's view of an API product (numbers already made lenient by the models)."""
    product_type = product.product_type if product.product_type in PRODUCT_TYPES else "S"
    if product_type != product.product_type and problems is not None:
        problems.append(
            Problem(
                "unknown_type",
                product.id,
                None,
                f"product type {product.product_type!r} stored as 'S'",
            )
        )
    variants = tuple(
        VariantRecord(
            variant_id=v.id,
            sku=v.sku,
            price=v.price,
            size=v.size,
            color=v.color,
            price_reseller=v.price_reseller,
            tier_prices=v.tier_prices(),
            cost_price=v.price_buy or 0,
            stock=v.stock_quantity,
            weight=int(v.weight) if v.weight else None,
            barcode=v.barcode,
        )
        for v in product.variations
    )
    bands = tuple(
        WholesaleBand(from_qty=b.from_qty, to_qty=b.to_qty, price=b.price)
        for b in product.wholesale_bands
    )
    return ProductRecord(
        product_id=product.id,
        name=product.name,
        product_type=product_type,
        variants=variants,
        wholesale=bands,
        discount=product.discount,
        weight=int(product.weight or 0),
        category_id=product.category_id,
        category_name=product.category_name or "",
        description=product.description or "",
    )


def customer_record(customer: ApiCustomer) -> Customer:
    """The domain's view of an API customer."""
    return Customer(
        customer_id=customer.id,
        name=customer.name,
        category_code=customer.category_code or "N",
        phone=customer.phone or "",
        address=customer.address or "",
        district_id=customer.district_id,
        district_name=customer.district or "",
        postal_code=customer.postal_code or "",
    )


# --- writing ---


class _Writer:
    """Runs every SQLite write of a sync, in order, on one background thread.

    Keeps the event loop (the TUI's, during a background refresh) free of SQLite work.
    sqlite3 gives up the GIL while a statement runs, so the writes overlap with parsing
    as far as the statements are large (`catalog.insert_rows`: up to 1024 rows each);
    binding their parameters still needs the GIL. At most `backlog` batches wait,
    bounding memory.
    """

    def __init__(self, backlog: int = 32) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sspos-sync-writer")
        self._pending: deque[asyncio.Future[Any]] = deque()
        self._backlog = backlog

    async def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Queue `fn(*args)`; waits only when the backlog is full (errors surface here)."""
        loop = asyncio.get_running_loop()
        self._pending.append(loop.run_in_executor(self._executor, fn, *args))
        while self._pending and (len(self._pending) > self._backlog or self._pending[0].done()):
            await self._pending.popleft()

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` after everything queued so far, and return its result."""
        await self.drain()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def drain(self) -> None:
        """Wait for every queued write."""
        while self._pending:
            await self._pending.popleft()

    def close(self) -> None:
        """Stop the thread (after the queued writes)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


_collection_pauses = 0
_saved_threshold: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a sync runs.

    A sync allocates a few million short-lived objects; with the default threshold
    (700) the collector runs about a thousand times and costs ~0.3 s per 100 000
    variants. Nested or overlapping syncs restore the threshold when the last one ends.
    """
    global _collection_pauses, _saved_threshold
    if _collection_pauses == 0:
        _saved_threshold = gc.get_threshold()
        gc.set_threshold(max(_saved_threshold[0], 50_000), *_saved_threshold[1:])
    _collection_pauses += 1
    try:
        yield
    finally:
        _collection_pauses -= 1
        if _collection_pauses == 0:
            gc.set_threshold(*_saved_threshold)


# --- paging -----------------------------------------------------------------------------


class _PageLike(Protocol[T_co]):
    """What the pager reads of a page: `Page[T]` and the client's `RawPage` both fit."""

    @property
    def items(self) -> Sequence[T_co]: ...

    @property
    def pagination(self) -> Pagination: ...


@dataclass
class _Tally:
    """What one list's pages held: items the server sent, and what it announced."""

    received: int = 0
    total: int | None = None


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else getattr(item, "id", None)


def _announced(pagination: Pagination | None) -> tuple[int | None, int | None, int | None]:
    """(total, total_pages, per_page) of a page, each None when the server did not say."""
    if pagination is None:
        return None, None, None
    sent = pagination.model_fields_set
    return (
        pagination.total if "total" in sent else None,
        pagination.total_pages if "total_pages" in sent else None,
        pagination.per_page if "per_page" in sent and pagination.per_page > 0 else None,
    )


class _Deadline:
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
        if self._timeout is not None and not self._timeout.expired():
            self._last = asyncio.get_running_loop().time()
            self._timeout.reschedule(self._when())

    @contextlib.asynccontextmanager
    async def guard(self) -> AsyncIterator[None]:
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


class _Pager:
    """Fetches numbered pages with bounded concurrency, waiting out rate limits, and
    refuses pagination that cannot be right (repeating pages, impossible page counts)."""

    def __init__(
        self,
        concurrency: int,
        sleep: Sleep,
        summary: SyncSummary,
        attempts: int = MAX_PAGE_ATTEMPTS,
        answered: Callable[[], None] = lambda: None,
    ) -> None:
        self.attempts = max(1, attempts)
        self.semaphore = asyncio.Semaphore(max(1, concurrency))
        self.concurrency = max(1, concurrency)
        self.sleep = sleep
        self.summary = summary
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
                self.summary.waits += 1
                log.info("sync: %s page %s: %s; asking again in %.1fs", stage, page,
                         error.message, wait)
                await self.sleep(wait)
                if spoke:
                    self.answered()  # waiting as the server asked is not silence

    async def all_pages(
        self,
        stage: str,
        per_page: int,
        fetch_page: Callable[[int], Awaitable[_PageLike[T]]],
        consume: Callable[[int, Sequence[T]], Awaitable[None]],
        progress: Callable[[int, int | None], None],
        on_bad_page: Callable[[int, ContractError], Awaitable[tuple[int, int | None]]]
        | None = None,
    ) -> _Tally:
        """Fetch page 1, then the rest (`concurrency` at a time), feeding `consume`.

        `on_bad_page(number, error)` deals with a page that cannot be read and returns
        (items it received, the list's total if it learnt it); without it such a page
        fails the sync. Returns what the pages held, for the completeness check."""
        tally = _Tally()
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
        self.summary.pages += 1
        tally.total, total_pages, announced_per_page = _announced(pagination)
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
                self.summary.pages += 1
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
                self.summary.pages += 1
                progress(done, total_pages)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(numbers)))))


# --- the sync ------------------------------------------------------------------------------


def _emit(progress: ProgressFn | None, stage: str, done: int, total: int | None) -> None:
    if progress is not None:
        progress(SyncProgress(stage, done, total))


async def full_sync(
    client: Any,
    data_dir: Path | str,
    progress: ProgressFn | None = None,
    concurrency: int = 4,
    *,
    sleep: Sleep = asyncio.sleep,
    customers: bool = True,
    regions: bool = True,
    attempts: int = MAX_PAGE_ATTEMPTS,
    accept_shrink: bool = False,
    deadline_s: float | None = DEFAULT_DEADLINE_S,
    stall_s: float = STALL_S,
) -> SyncSummary:
    """Download the whole catalog, customers and reference data; swap them in at the end.

    `client` is a `SmartSellerClient`. Raises `SyncFailed` (the old catalog, customers and
    reference data stay live, untouched) when the products or customers cannot all be
    fetched, when the answer is not plausible (see the module docstring), or when the
    sync runs past `deadline_s` (None: no limit) or `stall_s` without any answer; a
    reference list that fails keeps its old copy. `accept_shrink`: publish a catalog much
    smaller than the live one (the shop really did shrink). `attempts`: how often one page
    is asked for (after the client's own retries) before the sync gives up; a background
    refresh gives up sooner and tries again later.
    """
    data_dir = Path(data_dir)
    started = time.perf_counter()
    lock = dbmod.sync_lock(data_dir)
    if not lock.acquire():
        raise SyncFailed("store.sync.busy")
    summary = SyncSummary()
    path = dbmod.new_db_path(data_dir)
    conn: sqlite3.Connection | None = None
    writer = _Writer()
    pause = contextlib.ExitStack()
    pause.enter_context(_fewer_collections())
    try:
        dbmod.remove_stale_files(data_dir, keep=set())
        conn = dbmod.create_database(path, bulk=True)
        dbmod.set_meta(conn, "sync_started_at", dbmod.utc_now().isoformat())
        deadline = _Deadline(deadline_s, stall_s)
        pager = _Pager(concurrency, sleep, summary, attempts, deadline.answered)
        # The three streams share the pager's bound on requests in flight, and the writer.
        async with deadline.guard(), asyncio.TaskGroup() as group:
            group.create_task(_sync_products(client, conn, pager, writer, summary, progress))
            if customers:
                group.create_task(_sync_customers(client, conn, pager, writer, summary, progress))
            group.create_task(
                _sync_reference(client, conn, pager, writer, summary, progress, data_dir, regions)
            )
        if not accept_shrink:
            _refuse_shrinking(summary, await writer.call(_live_counts, data_dir), customers)
        await writer.call(_carry_over_local_customers, conn, data_dir)
        dbmod.set_meta(conn, "synced_at", dbmod.utc_now().isoformat())
        dbmod.set_meta(conn, "products", str(summary.products))
        dbmod.finish_bulk_database(conn)
        conn = None
        dbmod.publish(data_dir, path)
        summary.path = path
        dbmod.remove_stale_files(data_dir, keep={path})
    except BaseException as error:
        # Leave the live catalog alone; the half-built file is garbage.
        writer.close()
        if conn is not None:
            conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if isinstance(error, BaseExceptionGroup):
            # Several streams may fail for one cause (server down): report the first.
            raise error.exceptions[0] from None
        raise
    finally:
        writer.close()
        lock.release()
        pause.close()
    summary.seconds = time.perf_counter() - started
    log.info(
        "sync finished: %d products, %d variants, %d customers, %d problems in %.1fs",
        summary.products,
        summary.variants,
        summary.customers,
        len(summary.problems),
        summary.seconds,
    )
    return summary


def _live_counts(data_dir: Path) -> tuple[int, int] | None:
    """(products, customers from the server) of the live catalog; None without one."""
    source = _open_live(data_dir)
    if source is None:
        return None
    try:
        products = source.execute("SELECT count(*) FROM products").fetchone()[0]
        customers = source.execute("SELECT count(*) FROM customers WHERE local = 0").fetchone()[0]
    except sqlite3.Error as error:
        log.warning("cannot count the previous catalog: %s", error)
        return None
    finally:
        source.close()
    return int(products), int(customers)


def _refuse_shrinking(
    summary: SyncSummary, live: tuple[int, int] | None, with_customers: bool
) -> None:
    """SyncFailed when the new catalog is drastically smaller than the live one.

    A first sync has nothing to compare with: it takes what a consistent server says,
    an empty shop included (a new shop has no products yet, and nothing is lost)."""
    if live is None:
        return
    checks = [("products", summary.products, live[0])]
    if with_customers:
        checks.append(("customers", summary.customers, live[1]))
    for stage, new, old in checks:
        if old > 0 and new < old * SHRINK_FLOOR:
            raise SyncFailed("store.sync.shrunk", stage=stage, new=new, old=old)


async def _sync_products(
    client: Any,
    conn: sqlite3.Connection,
    pager: _Pager,
    writer: _Writer,
    summary: SyncSummary,
    progress: ProgressFn | None,
) -> None:
    builder = CatalogBuilder(conn)
    per_page = PRODUCTS_PER_PAGE

    async def consume(number: int, items: Sequence[Any]) -> None:
        # Screen and build rows here (Python); the writer thread only runs SQL, in
        # batches of a few thousand rows (fewer, larger full-text index segments).
        builder.read(items, f"product page {number}")
        await writer.submit(builder.write, builder.take(at_least=ROWS_PER_WRITE))

    async def bad_page(number: int, error: ContractError) -> tuple[int, int | None]:
        # Fetch the page's products one by one so only the broken one is lost. When none
        # can be read the server is answering junk, not one bad product: the sync stops.
        log.warning(
            "sync: product page %d unreadable (%s); fetching it one by one", number, error.message
        )
        received, total, readable = 0, None, 0
        first = (number - 1) * per_page + 1
        for index in range(first, first + per_page):
            try:
                page = await pager.fetch(
                    "products",
                    lambda i=index: client.products_page_raw(page=i, per_page=1),
                    number,
                )
            except ContractError as item_error:
                received += 1
                if readable == 0 and received >= UNREADABLE_IN_A_ROW:
                    raise SyncFailed("store.sync.unreadable", stage="products", page=number,
                                     cause=item_error) from error
                builder.note_unreadable(
                    f"product #{index} of the list: {item_error.field}: {item_error.message}"
                )
                continue
            total = _announced(page.pagination)[0]
            if not page.items:
                break
            received += len(page.items)
            readable += len(page.items)
            await consume(number, page.items)
        return received, total

    tally = await pager.all_pages(
        "products",
        per_page,
        lambda n: client.products_page_raw(page=n, per_page=per_page),
        consume,
        lambda done, total: _emit(progress, "products", done, total),
        bad_page,
    )
    _emit(progress, "indexing", 0, None)
    await writer.submit(builder.write, builder.take())
    summary.variants = await writer.call(builder.finish)
    summary.products = builder.products
    summary.skipped_products = builder.skipped_products
    summary.problems.extend(builder.problems)
    if tally.received and not builder.products:
        raise SyncFailed("store.sync.nothing_readable", stage="products", got=tally.received)


async def _sync_customers(
    client: Any,
    conn: sqlite3.Connection,
    pager: _Pager,
    writer: _Writer,
    summary: SyncSummary,
    progress: ProgressFn | None,
) -> None:
    seen: set[int] = set()

    def store(items: Sequence[ApiCustomer]) -> None:
        fresh = [customer_record(c) for c in items if c.id not in seen]
        seen.update(c.customer_id for c in fresh)
        with write_transaction(conn):
            write_customers(conn, fresh)
        summary.customers += len(fresh)

    async def consume(_number: int, items: Sequence[ApiCustomer]) -> None:
        await writer.submit(store, items)

    async def bad_page(number: int, error: ContractError) -> tuple[int, int | None]:
        if isinstance(error, MalformedResponse):  # junk, not one odd customer
            raise SyncFailed("store.sync.unreadable", stage="customers", page=number,
                             cause=error) from error
        problem = Problem(
            "invalid_customers",
            None,
            None,
            f"customer page {number}: {error.field}: {error.message}; skipped",
        )
        log.warning("customer data: %s", problem)
        summary.problems.append(problem)
        return 0, None  # the completeness check decides whether that is too many

    await pager.all_pages(
        "customers",
        CUSTOMERS_PER_PAGE,
        lambda n: client.customers(page=n, per_page=CUSTOMERS_PER_PAGE),
        consume,
        lambda done, total: _emit(progress, "customers", done, total),
        bad_page,
    )


async def _sync_reference(
    client: Any,
    conn: sqlite3.Connection,
    pager: _Pager,
    writer: _Writer,
    summary: SyncSummary,
    progress: ProgressFn | None,
    data_dir: Path,
    regions: bool,
) -> None:
    """Each list on its own: one that fails keeps its copy from the previous catalog."""

    async def categories() -> list[CustomerCategory]:
        found = await client.customer_categories()
        return [
            CustomerCategory(c.code, c.category_name, c.wholesale_access, c.discount_access)
            for c in found
        ]

    async def shop() -> list[Any]:
        return [await client.shop()]

    jobs: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("category", categories),
        ("shop", shop),
        ("supplier", client.suppliers),
        ("warehouse", lambda: client.warehouses(with_main=True)),
        ("bank", client.banks),
        ("expedition", client.expeditions),
        ("active_expedition", client.active_expeditions),
        ("order_source", client.order_sources),
        ("order_cost", client.order_costs),
    ]
    failed: list[str] = []

    def give_up(kind: str, error: Exception) -> None:
        summary.reference_errors[kind] = error
        failed.append(kind)
        log.warning("sync: %s not refreshed (%s); keeping the previous copy", kind,
                    _reason(error, "en"))

    async def run(kind: str, call: Callable[[], Awaitable[Any]]) -> tuple[str, Any]:
        try:
            return kind, await pager.fetch("reference", call)
        except (ApiError, SyncFailed) as error:
            give_up(kind, error)
            return kind, None

    def store(results: list[tuple[str, Any]]) -> None:
        with write_transaction(conn):
            for kind, items in results:
                if items is None:
                    continue
                if kind == "category":
                    write_categories(conn, items)
                else:
                    write_reference(conn, kind, items)
                summary.reference[kind] = len(items)

    results = await asyncio.gather(*(run(kind, call) for kind, call in jobs))
    await writer.submit(store, results)
    _emit(progress, "reference", len(jobs), len(jobs))

    if regions:

        def store_regions(items: Sequence[Any]) -> None:
            with write_transaction(conn):
                summary.regions += write_regions(conn, items)

        async def consume(_number: int, items: Sequence[Any]) -> None:
            await writer.submit(store_regions, items)

        try:
            await pager.all_pages(
                "regions",
                REGIONS_PER_PAGE,
                lambda n: client.regions(page=n, per_page=REGIONS_PER_PAGE),
                consume,
                lambda done, total: _emit(progress, "regions", done, total),
            )
            await writer.drain()
            summary.reference["region"] = summary.regions
        except (ApiError, SyncFailed) as error:
            give_up("region", error)
            await writer.call(conn.execute, "DELETE FROM regions")
    else:
        failed.append("region")

    if failed:
        await writer.call(_copy_from_live, conn, data_dir, failed)


def _open_live(data_dir: Path) -> sqlite3.Connection | None:
    live = dbmod.current_db_path(data_dir)
    if live is None or not live.exists():
        return None
    try:
        return sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    except sqlite3.Error as error:
        log.warning("cannot read the previous catalog %s: %s", live, error)
        return None


def _copy_from_live(conn: sqlite3.Connection, data_dir: Path, kinds: list[str]) -> None:
    source = _open_live(data_dir)
    if source is None:
        return
    try:
        with write_transaction(conn):
            for kind in kinds:
                try:
                    copy_reference(source, conn, kind)
                except sqlite3.Error as error:
                    log.warning("cannot copy %s from the previous catalog: %s", kind, error)
    finally:
        source.close()


def _carry_over_local_customers(conn: sqlite3.Connection, data_dir: Path) -> None:
    """Customers created here that the server did not (yet) return stay available."""
    source = _open_live(data_dir)
    if source is None:
        return
    try:
        local = local_customers(source)
    except sqlite3.Error:
        local = []
    finally:
        source.close()
    missing = [
        c
        for c in local
        if conn.execute(
            "SELECT 1 FROM customers WHERE customer_id = ?", (c.customer_id,)
        ).fetchone()
        is None
    ]
    if missing:
        with write_transaction(conn):
            write_customers(conn, missing, local=True)


def install_catalog(
    data_dir: Path | str,
    products: Iterable[ProductRecord],
    customers: Iterable[Customer] = (),
    categories: Iterable[CustomerCategory] = (),
) -> SyncSummary:
    """Build a catalog from records already in hand and publish it like a sync would.

    For the demo data, tests and benchmarks; the same builder, checks and atomic swap.
    """
    data_dir = Path(data_dir)
    lock = dbmod.sync_lock(data_dir)
    if not lock.acquire():
        raise SyncFailed("store.sync.busy")
    summary = SyncSummary()
    path = dbmod.new_db_path(data_dir)
    try:
        conn = dbmod.create_database(path, bulk=True)
        try:
            builder = CatalogBuilder(conn)
            batch: list[ProductRecord] = []
            for record in products:
                batch.append(record)
                if len(batch) >= 500:
                    builder.add(batch)
                    batch = []
            builder.add(batch)
            summary.variants = builder.finish()
            summary.products, summary.skipped_products = builder.products, builder.skipped_products
            summary.problems.extend(builder.problems)
            with write_transaction(conn):
                summary.customers = write_customers(conn, customers)
                cats = list(categories)
                if cats:
                    write_categories(conn, cats)
            _carry_over_local_customers(conn, data_dir)
            dbmod.set_meta(conn, "synced_at", dbmod.utc_now().isoformat())
            dbmod.finish_bulk_database(conn)
        except BaseException:
            conn.close()
            raise
        dbmod.publish(data_dir, path)
        summary.path = path
        dbmod.remove_stale_files(data_dir, keep={path})
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        lock.release()
    return summary


# --- single product, stock ----------------------------------------------------------------


async def refresh_product(client: Any, catalog: Catalog, product_id: int) -> list[VariantInfo]:
    """Fetch one product fresh (GET product/{id}/detail) into the live catalog.

    Returns its variants as now stored. A product the server no longer has is removed.
    Network and server errors propagate (`ApiError`); the cached copy stays as it was.
    """
    try:
        product = await client.product_detail(product_id)
    except NotFound:
        log.info("product %d is gone from the server; removed from the catalog", product_id)
        await asyncio.to_thread(catalog.remove_product, product_id)
        return []
    problems: list[Problem] = []
    record = product_record(product, problems)
    problems.extend(await asyncio.to_thread(catalog.replace_product, record))
    for problem in problems:
        log.warning("refresh: %s", problem)
    return await asyncio.to_thread(catalog.product_variants, product_id)


async def check_stock(
    client: Any, catalog: Catalog, variant_id: int, warehouse_id: int | None = None
) -> int | None:
    """Ask the server for a variant's stock (product/check-stock) and remember it.

    Returns the stock, or None when offline (the cashier sells from the cached figure).
    """
    try:
        answer = await client.check_stock(variant_id, warehouse_id)
    except (NetworkError, ServerUnavailable, RateLimited) as error:
        log.info("stock check of variant %d skipped: %s", variant_id, error.message)
        return None
    prices = {"price": answer.price}
    for code, value in (("1", answer.price1), ("2", answer.price2), ("3", answer.price3)):
        if value:
            prices[code] = value
    await asyncio.to_thread(catalog.update_stock, variant_id, answer.stock, prices)
    return answer.stock


async def add_to_cart_online(client: Any, catalog: Catalog, variant: VariantInfo) -> VariantInfo:
    """Freshen a variant the cashier adds to the cart: product detail, then stock.

    Offline or on a server error, the cached variant is returned unchanged.
    """
    try:
        await refresh_product(client, catalog, variant.product_id)
        await check_stock(client, catalog, variant.variant_id)
    except ApiError as error:
        log.info("variant %d sold from cache: %s", variant.variant_id, error.message)
        return variant
    fresh = await asyncio.to_thread(catalog.get, variant.variant_id)
    return fresh or variant


# --- command line ---------------------------------------------------------------------


class _Bar:
    """`sspos sync`'s progress: on a terminal one bar over every stage, rewritten in place;
    otherwise (a log, a pipe) a plain line as each stage finishes."""

    WIDTH = 20

    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        self.lang = lang
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.columns = shutil.get_terminal_size((80, 24)).columns - 1
        self.stages: dict[str, tuple[int, int | None]] = {}
        self.reported: set[str] = set()
        self.drawn = 0

    def __call__(self, p: SyncProgress) -> None:
        self.stages[p.stage] = (p.done, p.total)
        if self.tty:
            self._draw()
        elif p.stage not in self.reported and (
            p.stage == "indexing" if p.total is None else p.done >= p.total
        ):
            self.reported.add(p.stage)
            count = f" {p.done}/{p.total}" if p.total is not None else ""
            self.out.write(f"{stage_label(p.stage, self.lang)}{count}\n")
        self.out.flush()

    def _draw(self) -> None:
        known = [(min(done, total), total) for done, total in self.stages.values() if total]
        share = sum(d for d, _ in known) / sum(t for _, t in known) if known else 0.0
        filled = int(self.WIDTH * share)
        parts = " · ".join(
            f"{stage_label(stage, self.lang)} {done}" + (f"/{total}" if total else "")
            for stage, (done, total) in self.stages.items()
        )
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%}  {parts}"
        line = line[: self.columns]
        self.out.write("\r" + line.ljust(self.drawn))
        self.drawn = len(line)

    def close(self) -> None:
        """End the bar's line (on a terminal)."""
        if self.tty and self.drawn:
            self.out.write("\n")
            self.out.flush()
        self.drawn = 0


async def run_sync_command(
    client: Any,
    data_dir: Path | str,
    out: IO[str] = sys.stdout,
    lang: str = "id",
    concurrency: int = 4,
    *,
    accept_shrink: bool = False,
    deadline_s: float | None = DEFAULT_DEADLINE_S,
) -> int:
    """`sspos sync`: run a full sync with a progress bar and a summary; the exit status.

    0 = synced (problems with single products are listed, not fatal); 1 = failed, the
    previous catalog is kept and the reason is printed in `lang`.
    """
    bar = _Bar(out, lang)
    try:
        summary = await full_sync(
            client, data_dir, progress=bar, concurrency=concurrency,
            accept_shrink=accept_shrink, deadline_s=deadline_s,
        )
    except (SyncFailed, ApiError) as error:
        bar.close()
        out.write(t("store.sync.failed", lang, reason=_reason(error, lang)) + "\n")
        return 1
    bar.close()
    for line in summary.lines(lang):
        out.write(line + "\n")
    return 0
