"""Everything the terminal talks to, wired in one place.

`Services` holds the API client, the local stores (catalog, customers, reference data),
the outbox and its worker, the printer settings and the clock. Tests build one against an
in-process sandbox with a small catalog; `build_services()` builds the real one.

Threading: the store objects own one sqlite connection each, opened with
`check_same_thread=False` behind a lock, so the app's thread workers may call them from
any thread. Nothing here is called from a message handler directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sspos.app.cash_account import CashAccount, account_label, find_cash_account
from sspos.app.pos_state import PosState
from sspos.app.shop import origin_supplier
from sspos.app.walk_in import find_walk_in
from sspos.config import Settings
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer, CustomerCategory

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(slots=True)
class Choice:
    """A thing the cashier picks from a list (bank, order source, cost preset…)."""

    id: Any
    label: str
    data: Any = None


@dataclass(slots=True)
class Reference:
    """Reference data held in memory after one read of the local store."""

    shop_name: str = ""
    shop_phone: str = ""
    shop_address: str = ""
    shop: Any = None  # the `Shop` model (walk-in offer: phone, address)
    origin: Any = None  # the origin `Supplier` (walk-in offer: district)
    supplier_id: int | None = None
    origin_district_id: int | None = None
    origin_name: str = ""
    categories: dict[str, CustomerCategory] = field(default_factory=dict)
    banks: list[Choice] = field(default_factory=list)
    order_sources: list[Choice] = field(default_factory=list)
    cost_presets: list[Any] = field(default_factory=list)
    expeditions: list[Any] = field(default_factory=list)

    def category(self, code: str | None) -> CustomerCategory:
        """The category for `code`; an unknown code prices like a walk-in (code N)."""
        code = code or WALK_IN_CATEGORY_CODE
        found = self.categories.get(code)
        if found is not None:
            return found
        return CustomerCategory(code=code, name=code)


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """First present attribute (or key) of `obj` among `names`."""
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def _as_category(obj: Any) -> CustomerCategory:
    if isinstance(obj, CustomerCategory):
        return obj
    return CustomerCategory(
        code=str(_get(obj, "code", default="N")),
        name=str(_get(obj, "name", "category_name", default="")),
        wholesale_access=bool(_get(obj, "wholesale_access", default=False)),
        discount_access=bool(_get(obj, "discount_access", default=False)),
    )


class Services:
    """The app's connection to the world: API client, stores, outbox, printer, clock."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: Any,
        data_dir: Path,
        demo: bool = False,
        clock: Clock | None = None,
        sync_on_start: bool = True,
        run_outbox_worker: bool = True,
        client_factory: Callable[[], Any] | None = None,
        submit_wait: float = 6.0,
        randbytes: Callable[[int], bytes] | None = None,
        freshen_on_add: bool = True,
    ) -> None:
        self.settings = settings
        self.lang: str = settings.lang
        self.client = client
        # The outbox worker gets its own client (it closes it when it stops).
        self.client_factory = client_factory
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.demo = demo
        self.clock: Clock = clock or (lambda: datetime.now(settings.tz))
        self.sync_on_start = sync_on_start
        # How long the payment screen waits for the server before leaving a sale queued.
        self.submit_wait = submit_wait
        self.randbytes = randbytes
        # Online, a variant added to the cart is re-read from the server (price, stock).
        self.freshen_on_add = freshen_on_add
        self.run_outbox_worker = run_outbox_worker
        self.ref = Reference()
        # Learnt at start-up (threads) and at the counter; see sspos.app.walk_in/cash_account.
        self.walk_in: Customer | None = None
        self.cash_account: CashAccount | None = None
        # What this terminal remembers about its shop (one object: its lock orders writes).
        self.pos_state = PosState.in_dir(self.data_dir)
        self._catalog: Any = None
        self._customers: Any = None
        self._reference: Any = None
        self._saved_cart: Any = None
        self._outbox: Any = None
        self._outbox_checked = False
        self.outbox_worker: Any = None

    def new_reference(self) -> str:
        """A new client reference for a sale on this terminal (`T1-01JD…`)."""
        from sspos.domain.order import new_client_reference

        if self.randbytes is None:
            return new_client_reference(self.settings.terminal_id, self.clock())
        return new_client_reference(self.settings.terminal_id, self.clock(), randbytes=self.randbytes)

    # --- stores (opened lazily, from a worker thread) ---------------------------------

    @property
    def catalog(self) -> Any:
        """The local catalog (`sspos.store.catalog.Catalog`)."""
        if self._catalog is None:
            from sspos.store.catalog import Catalog

            self._catalog = Catalog(self.data_dir)
        return self._catalog

    @property
    def customers(self) -> Any:
        """The local customer store (`sspos.store.customers.CustomerStore`)."""
        if self._customers is None:
            from sspos.store.customers import CustomerStore

            self._customers = CustomerStore(self.data_dir)
        return self._customers

    @property
    def reference(self) -> Any:
        """Reference data store (`sspos.store.reference.ReferenceData`)."""
        if self._reference is None:
            from sspos.store.reference import ReferenceData

            self._reference = ReferenceData(self.data_dir)
        return self._reference


    @property
    def customer_creator(self) -> Any:
        """Creates customers through the outbox (`sspos.app.customers.CustomerCreator`)."""
        from sspos.app.customers import CustomerCreator, wait_for_entry

        def deliver(entry_id: int) -> Any:
            return wait_for_entry(self.outbox, entry_id, self.outbox_worker, self.submit_wait)

        return CustomerCreator(
            self.outbox, self.customers, deliver=deliver, new_reference=self.new_reference
        )

    @property
    def saved_cart(self) -> Any:
        """This terminal's unfinished cart on disk (`sspos.store.saved_cart.SavedCart`)."""
        if self._saved_cart is None:
            from sspos.store.saved_cart import SavedCart

            self._saved_cart = SavedCart(self.data_dir, self.settings.terminal_id)
        return self._saved_cart

    @property
    def outbox(self) -> Any:
        """The outbox, or None while the outbox module is not available."""
        if not self._outbox_checked:
            self._outbox_checked = True
            try:
                from sspos.store.outbox import Outbox
            except ImportError:
                log.warning("outbox not available: sales are submitted directly")
                return None
            self._outbox = Outbox.in_dir(self.data_dir)
        return self._outbox

    def make_outbox_worker(self) -> Any:
        """The background submitter for the outbox (None without an outbox)."""
        if self.outbox is None:
            return None
        from sspos.store.submitter import OutboxWorker

        if self.outbox_worker is None:
            if self.client_factory is not None:
                self.outbox_worker = OutboxWorker(self.outbox, self.client_factory, lang=self.lang)
            else:
                # The shared client belongs to the app: the worker must not close it.
                self.outbox_worker = OutboxWorker(
                    self.outbox, lambda: self.client, lang=self.lang, close_client=False
                )
        return self.outbox_worker

    # --- reference data ---------------------------------------------------------------

    def catalog_is_empty(self) -> bool:
        """True when no catalog was ever synced (blocking: call from a thread)."""
        try:
            return self.catalog.last_synced() is None
        except Exception:  # noqa: BLE001 - a broken store means: sync
            log.exception("catalog check failed")
            return True

    def load_reference(self) -> Reference:
        """Read reference data from the local store into memory (blocking)."""
        ref = Reference()
        try:
            store = self.reference
        except Exception:  # noqa: BLE001 - no reference store: prices like walk-in, no banks
            log.exception("reference data store unavailable")
            self.ref = ref
            return ref
        try:
            shop = store.shop()
        except Exception:  # noqa: BLE001
            log.exception("shop not readable")
            shop = None
        ref.shop = shop
        if shop is not None:
            ref.shop_name = str(_get(shop, "shop_name", "name", default=""))
            ref.shop_phone = str(_get(shop, "phone", default="") or "")
            ref.shop_address = str(_get(shop, "address", default="") or "")
        try:
            suppliers = list(store.suppliers())
        except Exception:  # noqa: BLE001
            suppliers = []
        chosen = origin_supplier(shop, suppliers)
        ref.origin = chosen
        if chosen is not None:
            ref.supplier_id = _get(chosen, "id")
            ref.origin_district_id = _get(chosen, "district_id")
            ref.origin_name = str(_get(chosen, "district", "city", default="") or "")
        try:
            for cat in store.categories():
                category = _as_category(cat)
                ref.categories[category.code] = category
        except Exception:  # noqa: BLE001
            log.exception("categories not readable")
        try:
            ref.banks = [Choice(b.bank_id, account_label(b), b) for b in store.banks()]
        except Exception:  # noqa: BLE001
            log.exception("banks not readable")
        try:
            ref.order_sources = [
                Choice(_get(s, "id"), str(_get(s, "marketplace_name", "name", default="")), s)
                for s in store.order_sources()
            ]
        except Exception:  # noqa: BLE001
            log.exception("order sources not readable")
        try:
            ref.cost_presets = list(store.order_cost_presets())
        except Exception:  # noqa: BLE001
            log.exception("cost presets not readable")
        try:
            ref.expeditions = list(store.expeditions())
        except Exception:  # noqa: BLE001
            log.exception("expeditions not readable")
        self.ref = ref
        return ref

    def find_walk_in(self) -> Customer | None:
        """The walk-in customer known on this terminal, if any (blocking); see
        `sspos.app.walk_in.find_walk_in`."""
        try:
            found = find_walk_in(
                self.settings.walk_in_customer_id, self.pos_state, self.customers, self.outbox
            )
        except Exception:  # noqa: BLE001 - an unreadable store means: not known yet
            log.exception("walk-in lookup failed")
            return None
        self.walk_in = found
        return found

    def find_cash_account(self) -> CashAccount | None:
        """The account cash is booked to, if known (blocking); see
        `sspos.app.cash_account.find_cash_account`."""
        remembered = self.pos_state.load().cash_bank_id
        banks = [choice.data for choice in self.ref.banks]
        self.cash_account = find_cash_account(self.settings.cash_bank_id, remembered, banks)
        return self.cash_account

    async def aclose(self) -> None:
        """Close the API client (stores close with the process)."""
        close = getattr(self.client, "aclose", None)
        if close is not None:
            try:
                await close()
            except Exception:  # noqa: BLE001
                log.exception("closing the API client failed")


def build_services(settings: Settings, demo: bool) -> Services:
    """The services for `sspos pos` / `sspos demo`."""
    from sspos.runtime import client_factory, data_dir_for

    factory = client_factory(settings, demo=demo)
    return Services(
        settings, client=factory(), data_dir=data_dir_for(settings, demo), demo=demo,
        client_factory=factory,
    )
