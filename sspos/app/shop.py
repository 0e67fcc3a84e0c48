"""Facts about the shop the POS derives from its reference data."""

from __future__ import annotations

from collections.abc import Sequence

from sspos.api.models import Shop, Supplier


def origin_supplier(shop: Shop | None, suppliers: Sequence[Supplier]) -> Supplier | None:
    """The supplier goods leave from: the shop's `active_supplier`, else the first one.
    Its `district_id` is the origin for courier rates."""
    active_id = shop.active_supplier.id if shop is not None and shop.active_supplier else None
    chosen = next((s for s in suppliers if s.id == active_id), None)
    return chosen or (suppliers[0] if suppliers else None)
