"""F3: choose the customer (or a dropship receiver); create a new customer on the fly.

Searches run in workers (the local store in a thread, the API asynchronously); a newer
keystroke cancels the older search and stale results are dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static
from textual.worker import get_current_worker

from sspos.app.customers import NewCustomer, is_valid_phone
from sspos.app.walk_in import clean_phone
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, Customer
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.text import literal
from sspos.tui.textual_private import hide_binding
from sspos.tui.widgets.district_picker import DistrictPicker, region_label
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter
from sspos.tui.widgets.scan_input import ScanInput
from sspos.tui.widgets.select import PosSelect

log = logging.getLogger(__name__)

CUSTOMER_LIMIT = 20


@dataclass(frozen=True)
class CustomerChoice:
    """What the customer screen decided: the buyer, or the dropship receiver."""

    customer: Customer | None  # None: walk-in (buyer) / same as buyer (receiver)
    receiver: bool = False


class CustomerScreen(PosModal[CustomerChoice]):
    """Search by name/phone/address; Enter picks; F2 new; F4 dropship receiver."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "new_customer", "tui.key.new_customer", id="customer.new"),
        Binding("f3", "walk_in", "tui.key.walk_in", id="customer.walk_in"),
        Binding("f4", "receiver", "tui.key.receiver", id="customer.receiver"),
    ]

    def __init__(self, receiver: bool = False) -> None:
        super().__init__(classes="dialog")
        self.receiver = receiver
        self._results: list[Customer] = []
        self._results_for: str | None = None

    def compose(self) -> ComposeResult:
        lang = self.lang
        title = t("tui.customer.receiver_title" if self.receiver else "tui.customer.title", lang)
        with Vertical(classes="dialog-box wide-box"):
            yield Label(title, classes="dialog-title")
            yield ScanInput(
                placeholder=t("tui.customer.search", lang), id="customer-search", compact=True
            )
            yield FitTable(
                [
                    Column("name", t("tui.col.name", lang)),
                    Column("phone", t("tui.col.phone", lang), 15, shrink=True),
                    Column("category", t("tui.col.category", lang), 12, shrink=True),
                ],
                id="customer-results",
                focusable=False,
            )
            yield Static("", id="customer-info")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#customer-search", ScanInput).focus()
        if self.receiver:
            hide_binding(self, "customer.receiver")
        self._info(t("tui.customer.hint", self.lang))

    def _info(self, message: str, style: str = "dim") -> None:
        self.query_one("#customer-info", Static).update(Text(message, style=style))

    @on(Input.Changed, "#customer-search")
    def _changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if not text:
            self._results, self._results_for = [], None
            self.query_one("#customer-results", FitTable).set_rows([])
            return
        self.search_local(text)

    @work(thread=True, exclusive=True, group="customer-search", exit_on_error=False)
    def search_local(self, text: str) -> None:
        """Local customer search (thread)."""
        worker = get_current_worker()
        try:
            found = self.pos.search_customers(text, CUSTOMER_LIMIT)
        except Exception as exc:
            log.exception("customer search failed")
            self.app.call_from_thread(self.host.show_error, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, list(found), True)

    @work(exclusive=True, group="customer-api", exit_on_error=False)
    async def search_api(self, text: str) -> None:
        """Ask the server when the local store knows nobody by that text."""
        try:
            found = await self.pos.search_customers_online(text, CUSTOMER_LIMIT)
        except Exception as exc:  # noqa: BLE001 - offline: the local list is what there is
            log.info("online customer search failed: %s", exc)
            return
        self._show(text, found, False)

    def _show(self, text: str, found: list[Customer], local: bool) -> None:
        search = self.query_one("#customer-search", ScanInput)
        if search.value.strip() != text:
            return
        if not found and local:
            self.search_api(text)
        self._results, self._results_for = found, text
        categories = self.pos.services.ref
        rows = [
            (
                c.customer_id,
                [
                    literal(c.name + (f" — {c.address}" if c.address else "")),
                    literal(c.phone),
                    literal(categories.category(c.category_code).name or c.category_code),
                ],
            )
            for c in found
        ]
        self.query_one("#customer-results", FitTable).set_rows(rows)
        if not found:
            self._info(t("tui.customer.none", self.lang, text=text), "yellow")
        else:
            self._info(t("tui.customer.hint", self.lang))

    @on(ScanInput.MoveResults)
    def _move(self, event: ScanInput.MoveResults) -> None:
        event.stop()
        self.query_one("#customer-results", FitTable).move(event.delta)

    @on(ScanInput.Scanned)
    def _picked(self, event: ScanInput.Scanned) -> None:
        event.stop()
        # ScanInput clears itself on Enter; the results on screen are what was picked.
        table = self.query_one("#customer-results", FitTable)
        if not self._results:
            return
        row = max(0, min(table.cursor_row, len(self._results) - 1))
        self.dismiss(CustomerChoice(self._results[row], self.receiver))

    def action_walk_in(self) -> None:
        self.dismiss(CustomerChoice(None, self.receiver))

    def action_receiver(self) -> None:
        def done(choice: CustomerChoice | None) -> None:
            if choice is not None:
                self.pos.counter.choose_receiver(choice.customer)

        self.app.push_screen(CustomerScreen(receiver=True), done)

    def action_new_customer(self) -> None:
        def done(customer: Customer | None) -> None:
            if customer is not None:
                self.dismiss(CustomerChoice(customer, self.receiver))

        self.app.push_screen(NewCustomerForm(), done)


_POSTAL = re.compile(r"^[0-9]{5}$")

# Server field name -> form field id (the server's names are the API's body keys).
FORM_FIELDS = {
    "name": "nc-name",
    "phone": "nc-phone",
    "district_id": "nc-district",
    "address": "nc-address",
    "postal_code": "nc-postal",
    "category": "nc-category",
}


class CustomerCreationDialog(PosModal[Customer]):
    """A dialog that creates a customer through the outbox (`sspos.app.customers`).

    After a rejection, saving again resends the same entry (`_entry_id`); Esc gives up
    on it, and a rejected creation given up on is voided so it does not linger."""

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self._entry_id: int | None = None  # the rejected creation being corrected

    def action_back(self) -> None:
        if self._entry_id is not None:
            # The app's worker, not this dialog's: it must outlive the dialog.
            self.app.run_worker(
                self.pos.customers.abandon(self._entry_id),
                group="abandon-customer",
                exit_on_error=False,
            )
        self.dismiss(None)


class NewCustomerForm(CustomerCreationDialog):
    """Name, phone, district (looked up), address, postal code, category. F2 saves.

    Saving goes through the outbox (`sspos.app.customers`): offline, the customer is
    queued and the sale that names it waits behind it; a rejection shows the server's
    messages next to their fields, and saving again resends the corrected customer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "tui.key.confirm", id="new_customer.save")
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saving = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        categories = self.pos.services.ref.categories
        options = [(f"{c.name} ({c.code})", c.code) for c in categories.values()] or [
            (WALK_IN_CATEGORY_CODE, WALK_IN_CATEGORY_CODE)
        ]
        with Vertical(classes="dialog-box wide-box"):
            yield Label(t("tui.customer.new_title", lang), classes="dialog-title")
            for field_id, key in (
                ("nc-name", "tui.customer.name"),
                ("nc-phone", "tui.customer.phone"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(t(key, lang), classes="field-label")
                    yield Input(id=field_id, compact=True, max_length=100)
                yield FieldError(id=f"{field_id}-error")
            with Horizontal(classes="field-row"):
                yield Label(t("tui.customer.district", lang), classes="field-label")
                yield DistrictPicker(
                    input_id="nc-district",
                    placeholder=t("tui.customer.district_hint", lang),
                    column=t("tui.customer.district", lang),
                )
            yield FieldError(id="nc-district-error")
            for field_id, key in (
                ("nc-address", "tui.customer.address"),
                ("nc-postal", "tui.customer.postal_code"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(t(key, lang), classes="field-label")
                    yield Input(id=field_id, compact=True, max_length=200)
                yield FieldError(id=f"{field_id}-error")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.customer.category", lang), classes="field-label")
                yield PosSelect(
                    options, id="nc-category", value=options[0][1], allow_blank=False, compact=True
                )
            yield FieldError(id="nc-category-error")
            yield FieldError(id="nc-general")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#nc-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "nc-district":
            postal = self.query_one("#nc-postal", Input)
            region = self.query_one(DistrictPicker).chosen
            codes = list(getattr(region, "postal_code", []) or [])
            if region is not None and not postal.value and codes:
                postal.value = str(codes[0])
        if event.input.id == "nc-postal":
            self.action_save()
            return
        self.focus_next()

    # --- validation and saving --------------------------------------------------------

    def _error(self, field_id: str, message: str) -> None:
        self.query_one(f"#{field_id}-error", Static).update(Text(message, style="bold red"))

    def _clear_errors(self) -> None:
        for field_id in (*FORM_FIELDS.values(), "nc-general"):
            target = "#nc-general" if field_id == "nc-general" else f"#{field_id}-error"
            self.query_one(target, Static).update("")

    def action_save(self) -> None:
        if self._saving:
            return
        self._clear_errors()
        lang = self.lang
        value = {
            fid: self.query_one(f"#{fid}", Input).value.strip()
            for fid in ("nc-name", "nc-phone", "nc-address", "nc-postal")
        }
        ok = True
        for fid in ("nc-name", "nc-phone", "nc-address"):
            if not value[fid]:
                self._error(fid, t("tui.customer.required", lang))
                ok = False
        phone = clean_phone(value["nc-phone"])
        if phone and not is_valid_phone(phone):
            self._error("nc-phone", t("tui.customer.bad_phone", lang))
            ok = False
        if value["nc-postal"] and not _POSTAL.match(value["nc-postal"]):
            self._error("nc-postal", t("tui.customer.bad_postal", lang))
            ok = False
        picker = self.query_one(DistrictPicker)
        if picker.chosen is None and not picker.choose():
            self._error("nc-district", t("tui.customer.pick_district", lang))
            ok = False
        region = picker.chosen
        if not ok or region is None:
            return
        self._saving = True
        self.create(
            NewCustomer(
                name=value["nc-name"],
                phone=phone,
                district_id=int(region.id),
                district_name=region_label(region),
                address=value["nc-address"],
                postal_code=value["nc-postal"],
                category=str(self.query_one("#nc-category", Select).value),
            )
        )

    @work(exclusive=True, group="create-customer", exit_on_error=False)
    async def create(self, new: NewCustomer) -> None:
        """Create it through the outbox (async); field errors go next to their fields."""
        try:
            outcome = await self.pos.customers.create(new, correcting=self._entry_id)
        except Exception as exc:  # noqa: BLE001
            self._saving = False
            self.host.show_error(exc)
            return
        self._saving = False
        if outcome.state == "rejected":
            self._entry_id = outcome.entry_id
            self._show_server_errors(outcome.messages, t("first_sale.customer_rejected", self.lang))
            return
        assert outcome.customer is not None
        key = "tui.customer.created" if outcome.state == "created" else "first_sale.customer_queued"
        self.notify(t(key, self.lang, name=outcome.customer.name), markup=False)
        self.dismiss(outcome.customer)

    def _show_server_errors(self, field_errors: dict[str, list[str]], message: str) -> None:
        general = []
        for field, messages in field_errors.items():
            target = FORM_FIELDS.get(field.split(".")[0])
            text = "; ".join(str(m) for m in messages)
            if target is None:
                general.append(f"{field}: {text}")
            else:
                self._error(target, text)
        if general or not field_errors:
            self.query_one("#nc-general", Static).update(
                Text(" | ".join(general) or message, style="bold red")
            )
