"""Freshening what the cashier is about to sell, one product at a time.

The catalog is a copy made by the last sync; a price or stock may have changed since.
When the cashier adds a variant to the cart while online, `add_to_cart_online` asks the
server for its product and its stock and stores the answers in the live catalog. Offline,
or when the server fails, the cart takes the cached variant: a sale never waits on this.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sspos.api.errors import ApiError, NetworkError, NotFound, RateLimited, ServerUnavailable
from sspos.domain.catalog import VariantInfo
from sspos.store.catalog import Catalog
from sspos.store.catalog_rows import Problem
from sspos.store.sync import product_record

log = logging.getLogger(__name__)


async def refresh_product(client: Any, catalog: Catalog, product_id: int) -> list[VariantInfo]:
    """Fetch one product fresh (GET product/{id}/detail) into the live catalog.

    Returns its variants as now stored. A product the server no longer has is removed.
    Network and server errors propagate (`ApiError`); the cached copy stays as it was.
    """
    try:
        product = await client.product_detail(product_id)
    except NotFound:
        log.info("product %d is gone from the server; removed from the catalog", product_id)
        await asyncio.to_thread(catalog.remove_product, product_id)
        return []
    problems: list[Problem] = []
    record = product_record(product, problems)
    problems.extend(await asyncio.to_thread(catalog.replace_product, record))
    for problem in problems:
        log.warning("refresh: %s", problem)
    return await asyncio.to_thread(catalog.product_variants, product_id)


async def check_stock(
    client: Any, catalog: Catalog, variant_id: int, warehouse_id: int | None = None
) -> int | None:
    """Ask the server for a variant's stock (product/check-stock) and remember it.

    Returns the stock, or None when offline (the cashier sells from the cached figure).
    """
    try:
        answer = await client.check_stock(variant_id, warehouse_id)
    except (NetworkError, ServerUnavailable, RateLimited) as error:
        log.info("stock check of variant %d skipped: %s", variant_id, error.message)
        return None
    prices = {"price": answer.price}
    for code, value in (("1", answer.price1), ("2", answer.price2), ("3", answer.price3)):
        if value:
            prices[code] = value
    await asyncio.to_thread(catalog.update_stock, variant_id, answer.stock, prices)
    return answer.stock


async def add_to_cart_online(client: Any, catalog: Catalog, variant: VariantInfo) -> VariantInfo:
    """Freshen a variant the cashier adds to the cart: product detail, then stock.

    Offline or on a server error, the cached variant is returned unchanged.
    """
    try:
        await refresh_product(client, catalog, variant.product_id)
        await check_stock(client, catalog, variant.variant_id)
    except ApiError as error:
        log.info("variant %d sold from cache: %s", variant.variant_id, error.message)
        return variant
    fresh = await asyncio.to_thread(catalog.get, variant.variant_id)
    return fresh or variant
