"""Small messages workers and screens post upward (Posting's style: tiny dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.message import Message


@dataclass
class StatusChanged(Message):
    """Online state / outbox count / printer state / last sync changed."""

    online: bool | None = None
    pending: int | None = None
    printer_ok: bool | None = None
    last_sync: datetime | None = None
    syncing: str | None = None


@dataclass
class CatalogReady(Message):
    """The local catalog and reference data are ready to be used."""

    variant_count: int = 0


@dataclass
class SaleCompleted(Message):
    """A sale was saved (submitted or queued); the screen starts the next one."""

    client_ref: str
    po_number: str | None = None


@dataclass
class ResultsShown(Message):
    """A page of search results for `term` is on screen (benchmarks and tests wait on it)."""

    term: str
    count: int
