"""What the outbox holds: its entries, their kinds and states, and its errors.

Pure data (no SQLite here; `sspos.outbox.queue` stores them). An entry is a request to
SmartSeller waiting to be delivered exactly once: a sale (POST `order`, with the receipt
printed for it), or a follow-up of a sale (an AWB number, a later payment), or a customer
created at the counter, or an expense (a paid-out of the drawer, POST `expense`). A new
kind of request is one more `Kind`, one more `enqueue_*` on the queue and one more
handler in the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sspos.printing.receipt import ReceiptData

Kind = Literal["sale", "awb", "payment", "customer", "expense"]
State = Literal["pending", "sending", "submitted", "rejected", "voided"]

KINDS: tuple[Kind, ...] = ("sale", "awb", "payment", "customer", "expense")
#: Kinds that follow a sale and need its order id.
FOLLOW_UP_KINDS: tuple[Kind, ...] = ("awb", "payment")
#: The order payload fields that name a customer (and may hold a placeholder).
CUSTOMER_FIELDS = ("customer_sender_id", "customer_receiver_id")
STATES: tuple[State, ...] = ("pending", "sending", "submitted", "rejected", "voided")
#: States that still need the worker (or an admin, for rejected).
OPEN_STATES: tuple[State, ...] = ("pending", "sending", "rejected")


class OutboxError(Exception):
    """An outbox operation is not allowed (unknown entry, wrong state, bad input).

    `key` is an i18n key (`outbox.error.*`) and `params` its parameters, so the CLI and
    the TUI can show the reason in the shop's language.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class OutboxEntry:
    """One row of the outbox: a sale, or a follow-up (AWB, payment) of a sale."""

    id: int
    kind: Kind
    client_ref: str
    state: State
    payload: dict[str, Any]
    receipt: ReceiptData | None  # a sale's receipt as it printed (pending reference)
    printed: bool | None  # None: not tried yet; False: the print failed
    order_date: str | None
    order_id: int | None  # kind expense: the server's expense id
    po_number: str | None
    messages: dict[str, list[str]]  # the server's field messages when rejected
    attempts: int
    last_error: str | None
    probe: dict[str, Any] | None  # what the worker saw before sending (payment history)
    sent_at: str | None
    created_at: str
    updated_at: str
    customer_id: int | None = None  # kind customer: the server's id once created

    @property
    def waiting(self) -> bool:
        """Still to be sent (or being sent) by the worker."""
        return self.state in ("pending", "sending")

    @property
    def misses(self) -> int:
        """How often the server was searched for this doubtful send and did not have it."""
        return int((self.probe or {}).get("misses", 0)) if self.state == "sending" else 0


@dataclass(frozen=True)
class DuplicateWatch:
    """A sale sent more than once, watched for a second order with its reference."""

    entry_id: int
    client_ref: str
    order_id: int
    order_date: str | None
    first_sent_at: str
    resent_at: str
    until: str
    next_check: str
    cancelling: int | None
    cancelled: list[tuple[int, str | None]]  # (order id, PO number) of each duplicate
    refused: str | None
    closed_at: str | None


@dataclass(frozen=True)
class OutboxCounts:
    """What the status bar shows: how many entries wait, fail, or need a reprint."""

    pending: int = 0
    sending: int = 0
    rejected: int = 0
    submitted: int = 0
    voided: int = 0
    unprinted: int = 0

    @property
    def waiting(self) -> int:
        """Entries the worker still has to deliver (pending + sending)."""
        return self.pending + self.sending


@dataclass(frozen=True)
class LogRecord:
    """One line of an entry's history (created, sent, rejected, voided with reason…)."""

    entry_id: int
    at: str
    event: str
    detail: str


def timestamp(when: datetime) -> str:
    """How the outbox writes a time (UTC, ISO 8601, milliseconds): such texts sort as
    the times do."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


def placeholder_customer_id(entry_id: int) -> int:
    """The id a queued customer goes by until the server gives it one (negative)."""
    return -entry_id


def awaits_customer(payload: dict[str, Any]) -> bool:
    """True when an order payload still names a customer by its placeholder."""
    return any(placeholder_entry(payload.get(name)) is not None for name in CUSTOMER_FIELDS)


def placeholder_entry(value: Any) -> int | None:
    """The customer entry id a placeholder stands for, or None for a real id."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return -value
    return None


def payment_payload(
    amount: int,
    bank_id: int,
    date: str,
    *,
    status: Literal["PAID", "INSTALLMENT"] = "INSTALLMENT",
    cost_of_goods_sales: int | None = None,
) -> dict[str, Any]:
    """The stored body of a `payment` entry (PATCH `order/quick-payment`); OutboxError
    for an amount, account or date the server could only refuse. `status` PAID: the
    payment that settles the order."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise OutboxError("outbox.error.bad_amount", amount=amount)
    if isinstance(bank_id, bool) or not isinstance(bank_id, int):
        raise OutboxError("outbox.error.bad_bank", bank_id=bank_id)
    try:
        day = datetime.strptime(str(date)[:10], "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise OutboxError("outbox.error.bad_date", date=date) from None
    payload: dict[str, Any] = {"amount": amount, "bank_id": bank_id, "date": day,
                               "status": status}
    if cost_of_goods_sales is not None:
        payload["cost_of_goods_sales"] = cost_of_goods_sales
    return payload
