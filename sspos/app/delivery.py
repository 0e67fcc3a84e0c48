"""Getting a queued entry to the server while the cashier waits, briefly.

The outbox worker delivers every entry; a use case that wants the server's answer now (a
sale at the counter, a customer created in a dialog) wakes it and waits on a future the
worker completes when the server answered for that entry, or as soon as a pass ends
without reaching the server. Known to be offline, nobody waits at all.
"""

from __future__ import annotations

import asyncio

from sspos.outbox.entries import OutboxEntry
from sspos.outbox.queue import Outbox
from sspos.outbox.worker import OutboxWorker


def answered(entry: OutboxEntry) -> bool:
    """The server has answered for this entry (accepted it or refused it)."""
    return entry.state in ("submitted", "rejected")


async def deliver_now(
    outbox: Outbox, worker: OutboxWorker | None, entry_id: int, wait: float
) -> OutboxEntry:
    """Wake the worker and wait at most `wait` seconds for the server's answer on the
    entry; return the entry as it then stands (still pending when no answer came)."""
    if worker is None:
        return await asyncio.to_thread(outbox.entry, entry_id)
    if worker.online is False:
        # The sale is safe on disk; the next customer need not wait for an answer that
        # cannot come. The worker still tries at once.
        worker.wake()
        return await asyncio.to_thread(outbox.entry, entry_id)
    answer = worker.answer_for(entry_id)
    worker.wake()
    entry = await asyncio.to_thread(outbox.entry, entry_id)
    if answered(entry):  # a pass already running took it before we asked
        answer.cancel()
        return entry
    try:
        settled = await asyncio.wait_for(answer, wait)
    except TimeoutError:
        settled = None
    return settled if settled is not None else await asyncio.to_thread(outbox.entry, entry_id)
