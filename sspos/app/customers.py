"""Creating a customer at the counter, online or not.

The creation goes through the outbox (kind `customer`), exactly like a sale: it is on disk
before any network call, the worker sends it exactly once, and a sale that names the new
customer waits behind it and goes out with the server's id. The cashier waits for the
server's answer only while the terminal is online, and never longer than `wait` seconds:

- created: the customer has its real id;
- rejected (422): the server's field messages, for the form to show; correcting and
  saving again resends the same entry (`correcting=`), giving up voids it (`abandon`);
- queued (offline, or no answer yet): the customer goes by a placeholder id (negative)
  until the worker has created it; `adopt_created_customers` then swaps in the real id
  everywhere the terminal kept the placeholder.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sspos.api.models import CustomerCreate
from sspos.app.pos_state import PosState
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer
from sspos.outbox.entries import OutboxEntry, placeholder_customer_id
from sspos.outbox.queue import Outbox
from sspos.store.customers import CustomerStore

CreationState = Literal["created", "queued", "rejected"]
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def is_valid_phone(phone: str) -> bool:
    """A phone number the server takes: 8–15 digits, an optional leading +."""
    return bool(_PHONE.match(phone))


@dataclass(frozen=True, slots=True)
class NewCustomer:
    """What the cashier (or the walk-in offer) fills in: the doc's required fields."""

    name: str
    phone: str
    district_id: int
    address: str
    category: str = WALK_IN_CATEGORY_CODE
    postal_code: str = ""
    district_name: str = ""

    def body(self) -> dict[str, Any]:
        """The POST `customer/create` body (is_active Y)."""
        return CustomerCreate(
            name=self.name,
            phone=self.phone,
            district_id=self.district_id,
            address=self.address,
            category=self.category,
            postal_code=self.postal_code or None,
        ).to_wire()

    def as_customer(self, customer_id: int) -> Customer:
        """The domain customer, under the server's id or a placeholder."""
        return Customer(
            customer_id=customer_id,
            name=self.name,
            category_code=self.category,
            phone=self.phone,
            address=self.address,
            district_id=self.district_id,
            district_name=self.district_name,
            postal_code=self.postal_code,
        )


@dataclass(frozen=True, slots=True)
class Creation:
    """The outcome of one attempt; `entry_id` is the outbox entry behind it."""

    state: CreationState
    entry_id: int
    customer: Customer | None = None
    messages: dict[str, list[str]] = field(default_factory=dict)


Deliver = Callable[[int], Awaitable[OutboxEntry]]


class CustomerCreator:
    """Creates customers through the outbox and keeps them in the local store.

    `deliver(entry_id)` gets a queued entry to the server as far as it can now and returns
    it: at the counter `sspos.app.delivery.deliver_now` (wake the running worker, wait
    briefly); in `sspos setup` one pass of a worker of its own."""

    def __init__(
        self,
        outbox: Outbox,
        store: CustomerStore,
        *,
        deliver: Deliver,
        new_reference: Callable[[], str],
    ) -> None:
        self.outbox = outbox
        self.store = store
        self._deliver = deliver
        self._new_reference = new_reference

    async def create(self, new: NewCustomer, *, correcting: int | None = None) -> Creation:
        """Queue the creation (or resend a rejected one after the cashier corrected it),
        deliver it, and say how it went; see the module docstring."""
        body = new.body()
        if correcting is None:
            entry = await asyncio.to_thread(
                self.outbox.enqueue_customer, self._new_reference(), body
            )
        else:
            await asyncio.to_thread(self.outbox.update_payload, correcting, body)
            entry = await asyncio.to_thread(self.outbox.retry, correcting)
        entry = await self._deliver(entry.id)
        if entry.state == "rejected":
            return Creation("rejected", entry.id, messages=dict(entry.messages))
        if entry.state == "submitted" and entry.customer_id is not None:
            customer = new.as_customer(entry.customer_id)
            await asyncio.to_thread(self.store.upsert, customer)
            return Creation("created", entry.id, customer)
        customer = new.as_customer(placeholder_customer_id(entry.id))
        await asyncio.to_thread(self.store.upsert, customer)
        return Creation("queued", entry.id, customer)

    async def abandon(self, entry_id: int) -> None:
        """The cashier gave up on a rejected creation: void it, so it does not linger."""
        entry = await asyncio.to_thread(self.outbox.entry, entry_id)
        if entry.state == "rejected":
            await asyncio.to_thread(
                self.outbox.void, entry_id, "abandoned at the counter after rejection"
            )


def adopt_created_customers(
    outbox: Outbox, store: CustomerStore, state: PosState
) -> dict[int, int]:
    """Swap the real id in for every placeholder whose customer the worker has created
    since (local customer store, remembered walk-in); returns placeholder -> real id.
    Blocking: call it from a thread."""
    remembered = state.load().walk_in_customer_id
    placeholders = set(store.placeholder_ids())
    if remembered is not None and remembered < 0:
        placeholders.add(remembered)
    created = outbox.created_customers(-p for p in placeholders)
    adopted = {placeholder_customer_id(entry_id): real for entry_id, real in created.items()}
    for placeholder, real in adopted.items():
        store.replace_id(placeholder, real)
        if placeholder == remembered:
            state.remember(walk_in_customer_id=real)
    return adopted
