"""The application layer against an in-process sandbox, without a terminal.

A `Pos` over `Services` on a copy of a synced catalog, its outbox worker running as a
task of the test's loop, exactly as the TUI runs it (see `run_pos`).
"""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from sspos.app.pos import Pos
from sspos.app.services import Services
from tests.tui.conftest import (  # noqa: F401 - the TUI tests' fixtures, shared
    FIXED_NOW,
    SEED,
    client_factory,
    make_settings,
    sandbox,
    synced_template,
)


@pytest.fixture
def make_pos(
    synced_template: Path,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    sandbox: Any,  # noqa: F811
) -> Callable[..., Pos]:
    """A `Pos` on a fresh copy of the synced catalog and this test's sandbox."""

    def build(*, submit_wait: float = 5.0, worker: bool = True, **overrides: Any) -> Pos:
        data_dir = tmp_path / "pos"
        if not data_dir.exists():
            shutil.copytree(synced_template, data_dir)
        settings = make_settings(data_dir, **overrides)
        factory = client_factory(sandbox)
        services = Services(
            settings, client=factory(), data_dir=data_dir, clock=lambda: FIXED_NOW,
            sync_on_start=False, run_outbox_worker=worker, client_factory=factory,
            submit_wait=submit_wait, randbytes=random.Random(SEED).randbytes,
            freshen_on_add=False,
        )
        return Pos(services)

    return build


@asynccontextmanager
async def run_pos(pos: Pos) -> AsyncIterator[Pos]:
    """Start `pos` as the TUI does (read what it knows, run its outbox worker) and stop it."""
    await pos.start()
    worker = pos.services.outbox_worker
    task = asyncio.create_task(worker.run()) if worker is not None else None
    try:
        yield pos
    finally:
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await pos.aclose()
