"""The one-time questions of a shop's first sale: create the walk-in customer, and which
account the cash drawer is booked to. Each is asked once, answered with one key, and
remembered (see `sspos.app.walk_in` and `sspos.app.cash_account`).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Static

from sspos.api.models import Bank
from sspos.app.cash_account import account_label
from sspos.app.customers import Creation, is_valid_phone
from sspos.app.walk_in import WalkInOffer, clean_phone
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.screens.customer import CustomerCreationDialog
from sspos.tui.text import literal
from sspos.tui.widgets.district_picker import DistrictPicker, region_label
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter

log = logging.getLogger(__name__)

# The offer's fields, in order: (field, label key).
WALK_IN_FIELDS = (
    ("phone", "first_sale.walk_in.phone"),
    ("district", "first_sale.walk_in.district"),
    ("address", "first_sale.walk_in.address"),
)
# Server field of customer/create -> the dialog's field (others are shown under the form).
SERVER_FIELDS = {"phone": "phone", "district_id": "district", "address": "address"}
SERVER_LABELS = {
    "name": "first_sale.walk_in.name",
    "category": "first_sale.walk_in.category",
    "is_active": "first_sale.walk_in.active",
    "postal_code": "first_sale.walk_in.postal_code",
}


class WalkInDialog(CustomerCreationDialog):
    """Offer to create "Pelanggan Umum" from the shop's details; ask what they lack.

    Enter (on the button or the last field), Y or F2 creates it; Esc or N: not now. A
    server rejection (422) is shown next to the fields it names, which become editable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "save", "tui.key.yes", id="walk_in.yes"),
        Binding("n", "back", "tui.key.no", id="walk_in.no"),
    ]

    def __init__(self, offer: WalkInOffer) -> None:
        super().__init__()
        self.offer = offer
        self.editable: set[str] = set(offer.missing)
        self._saving = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        offer = self.offer
        shown = {"phone": offer.phone, "district": offer.district_name or "",
                 "address": offer.address}
        with Vertical(classes="dialog-box wide-box", id="walk-in-box"):
            yield Label(t("first_sale.walk_in.title", lang), classes="dialog-title")
            yield Static(literal(t("first_sale.walk_in.why", lang, name=offer.name)),
                         classes="dialog-text")
            with Horizontal(classes="form-row"):
                yield Label(t("first_sale.walk_in.name", lang), classes="field-label")
                yield Static(literal(offer.name, "bold"))
            for field, key in WALK_IN_FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(t(key, lang), classes="field-label")
                    yield Static(literal(shown[field]), id=f"wi-{field}-text")
                    if field == "district":
                        yield DistrictPicker(input_id="wi-district",
                                             placeholder=t("tui.customer.district_hint", lang),
                                             column=t(key, lang))
                    else:
                        yield Input(value=shown[field], id=f"wi-{field}", compact=True,
                                    max_length=200)
                yield FieldError(id=f"wi-{field}-error")
            yield FieldError(id="wi-general")
            yield Button(Text(t("first_sale.walk_in.create", lang)), id="wi-create",
                         compact=True)
            yield Static(Text(t("first_sale.walk_in.keys", lang), style="dim"),
                         classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_editable()

    def _show_editable(self) -> None:
        """Fields the cashier must fill are inputs; the others show the shop's value."""
        for field, _key in WALK_IN_FIELDS:
            editing = field in self.editable
            self.query_one(f"#wi-{field}-text").display = not editing
            if field == "district":
                self.query_one(DistrictPicker).display = editing
            else:
                self.query_one(f"#wi-{field}", Input).display = editing
        first = next((f for f, _ in WALK_IN_FIELDS if f in self.editable), None)
        self.query_one(f"#wi-{first}" if first else "#wi-create").focus()

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#wi-{field}-error", FieldError).update(
            Text(message, style="bold red"))

    def _clear_errors(self) -> None:
        for field, _key in WALK_IN_FIELDS:
            self.query_one(f"#wi-{field}-error", FieldError).update("")
        self.query_one("#wi-general", FieldError).update("")

    # --- answering --------------------------------------------------------------------

    @on(Button.Pressed, "#wi-create")
    def _pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [f"wi-{f}" for f, _ in WALK_IN_FIELDS if f in self.editable]
        if event.input.id == inputs[-1]:
            self.action_save()
        else:
            self.focus_next(Input)

    def action_save(self) -> None:
        if self._saving:
            return
        self._clear_errors()
        lang = self.lang
        answers: dict[str, Any] = {}
        ok = True
        if "phone" in self.editable:
            phone = clean_phone(self.query_one("#wi-phone", Input).value)
            if not is_valid_phone(phone):
                self._error("phone", t("tui.customer.bad_phone", lang))
                ok = False
            answers["phone"] = phone
        if "district" in self.editable:
            picker = self.query_one(DistrictPicker)
            if picker.chosen is None and not picker.choose():
                self._error("district", t("tui.customer.pick_district", lang))
                ok = False
            elif picker.chosen is not None:
                answers["district_id"] = int(picker.chosen.id)
                answers["district_name"] = region_label(picker.chosen)
        if "address" in self.editable:
            address = self.query_one("#wi-address", Input).value.strip()
            if not address:
                self._error("address", t("tui.customer.required", lang))
                ok = False
            answers["address"] = address
        if not ok:
            return
        self._saving = True
        self.query_one("#wi-general", FieldError).update(
            Text(t("first_sale.walk_in.creating", lang), style="italic"))
        self.create(answers)

    @work(exclusive=True, group="walk-in", exit_on_error=False)
    async def create(self, answers: dict[str, Any]) -> None:
        """Create it through the outbox (async); created or queued both end the dialog."""
        try:
            new = self.offer.completed(**answers)
            outcome = await self.pos.customers.create(new, correcting=self._entry_id)
        except Exception as exc:
            log.exception("creating the walk-in customer failed")
            self._saving = False
            self.query_one("#wi-general", FieldError).update("")
            self.host.show_error(exc)
            return
        self._saving = False
        if outcome.state == "rejected":
            self._rejected(outcome)
            return
        assert outcome.customer is not None  # checkout remembers it as the walk-in
        key = "first_sale.walk_in.created" if outcome.state == "created" else (
            "first_sale.walk_in.queued")
        self.notify(t(key, self.lang, name=outcome.customer.name), markup=False, timeout=6)
        self.dismiss(outcome.customer)

    def _rejected(self, outcome: Creation) -> None:
        """The server's messages under the fields they name; those fields become inputs."""
        self._entry_id = outcome.entry_id
        self.query_one("#wi-general", FieldError).update("")
        general: list[str] = []
        for path, messages in outcome.messages.items():
            name = path.split(".")[0]
            text = "; ".join(str(m) for m in messages)
            field = SERVER_FIELDS.get(name)
            if field is None:
                label = t(SERVER_LABELS[name], self.lang) if name in SERVER_LABELS else name
                general.append(f"{label}: {text}")
                continue
            self.editable.add(field)
            self._error(field, text)
        heading = t("first_sale.walk_in.rejected", self.lang)
        self.query_one("#wi-general", FieldError).update(
            Text("\n".join([heading, *general]), style="bold red"))
        self._show_editable()


class CashAccountDialog(PosModal[Bank]):
    """Which account the drawer's cash is booked to. ↑/↓ and Enter (or F2); Esc: not now."""

    def __init__(self, banks: list[Bank]) -> None:
        super().__init__(classes="dialog")
        self.banks = banks

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog-box wide-box", id="cash-account-box"):
            yield Label(t("first_sale.cash.title", lang), classes="dialog-title")
            yield Static(Text(t("first_sale.cash.why", lang)), classes="dialog-text")
            yield FitTable(
                [Column("account", t("first_sale.cash.account", lang)),
                 Column("type", t("first_sale.cash.type", lang), 16)],
                id="cash-accounts",
            )
            yield Static(Text(t("first_sale.cash.keys", lang), style="dim"),
                         classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#cash-accounts", FitTable)
        table.set_rows([(bank.bank_id, [literal(account_label(bank)), literal(bank.type or "")])
                        for bank in self.banks])
        table.focus()

    @on(DataTable.RowSelected, "#cash-accounts")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        key = self.query_one("#cash-accounts", FitTable).current_key
        self.dismiss(next((bank for bank in self.banks if bank.bank_id == key), None))
