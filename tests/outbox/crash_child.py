"""A tiny POS for the crash test: rings up sales into the outbox and submits them.

Run as a real subprocess by `tests/outbox/crash_harness.py`, which SIGKILLs it at a
random moment and then runs it again to completion. Each run makes the same sales (same
references); a sale already in the outbox is not made again, just as a cashier's finished
sale is on disk and not rung up twice. Every third sale also gets an AWB follow-up.

    python tests/outbox/crash_child.py DATA_DIR BASE_URL TEMPLATE_JSON PREFIX SALES [TIMING]

TEMPLATE_JSON holds a valid order body plus `_token`, the sandbox's bearer token. TIMING
(JSON, optional) overrides the client's `timeout` and the worker's `settle_seconds`,
`watch_seconds` and `watch_every_seconds` (a scaled-down POS, for the slow-server runs).
A run ends when nothing waits and no duplicate watch is open.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx

from sspos.api.client import SmartSellerClient
from sspos.domain.order import note_with_reference
from sspos.outbox.queue import Outbox
from sspos.outbox.worker import OutboxWorker


async def main(
    data_dir: Path, base_url: str, token: str, template: dict, prefix: str, sales: int,
    timing: dict[str, float],
) -> int:
    outbox = Outbox.in_dir(data_dir)
    worker = OutboxWorker(
        outbox,
        lambda: SmartSellerClient(
            base_url, token, timeout=timing.get("timeout", 5.0), max_retries=1,
            backoff_base=0.01,
            # A fresh connection per request: kept-alive loopback connections meet a
            # ~40 ms delayed-ACK stall per request, which only slows the test down.
            transport=httpx.AsyncHTTPTransport(limits=httpx.Limits(max_keepalive_connections=0)),
        ),
        # By default a request in flight when the last run died has landed by then.
        settle_seconds=timing.get("settle_seconds", 0.05),
        watch_seconds=timing.get("watch_seconds", 0.5),
        watch_every_seconds=timing.get("watch_every_seconds", 0.05),
        use_keyword_search=True,
    )
    print("ready", flush=True)
    try:
        for i in range(sales):
            ref = f"{prefix}-{i:03d}"
            if outbox.get(ref) is None:
                payload = {**template, "note": note_with_reference(f"crash sale {i}", ref)}
                outbox.enqueue_sale(ref, payload, None)
            if i % 3 == 0 and not outbox.follow_ups(ref):
                outbox.enqueue_awb(ref, f"AWB{prefix}{i:03d}")
            await worker.drain_once()  # a POS submits in the background after each sale
        for _ in range(1000):
            if outbox.counts().waiting == 0 and not outbox.watches(open_only=True):
                return 0
            report = await worker.drain_once()
            if report.next_in:
                await asyncio.sleep(report.next_in)  # a doubtful send settling
            elif not report.ok:
                await asyncio.sleep(0.02)
        return 1
    finally:
        await worker.aclose()


if __name__ == "__main__":
    folder, url, template_file, prefix, count = sys.argv[1:6]
    timing = json.loads(sys.argv[6]) if len(sys.argv) > 6 else {}
    template = json.loads(Path(template_file).read_text(encoding="utf-8"))
    token = template.pop("_token")
    sys.exit(asyncio.run(main(Path(folder), url, token, template, prefix, int(count), timing)))
