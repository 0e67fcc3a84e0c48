"""Catalog: products, variations, stock, wholesale tiers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.sandbox.routes.common import (
    ok,
    page_params,
    paginated,
    query_choice,
    query_int,
    required_int,
    state_of,
)


async def products(request: Request) -> Response:
    page, per_page = page_params(request)
    result = state_of(request).products_page(
        keyword=request.query_params.get("keyword") or None,
        product_type=query_choice(request, "type", ("S", "R", "PO", "P0")),
        category=request.query_params.get("category") or None,
        page=page,
        per_page=per_page,
    )
    return paginated(request, result)


async def product_detail(request: Request) -> Response:
    return ok(request, state_of(request).product_detail(int(request.path_params["product_id"])))


async def variations(request: Request) -> Response:
    page, per_page = page_params(request)
    query_int(request, "customer_id")  # promo lookup: the sandbox has no promos
    result = state_of(request).variations_page(
        keyword=request.query_params.get("keyword") or None, page=page, per_page=per_page
    )
    return paginated(request, result)


async def check_stock(request: Request) -> Response:
    variant_id = required_int(request, "variation_id")
    warehouse_id = query_int(request, "warehouse_id")
    return ok(request, state_of(request).check_stock(variant_id, warehouse_id))


async def warehouse_stock(request: Request) -> Response:
    return ok(request, state_of(request).warehouse_stock(int(request.path_params["variation_id"])))


async def wholesale_minimum(request: Request) -> Response:
    product_id = required_int(request, "product_id")
    return ok(request, state_of(request).wholesale_minimum(product_id))


routes = [
    Route("/product", products),
    Route("/product/variation", variations),
    Route("/product/check-stock", check_stock),
    Route("/product/wholesale", wholesale_minimum),
    Route("/product/{product_id:int}/detail", product_detail),
    Route("/product/history/warehouse/{variation_id:int}", warehouse_stock),
]
