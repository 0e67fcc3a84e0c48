"""F9: payment — paid / installment / unpaid, cash with change, bank, AWB, source, note.

A sale paid in full may be paid in several tenders: type an amount, F5 adds it with the
method shown as a tender and the form goes on with the rest (F6 takes the last one back);
F9 confirms with what is left on the last method (an empty amount: the rest). Only cash
gives change; tenders that do not add up are refused with how far off they are.

Confirm composes the create-order payload (domain), puts the sale in the outbox (on disk
before any network call), wakes the outbox worker and waits a few seconds for the
answer: accepted → print and next sale; rejected → the server's messages appear next to
the fields they name and the cashier corrects and confirms again (same sale reference);
no answer → the sale stays queued, the receipt prints with the local reference.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static
from textual.widgets.select import InvalidSelectValueError

from sspos.api.models import Bank
from sspos.app.cash_account import account_label
from sspos.app.checkout import (
    CASH_ACCOUNT_PENDING,
    Confirmation,
    Declined,
    Invalid,
    SaleOutcome,
)
from sspos.app.errors import describe_error
from sspos.app.walk_in import WalkInOffer
from sspos.domain.catalog import Customer
from sspos.domain.errors import DomainError
from sspos.domain.money import Money, MoneyParseError, format_rupiah, parse_rupiah
from sspos.domain.payment import (
    Payment,
    PaymentStatus,
    Settlement,
    Tender,
    settle,
    settle_split,
    split_balance,
)
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.screens.first_sale import CashAccountDialog, WalkInDialog
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.key_footer import KeyFooter
from sspos.tui.widgets.select import PosSelect

log = logging.getLogger(__name__)

STATUSES: tuple[PaymentStatus, ...] = ("PAID", "INSTALLMENT", "UNPAID")
STATUS_KEYS = {
    "PAID": "tui.pay.paid", "INSTALLMENT": "tui.pay.installment", "UNPAID": "tui.pay.unpaid",
}
CASH = "cash"
NO_SOURCE = "none"

# Where a server field message is shown: payload path prefix -> field id on this screen.
FIELD_TARGETS: tuple[tuple[str, str], ...] = (
    ("payment.bank_id", "pay-method"),
    ("payment.status", "pay-status"),
    ("payment.amount", "pay-amount"),
    ("payment.date", "pay-amount"),
    ("payment.cost_of_goods_sales", "pay-general"),
    ("payment", "pay-status"),
    ("awb_number", "pay-awb"),
    ("order_source_id", "pay-source"),
    ("note", "pay-note"),
)
FIELD_IDS = (
    "pay-status",
    "pay-method",
    "pay-amount",
    "pay-awb",
    "pay-source",
    "pay-note",
    "pay-general",
)


def target_of(path: str) -> str:
    """The field id that shows a message about payload path `path`."""
    for prefix, target in FIELD_TARGETS:
        if path == prefix or path.startswith(prefix + "."):
            return target
    return "pay-general"


def settlement_line(settlement: Settlement, tendered_typed: bool, lang: str) -> str:
    """The big line under the amount: the change of a cash sale ("exact cash" while the
    tendered field is empty, which is what confirming then records), or what stays owed."""
    if settlement.status == "PAID":
        if not settlement.is_cash:
            return ""
        if not tendered_typed:
            return t("tui.pay.exact_cash", lang)
        return f"{t('tui.pay.change', lang)}  {format_rupiah(settlement.change)}"
    return f"{t('tui.pay.remaining', lang)}  {format_rupiah(settlement.remaining)}"


class PaymentScreen(PosModal[Settlement]):
    """Take the money, save the sale, print. F9/F2 confirm; F3 status; F4 method.
    Dismissed with the settlement once the sale is saved. It answers checkout's one-time
    questions (`FirstSaleQuestions`) with the first-sale dialogs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "save", "tui.key.pay", id="payment.confirm"),
        Binding("f3", "cycle_status", "tui.pay.status", id="payment.status"),
        Binding("f4", "cycle_method", "tui.pay.method", id="payment.method"),
        Binding("f5", "add_tender", "tui.pay.add_tender", id="payment.add_tender"),
        Binding("f6", "drop_tender", "tui.pay.drop_tender", id="payment.drop_tender"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self._busy = False
        self.settlement: Settlement | None = None
        # Tenders added with F5, each with how it is shown; the form holds the next one.
        self.tenders: list[tuple[Tender, str]] = []

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        ref = self.pos.services.ref
        total = self.total
        methods = [(t("tui.pay.cash", lang), CASH)] + [
            (account_label(bank), str(bank.bank_id)) for bank in ref.banks
        ]
        sources = [(t("tui.pay.none", lang), NO_SOURCE)] + [
            (source.marketplace_name, str(source.id)) for source in ref.active_order_sources()
        ]
        with VerticalScroll(classes="dialog-box wide-box", id="pay-box"):
            yield Label(t("tui.pay.title", lang), classes="dialog-title")
            yield Static(
                Text(f"{t('tui.pay.total', lang)}  {format_rupiah(total)}", style="bold"),
                id="pay-total",
                classes="big-amount",
            )
            with Horizontal(classes="form-row"):
                yield Label(t("tui.pay.status", lang) + " (F3)", classes="field-label")
                yield PosSelect(
                    [(t(STATUS_KEYS[s], lang), s) for s in STATUSES],
                    value="PAID",
                    allow_blank=False,
                    id="pay-status",
                    compact=True,
                )
            yield FieldError(id="pay-status-error")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.pay.method", lang) + " (F4)", classes="field-label")
                yield PosSelect(
                    methods, value=CASH, allow_blank=False, id="pay-method", compact=True
                )
            yield Static("", id="pay-cash-account")
            yield FieldError(id="pay-method-error")
            yield Static("", id="pay-tenders")
            with Horizontal(classes="form-row", id="pay-amount-row"):
                yield Label(
                    t("tui.pay.tendered", lang), classes="field-label", id="pay-amount-label"
                )
                # Not selected on focus: F3/F4 hand the focus back, and typing goes on.
                yield Input(id="pay-amount", compact=True, max_length=20, select_on_focus=False)
            yield FieldError(id="pay-amount-error")
            yield Static("", id="pay-change", classes="big-amount")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.pay.awb", lang), classes="field-label")
                yield Input(id="pay-awb", compact=True, max_length=40)
            yield FieldError(id="pay-awb-error")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.pay.source", lang), classes="field-label")
                yield PosSelect(
                    sources, value=NO_SOURCE, allow_blank=False, id="pay-source", compact=True
                )
            yield FieldError(id="pay-source-error")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.pay.note", lang), classes="field-label")
                yield Input(id="pay-note", compact=True, value=self.pos.counter.sale.cart.note)
            yield FieldError(id="pay-note-error")
            yield FieldError(id="pay-general-error")
            yield Static(Text(t("tui.pay.confirm", lang), style="dim"))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#pay-amount", Input).focus()
        cart = self.pos.counter.sale.cart
        if cart.order_source_id is not None:
            with suppress(InvalidSelectValueError):  # an inactive source is not preselected
                self.query_one("#pay-source", Select).value = str(cart.order_source_id)
        self.recompute()

    # --- reading the form -------------------------------------------------------------

    @property
    def total(self) -> int:
        """What the sale costs."""
        return self.pos.counter.sale.priced.total

    def status(self) -> PaymentStatus:
        return str(self.query_one("#pay-status", Select).value)  # type: ignore[return-value]

    def method(self) -> str:
        return str(self.query_one("#pay-method", Select).value)

    def cash_bank_id(self) -> int | None:
        """The account the cash drawer is booked to, when known (see
        `sspos.app.cash_account`); None until the first cash payment has asked."""
        account = self.pos.services.cash_account
        return account.bank_id if account is not None else None

    def show_cash_account(self) -> None:
        """Say which account cash goes to (only while the method is cash)."""
        line = self.query_one("#pay-cash-account", Static)
        line.display = self.method() == CASH
        account = self.pos.services.cash_account
        if account is None:
            line.update(Text(t("first_sale.cash.line_unknown", self.lang), style="dim"))
        else:
            line.update(
                Text(t("first_sale.cash.line", self.lang, account=account.label), style="dim")
            )

    async def choose_cash_account(self, banks: list[Bank]) -> Bank | None:
        """Checkout asks, once: which account the drawer's cash goes to."""
        self._show_submitting(False)
        bank = await self.app.push_screen_wait(CashAccountDialog(banks))
        self._show_submitting(True)
        return bank

    async def create_walk_in(self, offer: WalkInOffer) -> Customer | None:
        """Checkout asks, once: create the walk-in customer from the shop's details."""
        self._show_submitting(False)
        customer = await self.app.push_screen_wait(WalkInDialog(offer))
        self._show_submitting(True)
        return customer

    def _show_submitting(self, shown: bool) -> None:
        """ "Submitting…" under the form; hidden while a one-time question is asked."""
        self.query_one("#pay-general-error", Static).update(
            Text(t("tui.pay.submitting", self.lang), style="italic") if shown else ""
        )

    def _error(self, field_id: str, message: str) -> None:
        self.query_one(f"#{field_id}-error", Static).update(Text(message, style="bold red"))

    def clear_errors(self) -> None:
        for field_id in FIELD_IDS:
            self.query_one(f"#{field_id}-error", Static).update("")

    def build_payment(self) -> Payment:
        """The Payment as entered; DomainError (field pay-amount) for unreadable amounts."""
        status = self.status()
        method = self.method()
        is_cash = method == CASH
        bank_id = (self.cash_bank_id() or CASH_ACCOUNT_PENDING) if is_cash else int(method)
        amount_value = self.typed_amount()
        if status == "PAID":
            tendered = (
                (amount_value if amount_value is not None else self.total) if is_cash else None
            )
            return Payment(
                "PAID", amount=self.total, bank_id=bank_id, is_cash=is_cash, tendered=tendered
            )
        if status == "INSTALLMENT":
            return Payment(
                "INSTALLMENT",
                amount=amount_value or 0,
                bank_id=bank_id,
                is_cash=is_cash,
                tendered=amount_value if is_cash else None,
            )
        return Payment("UNPAID", bank_id=None, is_cash=False)

    def typed_amount(self) -> int | None:
        """The amount typed, None when empty; DomainError (pay-amount) when unreadable."""
        text = self.query_one("#pay-amount", Input).value.strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except MoneyParseError:
            raise DomainError("tui.pay.bad_amount", "pay-amount") from None

    def current_tender(self) -> Tender | None:
        """The tender the form holds: the amount typed on the method shown, else the rest
        of the total (None once the added tenders cover it)."""
        method = self.method()
        is_cash = method == CASH
        bank_id = (self.cash_bank_id() or CASH_ACCOUNT_PENDING) if is_cash else int(method)
        amount = self.typed_amount()
        if amount is None:
            amount = split_balance(self.added(), self.total).remaining
            if amount == 0:
                return None
        return Tender(amount, bank_id, is_cash)

    def is_split(self) -> bool:
        """Paid in full in tenders: some added with F5, or an amount typed for a non-cash
        method (checked against the total as a tender, so a short card payment is said)."""
        if self.status() != "PAID":
            return False
        return bool(self.tenders) or (self.method() != CASH and bool(
            self.query_one("#pay-amount", Input).value.strip()))

    def settle_form(self) -> Settlement:
        """The settlement the form describes; DomainError when it does not fit."""
        if not self.is_split():
            return settle(self.build_payment(), self.total)
        current = self.current_tender()
        tenders = self.added() + ([current] if current is not None else [])
        return settle_split(tenders, self.total)

    def added(self) -> list[Tender]:
        """The tenders added with F5, in order."""
        return [tender for tender, _label in self.tenders]

    def show_tenders(self) -> None:
        """The tenders added so far, and the placeholder: what the form's tender is.
        Touched only when they changed: every keystroke comes here."""
        line = self.query_one("#pay-tenders", Static)
        if line.display != bool(self.tenders):
            line.display = bool(self.tenders)
        parts = [f"{i}. {label} {format_rupiah(tender.amount)}"
                 for i, (tender, label) in enumerate(self.tenders, 1)]
        shown = " · ".join(parts)
        if str(line.content) != shown:
            line.update(Text(shown, style="bold"))
        rest = split_balance(self.added(), self.total).remaining
        amount = self.query_one("#pay-amount", Input)
        placeholder = (t("tui.pay.rest", self.lang, amount=format_rupiah(rest))
                       if self.tenders else "")
        if amount.placeholder != placeholder:
            amount.placeholder = placeholder

    def action_add_tender(self) -> None:
        """F5: the amount typed, on the method shown, becomes a tender; the form goes on
        with the rest. A payment in tenders is a payment in full."""
        if self._busy:
            return
        try:
            amount = self.typed_amount()
        except DomainError as exc:
            self._error("pay-amount", self._domain_message(exc))
            return
        if amount is None:
            self._error("pay-amount", t("tui.pay.tender_needed", self.lang))
            return
        if amount <= 0:
            self._error("pay-amount", t("domain.payment.tender_amount", self.lang,
                                        amount=Money(amount)))
            return
        tender = self.current_tender()
        assert tender is not None  # an amount was typed
        self.tenders.append((tender, self._short_method_label()))
        status = self.query_one("#pay-status", Select)
        if status.value != "PAID":
            status.value = "PAID"
        amount_input = self.query_one("#pay-amount", Input)
        amount_input.value = ""
        self.recompute()
        amount_input.focus()

    def action_drop_tender(self) -> None:
        """F6: take the last tender back."""
        if self._busy or not self.tenders:
            return
        self.tenders.pop()
        self.recompute()

    @on(Input.Changed, "#pay-amount")
    @on(Select.Changed)
    def _changed(self, event: Any) -> None:
        self.recompute()

    def recompute(self) -> None:
        """Show the change (or what remains owed) for what is typed now."""
        lang = self.lang
        status = self.status()
        is_cash = self.method() == CASH
        if status != "PAID":
            self.tenders.clear()  # tenders pay in full: another status drops them
        label = self.query_one("#pay-amount-label", Label)
        row = self.query_one("#pay-amount-row")
        row.display = status != "UNPAID"
        self.show_cash_account()
        self.show_tenders()
        label.update(t("tui.pay.tendered" if status == "PAID" and is_cash else "tui.pay.amount",
                       lang))
        change = self.query_one("#pay-change", Static)
        for field_id in ("pay-amount", "pay-method", "pay-general"):
            self.query_one(f"#{field_id}-error", Static).update("")
        typed = bool(self.query_one("#pay-amount", Input).value.strip())
        try:
            settlement = self.settle_form()
        except DomainError as exc:
            self.settlement = None
            field = self._field_of(exc)
            if exc.key == "tui.pay.bad_amount" or typed or field != "pay-amount":
                self._error(field, self._domain_message(exc))
            change.update("")
            return
        self.settlement = settlement
        if self.tenders and not typed:
            rest = split_balance(self.added(), self.total).remaining
            line = f"{t('tui.pay.remaining', lang)}  {format_rupiah(rest)}"
        else:
            line = settlement_line(settlement, typed or self.is_split(), lang)
        change.update(Text(line, style="bold"))

    @staticmethod
    def _field_of(exc: DomainError) -> str:
        """Where a refusal of `settle` shows: the method, the whole sale, or the amount."""
        if exc.field in ("bank_id", "payment.bank_id") or (
            exc.field or "").startswith("tenders.") and exc.key == "domain.payment.bank_required":
            return "pay-method"
        return "pay-general" if exc.field == "total" else "pay-amount"

    def _domain_message(self, exc: DomainError) -> str:
        if exc.key == "tui.pay.bad_amount":
            return t(exc.key, self.lang)
        return describe_error(exc, self.lang)

    # --- cycling keys -----------------------------------------------------------------

    def action_cycle_status(self) -> None:
        select = self.query_one("#pay-status", Select)
        select.value = STATUSES[(STATUSES.index(self.status()) + 1) % len(STATUSES)]
        self._after_cycle(select)

    def action_cycle_method(self) -> None:
        select = self.query_one("#pay-method", Select)
        values = [CASH] + [str(b.bank_id) for b in self.pos.services.ref.banks]
        current = self.method()
        select.value = (
            values[(values.index(current) + 1) % len(values)] if current in values else CASH
        )
        self._after_cycle(select)

    def _after_cycle(self, select: Select[str]) -> None:
        """F3/F4 keep the cashier on the amount: typed cash must never land elsewhere (or
        nowhere). While no amount is asked for, the focus waits on the key's own field."""
        self.recompute()
        if self.query_one("#pay-amount-row").display:
            self.query_one("#pay-amount", Input).focus()
        else:
            select.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pay-note":
            self.action_save()
        else:
            self.focus_next()

    # --- confirm ----------------------------------------------------------------------

    def action_save(self) -> None:
        if self._busy:
            return
        self.clear_errors()
        source = str(self.query_one("#pay-source", Select).value)
        self.pos.counter.set_order_details(
            self.query_one("#pay-note", Input).value, None if source == NO_SOURCE else int(source)
        )
        try:
            settlement = self.settle_form()
        except DomainError as exc:
            self._error(self._field_of(exc), self._domain_message(exc))
            return
        self._busy = True
        self.query_one("#pay-general-error", Static).update(
            Text(t("tui.pay.submitting", self.lang), style="italic")
        )
        self.submit(settlement, self.query_one("#pay-awb", Input).value.strip())

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def submit(self, settlement: Settlement, awb: str) -> None:
        """Confirm the sale (see `sspos.app.checkout`) and show how it went."""
        confirmation = Confirmation(settlement, awb, self._method_label())
        try:
            outcome = await self.pos.checkout.confirm(self.pos.counter.sale, confirmation, self)
        except Exception as exc:
            log.exception("payment failed")
            self._show_submitting(False)
            self.host.show_error(exc)
            return
        finally:
            self._busy = False
        self._show_submitting(False)
        self.show_cash_account()
        if isinstance(outcome, Declined):
            if outcome.why == "no_accounts":
                self._error("pay-method", t("first_sale.cash.no_accounts", self.lang))
            elif outcome.why == "no_cash_account":
                self._error("pay-method", t("first_sale.cash.needed", self.lang))
            else:
                self._error("pay-general", t("first_sale.walk_in.declined", self.lang))
        elif isinstance(outcome, Invalid):
            error = outcome.error
            self._error(target_of(error.field or ""), describe_error(error, self.lang))
        elif outcome.rejected:
            self.show_server_errors(outcome.messages)
        else:
            self._finish(outcome, settlement)

    def _finish(self, outcome: SaleOutcome, settlement: Settlement) -> None:
        self.host.finish_sale(outcome)
        self.dismiss(settlement)

    def _method_label(self) -> str:
        method = self.method()
        if method == CASH:
            return t("tui.pay.cash", self.lang)
        for bank in self.pos.services.ref.banks:
            if str(bank.bank_id) == method:
                return account_label(bank)
        return method

    def _short_method_label(self) -> str:
        """The method shown, short (a bank's name): how a tender is listed."""
        method = self.method()
        for bank in self.pos.services.ref.banks:
            if str(bank.bank_id) == method:
                return bank.bank_name
        return t("tui.pay.cash", self.lang)

    def show_server_errors(self, messages: dict[str, list[str]]) -> None:
        """Each message next to the field it names; product lines by their name."""
        general: list[str] = []
        per_field: dict[str, list[str]] = {}
        lines = self.pos.counter.sale.cart.lines
        for path, texts in messages.items():
            text = "; ".join(str(m) for m in texts)
            target = target_of(path)
            if path.startswith("products."):
                parts = path.split(".")
                if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(lines):
                    text = f"{lines[int(parts[1])].variant.display_name}: {text}"
            if target == "pay-general":
                general.append(text)
            else:
                per_field.setdefault(target, []).append(text)
        for target, texts in per_field.items():
            self._error(target, " · ".join(texts))
        heading = t("tui.pay.rejected", self.lang)
        self._error("pay-general", heading + ("\n" + "\n".join(general) if general else ""))
