"""A clock for tests where the server and the POS share time that only the test moves."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


class StepClock:
    """Seconds since the start, moved by `advance`; `sleep` waits until the clock gets
    there (a server "working" on an order), and `datetime()` reads it as a wall clock
    that starts now (the outbox stamps its own rows with the real time)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.start = datetime.now(UTC)
        self.waiters: list[tuple[float, asyncio.Future[None]]] = []

    def datetime(self) -> datetime:
        return self.start + timedelta(seconds=self.now)

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self.waiters.append((self.now + seconds, future))
        await future

    async def advance(self, seconds: float) -> None:
        for _ in range(5):  # whoever is about to sleep registers first
            await asyncio.sleep(0)
        self.now += seconds
        for due, future in list(self.waiters):
            if due <= self.now:
                self.waiters.remove((due, future))
                future.set_result(None)
        for _ in range(5):
            await asyncio.sleep(0)
