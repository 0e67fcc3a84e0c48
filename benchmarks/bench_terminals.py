"""Terminals benchmark: several POS processes on one data folder, selling at once.

    uv run python benchmarks/bench_terminals.py --terminals 8

1. Starts the sandbox on a loopback socket in its own process (as `bench_catalog.py`).
2. Starts `--terminals` POS processes on ONE empty data folder (as cashiers logged in over
   SSH to one shop box): each builds the POS's services as `sspos pos` does (its own
   terminal id, the catalog sync in a child process), syncs at start-up as the TUI does
   (`CatalogSync.run` with any catalog good enough), runs its outbox worker, then makes
   `--sales` sales a random 0.2–1.0 s apart through the checkout's path (`Outbox`
   enqueue, then `deliver_now`), then idles `--idle-s` seconds with its worker running.
3. From the shared outbox: for each sale, its confirm (the entry's `created_at`) to its
   answer from the server (the `submitted` record of its log), whichever terminal's
   worker delivered it. From the server: every order of the day, each reference counted
   (lost: confirmed but not on the server; duplicated: on it more than once). Downloads:
   the catalog syncs that really downloaded, summed over the terminals' logs. Idle CPU:
   each terminal's CPU (itself and its children) over its idle window, as a share of
   one core; the worst terminal is reported.

Final line: `terminals=… p95_s=… lost=… duplicated=… downloads=… idle_cpu_pct=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_catalog import percentile, sandbox_server

from sspos.api.client import SmartSellerClient
from sspos.domain.order import reference_in_note
from sspos.outbox.queue import Outbox
from sspos.outbox.server import days_around, orders_listed
from tests.outbox.conftest import order_template, sale_payload

TOKEN = "sandbox-token"


class _Downloads(logging.Handler):
    """Counts the catalog syncs of this terminal that downloaded (`sync done`)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("sync done"):
            self.count += 1


def _cpu_s() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


async def terminal(url: str, data_dir: Path, terminal_id: str, sales: int, idle_s: float,
                   start_at: float) -> dict[str, Any]:
    """One POS session: start-up sync, outbox worker, sales, then idle."""
    from sspos.app.delivery import deliver_now
    from sspos.app.pos import Pos
    from sspos.app.services import Services
    from sspos.config import Settings
    from sspos.store.sync_child import ClientSpec

    downloads = _Downloads()
    logging.getLogger("sspos.app.catalog_sync").addHandler(downloads)
    logging.getLogger("sspos.app.catalog_sync").setLevel(logging.INFO)
    settings = Settings(data_dir=data_dir, lang="en", printer="none", terminal_id=terminal_id,
                        cashier=f"Kasir {terminal_id}", api_url=url, token=TOKEN)
    services = Services(
        settings, client=SmartSellerClient(url, TOKEN), data_dir=data_dir,
        client_factory=lambda: SmartSellerClient(url, TOKEN),
        sync_client=ClientSpec(url, TOKEN, "en"),
    )
    pos = Pos(services)
    await asyncio.sleep(max(0.0, start_at - time.time()))  # every terminal starts at once
    if await pos.needs_first_sync():
        await pos.catalog_sync.run(quiet=False, fresh_within_s=float("inf"))
    await pos.start()
    worker = services.outbox_worker
    assert worker is not None
    running = asyncio.create_task(worker.run())
    template = await order_template(services.client)
    rng = random.Random(terminal_id)
    day = datetime.now(UTC).date().isoformat()
    refs: list[str] = []
    for _ in range(sales):
        await asyncio.sleep(rng.uniform(0.2, 1.0))
        ref = services.new_reference()
        entry = await asyncio.to_thread(
            services.outbox.enqueue_sale, ref, sale_payload(template, ref, day=day), None
        )
        refs.append(ref)
        await deliver_now(services.outbox, worker, entry.id, services.submit_wait)
    await asyncio.sleep(2.0)  # let the last answers land before the idle window
    cpu, wall = _cpu_s(), time.monotonic()
    await asyncio.sleep(idle_s)
    idle_pct = 100 * (_cpu_s() - cpu) / (time.monotonic() - wall)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    await pos.aclose()
    return {"terminal": terminal_id, "refs": refs, "downloads": downloads.count,
            "idle_cpu_pct": idle_pct}


async def on_the_server(url: str) -> dict[str, int]:
    """How many orders of today carry each client reference."""
    counts: dict[str, int] = {}
    async with SmartSellerClient(url, TOKEN) as client:
        today = datetime.now(UTC).date().isoformat()
        async for order in orders_listed(client, days_around(today)):
            ref = reference_in_note(getattr(order, "note", None))
            if ref is not None:
                counts[ref] = counts.get(ref, 0) + 1
    return counts


def delivery_seconds(outbox: Outbox, refs: list[str]) -> list[float]:
    """Confirm → the server's answer, for each sale that has one."""
    seconds = []
    for ref in refs:
        entry = outbox.get(ref)
        if entry is None:
            continue
        submitted = [r.at for r in outbox.history(entry.id) if r.event == "submitted"]
        if submitted:
            confirmed = datetime.fromisoformat(entry.created_at)
            seconds.append((datetime.fromisoformat(submitted[0]) - confirmed).total_seconds())
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--terminals", type=int, default=8)
    parser.add_argument("--sales", type=int, default=5, help="sales per terminal")
    parser.add_argument("--products", type=int, default=2000)
    # Longer than the worker's idle pause (30 s): the window holds at least one idle pass.
    parser.add_argument("--idle-s", type=float, default=40.0)
    parser.add_argument("--child", nargs=4, metavar=("URL", "DIR", "ID", "START_AT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, folder, terminal_id, start_at = args.child
        result = asyncio.run(terminal(url, Path(folder), terminal_id, args.sales, args.idle_s,
                                      float(start_at)))
        print(json.dumps(result), flush=True)
        return 0

    work = Path(tempfile.mkdtemp(prefix="sspos-terminals-"))
    data_dir = work / "shop"
    print(f"sandbox: {args.products} products; {args.terminals} POS processes on {data_dir}, "
          f"{args.sales} sales each, then {args.idle_s:.0f}s idle")
    with sandbox_server("process", 7, args.products, TOKEN) as server:
        start_at = time.time() + 3.0  # all interpreters are up by then
        children = [
            subprocess.Popen(
                [sys.executable, __file__, "--sales", str(args.sales), "--idle-s",
                 str(args.idle_s), "--child", server.url, str(data_dir), f"T{n + 1}",
                 str(start_at)],
                stdout=subprocess.PIPE, text=True,
            )
            for n in range(args.terminals)
        ]
        results = []
        for child in children:
            out, _ = child.communicate()
            if child.returncode != 0:
                raise SystemExit(f"a terminal failed (exit {child.returncode})")
            results.append(json.loads(out.strip().splitlines()[-1]))
        counts = asyncio.run(on_the_server(server.url))
    refs = [ref for result in results for ref in result["refs"]]
    outbox = Outbox.in_dir(data_dir)
    seconds = delivery_seconds(outbox, refs)
    lost = sum(1 for ref in refs if counts.get(ref, 0) == 0)
    duplicated = sum(1 for ref in refs if counts.get(ref, 0) > 1)
    downloads = sum(result["downloads"] for result in results)
    idle = max(result["idle_cpu_pct"] for result in results)
    p50, p95 = percentile(seconds, 50), percentile(seconds, 95)
    print(f"sales: {len(refs)} confirmed, {len(seconds)} answered by the server; confirm → "
          f"on the server p50 {p50:.2f}s p95 {p95:.2f}s max {max(seconds):.2f}s")
    print("idle CPU per terminal (% of a core): "
          + " ".join(f"{r['terminal']}={r['idle_cpu_pct']:.2f}" for r in results))
    shutil.rmtree(work, ignore_errors=True)
    print(f"terminals={args.terminals} p95_s={p95:.2f} lost={lost} duplicated={duplicated} "
          f"downloads={downloads} idle_cpu_pct={idle:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
