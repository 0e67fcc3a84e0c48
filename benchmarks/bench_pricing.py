"""Benchmark: price a 200-line cart many times; prints p50/p99 in microseconds as key=value.

Run: `uv run python benchmarks/bench_pricing.py [--runs N]`. Target: well under 1 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sspos.domain.cart import Cart, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand
from sspos.domain.pricing import price_cart

BANDS = (WholesaleBand(3, 5, 42_000), WholesaleBand(6, 11, 40_000), WholesaleBand(12, None, 38_000))


def build_cart(lines: int, seed: int = 7) -> Cart:
    """A cart of `lines` distinct variants over lines/4 products, with every rule in play."""
    rnd = random.Random(seed)
    cart = Cart(sender=Customer(1, "Umum", "Y"), shipping=Shipping(12, "JNE", 18_000))
    for i in range(lines):
        variant = VariantInfo(
            variant_id=i + 1,
            product_id=i // 4 + 1,
            product_name=f"Produk {i // 4}",
            variant_name=f"V{i}",
            sku=f"SKU{i}",
            price=rnd.randrange(1_000, 500_000),
            price_reseller=rnd.choice([None, 0, rnd.randrange(1_000, 400_000)]),
            tier_prices={"1": rnd.randrange(1_000, 400_000)},
            discount=rnd.choice([0, 0, 2_000]),
            wholesale=BANDS if i % 3 == 0 else (),
        )
        line = cart.add(variant, rnd.randrange(1, 8))
        if i % 5 == 0:
            line.discount = LineDiscount("PERCENTAGE", 10)
        elif i % 7 == 0:
            line.discount = LineDiscount("NOMINAL", 500)
    cart.costs = [
        OrderCost("Diskon", "DISCOUNT", "PERCENTAGE", 5),
        OrderCost("Bungkus", "OTHER COST", "NOMINAL", 2_000),
        OrderCost("Asuransi", "INSURANCE", "PERCENTAGE", 1),
    ]
    return cart


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5_000)
    parser.add_argument("--lines", type=int, default=200)
    args = parser.parse_args()
    cart = build_cart(args.lines)
    category = CustomerCategory("Y", "Reseller", wholesale_access=True, discount_access=True)
    for _ in range(100):  # warm up
        price_cart(cart, category)
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        price_cart(cart, category)
        samples.append((time.perf_counter_ns() - start) / 1_000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"lines={args.lines}")
    print(f"runs={args.runs}")
    print(f"p50_us={statistics.median(samples):.1f}")
    print(f"p99_us={p99:.1f}")
    print(f"total={price_cart(cart, category).total}")


if __name__ == "__main__":
    main()
