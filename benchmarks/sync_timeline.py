"""Who is on the CPU during a full sync: a per-thread timeline (Linux).

    uv run python benchmarks/sync_timeline.py --variants 100000

Starts the sandbox in its own process (as `bench_catalog.py` does), runs one untimed
warm-up sync, then a second sync while another process reads every thread's CPU time
(`/proc/<pid>/task/<tid>/schedstat`, nanoseconds) every 2 ms. Prints, per 100 ms, how
many cores' worth of CPU went to the event loop thread, to the client's other threads
(the sync's SQLite writer) and to the server, then the totals.

On 2 cores the plain fetch keeps the server about one core busy; a sync reaches the
target ratio only if the client's two threads and the server together keep both cores
busy. The timeline shows how close they come.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_catalog import VARIANTS_PER_PRODUCT, sandbox_server

from sspos.api.client import SmartSellerClient
from sspos.store.sync import full_sync

TOKEN = "sandbox-token"
BUCKET_S = 0.1

SAMPLER = r"""
import json, os, signal, sys, time
out, pids = sys.argv[1], [int(p) for p in sys.argv[2:]]
samples, stop = [], False
def end(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, end)
while not stop:
    row = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    row[f"{pid}/{tid}"] = int(f.read().split()[0])
            except OSError:
                pass
    samples.append((time.perf_counter(), row))
    time.sleep(0.002)
with open(out, "w") as f:
    json.dump(samples, f)
"""


async def one_sync(base_url: str, data_dir: Path) -> tuple[float, float]:
    async with SmartSellerClient(base_url, TOKEN, timeout=60.0) as client:
        started = time.perf_counter()
        await full_sync(client, data_dir)
        return started, time.perf_counter()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", type=int, default=100_000)
    args = parser.parse_args()
    if not Path("/proc/self/task").is_dir():
        print("needs Linux /proc")
        return 1

    products = max(10, int(args.variants / VARIANTS_PER_PRODUCT))
    with (
        tempfile.TemporaryDirectory(prefix="sspos-timeline-") as tmp,
        sandbox_server("process", 7, products, TOKEN) as server,
    ):
        assert server.pid is not None
        asyncio.run(one_sync(server.url, Path(tmp) / "warm-up"))
        samples_file = Path(tmp) / "samples.json"
        sampler = subprocess.Popen(
            [sys.executable, "-c", SAMPLER, str(samples_file), str(os.getpid()), str(server.pid)]
        )
        time.sleep(0.3)  # the sampler is running
        started, ended = asyncio.run(one_sync(server.url, Path(tmp) / "data"))
        time.sleep(0.05)
        sampler.terminate()
        sampler.wait()
        samples = json.loads(samples_file.read_text())

    def role(key: str) -> str:
        pid, tid = (int(part) for part in key.split("/"))
        if pid == server.pid:
            return "server"
        return "loop" if tid == os.getpid() else "writer"

    roles = ("loop", "writer", "server")
    buckets: dict[int, dict[str, float]] = {}
    totals = dict.fromkeys(roles, 0.0)
    previous = None
    for moment, row in samples:
        if previous is not None and started <= moment <= ended + 0.01:
            before = previous
            for key, ns in row.items():
                if key in before:
                    cpu = (ns - before[key]) / 1e9
                    name = role(key)
                    totals[name] += cpu
                    bucket = buckets.setdefault(int((moment - started) / BUCKET_S), {})
                    bucket[name] = bucket.get(name, 0.0) + cpu
        previous = row

    wall = ended - started
    print(
        f"cores busy per {BUCKET_S * 1000:.0f} ms (loop = event loop thread, "
        "writer = the client's other threads, server = the sandbox process):"
    )
    for number in sorted(buckets):
        busy = buckets[number]
        print(
            f"{number * BUCKET_S:5.1f}s "
            + " ".join(f"{name}={busy.get(name, 0.0) / BUCKET_S:4.2f}" for name in roles)
            + f"  all={sum(busy.values()) / BUCKET_S:4.2f}"
        )
    print(
        f"sync_s={wall:.2f} "
        + " ".join(f"{name}_cpu_s={totals[name]:.2f}" for name in roles)
        + f" mean_cores_busy={sum(totals.values()) / wall:.2f} of {os.cpu_count()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
