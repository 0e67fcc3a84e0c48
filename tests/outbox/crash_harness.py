"""Kill a submitting POS process at random and check the server afterwards.

Shared by the crash test (a few rounds) and `benchmarks/crash_outbox.py` (100+ rounds).
The sandbox runs in this process on a real loopback socket (uvicorn in a thread), with
its state in a SQLite file; the POS is `crash_child.py` in a real subprocess, killed
with SIGKILL at a random moment, then run again until its outbox is empty.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sspos.api.client import SmartSellerClient
from sspos.domain.order import reference_in_note
from sspos.outbox.queue import Outbox
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.sandbox.server import serve_in_thread

CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CrashTally:
    """Totals over many rounds; `lost`, `duplicated`, `left_open` and `bad_awb` must be 0."""

    rounds: int = 0
    sales: int = 0
    lost: int = 0
    duplicated: int = 0
    left_open: int = 0
    bad_awb: int = 0
    killed_mid_run: int = 0  # the child was still working when SIGKILL came
    killed_while_sending: int = 0  # …with an entry in `sending` (a request maybe in flight)
    found_not_resent: int = 0  # doubtful sends found on the server instead of re-sent
    cancelled: int = 0  # duplicates that landed after a re-send, cancelled by the watch
    failures: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.left_open or self.bad_awb)


@contextmanager
def crash_sandbox(workdir: Path, faults: dict[str, Any] | None = None) -> Iterator[tuple[Any, str]]:
    """A sandbox served on 127.0.0.1 (state in `workdir/sandbox.sqlite`); yields (app, url)."""
    # A child killed mid-request makes uvicorn log a ClientDisconnect traceback: expected
    # here, and noise in the benchmark's output.
    uvicorn_log = logging.getLogger("uvicorn.error")
    level = uvicorn_log.level
    app = create_app(SandboxConfig(seed=7, products=60, customers=20,
                                   db_path=str(workdir / "sandbox.sqlite")))
    if faults:
        app.state.sandbox.faults.update(faults)
    try:
        with serve_in_thread(app) as url:
            uvicorn_log.setLevel(logging.CRITICAL)  # after uvicorn configured its loggers
            yield app, url
    finally:
        uvicorn_log.setLevel(level)


async def _template(url: str) -> dict[str, Any]:
    async with SmartSellerClient(url, DEMO_TOKEN) as client:
        customer = (await client.customers(per_page=1)).items[0].id
        supplier = (await client.suppliers())[0].id
        variant = next(
            p.variations[0].id for p in (await client.products(per_page=100)).items
            if p.product_type == "PO" and p.variations
        )
    return {
        "order_date": time.strftime("%Y-%m-%d"),
        "customer_sender_id": customer, "customer_receiver_id": customer,
        "supplier_id": supplier, "is_print": False,
        "products": [{"id": variant, "qty": 1, "product_status": "PO"}],
        "expedition": {"id": 98, "rate": 0, "name": "Ambil di Toko", "auto_pickup": False},
        "payment": {"status": "UNPAID"}, "source": "WEB", "_token": DEMO_TOKEN,
    }


def write_template(url: str, workdir: Path) -> Path:
    """A valid order body for this sandbox, saved for the child processes."""
    path = workdir / "template.json"
    path.write_text(json.dumps(asyncio.run(_template(url))), encoding="utf-8")
    return path


def _start(data: Path, url: str, template: Path, prefix: str, sales: int,
           timing: dict[str, float]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data), url, str(template), prefix, str(sales),
         json.dumps(timing)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )


def pos_timing(scale: float) -> dict[str, float]:
    """The POS's own timing (10 s client timeout, the worker's settle floor and duplicate
    watch) shrunk by `scale`, so a slow server's minutes pass in seconds."""
    from sspos.outbox.worker import SETTLE_SECONDS, WATCH_EVERY_SECONDS, WATCH_SECONDS

    return {"timeout": 10.0 * scale, "settle_seconds": SETTLE_SECONDS * scale,
            "watch_seconds": WATCH_SECONDS * scale,
            "watch_every_seconds": WATCH_EVERY_SECONDS * scale}


def crash_round(
    app: Any, url: str, template: Path, workdir: Path, number: int, rng: random.Random,
    tally: CrashTally, *, sales: int = 8, kill_within: float = 0.25,
    timing: dict[str, float] | None = None,
) -> None:
    """One round: start the POS, SIGKILL it after a random pause, restart it, check.

    `timing`: see `crash_child.py` (default: the child's quick settings)."""
    prefix = f"C{number:04d}"
    data = workdir / prefix
    timing = timing or {}
    child = _start(data, url, template, prefix, sales, timing)
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        child.kill()
        raise RuntimeError(f"crash child did not start: {child.communicate()[1][-2000:]}")
    time.sleep(rng.uniform(0.0, kill_within))
    if child.poll() is None:
        tally.killed_mid_run += 1
    child.send_signal(signal.SIGKILL)
    child.communicate()
    if (data / "outbox.sqlite").exists() and Outbox.in_dir(data).counts().sending:
        tally.killed_while_sending += 1
    again = _start(data, url, template, prefix, sales, timing)
    try:
        _, err = again.communicate(timeout=120 + 2 * timing.get("watch_seconds", 0.0))
    except subprocess.TimeoutExpired:
        again.kill()
        _, err = again.communicate()
    if again.returncode != 0:
        tally.failures.append(f"{prefix}: restart exited {again.returncode}: {err[-1500:]}")
    check_round(app, data, prefix, tally)


def check_round(app: Any, data: Path, prefix: str, tally: CrashTally) -> None:
    """Compare the outbox of one round with the live orders the sandbox stored (a
    duplicate the POS cancelled is counted as cancelled, not as a second order)."""
    outbox = Outbox.in_dir(data)
    stored = [o for o in app.state.sandbox.orders_created()
              if (reference_in_note(o.get("note")) or "").startswith(prefix + "-")]
    orders = [o for o in stored if o.get("order_status") != "CANCELED"]
    tally.cancelled += len(stored) - len(orders)
    on_server = Counter(reference_in_note(o.get("note")) for o in orders)
    by_ref = {reference_in_note(o.get("note")): o for o in orders}
    sales = outbox.entries(kinds=["sale"])
    tally.rounds += 1
    tally.sales += len(sales)
    made = {entry.client_ref for entry in sales}
    for ref in made:
        count = on_server.get(ref, 0)
        if count == 0:
            tally.lost += 1
            tally.failures.append(f"{ref}: not on the server")
        elif count > 1:
            tally.duplicated += count - 1
            tally.failures.append(f"{ref}: {count} orders on the server")
    for ref in set(on_server) - made:  # an order with no sale behind it is a duplicate too
        tally.duplicated += on_server[ref]
        tally.failures.append(f"{ref}: on the server but never sold")
    for entry in outbox.entries(["pending", "sending", "rejected"]):
        tally.left_open += 1
        tally.failures.append(f"#{entry.id} {entry.client_ref}: left {entry.state} "
                              f"({entry.last_error})")
    for entry in sales:
        if any(r.event == "submitted" and r.detail.startswith("found")
               for r in outbox.history(entry.id)):
            tally.found_not_resent += 1
    for entry in outbox.entries(["submitted"], kinds=["awb"]):
        order = by_ref.get(entry.client_ref)
        if order is None or order.get("awb_number") != entry.payload["awb_number"]:
            tally.bad_awb += 1
            tally.failures.append(f"{entry.client_ref}: AWB not on its order")
