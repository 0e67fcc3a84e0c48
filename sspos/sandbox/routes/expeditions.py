"""Expeditions, shipping cost, tracking, the shop's custom couriers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.sandbox.routes.common import (
    WireJSON,
    lang_of,
    ok,
    page_params,
    paginated,
    query_int,
    request_id,
    required_int,
    state_of,
)
from sspos.sandbox.state import Invalid, Page, SandboxState
from sspos.sandbox.validation import FieldErrors


def _listed(state: SandboxState) -> list[dict[str, Any]]:
    """Expeditions the shop's lists show; pickup/manual may be accepted yet unlisted."""
    return [e for e in state.ref("expedition") if e.get("listed", True)]


async def expeditions(request: Request) -> Response:
    return ok(request, [SandboxState.public_expedition(e) for e in _listed(state_of(request))])


async def active(request: Request) -> Response:
    page, per_page = page_params(request)
    keyword = (request.query_params.get("keyword") or "").lower()
    rows = [
        SandboxState.public_expedition(e)
        for e in _listed(state_of(request))
        if e["active"] and keyword in e["logistic_name"].lower()
    ]
    chunk = rows[(page - 1) * per_page : page * per_page]
    return paginated(request, Page(chunk, len(rows), page, per_page))


async def cost(request: Request) -> Response:
    origin = required_int(request, "origin_id")
    destination = required_int(request, "destination_id")
    weight = required_int(request, "weight", minimum=1)
    price = query_int(request, "price", minimum=0)
    body = state_of(request).expedition_cost(origin, destination, weight, price, lang_of(request))
    return WireJSON(
        {"request_id": request_id(), "response": "Success", "message": "Success", **body}
    )


async def tracking(request: Request) -> Response:
    awb = (request.query_params.get("awb_number") or "").strip()
    if not awb:
        errors = FieldErrors(lang_of(request))
        errors.add("awb_number", "sandbox.v.required")
        raise Invalid(errors.errors)
    query_int(request, "expedition_id")
    order_id = query_int(request, "order_id")
    return ok(request, state_of(request).tracking(awb, order_id), "sandbox.success", **{"0": 200})


async def custom_couriers(request: Request) -> Response:
    return ok(request, state_of(request).ref("custom_courier"))


routes = [
    Route("/expedition", expeditions),
    Route("/expedition/active", active),
    Route("/expedition/cost", cost),
    Route("/expedition/tracking", tracking),
    Route("/setting/courier/custom", custom_couriers),
]
