"""The sandbox ASGI app: `/api/open/...` like SmartSeller, `/_admin/faults` for drills.

The outermost layer (`SandboxApp.__call__`) sees every request before Starlette does and
holds uvicorn's own `send`, which is what lets a fault drop the TCP connection itself.
Order of checks for `/api/open`: down → latency → bearer token (401) → rate limit (429)
→ injected 5xx → injected hang → the route (→ dropped answer after commit; GET answers
rewritten as junk, with hostile names or repeating pages when those faults are on).
"""

from __future__ import annotations

import asyncio
import hmac
import math
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from sspos.i18n import t
from sspos.sandbox.config import SandboxConfig
from sspos.sandbox.faults import (
    Faults,
    FaultValueError,
    RateLimiter,
    drop_connection,
    junk_body,
    rewrite_answer,
)
from sspos.sandbox.routes import (
    banks,
    customers,
    expeditions,
    expenses,
    orders,
    products,
    shop,
)
from sspos.sandbox.routes.common import BadRequest, WireJSON, envelope, failed, json_body, lang_of
from sspos.sandbox.state import Invalid, NotFound, SandboxState

API_PREFIX = "/api/open"
ADMIN_PREFIX = "/_admin"
PAGE_PARAM = "pagination_offset"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class SandboxApp(Starlette):
    """Starlette plus the sandbox's gate: auth, rate limit and injected faults."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        state: SandboxState = self.state.sandbox
        path: str = scope.get("path", "")
        if path.startswith(ADMIN_PREFIX):
            if not self._authorized(scope, state):
                await self._reply(
                    scope,
                    send,
                    401,
                    t("sandbox.unauthorized", self._lang(scope, state)),
                    {"www-authenticate": "Bearer"},
                )
                return
            await super().__call__(scope, receive, send)
            return
        if not path.startswith(API_PREFIX):
            await super().__call__(scope, receive, send)
            return
        faults = state.faults
        lang = self._lang(scope, state)
        if faults.down:
            await self._refuse(send)
            return
        if faults.latency_ms:
            await faults.sleep(faults.latency_ms / 1000)
        if not self._authorized(scope, state):
            await self._reply(
                scope, send, 401, t("sandbox.unauthorized", lang), {"www-authenticate": "Bearer"}
            )
            return
        retry_after = self.limiter.check(faults.rate_limit, faults.rate_window_s)
        if retry_after is not None:
            seconds = max(1, math.ceil(retry_after))
            await self._reply(
                scope, send, 429, t("sandbox.rate_limited", lang), {"retry-after": str(seconds)}
            )
            return
        error_draw, timeout_draw = faults.draw(), faults.draw()  # always both: a fixed sequence
        if error_draw < faults.error_rate:
            status = 503 if error_draw < faults.error_rate / 3 else 500
            key = "sandbox.maintenance" if status == 503 else "sandbox.server_error"
            await self._reply(scope, send, status, t(key, lang))
            return
        if timeout_draw < faults.timeout_rate:
            await self._hang(receive, send)
            return
        flag = {"drop": False}
        scope[orders.DROP_KEY] = flag
        scope[orders.SOCKET_KEY] = await _has_socket(send)

        async def guarded_send(message: Message) -> None:
            if not flag["drop"]:
                await send(message)

        await super().__call__(scope, receive, _rewritten(scope, faults, guarded_send))
        if flag["drop"] and not await drop_connection(send, reset=False):
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    @property
    def limiter(self) -> RateLimiter:
        limiter: RateLimiter = self.state.limiter
        return limiter

    @staticmethod
    def _lang(scope: Scope, state: SandboxState) -> str:
        for name, value in scope.get("headers", []):
            if name == b"accept-language":
                wanted = value.decode("latin-1").strip().lower()[:2]
                if wanted in ("id", "en"):
                    return wanted
        return state.config.default_lang

    @staticmethod
    def _authorized(scope: Scope, state: SandboxState) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                return scheme.lower() == "bearer" and hmac.compare_digest(
                    token.strip().encode(), state.config.token.encode()
                )
        return False

    @staticmethod
    async def _reply(
        scope: Scope, send: Send, status: int, message: str, headers: dict[str, str] | None = None
    ) -> None:
        response = failed(message, status, headers)
        await response(scope, _no_receive, send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        if not await drop_connection(send, reset=True):
            raise httpx.ConnectError("sandbox is down (simulated): connection refused")

    async def _hang(self, receive: Receive, send: Send) -> None:
        """Answer nothing for `hang_seconds` (or until the client gives up), then drop."""
        faults = self.state.sandbox.faults

        async def client_gone() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        over_socket = await _has_socket(send)
        if over_socket:
            waiter = asyncio.ensure_future(client_gone())
            sleeper = asyncio.ensure_future(faults.sleep(faults.hang_seconds))
            _done, pending = await asyncio.wait(
                {waiter, sleeper}, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
            await drop_connection(send, reset=False)
            return
        await faults.sleep(faults.hang_seconds)
        raise httpx.ReadTimeout("sandbox did not answer (simulated timeout)")


def _serve_page_one(scope: Scope) -> int:
    """Point the request at page 1; return the page the client asked for."""
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    asked = next((value for key, value in pairs if key == PAGE_PARAM), "1")
    pairs = [(key, "1" if key == PAGE_PARAM else value) for key, value in pairs]
    scope["query_string"] = urlencode(pairs).encode("latin-1")
    return int(asked) if asked.isdigit() else 1


def _rewritten(scope: Scope, faults: Faults, send: Send) -> Send:
    """`send`, or one that rewrites a GET answer as the junk/hostile faults ask (for
    `repeat_pages` the request itself is pointed at page 1 here, before it is routed)."""
    if scope.get("method") != "GET":
        return send
    junk = faults.draw_junk()
    repeated_page = _serve_page_one(scope) if faults.repeat_pages else None
    escape = faults.escape_names
    if junk is None and repeated_page is None and not escape:
        return send
    start: Message = {}
    chunks: list[bytes] = []

    async def rewriting_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body, kind = b"".join(chunks), b"application/json"
        if 200 <= start["status"] < 300:
            if escape or repeated_page is not None:
                body = rewrite_answer(body, escape_names=escape, repeated_page=repeated_page)
            if junk is not None:
                body, kind = junk_body(junk, body)
        headers = [
            (name, value) for name, value in start.get("headers", [])
            if name.lower() not in (b"content-length", b"content-type")
        ]
        headers += [(b"content-length", str(len(body)).encode()), (b"content-type", kind)]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return rewriting_send


async def _has_socket(send: Send) -> bool:
    from sspos.sandbox.faults import raw_transport

    return raw_transport(send) is not None


async def _no_receive() -> Message:  # pragma: no cover - responses here never read the body
    return {"type": "http.disconnect"}


# ------------------------------------------------------------------ admin
async def get_faults(request: Request) -> Response:
    return WireJSON(envelope(request.app.state.sandbox.faults.as_dict()))


async def put_faults(request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise BadRequest("sandbox.bad_json")
    faults = request.app.state.sandbox.faults
    try:
        faults.update(body)
    except FaultValueError as exc:
        return failed({"faults": [str(exc)]}, 422)
    return WireJSON(envelope(faults.as_dict()))


async def delete_faults(request: Request) -> Response:
    faults = request.app.state.sandbox.faults
    faults.clear()
    return WireJSON(envelope(faults.as_dict()))


# ------------------------------------------------------------------ errors
async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Invalid)
    return failed(exc.errors, 422)


async def _not_found(request: Request, exc: Exception) -> Response:
    return failed(t("sandbox.not_found", lang_of(request)), 404)


async def _bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadRequest)
    return failed(t(exc.key, lang_of(request)), 400)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    lang = lang_of(request) if hasattr(request.app.state, "sandbox") else "en"
    key = {404: "sandbox.endpoint_not_found", 405: "sandbox.method_not_allowed"}.get(
        exc.status_code
    )
    return failed(t(key, lang) if key else str(exc.detail), exc.status_code)


async def _crash(request: Request, exc: Exception) -> Response:
    return failed(t("sandbox.server_error", lang_of(request)), 500)


def create_app(config: SandboxConfig | None = None) -> SandboxApp:
    """A sandbox serving the SmartSeller Open API under `/api/open`, demo data generated."""
    config = config or SandboxConfig()
    api_routes = [
        *shop.routes,
        *products.routes,
        *customers.routes,
        *banks.routes,
        *expeditions.routes,
        *orders.routes,
        *expenses.routes,
    ]
    app = SandboxApp(
        routes=[
            Mount(API_PREFIX, routes=api_routes),
            Route(f"{ADMIN_PREFIX}/faults", get_faults, methods=["GET"]),
            Route(f"{ADMIN_PREFIX}/faults", put_faults, methods=["PUT"]),
            Route(f"{ADMIN_PREFIX}/faults", delete_faults, methods=["DELETE"]),
        ],
        exception_handlers={
            Invalid: _invalid,
            NotFound: _not_found,
            BadRequest: _bad_request,
            HTTPException: _http_error,
            Exception: _crash,
        },
    )
    app.state.sandbox = SandboxState(config)
    app.state.limiter = RateLimiter(config.monotonic)
    return app
