"""Sandbox start-up and demo-data generation times; prints `key=value` lines.

    uv run python benchmarks/bench_sandbox.py [--products 2000] [--big-variants 100000]

- startup_2000_s: create_app() with the default 2,000-product catalog (target < 2 s),
  median of a few runs in a warm interpreter; cold_start_2000_s: the same in a fresh
  interpreter including imports; first_product_page_100_s: one GET product in-process.
- generate_100k_variants_s: generating a catalog of at least 100,000 variants into SQLite;
  big_product_page_100_s / big_variation_search_s: one request against that catalog.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import subprocess
import sys
import time

import httpx

from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.sandbox.demo_data import generate


def startup_seconds(products: int, runs: int = 5) -> tuple[float, int]:
    times = []
    variants = 0
    for _ in range(runs):
        start = time.perf_counter()
        app = create_app(SandboxConfig(products=products))
        times.append(time.perf_counter() - start)
        variants = app.state.sandbox.summary.variants
        app.state.sandbox.close()
    return statistics.median(times), variants


async def request_seconds(
    products: int, requests: list[tuple[str, dict[str, object]]]
) -> list[float]:
    """Time each GET in-process against a fresh sandbox of `products` products."""
    app = create_app(SandboxConfig(products=products))
    transport = httpx.ASGITransport(app=app)
    times = []
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://sandbox/api/open",
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
    ) as client:
        for path, params in requests:
            start = time.perf_counter()
            response = await client.get(path, params=params)
            response.raise_for_status()
            times.append(time.perf_counter() - start)
    return times


def cold_start_seconds(products: int) -> float:
    """A fresh interpreter: imports + demo data + app, as `sspos sandbox` pays it."""
    code = (
        "import time; t = time.perf_counter();"
        "from sspos.sandbox import SandboxConfig, create_app;"
        f"create_app(SandboxConfig(products={products}));"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def big_catalog(min_variants: int) -> tuple[float, int, int]:
    products = int(min_variants / 3.0) + 1
    while True:
        db = sqlite3.connect(":memory:")
        start = time.perf_counter()
        summary = generate(db, seed=7, products=products)
        elapsed = time.perf_counter() - start
        if summary.variants >= min_variants:
            return elapsed, summary.products, summary.variants
        products = int(products * min_variants / summary.variants) + 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--big-variants", type=int, default=100_000)
    args = parser.parse_args()
    startup, variants = startup_seconds(args.products)
    print(f"startup_products={args.products}")
    print(f"startup_variants={variants}")
    print(f"startup_{args.products}_s={startup:.3f}")
    print(f"cold_start_{args.products}_s={cold_start_seconds(args.products):.3f}")
    [first_page] = asyncio.run(request_seconds(args.products, [("product", {"per_page": 100})]))
    print(f"first_product_page_100_s={first_page:.3f}")
    elapsed, products, big_variants = big_catalog(args.big_variants)
    print(f"big_catalog_products={products}")
    print(f"big_catalog_variants={big_variants}")
    print(f"generate_100k_variants_s={elapsed:.3f}")
    page, search = asyncio.run(
        request_seconds(
            products,
            [
                ("product", {"per_page": 100, "pagination_offset": products // 200}),
                ("product/variation", {"keyword": "kaos", "per_page": 20}),
            ],
        )
    )
    print(f"big_product_page_100_s={page:.3f}")
    print(f"big_variation_search_s={search:.3f}")


if __name__ == "__main__":
    main()
