"""The walk-in customer: who a counter sale is booked to when the buyer is nobody in
particular.

SmartSeller needs a customer on every order. Shops conventionally keep one called
"Pelanggan Umum"; a new shop may not have it. Found in this order:

1. the `walk_in_customer_id` setting;
2. the id remembered from before (a negative one is a customer created offline: once the
   outbox has created it, its real id replaces it);
3. a customer named "Pelanggan Umum" in the local customer list;
4. the same name on the server (`look_up_walk_in`), when it can be reached.

Failing all that, the first walk-in sale offers to create it (`offer_walk_in`), once, from
the shop's own details: its phone and address (`GET shop`) and the shipping origin's
district (the supplier). Whatever it finds or creates is remembered.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sspos.api.client import SmartSellerClient
from sspos.api.errors import ApiError
from sspos.api.models import Shop, Supplier
from sspos.app.customers import NewCustomer
from sspos.app.pos_state import PosState
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer
from sspos.outbox.queue import Outbox
from sspos.store.customers import CustomerStore

log = logging.getLogger(__name__)

WALK_IN_NAME = "Pelanggan Umum"
_PHONE_JUNK = re.compile(r"[\s\-().]")


def is_walk_in_name(name: str) -> bool:
    """True for the conventional walk-in name, whatever its case or spacing."""
    return " ".join(name.split()).casefold() == WALK_IN_NAME.casefold()


def _placeholder(customer_id: int) -> Customer:
    return Customer(customer_id=customer_id, name=WALK_IN_NAME,
                    category_code=WALK_IN_CATEGORY_CODE)


def find_walk_in(
    setting_id: int | None, state: PosState, store: CustomerStore, outbox: Outbox | None
) -> Customer | None:
    """The walk-in customer known on this terminal (rules 1–3), or None. Blocking."""
    if setting_id is not None:
        return store.get(setting_id) or _placeholder(setting_id)
    remembered = state.load().walk_in_customer_id
    if remembered is not None and remembered < 0 and outbox is not None:
        created = outbox.created_customers([-remembered]).get(-remembered)
        if created is not None:
            store.replace_id(remembered, created)
            state.remember(walk_in_customer_id=created)
            remembered = created
    if remembered is not None:
        return store.get(remembered) or _placeholder(remembered)
    for customer in store.search(WALK_IN_NAME, limit=5):
        if is_walk_in_name(customer.name):
            remember_walk_in(state, customer)
            return customer
    return None


async def look_up_walk_in(client: SmartSellerClient) -> Customer | None:
    """Rule 4: the server's own "Pelanggan Umum", or None (also when unreachable)."""
    from sspos.store.sync import customer_record

    try:
        page = await client.customers(keyword=WALK_IN_NAME, per_page=20)
    except ApiError as exc:
        log.info("walk-in lookup on the server failed: %s", exc.message)
        return None
    for item in page.items:
        if is_walk_in_name(item.name or ""):
            return customer_record(item)
    return None


def remember_walk_in(state: PosState, customer: Customer) -> None:
    """Keep the walk-in customer's id (placeholder or real) for the next sales."""
    state.remember(walk_in_customer_id=customer.customer_id)


@dataclass(frozen=True, slots=True)
class WalkInOffer:
    """The walk-in customer the POS offers to create, filled from the shop's details.
    Empty fields are the ones the cashier is asked for."""

    phone: str
    district_id: int | None
    district_name: str
    address: str
    name: str = WALK_IN_NAME

    @property
    def missing(self) -> tuple[str, ...]:
        """Which of phone, district and address the shop's details do not give."""
        gaps = (("phone", self.phone), ("district", self.district_id), ("address", self.address))
        return tuple(name for name, value in gaps if not value)

    def completed(
        self,
        *,
        phone: str = "",
        district_id: int | None = None,
        district_name: str = "",
        address: str = "",
    ) -> NewCustomer:
        """The customer to create, with the cashier's answers filling the gaps."""
        district = district_id if district_id is not None else self.district_id
        if district is None:
            raise ValueError("a district is needed")
        return NewCustomer(
            name=self.name,
            phone=clean_phone(phone) or self.phone,
            district_id=district,
            district_name=district_name or self.district_name,
            address=address.strip() or self.address,
            category=WALK_IN_CATEGORY_CODE,
        )


def clean_phone(text: str) -> str:
    """A phone number as the API takes it: digits (and a leading +), no spacing."""
    return _PHONE_JUNK.sub("", text or "")


def offer_walk_in(shop: Shop | None, supplier: Supplier | None) -> WalkInOffer:
    """The offer from `GET shop` (phone, address) and the origin supplier (district)."""
    active = shop.active_supplier if shop is not None else None
    phone = clean_phone((shop.phone if shop else "") or (active.phone if active else "") or "")
    address = ((shop.address if shop else "") or (supplier.address if supplier else "") or "")
    district_name = ""
    if supplier is not None and supplier.district_id:
        district_name = ", ".join(p for p in (supplier.district, supplier.city) if p)
    return WalkInOffer(
        phone=phone,
        district_id=supplier.district_id if supplier is not None else None,
        district_name=district_name,
        address=address.strip(),
    )
