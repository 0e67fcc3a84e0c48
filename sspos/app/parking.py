"""Park and recall: hold a customer's cart, serve the next one, bring the first back.

A parked sale is kept on disk (`sspos.store.parked`) with its reference, so it survives a
restart, and a sale rejected by the server and parked is still the same sale when it is
recalled and confirmed. Recalling brings the cart back at the catalog's current prices and
says how many lines are priced differently than when it was parked; a cart in front that
is not empty is parked in its place, so nothing the cashier typed is ever dropped.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sspos.app.counter import Counter, SaleRecalled
from sspos.app.services import Services
from sspos.domain.pricing import price_cart, price_changes
from sspos.store.parked import ParkedSale, ParkedSales

__all__ = ["ParkedSale", "Parking", "Recalled"]  # ParkedSale: what the screens list


@dataclass(frozen=True, slots=True)
class Recalled:
    """A parked sale is back in front; `swapped`: the cart that was there is parked."""

    count: int
    price_changes: int
    swapped: ParkedSale | None


class Parking:
    """The parked sales of this terminal and the counter they go to and come from."""

    def __init__(self, services: Services, counter: Counter) -> None:
        self.services = services
        self.counter = counter
        self.store = ParkedSales(services.data_dir, services.settings.terminal_id)
        # Writes and reads of the parked files in the order they were asked for: a list
        # asked right after a park shows it.
        self._files = asyncio.Lock()

    async def park(self) -> ParkedSale | None:
        """Put the sale in front aside and begin an empty one, then keep it on disk; None
        when the cart is empty (nothing to park). The cart leaves the counter at once, so
        a second press cannot park it twice; if it cannot be written it comes back (and
        the error is raised)."""
        sale = self.counter.sale
        if not sale.cart.lines:
            return None
        parked_at = self.services.clock()
        total = sale.priced.total
        self.counter.put_aside()
        try:
            async with self._files:
                parked_id = await asyncio.to_thread(
                    self.store.park, sale.cart, sale.client_ref, total, parked_at)
        except BaseException:
            if not self.counter.sale.cart.lines:
                self.counter.resume(sale.cart, sale.client_ref)
            raise
        customer = sale.cart.sender.name if sale.cart.sender is not None else ""
        return ParkedSale(parked_id, parked_at, total, sale.cart.total_qty, customer)

    async def list(self) -> list[ParkedSale]:
        """Every parked sale of this terminal, oldest first."""
        async with self._files:
            return await asyncio.to_thread(self.store.list)

    async def recall(self, parked_id: str) -> Recalled | None:
        """Bring a parked sale back in front (the cart there, if any, is parked first);
        None when it is no longer parked."""
        swapped = await self.park() if self.counter.sale.cart.lines else None
        async with self._files:
            taken = await asyncio.to_thread(self.store.take, parked_id)
        if taken is None:
            return None
        cart, client_ref = taken
        category = self.services.ref.category(
            cart.sender.category_code if cart.sender is not None else None)
        before = price_cart(cart, category)
        await asyncio.to_thread(self.counter.refresh_variants, cart)
        changed = price_changes(before, price_cart(cart, category))
        self.counter.resume(cart, client_ref, SaleRecalled(cart.total_qty, len(changed)))
        return Recalled(cart.total_qty, len(changed), swapped)
