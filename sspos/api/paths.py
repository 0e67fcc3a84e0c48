"""Every SmartSeller endpoint path the POS uses, in one table (relative to the base URL).

The doc leaves some paths blank; the readings adopted here come from
`shared/spec/POS-API-NOTES.md` and are marked. A correction is a one-line change.
"""

from __future__ import annotations

from typing import Final

PATHS: Final[dict[str, str]] = {
    "shop": "shop",
    "users": "user",
    "suppliers": "supplier",
    "warehouses": "warehouse",
    "products": "product",
    "product_detail": "product/{product_id}/detail",
    "product_variations": "product/variation",
    "check_stock": "product/check-stock",
    "warehouse_stock": "product/history/warehouse/{variation_id}",
    "product_wholesale": "product/wholesale",
    "order_wholesale": "order/wholesale",
    "check_price": "order/check-price/{category_code}",
    "customer_categories": "customer-category",
    "customers": "customer",
    "create_customer": "customer/create",
    "regions": "region",
    "banks": "bank",  # doc leaves it blank; siblings are bank/create, bank/{id}/detail
    "expeditions": "expedition",
    "active_expeditions": "expedition/active",
    "expedition_cost": "expedition/cost",
    "tracking": "expedition/tracking",
    "custom_couriers": "setting/courier/custom",
    "order_sources": "order-source",  # doc leaves it blank; sibling is order-source/create
    "order_costs": "order-cost",
    "create_order": "order",
    "add_awb": "order/awb-number/add",
    "orders": "order",
    "order_details": "order/details",
    "quick_payment": "order/quick-payment",
    "payment_history": "order/payment-history",
    "cancel_order": "order/cancel",
    "create_expense": "expense",
    "expenses": "expense",
    # doc leaves it blank; taken from the pagination link in its own example
    "customer_order_history": "customer/order-history",
}

#: Paths every SmartSeller server answers, whatever the shop holds: lists (filters and
#: paging only, no record named) and creating a record. A 404 from one of them means the
#: endpoint itself is missing (the API doc's reading of 404): a wrong address.
ALWAYS_THERE: Final = frozenset({
    "shop", "user", "supplier", "warehouse", "product", "customer-category", "customer",
    "customer/create", "region", "bank", "expedition", "expedition/active",
    "setting/courier/custom", "order-source", "order-cost", "order", "expense",
})

#: Query parameter that selects the page (1-based) on every paginated endpoint.
PAGE_PARAM: Final = "pagination_offset"

#: The doc documents no order-id filter for `order/details`; this project sends the id
#: under this query name and also filters the returned list by `order_id` client side.
ORDER_DETAILS_ID_PARAM: Final = "order_id"


def path_for(name: str, **params: object) -> str:
    """The path of endpoint `name`, with `{placeholders}` filled from params."""
    return PATHS[name].format(**{k: str(v) for k, v in params.items()})
