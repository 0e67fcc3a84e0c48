"""Catalog benchmark: search and scan latency, sync throughput, resident memory.

    uv run python benchmarks/bench_catalog.py --variants 100000

1. Starts the sandbox on a loopback socket with enough products for `--variants`
   variants, in its OWN process (`--server process`, the default): the server then has
   its own interpreter and GIL, as a real SmartSeller server would, and what is timed is
   the client side only. (`--server thread` serves it from a thread of this process, as
   before: server and client then share one GIL, which mostly measures the server.)
   Runs `full_sync` into a temporary data dir (products, customers, regions, reference
   lists) in this process, untimed, recording every URL it requested.
2. Times the sync as the POS runs it: `sync_in_child`, `full_sync` in a child process,
   the spare child the POS keeps started (it loaded its modules before the sync was asked
   for). Also a sync in a child started when asked (`cold_sync_s`, `cold_sync_ratio`).
   Fetches exactly the recorded URLs again with plain `httpx` at the same concurrency and
   discards the bodies (the baseline). `sync_ratio` = baseline time / sync time, i.e.
   sync throughput as a share of the bare fetch throughput. Both are run `--rounds`
   times and the best time of each kept, alternating, so neither side gets a warmer
   server. Both use the same kind of connection pool (httpx keep-alive), so any
   per-request cost of the server's HTTP stack is in both.
   The CPU seconds of both sides (this process, all threads, and the sync's child; the
   server's process from /proc) are printed for the best rounds, with the least time any
   sync could take on this machine's cores: all that CPU spread perfectly over them.
   One more, untimed sync in a child process measures how late a 1 ms timer on this
   process's event loop fires meanwhile: the TUI's loop during a background refresh, so
   the stall a cashier typing then could feel (`loop_p99_ms`, `loop_max_ms`). The
   in-process sync of step 1 is probed the same way, for comparison.
3. In a fresh subprocess that only opens the synced catalog: times `search` for 1–3
   word prefix queries (limit 50) and `by_sku` for random SKUs, then reads VmRSS and
   VmHWM from /proc/self/status (rss_mb is the peak, VmHWM). Also times searches no
   cashier types but a paste or a broken scanner sends (10,000 characters, lone
   surrogates): they must not fail, nor cost more than a typed search.

Final line: `search_p99_ms=… scan_p99_ms=… sync_ratio=… rss_mb=… odd_search_max_ms=…
loop_p99_ms=… loop_max_ms=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sspos.api.client import SmartSellerClient
from sspos.sandbox import SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread
from sspos.store.sync import full_sync
from sspos.store.sync_child import ClientSpec, SpareChild, SyncRequest, sync_in_child

T = TypeVar("T")

VARIANTS_PER_PRODUCT = 3.0  # the sandbox generator's average, measured on small catalogs


class RecordingTransport(httpx.AsyncHTTPTransport):
    """A normal transport that remembers the URL of every request."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return await super().handle_async_request(request)


async def timed(work: Awaitable[T], probe_loop: bool) -> tuple[float, T, list[float]]:
    """`work`'s seconds and result; with `probe_loop`, also how late a 1 ms timer on this
    event loop fires meanwhile (what typing in the TUI during a refresh feels like)."""
    lags: list[float] = []
    running = probe_loop

    async def probe() -> None:
        while running:
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append((time.perf_counter() - started - 0.001) * 1000)

    prober = asyncio.create_task(probe())
    started = time.perf_counter()
    try:
        result = await work
    finally:
        running = False
        await prober
    return time.perf_counter() - started, result, lags


async def run_sync(
    base_url: str, token: str, data_dir: Path, concurrency: int, probe_loop: bool = False
) -> tuple[float, list[str], object, list[float]]:
    """One full sync on this event loop, recording its URLs (see `timed` for
    `probe_loop`)."""
    transport = RecordingTransport()
    async with SmartSellerClient(base_url, token, transport=transport, timeout=60.0) as client:
        elapsed, summary, lags = await timed(
            full_sync(client, data_dir, concurrency=concurrency), probe_loop
        )
    return elapsed, transport.urls, summary, lags


async def run_plain(urls: list[str], token: str, concurrency: int) -> tuple[float, int]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    received = 0
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "Accept-Language": "id",
    }
    async with httpx.AsyncClient(timeout=60.0, headers=headers) as http:

        async def worker() -> None:
            nonlocal received
            while not queue.empty():
                url = queue.get_nowait()
                response = await http.get(url)
                received += len(response.content)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, received


async def run_client_only(
    base_url: str, token: str, urls: list[str], concurrency: int, raw: bool
) -> float:
    """The same product pages through SmartSellerClient, discarded: `products()` (JSON +
    pydantic) or `products_page_raw()` (msgspec `ListedProduct`s; what the sync uses).

    Not a target: it shows how much of the gap to plain httpx is the API client's own
    parsing, which any sync built on the client pays before storing anything.
    """
    pages = sorted(
        {int(httpx.URL(u).params.get("pagination_offset", "1")) for u in urls if "/product?" in u}
    )
    queue = list(pages)
    async with SmartSellerClient(base_url, token, timeout=60.0) as client:
        fetch = client.products_page_raw if raw else client.products

        async def worker() -> None:
            while queue:
                await fetch(page=queue.pop(), per_page=100)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started


#: How long the spare child has before its sync is asked for (the POS's has the minutes
#: between refreshes; loading its modules takes 0.3 s here).
SPARE_LEAD_S = 3.0


async def run_child_sync(
    base_url: str, token: str, data_dir: Path, probe_loop: bool = False, spare: bool = True
) -> tuple[float, object, list[float]]:
    """One full sync as the POS runs it, in a child process (see `timed` for
    `probe_loop`: this process's loop only waits on the child): in the spare child the
    POS keeps started, or (`spare` False) in one started when the sync is asked for."""
    request = SyncRequest(ClientSpec(base_url, token, "en"), str(data_dir), attempts=5,
                          deadline_s=None)
    child = None
    if spare:
        ready = SpareChild()
        await ready.keep_ready()
        await asyncio.sleep(SPARE_LEAD_S)
        child = await ready.take()
    return await timed(sync_in_child(request, child=child), probe_loop)


SERVER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from sspos.sandbox import SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread

seed, products, token = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = create_app(SandboxConfig(seed=seed, products=products, token=token, db_path=":memory:"))
with serve_in_thread(app) as url:
    print(url, flush=True)
    sys.stdin.read()  # serve until the benchmark closes our stdin
"""


@dataclass
class Server:
    """The running sandbox: its base URL and, when it has its own process, its CPU time."""

    url: str
    pid: int | None = None

    def cpu_s(self) -> float | None:
        """User + system CPU seconds the server process has used so far (Linux), or None."""
        if self.pid is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def sandbox_server(where: str, seed: int, products: int, token: str) -> Iterator[Server]:
    """The sandbox on a loopback socket, in its own process or in a thread."""
    if where == "thread":
        app = create_app(
            SandboxConfig(seed=seed, products=products, token=token, db_path=":memory:")
        )
        with serve_in_thread(app) as base_url:
            yield Server(base_url)
        return
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(ROOT), str(seed), str(products), token],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stdin is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http"):
            raise RuntimeError("the sandbox process did not start")
        yield Server(base_url, server.pid)
    finally:
        if server.stdin is not None:
            server.stdin.close()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class CpuMeter:
    """CPU seconds of this process (all threads) and of the server during one run."""

    def __init__(self, server: Server) -> None:
        self.server = server

    @staticmethod
    def _own_and_children() -> float:
        times = os.times()  # children: the sync's child process, once it has ended
        return times.user + times.system + times.children_user + times.children_system

    def __enter__(self) -> Self:
        self._client, self._server = self._own_and_children(), self.server.cpu_s()
        return self

    def __exit__(self, *_: object) -> None:
        self.client_s = self._own_and_children() - self._client
        after = self.server.cpu_s()
        self.server_s = None if after is None or self._server is None else after - self._server


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


PROBE = r"""
import json, random, sqlite3, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sspos.store.catalog import Catalog
from sspos.store.db import current_db_path

data_dir = Path(sys.argv[2])
rng = random.Random(11)
# Query material read with a separate connection, closed before timing and RSS.
raw = sqlite3.connect(current_db_path(data_dir))
rows = raw.execute("SELECT product_name, variant_name, sku FROM variants").fetchall()
raw.close()
names = [r[0] for r in rows]
skus = [r[2] for r in rows if r[2]]
queries = []
for _ in range(3000):
    words = rng.choice(names).split()
    n = min(len(words), rng.choice((1, 1, 2, 2, 3)))
    start = rng.randrange(0, len(words) - n + 1)
    picked = words[start:start + n]
    last = picked[-1]
    picked[-1] = last[: rng.randint(1, len(last))]
    queries.append(" ".join(picked).lower())
scans = [rng.choice(skus) for _ in range(5000)]
# What no cashier types but a paste or a broken scanner sends: a page of text, lone
# surrogates. Each must stay safe (no error) and as cheap as a typed search.
page = " ".join(rng.choice(names) for _ in range(400))[:10000]
odd = [page, "x" * 10000, "\ud800", f"{queries[0]} \udc80"]
del rows, names, skus

catalog = Catalog(data_dir)
count = catalog.variant_count()
for q in queries[:200]:  # warm the page cache as a cashier's first minute would
    catalog.search(q, 50)
search_ms, hits = [], 0
for q in queries:
    t = time.perf_counter()
    found = catalog.search(q, 50)
    search_ms.append((time.perf_counter() - t) * 1000)
    hits += bool(found)
odd_ms = []
for q in odd * 10:
    t = time.perf_counter()
    catalog.search(q, 50)
    odd_ms.append((time.perf_counter() - t) * 1000)
scan_ms, missed = [], 0
for code in scans:
    t = time.perf_counter()
    v = catalog.by_sku(code)
    scan_ms.append((time.perf_counter() - t) * 1000)
    missed += v is None
lines = Path("/proc/self/status").read_text().splitlines()
status = dict(line.split(":", 1) for line in lines if ":" in line)
print(json.dumps({
    "variants": count, "search_ms": search_ms, "scan_ms": scan_ms, "queries_with_hits": hits,
    "odd_ms": odd_ms,
    "scan_missed": missed,
    "vmrss_mb": int(status["VmRSS"].split()[0]) / 1024,
    "vmhwm_mb": int(status["VmHWM"].split()[0]) / 1024,
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--server",
        choices=("process", "thread"),
        default="process",
        help="serve the sandbox from its own process (default) or a thread of this one",
    )
    args = parser.parse_args()

    products = max(10, int(args.variants / VARIANTS_PER_PRODUCT))
    token = "sandbox-token"
    print(
        f"sandbox: {products} products (aiming at {args.variants} variants), loopback socket, "
        f"served from {'its own process' if args.server == 'process' else 'a thread'}"
    )
    work = Path(tempfile.mkdtemp(prefix="sspos-bench-"))
    sync_times: list[float] = []
    cold_times: list[float] = []
    plain_times: list[float] = []
    sync_sizes: list[int] = []
    sync_cpu: list[CpuMeter] = []
    plain_cpu: list[CpuMeter] = []
    with sandbox_server(args.server, 7, products, token) as server:
        base_url = server.url
        in_process_s, urls, _, in_process_lags = asyncio.run(
            run_sync(base_url, token, work / "data", args.concurrency, probe_loop=True)
        )
        print(
            f"in-process sync (untimed, recording the URLs): {in_process_s:.2f}s, "
            f"{len(urls)} requests; its event loop: a 1 ms timer fired late by "
            f"p99 {percentile(in_process_lags, 99):.1f} ms, max {max(in_process_lags):.1f} ms"
        )
        for round_number in range(args.rounds):
            with CpuMeter(server) as meter:
                elapsed, summary, _ = asyncio.run(
                    run_child_sync(base_url, token, work / "data")
                )
            sync_cpu.append(meter)
            sync_times.append(elapsed)
            print(
                f"sync round {round_number + 1} (child process): {elapsed:.2f}s, "
                f"{len(urls)} requests, "
                f"{summary.products} products, {summary.variants} variants, "  # type: ignore[attr-defined]
                f"{summary.customers} customers, {len(summary.problems)} problems"
            )  # type: ignore[attr-defined]
            cold, *_ = asyncio.run(
                run_child_sync(base_url, token, work / "data", spare=False)
            )
            cold_times.append(cold)
            print(f"sync round {round_number + 1} (child process started when asked): {cold:.2f}s")
            with CpuMeter(server) as meter:
                plain, size = asyncio.run(run_plain(urls, token, args.concurrency))
            plain_cpu.append(meter)
            plain_times.append(plain)
            sync_sizes.append(size)
            print(
                f"plain httpx round {round_number + 1}: {plain:.2f}s for the same {len(urls)} URLs "
                f"({size / 1e6:.1f} MB)"
            )
        # Diagnostics, not targets: the event loop during a sync (an extra, untimed round)
        # and the client's own parsing of the product pages.
        *_, loop_lags = asyncio.run(
            run_child_sync(base_url, token, work / "data", probe_loop=True)
        )
        product_urls = [u for u in urls if "/product?" in u]
        plain_products, _ = asyncio.run(run_plain(product_urls, token, args.concurrency))
        typed = asyncio.run(
            run_client_only(base_url, token, product_urls, args.concurrency, raw=False)
        )
        raw = asyncio.run(
            run_client_only(base_url, token, product_urls, args.concurrency, raw=True)
        )
        print(
            f"product pages only ({len(product_urls)}): plain httpx {plain_products:.2f}s, "
            f"parse-and-discard with products() {typed:.2f}s (ratio {plain_products / typed:.2f}), "
            f"with products_page_raw() {raw:.2f}s (ratio {plain_products / raw:.2f})"
        )
    sync_best, plain_best = min(sync_times), min(plain_times)
    ratio = plain_best / sync_best
    cold_ratio = plain_best / min(cold_times)
    megabytes = max(sync_sizes) / 1e6
    print(
        f"sync_s={sync_best:.3f} plain_fetch_s={plain_best:.3f} "
        f"sync_pages_per_s={len(urls) / sync_best:.1f} "
        f"plain_pages_per_s={len(urls) / plain_best:.1f} "
        f"sync_mb_per_s={megabytes / sync_best:.1f} plain_mb_per_s={megabytes / plain_best:.1f} "
        f"server={args.server} cold_sync_s={min(cold_times):.3f} cold_sync_ratio={cold_ratio:.2f}"
    )

    # Where the time can go: both processes share this machine's cores, so a sync can
    # take no less than all their CPU seconds spread perfectly over every core.
    best_sync = sync_cpu[sync_times.index(sync_best)]
    best_plain = plain_cpu[plain_times.index(plain_best)]
    if best_sync.server_s is not None and best_plain.server_s is not None:
        cores = os.cpu_count() or 1
        floor = (best_sync.client_s + best_sync.server_s) / cores
        print(
            f"cpu seconds: sync client {best_sync.client_s:.2f} + server {best_sync.server_s:.2f}; "
            f"plain client {best_plain.client_s:.2f} + server {best_plain.server_s:.2f}; "
            f"on {cores} cores the sync cannot take under {floor:.2f}s "
            f"(ratio at most {plain_best / floor:.2f} without using less CPU)"
        )

    loop_p99, loop_max = percentile(loop_lags, 99), max(loop_lags)
    print(
        f"event loop during a sync in a child process: a 1 ms timer fired late by p50 "
        f"{percentile(loop_lags, 50):.1f} ms, p99 {percentile(loop_lags, 99):.1f} ms, "
        f"max {max(loop_lags):.1f} ms"
    )

    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), str(work / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    search_p50 = percentile(result["search_ms"], 50)
    search_p99 = percentile(result["search_ms"], 99)
    scan_p50 = percentile(result["scan_ms"], 50)
    scan_p99 = percentile(result["scan_ms"], 99)
    print(
        f"catalog: {result['variants']} variants; {len(result['search_ms'])} searches "
        f"({result['queries_with_hits']} with results) p50={search_p50:.3f}ms "
        f"p99={search_p99:.3f}ms "
        f"max={max(result['search_ms']):.3f}ms; {len(result['scan_ms'])} scans "
        f"(missed {result['scan_missed']}) p50={scan_p50:.4f}ms p99={scan_p99:.4f}ms"
    )
    odd_max = max(result["odd_ms"])
    print(
        f"odd searches (a 10,000-character paste, lone surrogates), {len(result['odd_ms'])} runs: "
        f"p50={percentile(result['odd_ms'], 50):.3f}ms max={odd_max:.3f}ms"
    )
    print(f"probe process: VmRSS={result['vmrss_mb']:.1f}MB VmHWM={result['vmhwm_mb']:.1f}MB")
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"search_p99_ms={search_p99:.3f} scan_p99_ms={scan_p99:.4f} sync_ratio={ratio:.2f} "
        f"rss_mb={result['vmhwm_mb']:.1f} odd_search_max_ms={odd_max:.3f} "
        f"loop_p99_ms={loop_p99:.1f} loop_max_ms={loop_max:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
