"""The async SmartSeller Open API client: one method per endpoint the POS uses.

Every call sends `Authorization: Bearer <token>` and `Accept-Language`. GETs retry with
exponential backoff and jitter on 429 (honouring `Retry-After`), 5xx and network errors;
POST/PATCH never retry (a blind retry could create a second order — the outbox decides).
Failures map to `sspos.api.errors`; responses are parsed into `sspos.api.models`, and a
response that does not fit them is a `ContractError` naming the endpoint and the field (a
`MalformedResponse` when it is not API data at all: HTML, truncated JSON, no envelope).
The token lives only in the Authorization header: never in logs, reprs or messages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from sspos.api import paths
from sspos.api.errors import (
    ApiError,
    ContractError,
    EndpointMissing,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    RequestInvalid,
    ServerUnavailable,
    Unauthorized,
    ValidationFailed,
)
from sspos.api.models import (
    AwbAdded,
    Bank,
    CancelledOrder,
    CreatedCustomer,
    CreatedExpense,
    CreatedOrder,
    CreateOrderRequest,
    CustomCourier,
    Customer,
    CustomerCategory,
    CustomerCreate,
    CustomerOrder,
    Expedition,
    ExpeditionCost,
    Expense,
    ExpenseCreate,
    OrderCostPreset,
    OrderDetail,
    OrderSource,
    OrderSummary,
    Page,
    Pagination,
    PaymentRecord,
    PaymentUpdated,
    PriceAccess,
    Product,
    QuickPaymentRequest,
    Region,
    Shop,
    StockCheck,
    Supplier,
    Tracking,
    User,
    VariationSearchItem,
    Warehouse,
    WarehouseStock,
    WholesaleMinimum,
    WholesaleQuote,
)
from sspos.api.models.product_list import decode_product_list
from sspos.domain.text import clean_text

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

DEFAULT_BASE_URL = "https://api.smartseller.co.id/api/open"
MAX_PER_PAGE = 100  # the doc's maximum for `per_page`
MAX_PAGES = 10_000  # a guard against a server whose pagination never ends

Sleep = Callable[[float], Awaitable[Any]]


def _page_size(per_page: int) -> int:
    return max(1, min(int(per_page), MAX_PER_PAGE))


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _query(params: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Query pairs without None values; lists go out Laravel style (`key[]=a&key[]=b`)."""
    pairs: list[tuple[str, Any]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            pairs.extend((f"{key}[]", _query_value(v)) for v in value)
        else:
            pairs.append((key, _query_value(value)))
    return pairs


def _date_text(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def _retry_after_seconds(header: str | None, now: Callable[[], dt.datetime]) -> float | None:
    """`Retry-After` as seconds: either delta-seconds or an HTTP date."""
    if not header:
        return None
    text = header.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now()).total_seconds())


def _loc_text(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _server_message(body: Any) -> str | None:
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str) and message:
            return message
        if isinstance(message, list) and message:
            return "; ".join(str(m) for m in message)
    return None


def _field_errors(message: Any) -> dict[str, list[str]]:
    """`{"field": ["…"]}` → field → messages (non-list values and non-strings coerced)."""
    errors: dict[str, list[str]] = {}
    if isinstance(message, dict):
        for field, value in message.items():
            items = value if isinstance(value, list) else [value]
            errors[str(field)] = [str(item) for item in items]
    return errors


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page of a list endpoint for bulk readers (see `products_page_raw`)."""

    items: list[Any]
    pagination: Pagination


@dataclass(frozen=True, slots=True)
class _Fast:
    """A body already read by a request's `fast` reader."""

    value: Any


class _Secret:
    """Holds the token; its repr never shows it (so `vars(client)` cannot leak it)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__

    def reveal(self) -> str:
        return self._value


class SmartSellerClient:
    """Async client of the SmartSeller Open API (use `async with`, or call `aclose()`).

    `transport` lets tests and the demo mode plug in an in-process app
    (`httpx.ASGITransport`); `sleep` and `rng` let tests fake the backoff time.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        lang: str = "id",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        max_retries: int = 3,
        sleep: Sleep = asyncio.sleep,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 60.0,
        rng: Callable[[], float] = random.random,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/") + "/"
        self._token = _Secret(token)
        self.lang = lang
        self.max_retries = max(0, max_retries)
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._max_retry_after = max_retry_after
        self._rng = rng
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._http = httpx.AsyncClient(
            base_url=self._base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json"},
        )

    # ------------------------------------------------------------ lifecycle

    def __repr__(self) -> str:
        return f"SmartSellerClient(base_url={self._base_url!r}, lang={self.lang!r}, token=***)"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying connection pool."""
        await self._http.aclose()

    @property
    def base_url(self) -> str:
        return self._base_url

    # ------------------------------------------------------------ transport

    def backoff_delay(self, attempt: int) -> float:
        """Delay before retry number `attempt` (0-based): exponential, capped, with
        "equal jitter" — between half and all of `base * 2**attempt`."""
        ceiling = min(self._backoff_max, self._backoff_base * 2.0**attempt)
        return ceiling / 2 + ceiling / 2 * self._rng()

    def _scrub(self, text: str) -> str:
        """Text for an error message: the token masked, server text made safe to show."""
        token = self._token.reveal()
        return clean_text(text.replace(token, "***") if token else text)

    async def _request(
        self,
        method: Literal["GET", "POST", "PATCH"],
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        fast: Callable[[bytes], Any] | None = None,
    ) -> Any:
        """Send one request (GETs retried) and return the decoded JSON body.

        `fast`, if given, reads a 2xx body first; when it answers (not None) that answer
        is returned wrapped in `_Fast`, and the normal decoding is skipped.
        """
        endpoint = f"{method} {path}"
        retries = self.max_retries if method == "GET" else 0
        attempt = 0
        while True:
            try:
                return await self._send_once(method, path, endpoint, params, body, fast)
            except (RateLimited, ServerUnavailable, NetworkError) as error:
                if attempt >= retries:
                    raise
                delay = self.backoff_delay(attempt)
                if isinstance(error, RateLimited) and error.retry_after is not None:
                    if error.retry_after > self._max_retry_after:
                        raise  # the server asks for a longer pause than a GET should wait
                    delay = error.retry_after
                log.info("%s failed (%s); retry %d in %.2fs", endpoint, error.message,
                         attempt + 1, delay)
                await self._sleep(delay)
                attempt += 1

    async def _send_once(
        self,
        method: str,
        path: str,
        endpoint: str,
        params: Mapping[str, Any] | None,
        body: Any,
        fast: Callable[[bytes], Any] | None = None,
    ) -> Any:
        headers = {
            "Authorization": f"Bearer {self._token.reveal()}",
            "Accept-Language": self.lang,
        }
        try:
            response = await self._http.request(
                method,
                path,
                params=_query(params or {}),
                json=body,
                headers=headers,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout,
                httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            # The connection was never opened: the server cannot have seen the request.
            raise NetworkError(
                endpoint, self._scrub(f"cannot connect ({type(exc).__name__}: {exc})"),
                certainly_not_sent=True,
            ) from None
        except httpx.TimeoutException as exc:
            raise NetworkError(
                endpoint, self._scrub(f"timed out ({type(exc).__name__})"),
                certainly_not_sent=False, timed_out=True,
            ) from None
        except httpx.TransportError as exc:
            raise NetworkError(
                endpoint, self._scrub(f"connection failed ({type(exc).__name__}: {exc})"),
                certainly_not_sent=False,
            ) from None
        log.debug("%s -> %d", endpoint, response.status_code)
        if fast is not None and 200 <= response.status_code < 300:
            answer = fast(response.content)
            if answer is not None:
                return _Fast(answer)
        return self._decode(endpoint, response)

    def _decode(self, endpoint: str, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            body: Any = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        server_text = self._scrub(_server_message(body) or response.reason_phrase or "")
        if status in (401, 403):
            raise Unauthorized(endpoint, f"{status} {server_text or 'unauthorized'}", status=status)
        if status == 429:
            retry_after = _retry_after_seconds(response.headers.get("Retry-After"), self._now)
            raise RateLimited(endpoint, f"429 {server_text or 'too many requests'}",
                              retry_after=retry_after)
        if status >= 500:
            raise ServerUnavailable(endpoint, f"{status} {server_text or 'server error'}",
                                    status=status)
        if status == 404:
            missing = endpoint.partition(" ")[2] in paths.ALWAYS_THERE
            raise (EndpointMissing if missing else NotFound)(
                endpoint, f"404 {server_text or 'not found'}", status=status)
        failed = isinstance(body, dict) and str(body.get("response", "")).lower() == "failed"
        if failed or (400 <= status < 500 and isinstance(body, dict)
                      and isinstance(body.get("message"), dict)):
            message = body.get("message") if isinstance(body, dict) else None
            field_errors = {field: [self._scrub(m) for m in msgs]
                            for field, msgs in _field_errors(message).items()}
            text = None if field_errors else (server_text or f"{status} request rejected")
            raise ValidationFailed(endpoint, field_errors, status=status, message=text)
        if status >= 400:
            raise ApiError(endpoint, f"{status} {server_text or 'request refused'}", status=status)
        if body is None:
            snippet = self._scrub(response.text[:80])
            raise MalformedResponse(endpoint, "", f"not JSON: {snippet!r}", status=status)
        return body

    # ------------------------------------------------------------ parsing

    def _data(self, endpoint: str, body: Any) -> Any:
        if not isinstance(body, dict) or "data" not in body:
            raise MalformedResponse(endpoint, "data", "missing from the response")
        return body["data"]

    def _model(self, endpoint: str, model: type[M], data: Any, *, where: str = "data") -> M:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise self._contract(endpoint, exc, where) from None

    def _list(self, endpoint: str, model: type[M], data: Any, *, where: str = "data") -> list[M]:
        if data is None:
            return []
        if isinstance(data, dict):  # a keyed object where a list is expected
            data = list(data.values())
        try:
            return TypeAdapter(list[model]).validate_python(data)  # type: ignore[valid-type]
        except ValidationError as exc:
            raise self._contract(endpoint, exc, where) from None

    def _contract(self, endpoint: str, exc: ValidationError, where: str) -> ContractError:
        first = exc.errors()[0]
        field = _loc_text((where, *first["loc"])) if where else _loc_text(first["loc"])
        return ContractError(endpoint, field, self._scrub(str(first["msg"])))

    def _page(self, endpoint: str, model: type[M], body: Any) -> Page[M]:
        items = self._list(endpoint, model, self._data(endpoint, body))
        pagination = self._pagination(endpoint, body, len(items))
        return Page[model](items=items, pagination=pagination)  # type: ignore[valid-type]

    def _pagination(self, endpoint: str, body: Any, count: int) -> Pagination:
        """`meta.pagination`, validated; absent means one page holding all `count` items."""
        meta = body.get("meta") if isinstance(body, dict) else None
        raw = meta.get("pagination") if isinstance(meta, dict) else None
        if raw is None:
            return Pagination(total=count, count=count, per_page=count,
                              current_page=1, total_pages=1)
        return self._model(endpoint, Pagination, raw, where="meta.pagination")

    def _raw_list(self, endpoint: str, data: Any) -> list[Any]:
        """`data` as a list without validating its items (same envelope rules as `_list`)."""
        if data is None:
            return []
        if isinstance(data, dict):  # a keyed object where a list is expected
            return list(data.values())
        if not isinstance(data, list):
            raise ContractError(endpoint, "data",
                                f"expected a list, got {type(data).__name__}")
        return data

    async def _get(self, name: str, params: Mapping[str, Any] | None = None,
                   **path_params: Any) -> tuple[str, Any]:
        path = paths.path_for(name, **path_params)
        return f"GET {path}", await self._request("GET", path, params=params)

    async def _iterate(
        self, fetch: Callable[[int], Awaitable[Page[M]]]
    ) -> AsyncIterator[M]:
        page_number = 1
        while page_number <= MAX_PAGES:
            page = await fetch(page_number)
            for item in page.items:
                yield item
            if not page.items or not page.pagination.has_next:
                return
            if ("current_page" in page.pagination.model_fields_set
                    and page.pagination.current_page < page_number):
                return  # the server ignores the page parameter: stop, don't loop
            page_number += 1

    # ------------------------------------------------------------ shop & setup

    async def shop(self) -> Shop:
        """The shop header (`shop`; the doc's `data` is a list — the first entry)."""
        endpoint, body = await self._get("shop")
        data = self._data(endpoint, body)
        if isinstance(data, list):
            if not data:
                raise ContractError(endpoint, "data", "empty list, expected the shop")
            return self._model(endpoint, Shop, data[0], where="data.0")
        return self._model(endpoint, Shop, data)

    async def users(self) -> list[User]:
        """Users (cashiers/admins) of the shop."""
        endpoint, body = await self._get("users")
        return self._list(endpoint, User, self._data(endpoint, body))

    async def suppliers(self) -> list[Supplier]:
        """Suppliers: the shipping origins."""
        endpoint, body = await self._get("suppliers")
        return self._list(endpoint, Supplier, self._data(endpoint, body))

    async def warehouses(self, with_main: bool = True) -> list[Warehouse]:
        """Warehouses; `with_main` adds "Gudang Utama" (id 0)."""
        endpoint, body = await self._get("warehouses", {"with_main_warehouse": with_main})
        return self._list(endpoint, Warehouse, self._data(endpoint, body))

    # ------------------------------------------------------------ catalog

    async def products(self, page: int = 1, per_page: int = 50, **filters: Any) -> Page[Product]:
        """One page of the catalog (filters: keyword, category, type, order_by, …)."""
        params = {**filters, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        endpoint, body = await self._get("products", params)
        return self._page(endpoint, Product, body)

    async def products_page_raw(self, page: int = 1, per_page: int = 50,
                                **filters: Any) -> RawPage:
        """One page of the catalog for bulk consumers (the full sync), read cheaply.

        Same request, retries and error mapping as `products()`. When the page is in
        plain shapes its items are `ListedProduct`s (msgspec, strict, only the fields the
        catalog keeps); otherwise only the envelope is checked (`data` is a list,
        `meta.pagination` is valid) and the items are the server's own dicts, NOT
        validated or normalised (ids and prices may be strings, keys missing, an item
        may not even be an object). Whoever reads them screens each one; everything
        else should use the typed `products()`.
        """
        params = {**filters, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        path = paths.path_for("products")
        endpoint = f"GET {path}"
        body = await self._request("GET", path, params=params, fast=decode_product_list)
        if isinstance(body, _Fast):
            items, meta = body.value
            return RawPage(items=items,
                           pagination=self._pagination(endpoint, {"meta": meta}, len(items)))
        items = self._raw_list(endpoint, self._data(endpoint, body))
        return RawPage(items=items, pagination=self._pagination(endpoint, body, len(items)))

    def iter_products(self, per_page: int = 50, **filters: Any) -> AsyncIterator[Product]:
        """Every product, page after page."""
        return self._iterate(lambda n: self.products(page=n, per_page=per_page, **filters))

    async def product_detail(self, product_id: int) -> Product:
        """One product, fresh (its bands are in `wholesale_prices`)."""
        endpoint, body = await self._get("product_detail", product_id=product_id)
        return self._model(endpoint, Product, self._data(endpoint, body))

    async def product_variations(
        self, keyword: str, per_page: int = 20, customer_id: int | None = None
    ) -> list[VariationSearchItem]:
        """Variant search by name (`customer_id` adds that customer's promos)."""
        params = {"keyword": keyword or None, "per_page": _page_size(per_page),
                  "customer_id": customer_id}
        endpoint, body = await self._get("product_variations", params)
        return self._list(endpoint, VariationSearchItem, self._data(endpoint, body))

    async def check_stock(self, variation_id: int, warehouse_id: int | None = None) -> StockCheck:
        """Stock and prices of one variant (optionally in one warehouse)."""
        params = {"variation_id": variation_id, "warehouse_id": warehouse_id}
        endpoint, body = await self._get("check_stock", params)
        return self._model(endpoint, StockCheck, self._data(endpoint, body))

    async def warehouse_stock(self, variation_id: int) -> list[WarehouseStock]:
        """Stock of one variant per warehouse."""
        endpoint, body = await self._get("warehouse_stock", variation_id=variation_id)
        return self._list(endpoint, WarehouseStock, self._data(endpoint, body))

    async def product_wholesale(self, product_id: int) -> WholesaleMinimum:
        """Units of a product to buy before wholesale applies."""
        endpoint, body = await self._get("product_wholesale", {"product_id": product_id})
        return self._model(endpoint, WholesaleMinimum, self._data(endpoint, body))

    async def order_wholesale(self, variation_id: int, qty: int) -> WholesaleQuote:
        """The wholesale unit price of a variant for `qty` units."""
        params = {"variation_id": variation_id, "qty": qty}
        endpoint, body = await self._get("order_wholesale", params)
        return self._model(endpoint, WholesaleQuote, self._data(endpoint, body))

    async def check_price(self, category_code: str) -> PriceAccess:
        """Wholesale/discount access of a customer category code."""
        endpoint, body = await self._get("check_price", category_code=category_code)
        return self._model(endpoint, PriceAccess, self._data(endpoint, body))

    # ------------------------------------------------------------ customers

    async def customer_categories(self) -> list[CustomerCategory]:
        """All customer categories with their access flags."""
        endpoint, body = await self._get("customer_categories")
        return self._list(endpoint, CustomerCategory, self._data(endpoint, body))

    async def customers(
        self,
        keyword: str | None = None,
        type: str = "NAME",
        page: int = 1,
        per_page: int = 50,
        **filters: Any,
    ) -> Page[Customer]:
        """One page of customers (search by NAME, EMAIL, PHONE or ADDRESS)."""
        params = {
            **filters,
            "keyword": keyword,
            "type": type if keyword else None,
            "per_page": _page_size(per_page),
            paths.PAGE_PARAM: page,
        }
        endpoint, body = await self._get("customers", params)
        return self._page(endpoint, Customer, body)

    def iter_customers(
        self,
        keyword: str | None = None,
        type: str = "NAME",
        per_page: int = 100,
        **filters: Any,
    ) -> AsyncIterator[Customer]:
        """Every customer (matching the keyword), page after page."""
        return self._iterate(
            lambda n: self.customers(keyword, type, page=n, per_page=per_page, **filters)
        )

    async def create_customer(self, customer: CustomerCreate) -> CreatedCustomer:
        """Create a customer (never retried)."""
        path = paths.path_for("create_customer")
        body = await self._request("POST", path, body=customer.to_wire())
        return self._model(f"POST {path}", CreatedCustomer, self._data(f"POST {path}", body))

    async def regions(
        self, keyword: str | None = None, page: int = 1, per_page: int = 50
    ) -> Page[Region]:
        """Sub-districts matching `keyword` (their `id` is the district_id)."""
        params = {"keyword": keyword, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        endpoint, body = await self._get("regions", params)
        return self._page(endpoint, Region, body)

    def iter_regions(self, keyword: str | None = None, per_page: int = 100
                     ) -> AsyncIterator[Region]:
        """Every region matching `keyword`, page after page."""
        return self._iterate(lambda n: self.regions(keyword, page=n, per_page=per_page))

    async def customer_order_history(
        self, customer_id: int, page: int = 1, per_page: int = 50
    ) -> Page[CustomerOrder]:
        """A customer's past orders."""
        params = {"id": customer_id, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        endpoint, body = await self._get("customer_order_history", params)
        return self._page(endpoint, CustomerOrder, body)

    # ------------------------------------------------------------ money & shipping

    async def banks(self, type: str | None = None) -> list[Bank]:
        """Bank accounts of the shop (`type`: BANK or PAYMENT GATEWAY)."""
        endpoint, body = await self._get("banks", {"type": type})
        return self._list(endpoint, Bank, self._data(endpoint, body))

    async def expeditions(self) -> list[Expedition]:
        """Every expedition service."""
        endpoint, body = await self._get("expeditions")
        return self._list(endpoint, Expedition, self._data(endpoint, body))

    async def active_expeditions(self) -> list[Expedition]:
        """Expeditions enabled for the shop (all pages)."""

        async def fetch(n: int) -> Page[Expedition]:
            params = {"per_page": MAX_PER_PAGE, paths.PAGE_PARAM: n}
            endpoint, body = await self._get("active_expeditions", params)
            return self._page(endpoint, Expedition, body)

        return [item async for item in self._iterate(fetch)]

    async def expedition_cost(
        self, origin_id: int, destination_id: int, weight: int, price: int | None = None
    ) -> ExpeditionCost:
        """Shipping rates from a district to another for a weight (and goods value)."""
        params = {"origin_id": origin_id, "destination_id": destination_id,
                  "weight": weight, "price": price}
        endpoint, body = await self._get("expedition_cost", params)
        cost = self._model(endpoint, ExpeditionCost, self._data(endpoint, body))
        meta = body.get("meta") if isinstance(body, dict) else None
        if isinstance(meta, dict):
            cost.meta = meta
        return cost

    async def tracking(
        self, awb_number: str, expedition_id: int, order_id: int | None = None
    ) -> Tracking:
        """Where a shipment is."""
        params = {"awb_number": awb_number, "expedition_id": expedition_id, "order_id": order_id}
        endpoint, body = await self._get("tracking", params)
        return self._model(endpoint, Tracking, self._data(endpoint, body))

    async def custom_couriers(self) -> list[CustomCourier]:
        """The shop's own couriers with a flat fee."""
        endpoint, body = await self._get("custom_couriers")
        return self._list(endpoint, CustomCourier, self._data(endpoint, body))

    async def order_sources(self) -> list[OrderSource]:
        """Sales channels."""
        endpoint, body = await self._get("order_sources")
        return self._list(endpoint, OrderSource, self._data(endpoint, body))

    async def order_costs(self) -> list[OrderCostPreset]:
        """DISCOUNT / OTHER COST presets."""
        endpoint, body = await self._get("order_costs")
        return self._list(endpoint, OrderCostPreset, self._data(endpoint, body))

    # ------------------------------------------------------------ orders

    async def create_order(self, payload: dict[str, Any] | CreateOrderRequest) -> CreatedOrder:
        """POST `order` — never retried. The payload is validated first; a payload that
        breaks the doc's rules raises `RequestInvalid` and is not sent."""
        path = paths.path_for("create_order")
        endpoint = f"POST {path}"
        request = self._validated(endpoint, CreateOrderRequest, payload)
        body = await self._request("POST", path, body=request.to_wire())
        return self._model(endpoint, CreatedOrder, self._data(endpoint, body))

    async def add_awb(self, order_id: int, awb_number: str) -> AwbAdded:
        """Attach an air waybill to an order (`id`, `awb_number` as QUERY parameters)."""
        path = paths.path_for("add_awb")
        endpoint = f"POST {path}"
        body = await self._request("POST", path, params={"id": order_id, "awb_number": awb_number})
        return self._model(endpoint, AwbAdded, self._data(endpoint, body))

    async def orders(self, page: int = 1, per_page: int = 100, **filters: Any
                     ) -> Page[OrderSummary]:
        """One page of orders (filters per the doc: keyword, type, start_date, …)."""
        params = {**filters, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        endpoint, body = await self._get("orders", params)
        return self._page(endpoint, OrderSummary, body)

    def iter_orders(self, per_page: int = 100, **filters: Any) -> AsyncIterator[OrderSummary]:
        """Every order matching the filters, page after page."""
        return self._iterate(lambda n: self.orders(page=n, per_page=per_page, **filters))

    async def order_details(self, order_id: int) -> OrderDetail:
        """The detail of one order (`order/details`; see `paths.ORDER_DETAILS_ID_PARAM`)."""
        params = {paths.ORDER_DETAILS_ID_PARAM: order_id}
        endpoint, body = await self._get("order_details", params)
        details = self._list(endpoint, OrderDetail, self._data(endpoint, body))
        for detail in details:
            if detail.order_id == order_id:
                return detail
        raise NotFound(endpoint, f"order {order_id} not in the response")

    async def quick_payment(
        self,
        order_id: int,
        amount: int,
        bank_id: int,
        date: dt.date | str,
        *,
        status: Literal["PAID", "INSTALLMENT"] = "INSTALLMENT",
        cost_of_goods_sales: int | None = None,
    ) -> PaymentUpdated:
        """PATCH `order/quick-payment` (an installment by default) — never retried."""
        path = paths.path_for("quick_payment")
        endpoint = f"PATCH {path}"
        raw: dict[str, Any] = {
            "id": order_id,
            "payment": {"status": status, "date": _date_text(date), "bank_id": bank_id,
                        "amount": amount},
        }
        if cost_of_goods_sales is not None:
            raw["cost_of_goods_sales"] = cost_of_goods_sales
        request = self._validated(endpoint, QuickPaymentRequest, raw)
        body = await self._request("PATCH", path, body=request.to_wire())
        return self._model(endpoint, PaymentUpdated, self._data(endpoint, body))

    async def payment_history(self, order_id: int) -> list[PaymentRecord]:
        """Payments recorded on an order."""
        endpoint, body = await self._get("payment_history", {"id": order_id, "status": "ORDER"})
        return self._list(endpoint, PaymentRecord, self._data(endpoint, body))

    async def cancel_order(self, order_id: int) -> CancelledOrder:
        """POST `order/cancel` — never retried."""
        path = paths.path_for("cancel_order")
        endpoint = f"POST {path}"
        body = await self._request("POST", path, body={"id": order_id})
        return self._model(endpoint, CancelledOrder, self._data(endpoint, body))

    # ------------------------------------------------------------ expenses

    async def create_expense(self, expense: ExpenseCreate | dict[str, Any]) -> CreatedExpense:
        """POST `expense` — never retried. A body that breaks the doc's rules (a title
        over 100 characters, a nominal below 1) raises `RequestInvalid` and is not sent."""
        path = paths.path_for("create_expense")
        endpoint = f"POST {path}"
        request = self._validated(endpoint, ExpenseCreate, expense)
        body = await self._request("POST", path, body=request.to_wire())
        return self._model(endpoint, CreatedExpense, self._data(endpoint, body))

    async def expenses(self, page: int = 1, per_page: int = 100, **filters: Any
                       ) -> Page[Expense]:
        """One page of the shop's expenses (filters per the doc: `start_date`,
        `end_date`, `type`, `month`, `year`)."""
        params = {**filters, "per_page": _page_size(per_page), paths.PAGE_PARAM: page}
        endpoint, body = await self._get("expenses", params)
        return self._page(endpoint, Expense, body)

    def _validated(self, endpoint: str, model: type[M], payload: Any) -> M:
        if isinstance(payload, model):
            return payload
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            for error in exc.errors():
                errors.setdefault(_loc_text(error["loc"]) or "body", []).append(str(error["msg"]))
            raise RequestInvalid(endpoint, errors) from None
