"""The shop's expenses (`expense`): what the POS books a paid-out of the drawer as.

The doc shows the create body (`title` ≤ 100 characters, `nominal`, `note`, optional `qty`
and `date`) and its answer (`{"id", "title"}`), but no example of the GET `expense` list.
The reading adopted: a paginated list (`meta.pagination`, like every other list) whose
items carry the create body's fields plus `id`; only `id` is required, so an answer that
leaves the rest out still reads.
"""

from __future__ import annotations

from pydantic import Field

from sspos.api.models.common import Int, IsoDate, OptInt, OptStr, RequestModel, Str, WireModel

#: The doc's limit on an expense title.
EXPENSE_TITLE_MAX = 100


class ExpenseCreate(RequestModel):
    """Body of POST `expense`."""

    title: str = Field(min_length=1, max_length=EXPENSE_TITLE_MAX)
    nominal: int = Field(gt=0)
    note: str
    qty: int = Field(default=1, ge=1)
    date: IsoDate | None = None


class CreatedExpense(WireModel):
    """Response data of POST `expense`."""

    id: Int
    title: Str = ""


class Expense(WireModel):
    """One expense of GET `expense` (see the module docstring for the reading)."""

    id: Int
    title: Str = ""
    nominal: OptInt = None
    note: OptStr = None
    qty: OptInt = None
    date: OptStr = None
