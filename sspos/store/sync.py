"""Full sync from SmartSeller into a new local catalog file, swapped in atomically.

`full_sync` pages through GET `product` and `customer` (and the regions) with at most
`concurrency` requests in flight, loads the reference lists, writes everything into a
NEW database file and only then publishes it (`db.publish`: fsync, then `os.replace` of
the pointer). Whatever stops it half way — an exception, Ctrl+C, SIGKILL — the live
catalog stays the previous complete one.

Rate limits: the API client already retries GETs (honouring `Retry-After`); when it
gives up, the sync waits as the server asked and asks again for the same page, so a 429
in the middle of a sync slows it down but never loses or repeats pages.

Bad data never aborts a sync: products that cannot be sold are skipped, odd values are
cut, and each case is logged and listed in `SyncSummary.problems`. A page the client
cannot parse at all is fetched again one product at a time to isolate the bad product.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from sspos.api.errors import (
    ApiError,
    ContractError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerUnavailable,
)
from sspos.api.models import Customer as ApiCustomer
from sspos.api.models import Pagination, Product
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand
from sspos.i18n import t
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


class SyncFailed(Exception):
    """The sync stopped; the previous catalog is still live and complete."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, "en", **params))

    def message(self, lang: str = "id") -> str:
        """The reason, for the cashier."""
        return t(self.key, lang, **self.params)


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
    reference_errors: dict[str, str] = field(default_factory=dict)  # kind -> why (old data kept)
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
        for kind, why in sorted(self.reference_errors.items()):
            out.append(t("store.sync.reference_kept", lang, kind=kind, reason=why))
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


class _Pager:
    """Fetches numbered pages with bounded concurrency, waiting out rate limits."""

    def __init__(
        self,
        concurrency: int,
        sleep: Sleep,
        summary: SyncSummary,
        attempts: int = MAX_PAGE_ATTEMPTS,
    ) -> None:
        self.attempts = max(1, attempts)
        self.semaphore = asyncio.Semaphore(max(1, concurrency))
        self.concurrency = max(1, concurrency)
        self.sleep = sleep
        self.summary = summary

    async def fetch(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """`call()` until it answers; waits on 429/5xx/network errors, up to a limit."""
        attempt = 0
        while True:
            try:
                async with self.semaphore:
                    return await call()
            except (RateLimited, ServerUnavailable, NetworkError) as error:
                attempt += 1
                if attempt >= self.attempts:
                    raise SyncFailed(
                        "store.sync.gave_up", what=what, reason=error.message
                    ) from error
                wait = getattr(error, "retry_after", None)
                if wait is None:
                    wait = min(MAX_WAIT_S, 0.5 * 2**attempt)
                wait = min(MAX_WAIT_S, max(0.0, wait))
                self.summary.waits += 1
                log.info("sync: %s: %s; asking again in %.1fs", what, error.message, wait)
                await self.sleep(wait)

    async def all_pages(
        self,
        what: str,
        fetch_page: Callable[[int], Awaitable[_PageLike[T]]],
        consume: Callable[[int, Sequence[T]], Awaitable[None]],
        progress: Callable[[int, int | None], None],
        on_bad_page: Callable[[int, ContractError], Awaitable[None]] | None = None,
    ) -> None:
        """Fetch page 1, then the rest (`concurrency` at a time), feeding `consume`."""

        async def one(number: int) -> _PageLike[T] | None:
            try:
                return await self.fetch(f"{what} page {number}", lambda: fetch_page(number))
            except ContractError as error:
                if on_bad_page is None:
                    raise
                await on_bad_page(number, error)
                return None

        first = await one(1)
        done = 1
        self.summary.pages += 1
        if first is not None:
            await consume(1, first.items)
            total_pages = (
                first.pagination.total_pages
                if "total_pages" in first.pagination.model_fields_set
                else None
            )
        else:
            total_pages = None
        progress(done, total_pages)
        if total_pages is not None:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for number in range(2, total_pages + 1):
                queue.put_nowait(number)

            async def worker() -> None:
                nonlocal done
                while True:
                    try:
                        number = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    page = await one(number)
                    if page is not None:
                        await consume(number, page.items)
                    done += 1
                    self.summary.pages += 1
                    progress(done, total_pages)

            await asyncio.gather(
                *(worker() for _ in range(min(self.concurrency, max(0, total_pages - 1))))
            )
            return
        # No page count: follow `has_next` one page at a time.
        page, number = first, 1
        while page is not None and page.items and page.pagination.has_next and number < 10_000:
            number += 1
            page = await one(number)
            if page is not None:
                await consume(number, page.items)
            self.summary.pages += 1
            progress(number, None)


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
) -> SyncSummary:
    """Download the whole catalog, customers and reference data; swap them in at the end.

    `client` is a `SmartSellerClient`. Raises `SyncFailed` (the old catalog stays live)
    when the products cannot be fetched; reference lists that fail keep their old copy.
    `attempts`: how often one page is asked for (after the client's own retries) before
    the sync gives up; a background refresh gives up sooner and tries again later.
    """
    data_dir = Path(data_dir)
    started = time.perf_counter()
    lock = dbmod.SyncLock(data_dir)
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
        pager = _Pager(concurrency, sleep, summary, attempts)
        # The three streams share the pager's bound on requests in flight, and the writer.
        async with asyncio.TaskGroup() as group:
            group.create_task(_sync_products(client, conn, pager, writer, summary, progress))
            if customers:
                group.create_task(_sync_customers(client, conn, pager, writer, summary, progress))
            group.create_task(
                _sync_reference(client, conn, pager, writer, summary, progress, data_dir, regions)
            )
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

    async def bad_page(number: int, error: ContractError) -> None:
        # Fetch the page's products one by one so only the broken one is lost.
        log.warning(
            "sync: product page %d unreadable (%s); fetching it one by one", number, error.message
        )
        first = (number - 1) * per_page + 1
        for index in range(first, first + per_page):
            try:
                page = await pager.fetch(
                    f"product {index}",
                    lambda i=index: client.products_page_raw(page=i, per_page=1),
                )
            except ContractError as item_error:
                builder.note_unreadable(
                    f"product #{index} of the list: {item_error.field}: {item_error.message}"
                )
                continue
            if not page.items:
                break
            await consume(number, page.items)

    await pager.all_pages(
        "product",
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
        conn.execute("BEGIN")
        write_customers(conn, fresh)
        conn.execute("COMMIT")
        summary.customers += len(fresh)

    async def consume(_number: int, items: Sequence[ApiCustomer]) -> None:
        await writer.submit(store, items)

    async def bad_page(number: int, error: ContractError) -> None:
        problem = Problem(
            "invalid_customers",
            None,
            None,
            f"customer page {number}: {error.field}: {error.message}; skipped",
        )
        log.warning("customer data: %s", problem)
        summary.problems.append(problem)

    await pager.all_pages(
        "customer",
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
        reason = error.message if isinstance(error, ApiError) else str(error)
        if isinstance(error, NotFound):
            reason = "not offered by the server"
        summary.reference_errors[kind] = reason
        failed.append(kind)
        log.warning("sync: %s not refreshed (%s); keeping the previous copy", kind, reason)

    async def run(kind: str, call: Callable[[], Awaitable[Any]]) -> tuple[str, Any]:
        try:
            return kind, await pager.fetch(kind, call)
        except (ApiError, SyncFailed) as error:
            give_up(kind, error)
            return kind, None

    def store(results: list[tuple[str, Any]]) -> None:
        conn.execute("BEGIN")
        for kind, items in results:
            if items is None:
                continue
            if kind == "category":
                write_categories(conn, items)
            else:
                write_reference(conn, kind, items)
            summary.reference[kind] = len(items)
        conn.execute("COMMIT")

    results = await asyncio.gather(*(run(kind, call) for kind, call in jobs))
    await writer.submit(store, results)
    _emit(progress, "reference", len(jobs), len(jobs))

    if regions:

        def store_regions(items: Sequence[Any]) -> None:
            conn.execute("BEGIN")
            summary.regions += write_regions(conn, items)
            conn.execute("COMMIT")

        async def consume(_number: int, items: Sequence[Any]) -> None:
            await writer.submit(store_regions, items)

        try:
            await pager.all_pages(
                "region",
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
        conn.execute("BEGIN")
        for kind in kinds:
            try:
                copy_reference(source, conn, kind)
            except sqlite3.Error as error:
                log.warning("cannot copy %s from the previous catalog: %s", kind, error)
        conn.execute("COMMIT")
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
        conn.execute("BEGIN")
        write_customers(conn, missing, local=True)
        conn.execute("COMMIT")


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
    lock = dbmod.SyncLock(data_dir)
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
            conn.execute("BEGIN")
            summary.customers = write_customers(conn, customers)
            cats = list(categories)
            if cats:
                write_categories(conn, cats)
            conn.execute("COMMIT")
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
    """A one-line progress bar for `sspos sync` (rewritten in place on a terminal)."""

    WIDTH = 30

    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        self.lang = lang
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.last_stage = ""

    def __call__(self, p: SyncProgress) -> None:
        label = t(f"store.sync.stage.{p.stage}", self.lang)
        if p.total:
            filled = int(self.WIDTH * min(p.done, p.total) / p.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"{label:<12} [{bar}] {p.done}/{p.total}"
        else:
            text = f"{label:<12} {p.done}"
        if self.tty:
            self.out.write("\r" + text.ljust(70))
            if p.total and p.done >= p.total:
                self.out.write("\n")
        elif p.stage != self.last_stage or (p.total and p.done >= p.total):
            self.out.write(text + "\n")
        self.last_stage = p.stage
        self.out.flush()


async def run_sync_command(
    client: Any,
    data_dir: Path | str,
    out: IO[str] = sys.stdout,
    lang: str = "id",
    concurrency: int = 4,
) -> int:
    """`sspos sync`: run a full sync with a progress bar and a summary; the exit status.

    0 = synced (problems with single products are listed, not fatal); 1 = failed, the
    previous catalog is kept.
    """
    try:
        summary = await full_sync(
            client, data_dir, progress=_Bar(out, lang), concurrency=concurrency
        )
    except SyncFailed as error:
        out.write("\n" + t("store.sync.failed", lang, reason=error.message(lang)) + "\n")
        return 1
    except ApiError as error:
        out.write("\n" + t("store.sync.failed", lang, reason=error.message) + "\n")
        return 1
    for line in summary.lines(lang):
        out.write(line + "\n")
    return 0
