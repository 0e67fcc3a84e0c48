"""An in-process Starlette app standing in for SmartSeller, for the client tests.

Each (method, path) answers from a script: a list of responses consumed in order (the
last one repeats), or a function of the recorded request. Every request is recorded
(method, path, query pairs, headers, JSON body) so tests can assert what was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sspos.api.client import SmartSellerClient

DOC_EXAMPLES = Path(__file__).parent / "doc_examples"
BASE_URL = "http://smartseller.test/api/open"
TOKEN = "s3cret-token-value"


def doc_example(name: str) -> Any:
    """A doc example (see doc_examples/README.md) as decoded JSON."""
    return json.loads((DOC_EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Reply:
    """One scripted answer: JSON `body` (or raw `text`), status and headers."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    text: str | None = None


@dataclass
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: Any

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)


Handler = Callable[[Seen], Reply]


class FakeApi:
    """Scriptable fake of the SmartSeller Open API (mounted under /api/open)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply] | Handler] = {}
        self.seen: list[Seen] = []
        self.app = Starlette(
            routes=[
                Route("/api/open/{path:path}", self._endpoint, methods=["GET", "POST", "PATCH"]),
            ]
        )

    def on(self, method: str, path: str, *replies: Reply | Handler) -> FakeApi:
        """Answer `method path` with these replies in turn (or one handler function)."""
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            self.routes[(method, path)] = replies[0]
        else:
            self.routes[(method, path)] = [r for r in replies if isinstance(r, Reply)]
        return self

    def calls(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path == path]

    async def _endpoint(self, request: Request) -> Response:
        raw = await request.body()
        seen = Seen(
            method=request.method,
            path=request.path_params["path"],
            query=list(request.query_params.multi_items()),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=json.loads(raw) if raw else None,
        )
        self.seen.append(seen)
        script = self.routes.get((seen.method, seen.path))
        if script is None:
            reply = Reply({"response": "Failed", "message": "no such route"}, status=404)
        elif callable(script):
            reply = script(seen)
        else:
            reply = script.pop(0) if len(script) > 1 else script[0]
        content = reply.text if reply.text is not None else json.dumps(reply.body)
        return Response(
            content, status_code=reply.status, headers=reply.headers, media_type="application/json"
        )

    def client(self, **kwargs: Any) -> SmartSellerClient:
        """A client talking to this app in process; sleeps are recorded, not slept."""
        self.sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        options: dict[str, Any] = {
            "sleep": fake_sleep,
            "rng": lambda: 1.0,
            "transport": httpx.ASGITransport(app=self.app),
        }
        options.update(kwargs)
        return SmartSellerClient(BASE_URL, TOKEN, **options)


#: (method, path) → doc example served for it by `doc_api()`.
DOC_ROUTES: dict[tuple[str, str], str] = {
    ("GET", "shop"): "shop",
    ("GET", "user"): "user_list",
    ("GET", "supplier"): "supplier_list",
    ("GET", "warehouse"): "warehouse_list",
    ("GET", "product"): "product_list",
    ("GET", "product/2950570/detail"): "product_detail",
    ("GET", "product/variation"): "product_variation",
    ("GET", "product/check-stock"): "product_check_stock",
    ("GET", "product/history/warehouse/2"): "product_warehouse_stock",
    ("GET", "product/wholesale"): "product_wholesale",
    ("GET", "order/wholesale"): "order_wholesale",
    ("GET", "order/check-price/2"): "order_check_price",
    ("GET", "customer-category"): "customer_category_list",
    ("GET", "customer"): "customer_list",
    ("POST", "customer/create"): "customer_create",
    ("GET", "customer/order-history"): "customer_order_history",
    ("GET", "region"): "region_list",
    ("GET", "bank"): "bank_list",
    ("GET", "expedition"): "expedition_list",
    ("GET", "expedition/active"): "expedition_active",
    ("GET", "expedition/cost"): "expedition_cost",
    ("GET", "expedition/tracking"): "expedition_tracking",
    ("GET", "setting/courier/custom"): "setting_courier_custom",
    ("GET", "order-source"): "order_source_list",
    ("GET", "order-cost"): "order_cost_list",
    ("POST", "order"): "order_create_success",
    ("POST", "order/awb-number/add"): "order_awb_add",
    ("GET", "order"): "order_list",
    ("GET", "order/details"): "order_details",
    ("PATCH", "order/quick-payment"): "order_quick_payment_success",
    ("GET", "order/payment-history"): "order_payment_history",
    ("POST", "order/cancel"): "order_cancel",
}


def doc_api() -> FakeApi:
    """A fake answering every endpoint with the doc's own example response.

    Paginated examples get `current_page` set to the requested page, as a real server
    would, so iterating them ends at the example's `total_pages`.
    """
    api = FakeApi()
    for (method, path), name in DOC_ROUTES.items():

        def answer(seen: Seen, name: str = name) -> Reply:
            body = doc_example(name)
            pagination = (
                (body.get("meta") or {}).get("pagination") if isinstance(body, dict) else None
            )
            if isinstance(pagination, dict) and "pagination_offset" in seen.params:
                pagination["current_page"] = int(seen.params["pagination_offset"])
            return Reply(body)

        api.on(method, path, answer)
    return api
