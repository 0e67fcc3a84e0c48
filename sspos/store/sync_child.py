"""The catalog sync in a child process, and one sync per data folder.

A full sync parses tens of megabytes of JSON and builds a database. On the POS's own event
loop that CPU work makes typing stall (a 1 ms timer fired up to 259 ms late during a
100,000-variant refresh), so `sync_in_child` runs `full_sync` in a child process
(`python -m sspos.sync_child`, see that module) and only relays its progress and outcome:
the POS process waits on a pipe. The API token reaches the child on its stdin, never on
its command line. The child ends with the POS: it stops when its stdin closes.

Several POS sessions share one data folder (SSH cashiers, browser tabs), and they share
one download: `sync_for_box` waits while another session's sync runs and then uses its
result (`Catalog` follows the atomic swap by itself); a refresh that finds the catalog
synced recently by another session downloads nothing either.

The wire: one JSON request line in (`SyncRequest`), JSON lines out: `{"progress": [stage,
done, total]}`, then `{"summary": …}` or `{"error": …}` (an API or sync error rebuilt as
the same class in the parent, so the status bar reads the server's state from it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sspos.api import errors
from sspos.store import db as dbmod
from sspos.store.catalog_rows import Problem
from sspos.store.sync import ProgressFn, SyncFailed, SyncProgress, SyncSummary

log = logging.getLogger(__name__)

CHILD_MODULE = "sspos.sync_child"
#: How often a session waiting for another one's sync looks whether it ended.
WAIT_POLL_S = 0.25
#: How long a cancelled child may take to clean up before it is killed.
STOP_GRACE_S = 5.0
#: The least time between two progress lines of one stage: a status bar needs no more, and
#: each line written costs the child's parsing thread a wait for the GIL (the database
#: thread holds it), about 1 ms: a line per page cost a 100,000-variant sync 0.3 s.
PROGRESS_EVERY_S = 0.1

#: The errors that cross the pipe as themselves; any other becomes `store.sync.child_failed`.
_WIRE_ERRORS: dict[str, type[Exception]] = {
    cls.__name__: cls
    for cls in (
        errors.ApiError, errors.ValidationFailed, errors.Unauthorized, errors.NotFound,
        errors.EndpointMissing,
        errors.RateLimited, errors.ServerUnavailable, errors.NetworkError,
        errors.ContractError, errors.MalformedResponse, errors.RequestInvalid, SyncFailed,
    )
}


@dataclass(frozen=True, slots=True)
class ClientSpec:
    """How the child makes its API client: the shop's server, or (the demo) a sandbox of
    its own over the demo's sandbox database."""

    base_url: str
    token: str
    lang: str = "id"
    sandbox_db: str | None = None
    sandbox_seed: int = 7
    sandbox_products: int = 2000


@dataclass(frozen=True, slots=True)
class SyncRequest:
    """What the parent asks of the child (one JSON line on its stdin)."""

    client: ClientSpec
    data_dir: str
    attempts: int
    deadline_s: float | None
    log_file: str | None = None  # the POS log, for the child's records

    def to_json(self) -> str:
        """The request as one line."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, line: str) -> SyncRequest:
        """The request the parent wrote."""
        data = json.loads(line)
        return cls(**{**data, "client": ClientSpec(**data["client"])})


# --- the wire -------------------------------------------------------------------------


def error_to_wire(exc: BaseException) -> dict[str, Any]:
    """An exception as JSON data (its class name, args and attributes)."""
    attrs = {
        name: {"error": error_to_wire(value)} if isinstance(value, BaseException) else value
        for name, value in vars(exc).items()
    }
    return {"type": type(exc).__name__, "args": [str(a) for a in exc.args], "attrs": attrs,
            "text": str(exc)}


def error_from_wire(data: dict[str, Any]) -> Exception:
    """The exception `error_to_wire` described: the same class for API and sync errors
    (built without running its `__init__`), `store.sync.child_failed` for any other."""
    cls = _WIRE_ERRORS.get(str(data.get("type")))
    if cls is None:
        return SyncFailed("store.sync.child_failed", detail=str(data.get("text", "")))
    exc = cls.__new__(cls)
    exc.args = tuple(data.get("args", ()))
    for name, value in dict(data.get("attrs", {})).items():
        if isinstance(value, dict) and set(value) == {"error"}:
            value = error_from_wire(value["error"])
        setattr(exc, name, value)
    return exc


def summary_to_wire(summary: SyncSummary) -> dict[str, Any]:
    """A finished sync's summary as JSON data."""
    return {
        "products": summary.products, "variants": summary.variants,
        "customers": summary.customers, "regions": summary.regions,
        "skipped_products": summary.skipped_products, "pages": summary.pages,
        "waits": summary.waits, "seconds": summary.seconds,
        "problems": [asdict(p) for p in summary.problems],
        "reference": summary.reference,
        "reference_errors": {k: error_to_wire(v) for k, v in summary.reference_errors.items()},
        "path": None if summary.path is None else str(summary.path),
    }


def summary_from_wire(data: dict[str, Any]) -> SyncSummary:
    """The summary `summary_to_wire` described."""
    return SyncSummary(
        products=data["products"], variants=data["variants"], customers=data["customers"],
        regions=data["regions"], skipped_products=data["skipped_products"],
        pages=data["pages"], waits=data["waits"], seconds=data["seconds"],
        problems=[Problem(**p) for p in data["problems"]],
        reference=dict(data["reference"]),
        reference_errors={k: error_from_wire(v) for k, v in data["reference_errors"].items()},
        path=None if data["path"] is None else Path(data["path"]),
    )


class ProgressThrottle:
    """Which progress steps the child writes: each stage's first and last step (done ==
    total, or no total), and in between at most one per `every` seconds of `clock`."""

    def __init__(self, every: float = PROGRESS_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self._last: dict[str, float] = {}

    def passes(self, step: SyncProgress) -> bool:
        """True when `step` is to be written (and it then counts as the stage's latest)."""
        now = self.clock()
        last = self._last.get(step.stage)
        if last is not None and now - last < self.every and step.total not in (None, step.done):
            return False
        self._last[step.stage] = now
        return True


# --- the parent's side ------------------------------------------------------------------


async def start_child() -> asyncio.subprocess.Process:
    """A sync child: it loads its modules, then waits on its stdin for a request."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", CHILD_MODULE,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )


class SpareChild:
    """A sync child started before it is needed, so a sync begins at once.

    Loading the child's modules takes 0.3 s here (0.7 s where nothing is compiled ahead,
    more on a slow box); a spare does it while nothing waits. It then sleeps on its stdin,
    using no CPU and ~32 MB of its own memory (48 MB resident with what it shares), and
    ends when it is closed or this process ends.
    """

    def __init__(self) -> None:
        self._child: asyncio.subprocess.Process | None = None

    def _waiting(self) -> asyncio.subprocess.Process | None:
        """The spare, unless none was started or it has ended (killed, out of memory)."""
        child = self._child
        return child if child is not None and child.returncode is None else None

    @property
    def pid(self) -> int | None:
        """The waiting spare's process id, if one waits."""
        child = self._waiting()
        return None if child is None else child.pid

    async def keep_ready(self) -> None:
        """Start a spare unless one is waiting."""
        if self._waiting() is None:
            self._child = await start_child()

    async def take(self) -> asyncio.subprocess.Process:
        """The waiting spare (it is no longer the spare), or a child started now."""
        child, self._child = self._waiting(), None
        return child if child is not None else await start_child()

    async def close(self) -> None:
        """End the spare: its stdin closes before it was asked for anything."""
        child, self._child = self._waiting(), None
        if child is not None:
            await _stop(child)


async def _stop(child: asyncio.subprocess.Process) -> None:
    """Close `child`'s stdin (it stops), kill it if it has not ended within the grace."""
    assert child.stdin is not None
    child.stdin.close()
    try:
        await asyncio.wait_for(child.wait(), STOP_GRACE_S)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()


async def sync_in_child(
    request: SyncRequest,
    progress: ProgressFn | None = None,
    child: asyncio.subprocess.Process | None = None,
) -> SyncSummary:
    """Run `full_sync` as `request` says in a child process (`child`, e.g. a
    `SpareChild`'s, or one started now); its summary, or the error that stopped it
    (raised here). Cancelled, it stops the child (the half-built file is removed, the
    live catalog stays)."""
    if child is None:
        child = await start_child()
    assert child.stdin is not None and child.stdout is not None
    outcome: dict[str, Any] | None = None
    try:
        child.stdin.write(request.to_json().encode() + b"\n")
        await child.stdin.drain()  # the stdin stays open: closing it stops the child
        while line := await child.stdout.readline():
            message = json.loads(line)
            if "progress" in message and progress is not None:
                stage, done, total = message["progress"]
                progress(SyncProgress(stage, done, total))
            elif "summary" in message or "error" in message:
                outcome = message
        await child.wait()
    finally:
        if child.returncode is None:  # cancelled: closing its stdin stops the sync
            await _stop(child)
    if outcome is not None and "summary" in outcome:
        return summary_from_wire(outcome["summary"])
    if outcome is not None:
        raise error_from_wire(outcome["error"])
    raise SyncFailed("store.sync.child_failed", detail=f"exit status {child.returncode}")


# --- one sync per data folder -----------------------------------------------------------


@dataclass
class BoxSync:
    """What `sync_for_box` did: `summary` when this session downloaded; None when another
    session's sync (running, or recent enough) is what is live now, `reasons` say how."""

    summary: SyncSummary | None = None
    reasons: list[str] = field(default_factory=list)


async def wait_while_syncing(
    data_dir: Path, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> bool:
    """Wait while another process builds a catalog in `data_dir`; True when one did."""
    lock = dbmod.sync_lock(data_dir)
    waited = False
    while not lock.acquire():
        waited = True
        await sleep(WAIT_POLL_S)
    lock.release()
    return waited


async def sync_for_box(
    data_dir: Path,
    run: Callable[[], Awaitable[SyncSummary]],
    *,
    fresh_since: datetime | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> BoxSync:
    """One download for every session on `data_dir`: wait while another session's sync
    runs, then `run()` (the sync) unless the live catalog was synced after `fresh_since`
    (None: after this call began, i.e. by a sync that was running meanwhile). A sync of
    another session that failed leaves the catalog as old as it was: this one runs."""
    since = fresh_since if fresh_since is not None else datetime.now(UTC)
    outcome = BoxSync()
    # Deciding and downloading under one lock: another session that decided first is
    # waited for, even before its child has taken the sync lock.
    decision = dbmod.download_lock(data_dir)
    while not decision.acquire():
        if not outcome.reasons:
            outcome.reasons.append("waited for another session's sync")
        await sleep(WAIT_POLL_S)
    try:
        while True:
            if await wait_while_syncing(data_dir, sleep) and not outcome.reasons:
                outcome.reasons.append("waited for another session's sync")
            synced = await asyncio.to_thread(_last_synced, data_dir)
            if synced is not None and synced >= since:
                outcome.reasons.append(f"synced by another session at {synced.isoformat()}")
                break
            try:
                outcome.summary = await run()
                break
            except SyncFailed as exc:
                if exc.key != "store.sync.busy":
                    raise
                # A sync outside the sessions (`sspos sync`) took the lock between our
                # look and our sync: wait for it.
    finally:
        decision.release()
    return outcome


def _last_synced(data_dir: Path) -> datetime | None:
    """When the live catalog of `data_dir` was synced, or None (none, or it was swapped
    away as we looked: the caller's next look sees the new one)."""
    path = dbmod.current_db_path(data_dir)
    if path is None:
        return None
    try:
        # Read-only, so a file removed meanwhile is not created again, empty.
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            value = dbmod.get_meta(conn, "synced_at")
    except sqlite3.Error:
        return None
    return datetime.fromisoformat(value) if value else None
