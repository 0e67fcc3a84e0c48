"""The terminal's state as one stream of events, folded into one `Status`.

Whatever the cashier should see at a glance (the server's state, the queue, the printer,
the catalog's sync, later the shift) changes by an event published on the `StatusBoard`.
The board folds each event into an immutable `Status` and hands the new one to its
listeners; the TUI keeps it in a reactive that the status bar watches. A new kind of
state is one more event class, one more field of `Status` and one more `case` in
`Status.after`.

Listeners are called on the publishing thread: publish from the UI loop (use cases run
there; their blocking parts run in threads and publish after they return).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sspos.api.errors import ApiError, ConnectionState, connection_state

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ShopNamed:
    """The shop's name is known (reference data read)."""

    name: str


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """What the last contact said of the server (see `sspos.api.errors.ConnectionState`)."""

    state: ConnectionState


@dataclass(frozen=True, slots=True)
class QueueCounted:
    """Entries of the outbox still to deliver, and those the server rejected."""

    waiting: int
    rejected: int


@dataclass(frozen=True, slots=True)
class PrinterChecked:
    """The last receipt printed (or not: `error` says why)."""

    ok: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SyncProgressed:
    """A sync is running: the stage's words and how far it got (short, for the bar)."""

    text: str


@dataclass(frozen=True, slots=True)
class SyncFinished:
    """A sync ended: done (the catalog is from `synced_at`) or failed (the old stays)."""

    ok: bool
    synced_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DuplicateCancelled:
    """The outbox worker cancelled a second order of a sale sent twice (an admin must
    know); the state itself does not change."""

    client_ref: str
    order_id: int
    po_number: str | None


StatusEvent = (
    ShopNamed | ConnectionChanged | QueueCounted | PrinterChecked | SyncProgressed
    | SyncFinished | DuplicateCancelled
)


@dataclass(frozen=True, slots=True)
class Status:
    """The terminal's state as the status bar shows it (None: not known yet)."""

    shop_name: str = ""
    connection: ConnectionState | None = None
    pending: int = 0  # waiting + rejected entries of the outbox
    printer_ok: bool | None = None
    last_sync: datetime | None = None
    syncing: str | None = None  # the running sync's progress, None when none runs
    sync_failed: bool = False

    def after(self, event: StatusEvent) -> Status:
        """This state changed by `event`."""
        match event:
            case ShopNamed(name):
                return replace(self, shop_name=name)
            case ConnectionChanged(state):
                return replace(self, connection=state)
            case QueueCounted(waiting, rejected):
                return replace(self, pending=waiting + rejected)
            case PrinterChecked(ok, _error):
                return replace(self, printer_ok=ok)
            case SyncProgressed(text):
                return replace(self, syncing=text)
            case SyncFinished(ok, synced_at):
                last = synced_at if ok and synced_at is not None else self.last_sync
                return replace(self, syncing=None, sync_failed=not ok, last_sync=last)
            case DuplicateCancelled():
                return self


StatusListener = Callable[[Status, StatusEvent], None]


class StatusBoard:
    """Where use cases publish status events; listeners get each new `Status`."""

    def __init__(self) -> None:
        self.status = Status()
        self._listeners: list[StatusListener] = []

    def subscribe(self, listener: StatusListener) -> None:
        """Call `listener(status, event)` after every event."""
        self._listeners.append(listener)

    def publish(self, event: StatusEvent) -> None:
        """Fold `event` into the status and tell the listeners."""
        self.status = self.status.after(event)
        for listener in list(self._listeners):
            try:
                listener(self.status, event)
            except Exception:  # a broken listener must not stop the others
                log.exception("status listener failed")

    def error_seen(self, exc: BaseException) -> None:
        """An error from the server (directly or as the cause of a failed sync) says
        what state it is in; any other error says nothing of it."""
        cause = exc if isinstance(exc, ApiError) else getattr(exc, "cause", None)
        if isinstance(cause, ApiError):
            self.publish(ConnectionChanged(connection_state(cause)))
