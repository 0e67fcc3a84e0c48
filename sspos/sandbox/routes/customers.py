"""Customer categories, customers, regions, a customer's order history."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.i18n import t
from sspos.sandbox.routes.common import (
    WireJSON,
    envelope,
    json_body,
    lang_of,
    ok,
    page_params,
    paginated,
    pagination,
    query_choice,
    query_date,
    required_int,
    state_of,
)
from sspos.sandbox.state import Invalid, NotFound
from sspos.sandbox.validation import FieldErrors


async def categories(request: Request) -> Response:
    rows = list(state_of(request).categories().values())
    status = request.query_params.get("status")
    if status in ("Y", "N"):
        rows = [r for r in rows if (r["status"] == "ACTIVE") == (status == "Y")]
    return ok(request, rows)


async def check_price(request: Request) -> Response:
    category = state_of(request).categories().get(request.path_params["code"])
    if category is None:
        raise NotFound(request.path_params["code"])
    return ok(
        request,
        {
            "wholesale_access": category["wholesale_access"],
            "discount_access": category["discount_access"],
        },
    )


async def customers(request: Request) -> Response:
    page, per_page = page_params(request)
    keyword = request.query_params.get("keyword") or None
    if keyword and len(keyword) > 50:
        errors = FieldErrors(lang_of(request))
        errors.add("keyword", "sandbox.v.max_length", max=50)
        raise Invalid(errors.errors)
    result = state_of(request).customers_page(
        keyword=keyword,
        search_type=query_choice(request, "type", ("NAME", "EMAIL", "PHONE", "ADDRESS")) or "NAME",
        category=request.query_params.get("category") or None,
        page=page,
        per_page=per_page,
    )
    return paginated(request, result)


async def create_customer(request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise Invalid({"body": ["The request body must be a JSON object."]})
    created = state_of(request).create_customer(body, lang_of(request))
    return ok(request, created, "sandbox.customer_created")


async def order_history(request: Request) -> Response:
    customer_id = required_int(request, "id")
    page, per_page = page_params(request)
    result, totals = state_of(request).customer_order_history(
        customer_id,
        start=query_date(request, "start_date"),
        end=query_date(request, "end_date"),
        page=page,
        per_page=per_page,
    )
    body = envelope(
        result.items,
        t("sandbox.success", lang_of(request)),
        meta=pagination(request, result),
        total=totals,
    )
    return WireJSON(body)


async def regions(request: Request) -> Response:
    page, per_page = page_params(request)
    return paginated(
        request,
        state_of(request).regions_page(
            keyword=request.query_params.get("keyword") or None, page=page, per_page=per_page
        ),
    )


routes = [
    Route("/customer-category", categories),
    Route("/order/check-price/{code}", check_price),
    Route("/customer", customers),
    Route("/customer/create", create_customer, methods=["POST"]),
    Route("/customer/order-history", order_history),
    Route("/region", regions),
]
