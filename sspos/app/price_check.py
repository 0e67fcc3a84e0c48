"""Price and stock check: what a variant costs every customer category, its wholesale
bands, and its stock in each warehouse, without touching the sale in progress.

Prices come from the local catalog through the domain's own pricing (`price_tiers`), so
the check says exactly what the cart would charge. Stock is asked of the server (GET
`product/check-stock` for the total, GET `product/history/warehouse/{variation_id}` per
warehouse) unless it is known to be unreachable; when it cannot answer, the check says why
and shows the stock the last sync saw.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sspos.app.services import Services
from sspos.domain.catalog import VariantInfo
from sspos.domain.pricing import TierPrice, price_tiers

log = logging.getLogger(__name__)

# How long the cashier waits for the server's stock before the check gives up on it.
STOCK_WAIT_S = 5.0


@dataclass(frozen=True, slots=True)
class WarehouseCount:
    """Stock of the variant in one warehouse, as the server says."""

    warehouse_id: int
    name: str
    stock: int


@dataclass(frozen=True, slots=True)
class StockAnswer:
    """The server's stock of a variant: its total and per warehouse; or, when it could not
    be asked (`offline`) or did not answer (`error`), nothing but the reason."""

    total: int | None = None
    warehouses: tuple[WarehouseCount, ...] = ()
    offline: bool = False
    error: BaseException | None = None


class PriceCheck:
    """Prices and stock of one variant, for the cashier's question "how much, how many"."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def prices(self, variant: VariantInfo) -> tuple[TierPrice, ...]:
        """One unit of `variant` for every customer category of the shop (walk-in first)."""
        categories = sorted(self.services.ref.categories.values(),
                            key=lambda c: (not c.code.isalpha(), c.code != "N", c.code))
        if not categories:  # reference data not read yet: the walk-in tier still counts
            categories = [self.services.ref.category(None)]
        return price_tiers(variant, categories)

    async def stock(self, variant: VariantInfo) -> StockAnswer:
        """Ask the server for the variant's stock (total and per warehouse)."""
        if self.services.known_offline():
            return StockAnswer(offline=True)
        client = self.services.client
        try:
            checked, per_warehouse = await asyncio.wait_for(
                asyncio.gather(client.check_stock(variant.variant_id),
                               client.warehouse_stock(variant.variant_id)),
                STOCK_WAIT_S)
        except Exception as exc:  # the cashier reads why; the local stock stands in
            log.info("stock check of variant %d failed", variant.variant_id, exc_info=True)
            return StockAnswer(error=exc)
        return StockAnswer(
            total=checked.stock,
            warehouses=tuple(WarehouseCount(w.warehouse_id, w.name, w.stock)
                             for w in per_warehouse),
        )
