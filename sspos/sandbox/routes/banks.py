"""The shop's bank accounts (incl. the cash drawer account)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.sandbox.routes.common import ok, query_choice, state_of
from sspos.sandbox.state import NotFound


async def banks(request: Request) -> Response:
    rows = state_of(request).ref("bank")
    kind = query_choice(request, "type", ("BANK", "PAYMENT GATEWAY"))
    if kind:
        rows = [b for b in rows if b["type"] == kind]
    return ok(request, rows)


async def bank_detail(request: Request) -> Response:
    bank = state_of(request).ref_one("bank", request.path_params["bank_id"])
    if bank is None:
        raise NotFound(request.path_params["bank_id"])
    return ok(request, bank)


routes = [
    Route("/bank", banks),
    Route("/bank/{bank_id:int}/detail", bank_detail),
]
