"""Everything the POS talks to, opened once at start.

`Services` holds the API client, the local stores (catalog, customers, reference data,
the saved cart, the shift book), the outbox and its worker, what this terminal remembers
about its shop, and the clock. Building one opens every store (blocking: do it before the
UI runs, as `build_services` and the tests do); nothing is opened lazily later. Tests build one
against an in-process sandbox with a small catalog.

Threading: the store objects own one sqlite connection each, opened with
`check_same_thread=False` behind a lock, and the outbox opens a connection per call, so
use cases may call them from any thread (`asyncio.to_thread`), never on the UI loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sspos.api.client import SmartSellerClient
from sspos.api.models import Bank, Expedition, OrderCostPreset, OrderSource, Shop, Supplier
from sspos.app.cash_account import CashAccount, find_cash_account
from sspos.app.pos_state import PosState
from sspos.app.shop import origin_supplier
from sspos.app.walk_in import find_walk_in
from sspos.config import Settings
from sspos.domain.catalog import Customer, CustomerCategory, category_for
from sspos.domain.order import new_client_reference
from sspos.outbox.queue import Outbox
from sspos.outbox.worker import OutboxWorker
from sspos.store.catalog import Catalog
from sspos.store.customers import CustomerStore
from sspos.store.reference import ReferenceData
from sspos.store.saved_cart import SavedCart
from sspos.store.shifts import ShiftBook
from sspos.store.sync_child import ClientSpec

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]
ClientFactory = Callable[[], SmartSellerClient]


@dataclass(slots=True)
class Reference:
    """The shop's reference data, held in memory after one read of the local store."""

    shop: Shop | None = None
    origin: Supplier | None = None  # where parcels leave from (see `origin_supplier`)
    categories: dict[str, CustomerCategory] = field(default_factory=dict)
    banks: list[Bank] = field(default_factory=list)
    order_sources: list[OrderSource] = field(default_factory=list)
    cost_presets: list[OrderCostPreset] = field(default_factory=list)
    expeditions: list[Expedition] = field(default_factory=list)

    @property
    def shop_name(self) -> str:
        """The shop's name as the receipt and the status bar show it."""
        return self.shop.shop_name if self.shop is not None else ""

    @property
    def shop_phone(self) -> str:
        """The shop's phone (receipt header)."""
        return (self.shop.phone or "") if self.shop is not None else ""

    @property
    def shop_address(self) -> str:
        """The shop's address (receipt header)."""
        return (self.shop.address or "") if self.shop is not None else ""

    @property
    def supplier_id(self) -> int | None:
        """The supplier an order names (`supplier_id`)."""
        return self.origin.id if self.origin is not None else None

    @property
    def origin_district_id(self) -> int | None:
        """The district courier rates start from."""
        return self.origin.district_id if self.origin is not None else None

    @property
    def origin_name(self) -> str:
        """Where parcels leave from, in words."""
        if self.origin is None:
            return ""
        return self.origin.district or self.origin.city or ""

    def category(self, code: str | None) -> CustomerCategory:
        """The category for `code` (see `sspos.domain.catalog.category_for`)."""
        return category_for(self.categories, code)

    def active_order_sources(self) -> list[OrderSource]:
        """The order sources a sale may name (the shop's inactive ones left out)."""
        return [s for s in self.order_sources
                if (s.status or "ACTIVE").upper() != "NON ACTIVE"]


def read_reference(store: ReferenceData) -> Reference:
    """Reference data from the local store (blocking). A list that cannot be read is
    left empty and logged: the POS still sells (walk-in prices, no banks to pick)."""

    def read(what: str, list_of: Callable[[], list[T]]) -> list[T]:
        try:
            return list_of()
        except Exception:  # one unreadable list never stops the counter
            log.exception("%s not readable", what)
            return []

    shops = read("shop", lambda: [shop] if (shop := store.shop()) is not None else [])
    ref = Reference(shop=shops[0] if shops else None)
    ref.origin = origin_supplier(ref.shop, read("suppliers", store.suppliers))
    ref.categories = {c.code: c for c in read("categories", store.categories)}
    ref.banks = read("banks", store.banks)
    ref.order_sources = read("order sources", store.order_sources)
    ref.cost_presets = read("cost presets", store.order_cost_presets)
    ref.expeditions = read("expeditions", store.expeditions)
    return ref


class Services:
    """The POS's connection to the world; every store is open once this is built.

    `client` is the app's API client; `client_factory` makes the outbox worker its own
    (without one the worker shares `client` and leaves it open). `submit_wait`: how long
    a confirmed sale waits for the server before it is left queued. `randbytes` makes
    references reproducible in tests; `freshen_on_add`: online, a variant added to the
    cart is read again from the server (price, stock). `sync_client`: how a catalog sync
    in a child process reaches the server (None: the sync runs in this process, with
    `client`; see `sspos.app.catalog_sync`).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        client: SmartSellerClient,
        data_dir: Path,
        demo: bool = False,
        clock: Clock | None = None,
        sync_on_start: bool = True,
        run_outbox_worker: bool = True,
        client_factory: ClientFactory | None = None,
        submit_wait: float = 6.0,
        randbytes: Callable[[int], bytes] | None = None,
        freshen_on_add: bool = True,
        sync_client: ClientSpec | None = None,
    ) -> None:
        self.settings = settings
        self.lang: str = settings.lang
        self.client = client
        self.client_factory = client_factory
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.demo = demo
        self.clock: Clock = clock or (lambda: datetime.now(settings.tz))
        self.sync_on_start = sync_on_start
        self.submit_wait = submit_wait
        self.randbytes = randbytes
        self.freshen_on_add = freshen_on_add
        self.sync_client = sync_client
        self.catalog = Catalog(self.data_dir)
        self.customers = CustomerStore(self.data_dir)
        self.reference = ReferenceData(self.data_dir)
        self.saved_cart = SavedCart(self.data_dir, settings.terminal_id)
        self.outbox = Outbox.in_dir(self.data_dir)
        # What this terminal remembers about its shop (one object: its lock orders writes).
        self.pos_state = PosState.in_dir(self.data_dir)
        self.shift_book = ShiftBook.in_dir(self.data_dir)
        self.outbox_worker: OutboxWorker | None = None
        if run_outbox_worker:
            # The shared client belongs to the app: a worker that borrows it must not close it.
            worker_client = client_factory or (lambda: self.client)
            self.outbox_worker = OutboxWorker(self.outbox, worker_client, lang=self.lang,
                                              close_client=client_factory is not None)
        self.ref = Reference()
        # Learnt at start-up and at the counter; see sspos.app.walk_in / cash_account.
        self.walk_in: Customer | None = None
        self.cash_account: CashAccount | None = None

    def new_reference(self) -> str:
        """A new client reference for a sale or a customer on this terminal (`T1-01JD…`)."""
        if self.randbytes is None:
            return new_client_reference(self.settings.terminal_id, self.clock())
        return new_client_reference(self.settings.terminal_id, self.clock(),
                                    randbytes=self.randbytes)

    def known_offline(self) -> bool:
        """True when the outbox worker's last contact with the server failed."""
        return self.outbox_worker is not None and self.outbox_worker.online is False

    # --- blocking reads: call from a thread ---------------------------------------------

    def catalog_is_empty(self) -> bool:
        """True when no catalog was ever synced."""
        try:
            return self.catalog.last_synced() is None
        except Exception:
            log.exception("catalog check failed")
            return True

    def load_reference(self) -> Reference:
        """Read reference data from the local store into memory."""
        self.ref = read_reference(self.reference)
        return self.ref

    def find_walk_in(self) -> Customer | None:
        """The walk-in customer known on this terminal, if any; see
        `sspos.app.walk_in.find_walk_in`."""
        try:
            found = find_walk_in(
                self.settings.walk_in_customer_id, self.pos_state, self.customers, self.outbox
            )
        except Exception:
            log.exception("walk-in lookup failed")
            return None
        self.walk_in = found
        return found

    def find_cash_account(self) -> CashAccount | None:
        """The account cash is booked to, if known; see
        `sspos.app.cash_account.find_cash_account`."""
        remembered = self.pos_state.load().cash_bank_id
        self.cash_account = find_cash_account(self.settings.cash_bank_id, remembered,
                                              self.ref.banks)
        return self.cash_account

    async def aclose(self) -> None:
        """Close the API client (the stores close with the process)."""
        try:
            await self.client.aclose()
        except Exception:
            log.exception("closing the API client failed")


def build_services(settings: Settings, demo: bool) -> Services:
    """The services for `sspos pos` / `sspos demo` (blocking: opens every store)."""
    from sspos.runtime import client_factory, client_spec, data_dir_for

    factory = client_factory(settings, demo=demo)
    return Services(
        settings, client=factory(), data_dir=data_dir_for(settings, demo), demo=demo,
        client_factory=factory, sync_client=client_spec(settings, demo=demo),
    )
