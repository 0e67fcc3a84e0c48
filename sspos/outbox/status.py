"""What an outbox worker's pass did, and what it tells the rest of the POS."""

from __future__ import annotations

from dataclasses import dataclass, field

from sspos.api.errors import ConnectionState
from sspos.outbox.entries import OutboxCounts


def reachable(connection: ConnectionState | None) -> bool | None:
    """Whether the server answers at all (a rejected token is an answer)."""
    return None if connection is None else connection in ("online", "unauthorized")


@dataclass(frozen=True)
class WorkerStatus:
    """What the status bar needs: the server's state, the outbox counts, the last problem.

    `connection` is None until the first contact with the server (see
    `sspos.api.errors.connection_state`). `last_error` is one line in the worker's
    language (`sspos.api.errors.describe`); `error` the exception itself. `retry_in` is
    the pause (seconds) before the next attempt, when one is scheduled.
    """

    connection: ConnectionState | None
    counts: OutboxCounts
    last_error: str | None = None
    retry_in: float | None = None
    error: BaseException | None = None
    # Duplicate orders cancelled in the pass just done (see DrainReport.cancelled).
    cancelled: tuple[tuple[str, int, str | None], ...] = ()

    @property
    def online(self) -> bool | None:
        """The server answers (None: not known yet)."""
        return reachable(self.connection)


@dataclass
class DrainReport:
    """What one pass over the outbox did."""

    sent: int = 0
    found: int = 0  # doubtful sends found on the server (not sent again)
    resent: int = 0  # doubtful sends proved absent and sent again
    rejected: int = 0
    contacted: bool = False  # at least one request reached the server
    deferred: int = 0  # doubtful sends left to settle before the server is searched
    next_in: float | None = None  # when the first deferred one may be looked at
    elsewhere: int = 0  # ready entries another worker took (or moved on) meanwhile
    error: BaseException | None = None  # what stopped the pass (network, 5xx…)
    retry_after: float | None = None  # server asked for this pause (429)
    touched: list[int] = field(default_factory=list)
    # Duplicate orders the watch cancelled: (client reference, order id, PO number).
    cancelled: list[tuple[str, int, str | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The pass ended normally (no error)."""
        return self.error is None
