"""The counter: the sale in progress and what the cashier does to it.

Every change goes through `Counter` (add a line, set a quantity, choose the customer…),
which re-prices the cart (the domain computes every figure) and tells its listeners with a
`SaleChanged`; the sale screen re-draws from that, whoever made the change (a key, the
customer dialog, a refresh from the server, the cart restored at start). News the cashier
should read (who the customer is now, a restored cart) travel in the event, as facts: the
screen words them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sspos.app.services import Services
from sspos.domain.cart import MAX_LINE_QTY, Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo
from sspos.domain.pricing import PricedCart, PricedLine, price_cart
from sspos.store.freshen import add_to_cart_online
from sspos.store.saved_cart import cart_to_dict

log = logging.getLogger(__name__)


class Sale:
    """One customer's sale: the cart, the customer's category, the priced result."""

    def __init__(self, category: CustomerCategory) -> None:
        self.cart = Cart()
        self.category = category
        self.priced: PricedCart = price_cart(self.cart, category)
        # The sale's reference, fixed at the first confirm so a corrected resubmission
        # after a rejection stays the same sale (the outbox keeps one entry per ref).
        self.client_ref: str | None = None

    @property
    def customer(self) -> Customer | None:
        """The buyer (None: walk-in)."""
        return self.cart.sender

    def reprice(self) -> PricedCart:
        """Price the cart for the current category (pure, fast)."""
        self.priced = price_cart(self.cart, self.category)
        return self.priced

    def priced_line(self, variant_id: int) -> PricedLine | None:
        """The priced line of a variant, if the cart holds it."""
        return next((p for p in self.priced.lines if p.line.variant.variant_id == variant_id),
                    None)


@dataclass(frozen=True, slots=True)
class CustomerChosen:
    """The buyer changed (None: walk-in); `category` prices the sale now."""

    customer: Customer | None
    category: CustomerCategory


@dataclass(frozen=True, slots=True)
class ReceiverChosen:
    """The dropship receiver changed (None: the parcel goes to the buyer)."""

    customer: Customer | None


@dataclass(frozen=True, slots=True)
class CartRestored:
    """The cart a restart or a dropped session left unfinished came back (`count` items)."""

    count: int


@dataclass(frozen=True, slots=True)
class SaleParked:
    """The sale was put aside (`count` items, `total`) and an empty one begun."""

    count: int
    total: int


@dataclass(frozen=True, slots=True)
class SaleRecalled:
    """A parked sale is back (`count` items); `price_changes` lines are priced
    differently than when it was parked (the catalog moved since)."""

    count: int
    price_changes: int


SaleNews = CustomerChosen | ReceiverChosen | CartRestored | SaleParked | SaleRecalled


@dataclass(frozen=True, slots=True)
class SaleChanged:
    """The sale changed: `select` is the line to show (a variant id), `news` what to say."""

    select: int | None = None
    news: SaleNews | None = None


SaleListener = Callable[[SaleChanged], None]


class Counter:
    """The sale in progress. Call its methods on the UI loop; listeners run there too."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.sale = Sale(services.ref.category(None))
        self._listeners: list[SaleListener] = []
        self._kept = 0  # snapshots of the cart handed to the disk, in order
        self._restored = False  # nothing is written before the saved cart was read

    def subscribe(self, listener: SaleListener) -> None:
        """Call `listener(change)` after every change of the sale."""
        self._listeners.append(listener)

    def _changed(self, select: int | None = None, news: SaleNews | None = None) -> None:
        self.sale.reprice()
        change = SaleChanged(select, news)
        for listener in list(self._listeners):
            listener(change)

    # --- lines ------------------------------------------------------------------------

    def add(self, variant: VariantInfo, qty: int) -> bool:
        """Add `qty` of a variant (merging with its line); False when the quantity is not
        one a line may have (1…MAX_LINE_QTY), and nothing changes."""
        existing = self.sale.cart.find(variant.variant_id)
        if qty < 1 or qty + (existing.qty if existing else 0) > MAX_LINE_QTY:
            return False
        self.sale.cart.add(variant, qty)
        self._changed(select=variant.variant_id)
        return True

    def remove(self, variant_id: int) -> None:
        """Take a line out of the cart."""
        self.sale.cart.remove(variant_id)
        self._changed()

    def set_qty(self, variant_id: int, qty: int) -> None:
        """Set a line's quantity."""
        self.sale.cart.set_qty(variant_id, qty)
        self._changed(select=variant_id)

    def set_discount(self, variant_id: int, discount: LineDiscount | None) -> None:
        """Set (None: remove) a line's discount."""
        self.sale.cart.set_discount(variant_id, discount)
        self._changed(select=variant_id)

    def set_shipping(self, shipping: Shipping) -> None:
        """How the order leaves the shop."""
        self.sale.cart.shipping = shipping
        self._changed()

    def set_costs(self, costs: list[OrderCost]) -> None:
        """The order's discounts and costs."""
        self.sale.cart.costs = list(costs)
        self._changed()

    def set_order_details(self, note: str, order_source_id: int | None) -> None:
        """The order's note and the channel it came through (payment screen). Neither is
        priced nor shown at the counter: listeners are not told (the cart on disk takes
        them with the next change)."""
        self.sale.cart.note = note
        self.sale.cart.order_source_id = order_source_id

    async def freshen(self, variant: VariantInfo) -> None:
        """Online, read a variant just added again from the server (price, stock) and
        re-price its line if anything changed; offline the cached copy is sold as it is."""
        services = self.services
        try:
            fresh = await add_to_cart_online(services.client, services.catalog, variant)
        except Exception:
            log.info("refresh of variant %d failed", variant.variant_id, exc_info=True)
            return
        line = self.sale.cart.find(variant.variant_id)
        if line is None or fresh == line.variant:
            return
        line.variant = fresh
        self._changed(select=variant.variant_id)

    # --- customers --------------------------------------------------------------------

    def choose_customer(self, customer: Customer | None) -> None:
        """Make `customer` (None: walk-in) the buyer; the sale is priced for its category."""
        self.sale.cart.sender = customer
        self.sale.category = self.services.ref.category(customer.category_code
                                                        if customer else None)
        self._changed(news=CustomerChosen(customer, self.sale.category))

    def choose_receiver(self, customer: Customer | None) -> None:
        """Send the parcel to `customer` (dropship), or to the buyer (None)."""
        self.sale.cart.receiver = customer
        self._changed(news=ReceiverChosen(customer))

    # --- the sale as a whole ------------------------------------------------------------

    def new_sale(self) -> str | None:
        """Start over for the next customer (walk-in). Returns the reference of the sale
        given up, if it had one (a rejected sale then to void, see `Checkout.abandon`)."""
        given_up = self.sale.client_ref
        self.sale = Sale(self.services.ref.category(None))
        self._changed()
        return given_up

    def put_aside(self) -> Sale:
        """Begin an empty sale without giving up the one in front (parked: its reference
        stays with it); returns the sale put aside."""
        aside = self.sale
        self.sale = Sale(self.services.ref.category(None))
        self._changed(news=SaleParked(aside.cart.total_qty, aside.priced.total))
        return aside

    def resume(self, cart: Cart, client_ref: str | None, news: SaleNews | None = None) -> None:
        """Make `cart` (restored, recalled, or not parked after all; its reference with
        it) the sale in front, priced for its customer's category."""
        sender = cart.sender
        sale = Sale(self.services.ref.category(sender.category_code if sender else None))
        sale.cart, sale.client_ref = cart, client_ref
        self.sale = sale
        self._changed(news=news)

    def walk_in_category_known(self) -> None:
        """Reference data was read: an empty sale is priced for the shop's walk-in
        category (a sale already begun keeps its customer's)."""
        if not self.sale.cart.lines and self.sale.customer is None:
            self.sale = Sale(self.services.ref.category(None))
            self._changed()

    # --- the unfinished cart on disk --------------------------------------------------

    def snapshot(self) -> tuple[dict[str, Any] | None, int] | None:
        """The cart as the disk keeps it, with its place in order; None before start-up
        has read the saved cart back (it must not be overwritten first)."""
        if not self._restored:
            return None
        self._kept += 1
        sale = self.sale
        data = cart_to_dict(sale.cart, sale.client_ref) if sale.cart.lines else None
        return data, self._kept

    def keep(self, snapshot: tuple[dict[str, Any] | None, int]) -> None:
        """Write one snapshot (blocking: call from a thread); an empty cart removes the
        file. A failure is logged: the sale itself goes on."""
        try:
            self.services.saved_cart.save(*snapshot)
        except Exception:
            log.exception("the unfinished cart could not be kept on disk")

    async def restore(self) -> int:
        """Bring back the cart a restart or a dropped session left unfinished, at the
        catalog's current prices; returns how many items came back."""
        services = self.services
        try:
            saved = await asyncio.to_thread(services.saved_cart.load)
            if saved is None or self.sale.cart.lines:
                return 0  # a cart begun before start-up finished is the one that counts
            cart, client_ref = saved
            await asyncio.to_thread(self.refresh_variants, cart)
        except Exception:
            log.exception("the saved cart could not be restored")
            return 0
        finally:
            self._restored = True
        self.resume(cart, client_ref, CartRestored(cart.total_qty))
        return cart.total_qty

    def refresh_variants(self, cart: Cart) -> None:
        """Each line's variant as the local catalog knows it now (blocking)."""
        for line in cart.lines:
            fresh = self.services.catalog.get(line.variant.variant_id)
            if fresh is not None:
                line.variant = fresh
