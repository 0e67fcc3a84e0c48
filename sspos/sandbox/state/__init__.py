"""The sandbox's live state: a SQLite database of the demo shop, and the rules of its API.

One module per resource, beside `routes/*.py`: `base` (the database, its lock, reference
lists), `products`, `customers`, `expeditions`, `orders` (placing one), `after_sale`
and `expenses`.
`SandboxState` is all of them together; the routes and tests use only it.
"""

from sspos.sandbox.state.after_sale import AfterSaleState
from sspos.sandbox.state.base import Invalid, NotFound, Page, StateBase
from sspos.sandbox.state.customers import CustomersState
from sspos.sandbox.state.expeditions import ExpeditionsState
from sspos.sandbox.state.expenses import ExpensesState
from sspos.sandbox.state.orders import OrdersState
from sspos.sandbox.state.products import ProductsState

__all__ = ["Invalid", "NotFound", "Page", "SandboxState"]


class SandboxState(
    AfterSaleState, OrdersState, ExpeditionsState, ExpensesState, CustomersState, ProductsState,
    StateBase,
):
    """The demo shop and everything done to it through the API."""
