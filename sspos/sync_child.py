"""`python -m sspos.sync_child`: one catalog sync, run for a POS session in its own process.

Reads a `SyncRequest` line on stdin, runs `full_sync` and writes its progress and outcome
as JSON lines on stdout (see `sspos.store.sync_child`, which starts it). When its stdin
closes (the POS ended, however) the sync is cancelled: the half-built file is removed and
the live catalog stays as it was.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading
from typing import Any

from sspos.api.client import SmartSellerClient
from sspos.logs import RedactingFormatter
from sspos.store.sync import SyncProgress, full_sync
from sspos.store.sync_child import (
    ClientSpec,
    ProgressThrottle,
    SyncRequest,
    error_to_wire,
    summary_to_wire,
)


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, default=str) + "\n")
    sys.stdout.flush()


def _client(spec: ClientSpec) -> SmartSellerClient:
    if spec.sandbox_db is None:
        return SmartSellerClient(spec.base_url, spec.token, lang=spec.lang)
    import httpx

    from sspos.sandbox import SandboxConfig, create_app

    app = create_app(SandboxConfig(seed=spec.sandbox_seed, products=spec.sandbox_products,
                                   token=spec.token, db_path=spec.sandbox_db))
    return SmartSellerClient(spec.base_url, spec.token, lang=spec.lang,
                             transport=httpx.ASGITransport(app=app))


def _log_to(path: str | None, token: str) -> None:
    if path is None:
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(
        "%(asctime)s %(levelname)s %(name)s [sync child]: %(message)s", [token]))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


async def _sync(request: SyncRequest) -> None:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()

    def watch_parent() -> None:
        sys.stdin.read()  # returns at EOF: the parent closed the pipe or ended
        loop.call_soon_threadsafe(task.cancel)

    threading.Thread(target=watch_parent, daemon=True).start()

    throttle = ProgressThrottle()

    def progress(step: SyncProgress) -> None:
        if throttle.passes(step):
            _say({"progress": [step.stage, step.done, step.total]})

    async with _client(request.client) as client:
        summary = await full_sync(client, request.data_dir, progress=progress,
                                  attempts=request.attempts, deadline_s=request.deadline_s)
    _say({"summary": summary_to_wire(summary)})


def main() -> int:
    """Run the request read from stdin; 0 when the sync finished or none came (1 when it
    failed)."""
    line = sys.stdin.readline()
    if not line:  # a spare child closed before it was asked for anything
        return 0
    request = SyncRequest.from_json(line)
    _log_to(request.log_file, request.client.token)
    try:
        asyncio.run(_sync(request))
    except asyncio.CancelledError:
        return 1
    except Exception as exc:  # noqa: BLE001 - every failure goes to the parent
        logging.getLogger(__name__).warning("sync failed: %s", exc)
        _say({"error": error_to_wire(exc)})
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
