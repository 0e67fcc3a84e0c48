"""TUI benchmarks on a 100,000-variant catalog.

    uv run python benchmarks/bench_tui.py [--variants 100000] [--runs 5] [--keys 200] [--sales 10]

Prints `key=value` lines:
- start_to_interactive_ms_{median,max}: from building the app to the sale screen mounted,
  its search field focused and start-up (reference data, catalog check) finished;
- search_key_to_results_ms_{p50,p95,max}: from a key press in the search field to the
  updated page of results in the table (the `ResultsShown` message, posted right after
  the table was filled; the frame is painted on the next refresh);
- scan_burst_lost_keys: characters lost when 30 codes are scanned in one burst, and
  scan_burst_lost_keys_cart_selected: the same with the cart selected (F2) first;
- next_sale_ready_ms_{online,offline}_{p50,max}: from the confirming key on the payment
  screen to the sale screen back, its cart empty and its search focused, against an
  in-process sandbox (online) and with it down once the POS knows (offline).
Targets: start ≤ 1000 ms, key-to-results p95 ≤ 30 ms (issue 7); no key lost; next sale
ready ≤ 300 ms online and offline (issue 16).

The catalog is written with the store's own builder (no HTTP), once, into a temp folder.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "kopi",
    "susu",
    "gula",
    "aren",
    "teh",
    "melati",
    "manis",
    "pedas",
    "keripik",
    "singkong",
    "pisang",
    "coklat",
    "keju",
    "kacang",
    "mete",
    "beras",
    "pandan",
    "wangi",
    "minyak",
    "goreng",
    "sabun",
    "cuci",
    "piring",
    "sampo",
    "lidah",
    "buaya",
    "kaos",
    "polos",
    "tebal",
    "kemeja",
    "batik",
    "celana",
    "jeans",
    "tas",
    "kanvas",
    "sepatu",
    "sandal",
    "jepit",
    "topi",
    "payung",
    "lipat",
    "botol",
    "minum",
    "gelas",
    "kaca",
    "piring",
    "keramik",
    "sendok",
    "garpu",
    "panci",
    "wajan",
]
COLORS = ("Merah", "Hitam", "Putih", "Biru", "Hijau", "Kuning", "Abu", "Coklat")
SIZES = ("S", "M", "L", "XL", "250g", "500g", "1kg")


def build_catalog(data_dir: Path, variants: int, seed: int = 1) -> int:
    """Write `variants` variants (4 per product) with the store's builder; publish."""
    from sspos.domain.catalog import WholesaleBand
    from sspos.store.catalog_build import CatalogBuilder
    from sspos.store.catalog_rows import ProductRecord, VariantRecord
    from sspos.store.db import create_database, finish_bulk_database, new_db_path, publish, set_meta

    rng = random.Random(seed)
    path = new_db_path(data_dir)
    conn = create_database(path, bulk=True)
    builder = CatalogBuilder(conn)
    per_product = 4
    products = variants // per_product
    batch: list[ProductRecord] = []
    variant_id = 5_000_000
    for index in range(products):
        name = " ".join(rng.sample(WORDS, 3)).title() + f" {index % 97}"
        recs = []
        for v in range(per_product):
            variant_id += 1
            price = rng.randrange(5, 500) * 1000
            recs.append(
                VariantRecord(
                    variant_id=variant_id,
                    sku=f"P{index:06d}-{v}",
                    price=price,
                    color=COLORS[v % len(COLORS)],
                    size=SIZES[(index + v) % len(SIZES)],
                    price_reseller=price - 1000,
                    tier_prices={"1": price - 500},
                    stock=rng.randrange(0, 200),
                )
            )
        bands = (WholesaleBand(10, None, recs[0].price - 2000),) if index % 5 == 0 else ()
        batch.append(
            ProductRecord(
                product_id=100_000 + index,
                name=name,
                variants=tuple(recs),
                wholesale=bands,
                weight=250,
            )
        )
        if len(batch) == 2000:
            builder.add(batch)
            batch = []
    if batch:
        builder.add(batch)
    count = builder.finish()
    set_meta(conn, "synced_at", datetime.now(ZoneInfo("UTC")).isoformat())
    try:
        finish_bulk_database(conn)
    except Exception:  # noqa: BLE001 - the store's finishing step varies; WAL + close is enough
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
    publish(data_dir, path)
    return count


def make_app(data_dir: Path):  # type: ignore[no-untyped-def]
    import httpx

    from sspos.api.client import SmartSellerClient
    from sspos.app.services import Services
    from sspos.config import Settings
    from sspos.runtime import DEMO_BASE_URL
    from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
    from sspos.tui.app import PosApp

    sandbox = create_app(SandboxConfig(products=20, customers=20, db_path=":memory:"))

    def factory() -> SmartSellerClient:
        return SmartSellerClient(
            DEMO_BASE_URL, DEMO_TOKEN, transport=httpx.ASGITransport(app=sandbox)
        )

    settings = Settings(data_dir=data_dir, printer="none")
    services = Services(
        settings,
        client=factory(),
        data_dir=data_dir,
        sync_on_start=False,
        run_outbox_worker=False,
        client_factory=factory,
        # The tiny sandbox does not know the benchmark's products; a refresh would drop them.
        freshen_on_add=False,
    )
    services.saved_cart.path.unlink(missing_ok=True)  # each run starts with an empty cart
    return PosApp(settings, services, poll_status=False)


async def start_once(data_dir: Path) -> float:
    from sspos.tui.screens.sale import SaleScreen

    started = time.perf_counter()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        while not (
            isinstance(app.screen, SaleScreen) and app.screen.focused is app.screen.search_input
        ):
            await pilot.pause(0)
        elapsed = time.perf_counter() - started
    return elapsed * 1000


async def search_latencies(data_dir: Path, keys: int) -> list[float]:
    from sspos.tui.messages import ResultsShown

    shown: dict[str, float] = {}

    def hook(message: object) -> None:
        if isinstance(message, ResultsShown):
            shown[message.term] = time.perf_counter()

    app = make_app(data_dir)
    latencies: list[float] = []
    rng = random.Random(3)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await app.ready.wait()
        screen = app.sale_screen
        while len(latencies) < keys:
            word = rng.choice(WORDS) + " " + rng.choice(WORDS)[:3]
            typed = ""
            for ch in word:
                typed += ch
                term = typed.strip()
                shown.pop(term, None)
                pressed = time.perf_counter()
                await pilot.press("space" if ch == " " else ch)
                if ch == " ":
                    continue  # same term as before the space: no new search
                deadline = pressed + 2.0
                while term not in shown and time.perf_counter() < deadline:
                    await asyncio.sleep(0)
                if term in shown:
                    latencies.append((shown[term] - pressed) * 1000)
            screen.search_input.value = ""
            await pilot.pause()
    return latencies


def send_key(app: object, key: str, char: str | None = None) -> None:
    """Queue one key event now, as a terminal would (Pilot.press waits after each key)."""
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)  # type: ignore[arg-type]
    app._driver.send_message(event)  # type: ignore[attr-defined]


def send_burst(app: object, text: str) -> None:
    """Queue every key of `text` at once, as a scanner types ("\r" is Enter)."""
    from textual.keys import _character_to_key

    for ch in text:
        send_key(app, "enter" if ch == "\r" else ch if ch.isalnum() else _character_to_key(ch), ch)


async def scan_burst(data_dir: Path, codes: int = 30, *, cart_selected: bool = False) -> int:
    """Scan `codes` SKUs in one burst; return how many did not arrive in the cart.
    `cart_selected`: one code first, then F2 (the cart), then the burst."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        wanted = [f"P{i:06d}-0" for i in range(1, codes + 1)]
        if cart_selected:
            send_burst(app, wanted[0] + "\r")
            while not app.sale.cart.lines:
                await pilot.pause(0.01)
            await pilot.press("f2")
        send_burst(app, "".join(code + "\r" for code in wanted))
        deadline = time.perf_counter() + 10
        while len(app.sale.cart.lines) < codes and time.perf_counter() < deadline:
            await pilot.pause(0.01)
        got = [line.variant.sku for line in app.sale.cart.lines]
    return sum(1 for code in wanted if code not in got)


async def _synced_copy(data_dir: Path, sandbox: object) -> None:
    import httpx

    from sspos.api.client import SmartSellerClient
    from sspos.runtime import DEMO_BASE_URL
    from sspos.sandbox import DEMO_TOKEN
    from sspos.store.sync import full_sync

    transport = httpx.ASGITransport(app=sandbox)  # type: ignore[arg-type]
    client = SmartSellerClient(DEMO_BASE_URL, DEMO_TOKEN, transport=transport)
    try:
        await full_sync(client, data_dir)
    finally:
        await client.aclose()


async def next_sale_ready(data_dir: Path, sales: int, *, offline: bool) -> list[float]:
    """Confirm `sales` cash sales; ms from the confirming F9 to the next sale ready."""
    import httpx

    from sspos.api.client import SmartSellerClient
    from sspos.app.services import Services
    from sspos.config import Settings
    from sspos.runtime import DEMO_BASE_URL
    from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
    from sspos.tui.app import PosApp
    from sspos.tui.screens.payment import PaymentScreen
    from sspos.tui.screens.sale import SaleScreen

    sandbox = create_app(SandboxConfig(products=20, customers=20, db_path=":memory:"))
    await _synced_copy(data_dir, sandbox)

    def factory() -> SmartSellerClient:
        transport = httpx.ASGITransport(app=sandbox)
        return SmartSellerClient(DEMO_BASE_URL, DEMO_TOKEN, transport=transport)

    settings = Settings(data_dir=data_dir, printer="none")
    services = Services(
        settings,
        client=factory(),
        data_dir=data_dir,
        sync_on_start=False,
        client_factory=factory,
        freshen_on_add=False,
    )
    app = PosApp(settings, services, poll_status=False)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        worker = services.outbox_worker
        while worker is None or worker.online is None:
            await pilot.pause(0.01)
            worker = services.outbox_worker
        if offline:
            sandbox.state.sandbox.faults.down = True
            worker.wake()
            while worker.online is not False:
                await pilot.pause(0.01)
        sku = next(v.sku for v in services.catalog.search("a", limit=50) if v.product_status == "S")
        screen = app.sale_screen
        for _ in range(sales):
            send_burst(app, sku + "\r")
            while not app.sale.cart.lines:
                await pilot.pause(0.005)
            await pilot.press("f9")
            while not isinstance(app.screen, PaymentScreen):
                await pilot.pause(0.005)
            await pilot.pause()
            started = time.perf_counter()
            send_key(app, "f9")  # confirm: exact cash
            while not (
                isinstance(app.screen, SaleScreen)
                and not app.sale.cart.lines
                and app.screen.focused is screen.search_input
            ):
                await asyncio.sleep(0.001)
            times.append((time.perf_counter() - started) * 1000)
        if not offline:
            assert app.last_sale is not None and app.last_sale.state == "submitted"
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--sales", type=int, default=10, help="sales per next-sale measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        t0 = time.perf_counter()
        count = build_catalog(data_dir, args.variants)
        print(f"catalog_variants={count}")
        print(f"catalog_build_s={time.perf_counter() - t0:.1f}")
        starts = [asyncio.run(start_once(data_dir)) for _ in range(args.runs)]
        print(f"start_to_interactive_ms_median={statistics.median(starts):.0f}")
        print(f"start_to_interactive_ms_max={max(starts):.0f}")
        latencies = asyncio.run(search_latencies(data_dir, args.keys))
        print(f"search_keys_measured={len(latencies)}")
        print(f"search_key_to_results_ms_p50={percentile(latencies, 0.50):.1f}")
        print(f"search_key_to_results_ms_p95={percentile(latencies, 0.95):.1f}")
        print(f"search_key_to_results_ms_max={max(latencies):.1f}")
        print(f"scan_burst_lost_keys={asyncio.run(scan_burst(data_dir))}")
        lost = asyncio.run(scan_burst(data_dir, cart_selected=True))
        print(f"scan_burst_lost_keys_cart_selected={lost}")
    for offline in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            times = asyncio.run(next_sale_ready(Path(tmp), args.sales, offline=offline))
        label = "offline" if offline else "online"
        print(f"next_sale_ready_ms_{label}_p50={percentile(times, 0.5):.0f}")
        print(f"next_sale_ready_ms_{label}_max={max(times):.0f}")
    print(f"cold_import_ms={cold_import_ms():.0f}")


def cold_import_ms() -> float:
    """Importing the app in a fresh interpreter (what `sspos` pays before start-up)."""
    import subprocess

    code = (
        "import time; t = time.perf_counter(); import sspos.tui.app; print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip()) * 1000


if __name__ == "__main__":
    main()
