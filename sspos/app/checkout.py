"""Checkout: a priced sale and its settlement become an order, exactly once.

`Checkout.confirm` does what confirming the payment means, in order:

1. cash is booked to the shop's cash account, asked for once when nobody knows it (every
   cash tender of a split payment too);
2. a sale to nobody in particular is booked to the walk-in customer, found or (asked
   once) created;
3. the sale gets its reference (kept when a rejected sale is corrected and confirmed
   again) and its create-order payload (the domain checks the sale first);
4. the sale and its receipt go into the outbox (on disk before any network call), with a
   split payment's later tenders queued behind it in the same transaction (one PATCH
   `order/quick-payment` each, sent in order once the order exists), and the worker is
   woken; the cashier waits for the server's answer a few seconds at most, not
   at all while the server is known to be unreachable.

The outcome is typed: `SaleOutcome` (submitted, queued, or rejected with the server's
field messages), `Declined` (a one-time question was not answered: the cart stays), or
`Invalid` (the domain refused the sale; the field it names says where).

The one-time questions need the cashier: the caller passes `FirstSaleQuestions`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from sspos.api.models import Bank
from sspos.app.cash_account import CashAccount, choices, remember
from sspos.app.counter import Sale
from sspos.app.delivery import deliver_now
from sspos.app.services import Services
from sspos.app.status import QueueCounted, StatusBoard
from sspos.app.walk_in import WalkInOffer, look_up_walk_in, offer_walk_in, remember_walk_in
from sspos.domain.catalog import Customer
from sspos.domain.errors import DomainError
from sspos.domain.order import compose_create_order, later_payments
from sspos.domain.payment import Settlement, book_cash_to
from sspos.outbox.entries import OutboxEntry, payment_payload
from sspos.printing.receipt import ReceiptData, receipt_data_from_sale, with_order_number

log = logging.getLogger(__name__)

# Stands for the cash account until confirm asks for it (never a SmartSeller bank id: the
# change can be shown before the shop's first cash payment has chosen one).
CASH_ACCOUNT_PENDING = 0
# How long a first walk-in sale asks the server for a "Pelanggan Umum" the last sync did not
# bring (one created since, elsewhere) before offering to create it: the cashier waits.
WALK_IN_LOOKUP_S = 2.0
ABANDONED = "abandoned at the counter after rejection"


class FirstSaleQuestions(Protocol):
    """What checkout may have to ask the cashier, once per shop (the TUI's dialogs)."""

    async def choose_cash_account(self, banks: list[Bank]) -> Bank | None:
        """Which account the drawer's cash is booked to (None: not now)."""

    async def create_walk_in(self, offer: WalkInOffer) -> Customer | None:
        """Create the walk-in customer from `offer` (None: not now)."""


@dataclass(frozen=True, slots=True)
class SaleOutcome:
    """A confirmed sale: submitted (its PO number), queued (no answer yet, or offline),
    or rejected (the server's field messages). `receipt` is what prints now."""

    client_ref: str
    state: Literal["submitted", "queued", "rejected"]
    receipt: ReceiptData
    po_number: str | None = None
    order_id: int | None = None
    messages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        """The server refused the sale; the cashier corrects it and confirms again."""
        return self.state == "rejected"


@dataclass(frozen=True, slots=True)
class Declined:
    """A question the sale needs was not answered; nothing was queued, the cart stays.
    `why`: the shop has no account at all, no cash account was chosen, or the walk-in
    customer was not created."""

    why: Literal["no_accounts", "no_cash_account", "no_walk_in"]


@dataclass(frozen=True, slots=True)
class Invalid:
    """The domain refused the sale (`error.field` is the payload path it is about)."""

    error: DomainError


CheckoutOutcome = SaleOutcome | Declined | Invalid


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What the payment screen adds to the sale: the settlement, the AWB typed there and
    how the payment method is named on the receipt."""

    settlement: Settlement
    awb: str = ""
    method_label: str = ""


def _cash_account_pending(settlement: Settlement) -> bool:
    """Some cash of `settlement` still waits for the account it is booked to."""
    return settlement.bank_id == CASH_ACCOUNT_PENDING or any(
        tender.is_cash and tender.bank_id == CASH_ACCOUNT_PENDING
        for tender in settlement.tenders)


class Checkout:
    """Confirms sales (see the module docstring) and gives up rejected ones."""

    def __init__(self, services: Services, status: StatusBoard) -> None:
        self.services = services
        self.status = status

    async def confirm(
        self, sale: Sale, confirmation: Confirmation, questions: FirstSaleQuestions
    ) -> CheckoutOutcome:
        """Confirm `sale`; see the module docstring. The cart is left as it was unless
        the sale is queued or submitted (a rejected one keeps its reference)."""
        settlement = confirmation.settlement
        if _cash_account_pending(settlement):
            if not self.services.ref.banks:
                return Declined("no_accounts")
            account = await self.cash_account(questions)
            if account is None:
                return Declined("no_cash_account")
            settlement = book_cash_to(settlement, account.bank_id)
        cart = sale.cart
        walk_in_sale = cart.sender is None
        if walk_in_sale:
            cart.sender = await self.walk_in(questions)
            if cart.sender is None:
                return Declined("no_walk_in")
        outcome = await self._queue(sale, replace(confirmation, settlement=settlement))
        refused = isinstance(outcome, Invalid) or (
            isinstance(outcome, SaleOutcome) and outcome.rejected)
        if walk_in_sale and refused:
            cart.sender = None  # still a walk-in sale as the cashier sees it
        return outcome

    async def _queue(self, sale: Sale, confirmation: Confirmation) -> CheckoutOutcome:
        services = self.services
        if sale.client_ref is None:
            sale.client_ref = services.new_reference()
        ref = sale.client_ref
        priced = sale.reprice()
        order_date = services.clock().astimezone(services.settings.tz).date()
        try:
            payload = compose_create_order(
                sale.cart, priced, confirmation.settlement,
                supplier_id=services.ref.supplier_id or 0,
                order_date=order_date,
                client_ref=ref, source="WEB", is_print=False,
                awb_number=confirmation.awb or None,
            )
        except DomainError as exc:
            return Invalid(exc)
        payments = [
            payment_payload(p.amount, p.bank_id, order_date.isoformat(), status=p.status,
                            cost_of_goods_sales=p.cost_of_goods_sales)
            for p in later_payments(sale.cart, confirmation.settlement)
        ]
        receipt = self.receipt(sale, confirmation, ref)
        entry = await asyncio.to_thread(self._enqueue, ref, payload, receipt, payments)
        await self.count_queue()
        entry = await deliver_now(services.outbox, services.outbox_worker, entry.id,
                                  services.submit_wait)
        return self._outcome(entry, receipt)

    def _enqueue(self, ref: str, payload: dict[str, object], receipt: ReceiptData,
                 payments: list[dict[str, object]]) -> OutboxEntry:
        """Queue the sale and its later payments, or their corrected versions after a
        rejection (blocking)."""
        outbox = self.services.outbox
        entry = outbox.get(ref)
        if entry is None:
            return outbox.enqueue_sale(ref, dict(payload), receipt, payments=payments)
        if entry.state == "rejected":
            # The cashier corrected the sale: same reference, new payload, try again.
            outbox.update_payload(entry.id, dict(payload), receipt, payments=payments)
            return outbox.retry(entry.id)
        if entry.state == "pending":
            return outbox.update_payload(entry.id, dict(payload), receipt, payments=payments)
        return entry

    @staticmethod
    def _outcome(entry: OutboxEntry, receipt: ReceiptData) -> SaleOutcome:
        if entry.state == "submitted":
            # The PO number in the text and the QR; without one, the reference is final.
            printed = with_order_number(replace(receipt, reference_pending=False),
                                        entry.po_number)
            return SaleOutcome(entry.client_ref, "submitted", printed, entry.po_number,
                               entry.order_id)
        if entry.state == "rejected":
            return SaleOutcome(entry.client_ref, "rejected", receipt,
                               messages=dict(entry.messages))
        return SaleOutcome(entry.client_ref, "queued", receipt)

    def receipt(self, sale: Sale, confirmation: Confirmation, reference: str) -> ReceiptData:
        """The receipt of `sale` as stored with its outbox entry (reference pending)."""
        services = self.services
        settings = services.settings
        ref = services.ref
        names = {bank.bank_id: bank.bank_name for bank in ref.banks}  # short: 32 columns
        return receipt_data_from_sale(
            sale.cart, sale.priced, confirmation.settlement,
            shop_name=ref.shop_name, shop_address=ref.shop_address, shop_phone=ref.shop_phone,
            reference=reference, reference_pending=True, issued_at=services.clock(),
            tz=settings.tz, cashier=settings.cashier, payment_method=confirmation.method_label,
            awb=confirmation.awb, footer=settings.receipt_footer, lang=services.lang,
            tender_methods=[
                "" if tender.is_cash else names.get(tender.bank_id or 0, "")
                for tender in confirmation.settlement.tenders
            ],
        )

    async def count_queue(self) -> None:
        """Publish the outbox's counts (read in a thread)."""
        counts = await asyncio.to_thread(self.services.outbox.counts)
        self.status.publish(QueueCounted(counts.waiting, counts.rejected))

    # --- the first sale's questions ----------------------------------------------------

    async def cash_account(self, questions: FirstSaleQuestions) -> CashAccount | None:
        """The account cash is booked to, asking once (and remembering the answer) when
        nobody knows it; None when the cashier declines."""
        services = self.services
        if services.cash_account is not None:
            return services.cash_account
        banks = choices(services.ref.banks)
        if not banks:
            return None
        bank = await questions.choose_cash_account(banks)
        if bank is None:
            return None
        services.cash_account = await asyncio.to_thread(remember, services.pos_state, bank)
        return services.cash_account

    async def walk_in(self, questions: FirstSaleQuestions) -> Customer | None:
        """The walk-in customer: known on this terminal, else found on the server (unless
        known to be offline), else created once if the cashier agrees (see
        `sspos.app.walk_in`); None when they decline."""
        services = self.services
        known = services.walk_in
        if known is not None and known.customer_id > 0:
            return known
        found = await asyncio.to_thread(services.find_walk_in)
        if found is None and not services.known_offline():
            try:
                found = await asyncio.wait_for(look_up_walk_in(services.client), WALK_IN_LOOKUP_S)
            except TimeoutError:
                found = None
            if found is not None:
                await asyncio.to_thread(remember_walk_in, services.pos_state, found)
        if found is None:
            found = await questions.create_walk_in(
                offer_walk_in(services.ref.shop, services.ref.origin))
            if found is not None:
                await asyncio.to_thread(remember_walk_in, services.pos_state, found)
        services.walk_in = found
        return found

    # --- after the sale -------------------------------------------------------------------

    async def abandon(self, client_ref: str) -> None:
        """A rejected sale the cashier gave up on is voided, so it does not linger."""
        outbox = self.services.outbox
        entry = await asyncio.to_thread(outbox.get, client_ref)
        if entry is not None and entry.state == "rejected":
            await asyncio.to_thread(outbox.void, entry.id, ABANDONED)
            await self.count_queue()

