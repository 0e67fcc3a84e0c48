"""Orders: create, list, details, AWB, payments, cancel; plus sources, cost presets, wholesale."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
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
    query_choice,
    query_date,
    query_int,
    required_int,
    state_of,
)

DROP_KEY = "sspos.sandbox.drop"  # scope key: a mutable flag the app layer reads after the route ran
SOCKET_KEY = "sspos.sandbox.socket"  # scope key: True when served over a real socket


async def order_sources(request: Request) -> Response:
    rows = state_of(request).ref("order_source")
    status = request.query_params.get("status")
    if status in ("Y", "N"):
        rows = [r for r in rows if (r["status"] == "ACTIVE") == (status == "Y")]
    return ok(request, rows)


async def order_costs(request: Request) -> Response:
    return ok(request, state_of(request).ref("order_cost"))


async def marketplaces(request: Request) -> Response:
    return ok(request, state_of(request).ref("marketplace"))


async def order_wholesale(request: Request) -> Response:
    variant_id = required_int(request, "variation_id")
    qty = required_int(request, "qty", minimum=1)
    return ok(request, state_of(request).wholesale_price(variant_id, qty))


async def create_order(request: Request) -> Response:
    state = state_of(request)
    body = await json_body(request)
    lang = lang_of(request)
    delay = state.faults.slow_commit_s
    if delay:
        # A slow server works on the order, then commits it whether or not the client
        # still waits (the commit runs in its own task: a hang-up cannot stop it).
        commit = state.commit_later(delay, lambda: state.create_order(body, lang))
        if not request.scope.get(SOCKET_KEY):  # in-process: no socket to keep waiting on
            raise httpx.ReadTimeout("sandbox is still working on the order (simulated)")
        created = await asyncio.shield(commit)
    else:
        created = state.create_order(body, lang)
    # The order is committed; decide now whether the client ever hears about it.
    if state.faults.draw() < state.faults.drop_after_commit_rate:
        flag = request.scope.get(DROP_KEY)
        if isinstance(flag, dict):
            flag["drop"] = True
    return ok(request, created, "sandbox.order_created")


def _order_filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    return {
        "keyword": q.get("keyword") or None,
        "type": (q.get("type") or "").upper() or None,
        "payment_status": query_choice(
            request, "payment_status", ("UNPAID", "PAID", "INSTALLMENT")
        ),
        "start_date": query_date(request, "start_date") or query_date(request, "create_from"),
        "end_date": query_date(request, "end_date") or query_date(request, "create_to"),
        "bank_id": query_int(request, "bank_id"),
        "expedition_id": query_int(request, "expedition_id"),
        "customer_category_code": q.get("customer_category_code") or None,
        "order_id": query_int(request, "order_id"),
    }


async def orders(request: Request) -> Response:
    page, per_page = page_params(request)
    return paginated(
        request, state_of(request).orders_page(_order_filters(request), page, per_page)
    )


async def order_details(request: Request) -> Response:
    page, per_page = page_params(request)
    return paginated(
        request, state_of(request).order_details_page(_order_filters(request), page, per_page)
    )


async def add_awb(request: Request) -> Response:
    params = dict(request.query_params)
    if not params:  # lenient: some clients send them as a JSON body instead
        body = await json_body(request)
        params = body if isinstance(body, dict) else {}
    return ok(request, state_of(request).add_awb(params, lang_of(request)), "sandbox.awb_updated")


async def quick_payment(request: Request) -> Response:
    body = await json_body(request)
    data = state_of(request).quick_payment(body, lang_of(request))
    return WireJSON(
        envelope(data, [t("sandbox.payment_updated", lang_of(request))], response="success")
    )


async def payment_history(request: Request) -> Response:
    order_id = required_int(request, "id")
    return WireJSON(
        envelope(
            state_of(request).payment_history(order_id),
            t("sandbox.success", lang_of(request)),
            response="success",
        )
    )


async def cancel(request: Request) -> Response:
    body = await json_body(request)
    data = state_of(request).cancel_order(body, lang_of(request))
    return WireJSON(
        envelope(data, t("sandbox.order_canceled", lang_of(request)), response="success")
    )


routes = [
    Route("/order-source", order_sources),
    Route("/order-cost", order_costs),
    Route("/marketplace", marketplaces),
    Route("/order/wholesale", order_wholesale),
    Route("/order", orders, methods=["GET"]),
    Route("/order", create_order, methods=["POST"]),
    Route("/order/details", order_details),
    Route("/order/awb-number/add", add_awb, methods=["POST"]),
    Route("/order/quick-payment", quick_payment, methods=["PATCH"]),
    Route("/order/payment-history", payment_history),
    Route("/order/cancel", cancel, methods=["POST"]),
]
