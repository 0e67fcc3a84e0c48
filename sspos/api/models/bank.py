"""Bank accounts of the shop (`bank`)."""

from __future__ import annotations

from sspos.api.models.common import Int, OptStr, Str, WireModel


class Bank(WireModel):
    """A bank account (or payment gateway) of the shop; `bank_id` goes into payments."""

    bank_id: Int
    bank_name: Str = ""
    bank_type: OptStr = None
    branch: OptStr = None
    holder_name: OptStr = None
    account_number: OptStr = None
    image: OptStr = None
    type: OptStr = None  # "BANK" or "PAYMENT GATEWAY"
