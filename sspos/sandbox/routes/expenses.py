"""Expenses: POST `expense` (create) and GET `expense` (list by date).

POST `expense` meets `drop_after_commit_rate` like POST `order`: stored, then never
answered, so the POS's lookup after a doubtful answer can be exercised.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.sandbox.routes.common import (
    json_body,
    lang_of,
    ok,
    page_params,
    paginated,
    query_date,
    state_of,
)
from sspos.sandbox.routes.orders import DROP_KEY


async def create_expense(request: Request) -> Response:
    state = state_of(request)
    created = state.create_expense(await json_body(request), lang_of(request))
    if state.faults.draw() < state.faults.drop_after_commit_rate:
        flag = request.scope.get(DROP_KEY)
        if isinstance(flag, dict):
            flag["drop"] = True
    return ok(request, created)


async def expenses(request: Request) -> Response:
    page, per_page = page_params(request)
    start, end = query_date(request, "start_date"), query_date(request, "end_date")
    return paginated(request, state_of(request).expenses_page(start, end, page, per_page))


routes = [
    Route("/expense", create_expense, methods=["POST"]),
    Route("/expense", expenses, methods=["GET"]),
]
