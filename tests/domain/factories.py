"""Small builders for domain tests: a few variants, categories and customers."""

from __future__ import annotations

from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand

N = CustomerCategory("N", "Umum", wholesale_access=False, discount_access=False)
N_FULL = CustomerCategory("N", "Umum", wholesale_access=True, discount_access=True)
RESELLER = CustomerCategory("Y", "Reseller", wholesale_access=True, discount_access=True)
DROPSHIPPER = CustomerCategory("D", "Dropshipper", wholesale_access=False, discount_access=True)

BANDS = (WholesaleBand(3, 5, 42_000), WholesaleBand(6, 11, 40_000), WholesaleBand(12, None, 38_000))

WALK_IN = Customer(1, "Pelanggan Umum", "N")


def variant(
    variant_id: int = 101,
    product_id: int = 10,
    *,
    price: int = 50_000,
    price_reseller: int | None = 45_000,
    tier_prices: dict[str, int] | None = None,
    discount: int = 0,
    wholesale: tuple[WholesaleBand, ...] = (),
    status: str = "S",
    cost_price: int = 30_000,
    weight: int = 200,
) -> VariantInfo:
    """A variant with every tier set to a distinct price so tests can tell them apart."""
    return VariantInfo(
        variant_id=variant_id,
        product_id=product_id,
        product_name=f"Produk {product_id}",
        variant_name=f"V{variant_id}",
        sku=f"SKU-{variant_id}",
        price=price,
        price_reseller=price_reseller,
        tier_prices={"1": 44_000, "2": 43_000, "3": 41_000} if tier_prices is None else tier_prices,
        discount=discount,
        weight=weight,
        product_status=status,  # type: ignore[arg-type]
        cost_price=cost_price,
        wholesale=wholesale,
    )


def customer(customer_id: int = 7, code: str = "N") -> Customer:
    return Customer(customer_id, f"Pelanggan {customer_id}", code)
