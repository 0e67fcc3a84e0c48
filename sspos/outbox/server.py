"""What the outbox worker asks of SmartSeller, and the searches that settle a doubt.

A request that may or may not have landed (a timeout, a dropped connection, a 5xx) is
settled by looking for it: an order or an expense by the client reference in its note, a
customer by its name and phone. A search proves absence only when it read the whole listing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any, Literal, Protocol

from sspos.api.models import (
    AwbAdded,
    CancelledOrder,
    CreatedCustomer,
    CreatedExpense,
    CreatedOrder,
    Customer,
    CustomerCreate,
    Expense,
    ExpenseCreate,
    OrderSummary,
    Page,
    PaymentRecord,
    PaymentUpdated,
)
from sspos.domain.order import reference_in_note
from sspos.store.customers import phone_key

#: Orders per page when searching (the API's maximum).
PAGE_SIZE = 100
#: Order statuses of an order that no longer counts (the doc's spelling and a variant).
CANCELLED_STATUSES = frozenset({"CANCELED", "CANCELLED", "CANCEL"})
#: A search reading more pages than this gives up (and the doubt stays) rather than loop.
MAX_SEARCH_PAGES = 200


class OrderApi(Protocol):
    """What the worker needs of `sspos.api.client.SmartSellerClient`."""

    async def create_order(self, payload: dict[str, Any]) -> CreatedOrder: ...
    async def add_awb(self, order_id: int, awb_number: str) -> AwbAdded: ...
    async def orders(self, page: int = 1, per_page: int = 100, **filters: Any
                     ) -> Page[OrderSummary]: ...
    async def quick_payment(self, order_id: int, amount: int, bank_id: int, date: str, *,
                            status: Literal["PAID", "INSTALLMENT"] = "INSTALLMENT",
                            cost_of_goods_sales: int | None = None,
                            ) -> PaymentUpdated: ...
    async def payment_history(self, order_id: int) -> list[PaymentRecord]: ...
    async def cancel_order(self, order_id: int) -> CancelledOrder: ...
    async def customers(self, keyword: str | None = None, type: str = "NAME",
                        page: int = 1, per_page: int = 50, **filters: Any
                        ) -> Page[Customer]: ...
    async def create_customer(self, customer: CustomerCreate) -> CreatedCustomer: ...
    async def create_expense(self, expense: ExpenseCreate | dict[str, Any]
                             ) -> CreatedExpense: ...
    async def expenses(self, page: int = 1, per_page: int = 100, **filters: Any
                       ) -> Page[Expense]: ...
    async def aclose(self) -> None: ...


ClientFactory = Callable[[], OrderApi]


class SearchIncomplete(Exception):
    """The order listing could not be read to its end, so absence is not proven."""



def days_around(order_date: str) -> dict[str, str]:
    """The date filters of a search: a day either side of the sale's date, since the
    server may file the order under its own clock or zone."""
    try:
        day = date.fromisoformat(order_date[:10])
    except ValueError:
        day = date.today()
    return {
        "start_date": (day - timedelta(days=1)).isoformat(),
        "end_date": (day + timedelta(days=1)).isoformat(),
    }


def carries(order: Any, client_ref: str) -> bool:
    """Whether an order's note carries this reference. Case-blind: references are
    upper-case base32, and someone may have retyped the note on the server."""
    found = reference_in_note(getattr(order, "note", None))
    return found is not None and found.casefold() == client_ref.casefold()


async def orders_listed(client: OrderApi, filters: dict[str, str]) -> AsyncIterator[Any]:
    """Every order of the listing with these filters, page after page.

    Raises SearchIncomplete when the listing cannot be trusted to be complete (pages
    that repeat, or no end in sight)."""
    seen: set[Any] = set()
    for page_no in range(1, MAX_SEARCH_PAGES + 1):
        page = await client.orders(page=page_no, per_page=PAGE_SIZE, **filters)
        ids = [getattr(order, "order_id", None) for order in page.items]
        if page.items and seen.issuperset(ids):
            raise SearchIncomplete(f"page {page_no} repeats earlier orders")
        seen.update(ids)
        for order in page.items:
            yield order
        pagination = page.pagination
        more = pagination.next is not None or pagination.current_page < pagination.total_pages
        # A full page means there may be more, whatever the counters say.
        if not page.items or (not more and len(page.items) < PAGE_SIZE):
            return
    raise SearchIncomplete(f"more than {MAX_SEARCH_PAGES} pages of orders")


async def customer_matches(client: OrderApi, payload: dict[str, Any]) -> set[int]:
    """Ids of the server's customers with this body's name and phone (every page of
    the name search read; SearchIncomplete when it cannot be)."""
    name = str(payload.get("name") or "").strip()
    phone = phone_key(str(payload.get("phone") or ""))
    found: set[int] = set()
    seen: set[int] = set()
    for page_no in range(1, MAX_SEARCH_PAGES + 1):
        # The doc caps `keyword` at 50 characters; the full name is compared below.
        page = await client.customers(keyword=name[:50], type="NAME", page=page_no,
                                      per_page=PAGE_SIZE)
        ids = [int(customer.id) for customer in page.items]
        if page.items and seen.issuperset(ids):
            raise SearchIncomplete(f"customer page {page_no} repeats earlier customers")
        seen.update(ids)
        found.update(
            int(customer.id) for customer in page.items
            if (customer.name or "").strip().casefold() == name.casefold()
            and phone_key(customer.phone or "") == phone
        )
        pagination = page.pagination
        more = pagination.next is not None or pagination.current_page < pagination.total_pages
        if not page.items or (not more and len(page.items) < PAGE_SIZE):
            return found
    raise SearchIncomplete(f"more than {MAX_SEARCH_PAGES} pages of customers")


async def expense_with_reference(client: OrderApi, client_ref: str, day: str) -> int | None:
    """The id of the expense whose note carries `client_ref`, dated a day either side of
    `day`; None when certainly absent (every page read; SearchIncomplete when not)."""
    seen: set[int] = set()
    for page_no in range(1, MAX_SEARCH_PAGES + 1):
        page = await client.expenses(page=page_no, per_page=PAGE_SIZE, **days_around(day))
        ids = [int(expense.id) for expense in page.items]
        if page.items and seen.issuperset(ids):
            raise SearchIncomplete(f"expense page {page_no} repeats earlier expenses")
        seen.update(ids)
        for expense in page.items:
            if carries(expense, client_ref):
                return int(expense.id)
        pagination = page.pagination
        more = pagination.next is not None or pagination.current_page < pagination.total_pages
        if not page.items or (not more and len(page.items) < PAGE_SIZE):
            return None
    raise SearchIncomplete(f"more than {MAX_SEARCH_PAGES} pages of expenses")
