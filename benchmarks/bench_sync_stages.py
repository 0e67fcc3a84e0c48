"""Where a full sync's client CPU goes, stage by stage, on pages already fetched.

    uv run python benchmarks/bench_sync_stages.py --variants 100000 [--busy-core]

Fetches every product page of a generated sandbox catalog once (untimed), then runs the
sync's own steps on those bytes, one after another on one thread, and prints the CPU
seconds of each:

- decode: `decode_product_list` (msgspec) of every page;
- rows: `CatalogBuilder.read` + `take` (screening and building the rows, pure Python);
- binding: the same batches inserted into tables with no index in an in-memory
  database (`catalog.insert_rows`): what handing the rows to SQLite costs, most of it
  with the GIL held;
- write: `CatalogBuilder.write` into a real bulk-built catalog file (rows, full-text
  index, scanner codes);
- finish: `CatalogBuilder.finish` (shared codes, full-text merge).

Split by the GIL: decode, rows and binding hold it; the rest of write and finish run in
SQLite's C code with the GIL released. That split bounds how fast a sync can go however
its threads are arranged: the GIL-held work is serial.

`--busy-core` runs a busy loop in another process meanwhile, as the sandbox server
occupies a core during a real sync: on this machine every stage then costs more CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_catalog import VARIANTS_PER_PRODUCT

from sspos.api.models.product_list import decode_product_list
from sspos.sandbox import SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread
from sspos.store import catalog_rows
from sspos.store import db as dbmod
from sspos.store.catalog_build import CatalogBuilder, RowBatch
from sspos.store.sync import PRODUCTS_PER_PAGE, ROWS_PER_WRITE

TOKEN = "sandbox-token"


def fetch_pages(products: int) -> list[bytes]:
    """Every product page's raw body, fetched once from an in-process sandbox."""
    app = create_app(SandboxConfig(seed=7, products=products, token=TOKEN, db_path=":memory:"))
    pages: list[bytes] = []
    with (
        serve_in_thread(app) as url,
        httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60.0
        ) as http,
    ):
        number, total = 1, 1
        while number <= total:
            response = http.get(
                "/product", params={"per_page": PRODUCTS_PER_PAGE, "pagination_offset": number}
            )
            response.raise_for_status()
            total = response.json()["meta"]["pagination"]["total_pages"]
            pages.append(response.content)
            number += 1
    return pages


@contextlib.contextmanager
def busy_core(enabled: bool) -> Iterator[None]:
    """A process spinning on one core while the stages run (when `enabled`)."""
    if not enabled:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)  # let it start spinning
        yield
    finally:
        spinner.kill()
        spinner.wait()


def bind_only(batches: list[RowBatch]) -> None:
    """The inserts of `CatalogBuilder.write` (keep them alike), into index-free tables of
    an in-memory database: the cost of binding, with almost no index work."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(f"CREATE TABLE variants ({catalog_rows.VARIANT_FIELDS})")
    conn.execute("CREATE TABLE products (a, b, c, d, e, f, g, h, i, j)")
    conn.execute("CREATE TABLE fts (seq, search_text)")
    conn.execute("CREATE TABLE codes (code, seq)")
    seq, text, sku, barcode = 0, 17, 18, 19  # positions in a variant row
    for batch in batches:
        conn.execute("BEGIN")
        catalog_rows.insert_rows(conn, "INSERT INTO products", batch.products)
        catalog_rows.insert_rows(
            conn, f"INSERT INTO variants ({catalog_rows.VARIANT_FIELDS})", batch.variants
        )
        catalog_rows.insert_rows(
            conn, "INSERT INTO fts", [(row[seq], row[text]) for row in batch.variants]
        )
        catalog_rows.insert_rows(
            conn,
            "INSERT INTO codes",
            [
                (code, row[seq])
                for row in batch.variants
                for code in (row[sku], row[barcode])
                if code
            ],
        )
        conn.execute("COMMIT")
    conn.close()


def run_stages(pages: list[bytes], work: Path) -> dict[str, float]:
    cpu: dict[str, float] = {}

    started = time.process_time()
    decoded = []
    for page in pages:
        result = decode_product_list(page)
        if result is None:
            raise RuntimeError("a sandbox page did not decode strictly")
        decoded.append(result[0])
    cpu["decode"] = time.process_time() - started

    conn = dbmod.create_database(work / "stages.sqlite", bulk=True)
    builder = CatalogBuilder(conn)
    started = time.process_time()
    batches: list[RowBatch] = []
    for items in decoded:
        builder.read(items)
        batch = builder.take(at_least=ROWS_PER_WRITE)
        if batch is not None:
            batches.append(batch)
    last = builder.take()
    if last is not None:
        batches.append(last)
    cpu["rows"] = time.process_time() - started

    started = time.process_time()
    bind_only(batches)
    cpu["binding"] = time.process_time() - started

    started = time.process_time()
    for batch in batches:
        builder.write(batch)
    cpu["write"] = time.process_time() - started

    started = time.process_time()
    cpu["variants"] = builder.finish()
    cpu["finish"] = time.process_time() - started
    dbmod.finish_bulk_database(conn)
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy-core", action="store_true", help="spin on another core meanwhile")
    args = parser.parse_args()

    products = max(10, int(args.variants / VARIANTS_PER_PRODUCT))
    pages = fetch_pages(products)
    print(f"{len(pages)} product pages, {sum(map(len, pages)) / 1e6:.1f} MB")
    runs = []
    with busy_core(args.busy_core), tempfile.TemporaryDirectory(prefix="sspos-stages-") as tmp:
        for round_number in range(args.rounds):
            work = Path(tmp) / str(round_number)
            work.mkdir()
            runs.append(run_stages(pages, work))
    # Each stage's best round: the least the machine's noise allowed.
    best = {name: min(run[name] for run in runs) for name in runs[0] if name != "variants"}
    held = best["decode"] + best["rows"] + best["binding"]
    released = max(0.0, best["write"] - best["binding"]) + best["finish"]
    print(
        f"variants={int(runs[0]['variants'])} busy_core={'yes' if args.busy_core else 'no'} "
        + " ".join(f"{name}_cpu_s={value:.3f}" for name, value in best.items())
    )
    print(
        f"gil_held_cpu_s={held:.3f} (decode + rows + binding) "
        f"gil_released_cpu_s={released:.3f} (write - binding + finish)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
