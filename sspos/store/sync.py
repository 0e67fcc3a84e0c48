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

The paging, the waits and the checks on pagination are `sync_pager`'s; building the new
file is `catalog_build.CatalogBuilder`'s; `sspos sync` itself is `sspos.sync_command`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sspos.api.errors import ApiError, ContractError, MalformedResponse, NotFound
from sspos.api.models import Customer as ApiCustomer
from sspos.api.models import Product
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer, CustomerCategory, WholesaleBand
from sspos.i18n import t
from sspos.locks import write_transaction
from sspos.store import db as dbmod
from sspos.store.catalog_build import CatalogBuilder
from sspos.store.catalog_rows import Problem, ProductRecord, VariantRecord
from sspos.store.customers import local_customers, write_customers
from sspos.store.reference import copy_reference, write_categories, write_reference, write_regions
from sspos.store.sync_pager import (
    MAX_PAGE_ATTEMPTS,
    STALL_S,
    Deadline,
    Pager,
    Sleep,
    SyncFailed,
    announced,
    failure_reason,
    stage_label,
)

__all__ = [
    "DEFAULT_DEADLINE_S",
    "MAX_PAGE_ATTEMPTS",
    "PRODUCTS_PER_PAGE",
    "ROWS_PER_WRITE",
    "ProgressFn",
    "SyncFailed",
    "SyncProgress",
    "SyncSummary",
    "customer_record",
    "failure_reason",
    "full_sync",
    "install_catalog",
    "product_record",
    "stage_label",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

PRODUCTS_PER_PAGE = 100  # the API's maximum: fewest round trips
ROWS_PER_WRITE = 4000  # variant rows per write transaction during a sync
CUSTOMERS_PER_PAGE = 100
REGIONS_PER_PAGE = 100
PRODUCT_TYPES = {"S", "R", "PO"}
#: A new catalog below this share of the live one (products or customers) is refused
#: unless the shrink is accepted: a shop does not lose half its catalog in a day, a broken
#: server or a wrong token's shop does.
SHRINK_FLOOR = 0.5
#: Pages in a row that cannot be read one product at a time before the server is taken
#: to be answering junk rather than one bad product.
UNREADABLE_IN_A_ROW = 5
DEFAULT_DEADLINE_S = 15 * 60.0

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
                failure_reason(why, lang)
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
        category_code=customer.category_code or WALK_IN_CATEGORY_CODE,
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
        deadline = Deadline(deadline_s, stall_s)
        pager = Pager(concurrency, sleep, attempts, deadline.answered)
        # The three streams share the pager's bound on requests in flight, and the writer.
        async with deadline.guard(), asyncio.TaskGroup() as group:
            group.create_task(_sync_products(client, conn, pager, writer, summary, progress))
            if customers:
                group.create_task(_sync_customers(client, conn, pager, writer, summary, progress))
            group.create_task(
                _sync_reference(client, conn, pager, writer, summary, progress, data_dir, regions)
            )
        summary.pages, summary.waits = pager.pages, pager.waits
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
    pager: Pager,
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
                    functools.partial(client.products_page_raw, page=index, per_page=1),
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
            total = announced(page.pagination)[0]
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
    pager: Pager,
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
    pager: Pager,
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
                    failure_reason(error, "en"))

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
