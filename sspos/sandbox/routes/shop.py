"""Shop, users, suppliers, warehouses."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.sandbox.routes.common import ok, state_of
from sspos.sandbox.validation import as_bool


async def shop(request: Request) -> Response:
    return ok(request, state_of(request).ref("shop"))


async def users(request: Request) -> Response:
    return ok(request, state_of(request).ref("user"))


async def suppliers(request: Request) -> Response:
    return ok(request, state_of(request).ref("supplier"))


async def warehouses(request: Request) -> Response:
    with_main = bool(as_bool(request.query_params.get("with_main_warehouse", "false")))
    return ok(request, state_of(request).warehouses(with_main=with_main))


routes = [
    Route("/shop", shop),
    Route("/user", users),
    Route("/supplier", suppliers),
    Route("/warehouse", warehouses),
]
