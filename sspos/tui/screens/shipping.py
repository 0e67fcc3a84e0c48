"""F4: shipping — pickup at shop (default), courier rates, shop couriers, manual rate.

Rates come from GET `expedition/cost` (origin = the shop's supplier district, destination
= the receiver's district, weight from the cart), grouped regular / express / trucking
with the ETA. The shop's custom couriers have a flat fee; they are sent as a manual
expedition (id 99) with their name, because their ids live in a different table than the
expedition ids (the sandbox's custom courier 1 is not JNE REG).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from sspos.domain.cart import MANUAL_EXPEDITION_ID, PICKUP, Shipping
from sspos.domain.catalog import Customer
from sspos.domain.money import MoneyParseError, parse_rupiah
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.text import literal, money
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter

log = logging.getLogger(__name__)

GROUPS = ("regular", "express", "trucking")


@dataclass(frozen=True, slots=True)
class ShippingOption:
    """One row of the shipping list."""

    kind: str  # pickup | regular | express | trucking | custom
    shipping: Shipping
    eta: str = ""


def options_from_rates(cost: Any, lang: str) -> list[ShippingOption]:
    """Courier rates of `expedition/cost`, grouped (regular, express, trucking)."""
    found = []
    for group in GROUPS:
        for rate in getattr(cost, group, []) or []:
            eta = ""
            if rate.min_day is not None and rate.max_day is not None:
                if rate.min_day == rate.max_day:
                    eta = t("tui.shipping.day", lang, days=rate.min_day)
                else:
                    eta = t("tui.shipping.days", lang, min=rate.min_day, max=rate.max_day)
            found.append(
                ShippingOption(
                    group,
                    Shipping(
                        expedition_id=int(rate.rate_id),
                        name=rate.name or "",
                        rate=int(rate.final_rate),
                        service=rate.rate_name or "",
                    ),
                    eta,
                )
            )
    return found


class ShippingScreen(PosModal[Shipping]):
    """Pick how the order leaves the shop. Enter picks; F3 manual rate; F5 pickup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "manual", "tui.key.manual_rate", id="shipping.manual"),
        Binding("f5", "pickup", "tui.key.pickup", id="shipping.pickup"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self.options: list[ShippingOption] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog-box wide-box"):
            yield Label(t("tui.shipping.title", lang), classes="dialog-title")
            yield Static("", id="shipping-route")
            yield FitTable(
                [
                    Column("kind", t("tui.col.kind", lang), 10),
                    Column("service", t("tui.col.service", lang)),
                    Column("eta", t("tui.col.eta", lang), 10),
                    Column("rate", t("tui.col.rate", lang), 11, right=True),
                ],
                id="shipping-options",
            )
            yield Static("", id="shipping-info")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.options = [ShippingOption("pickup", PICKUP)]
        self._draw()
        self.query_one("#shipping-options", FitTable).focus()
        self.load_rates()

    def _receiver(self) -> Customer | None:
        """Who the parcel goes to: the dropship receiver, the customer, or, for a walk-in
        sale, the shop's walk-in customer (the order is sent with it, and its receipt
        prints its address)."""
        return self.pos.counter.sale.cart.effective_receiver or self.pos.services.walk_in

    def _route_text(self) -> str:
        sale = self.pos.counter.sale
        receiver = self._receiver()
        ref = self.pos.services.ref
        unknown = t("tui.shipping.unknown_place", self.lang)
        if receiver is not None and receiver.district_id:
            destination = f"{receiver.name}, {receiver.district_name or receiver.district_id}"
        else:
            destination = unknown
        return t(
            "tui.shipping.route",
            self.lang,
            origin=ref.origin_name or ref.origin_district_id or unknown,
            destination=destination,
            weight=sale.cart.total_weight,
        )

    def _draw(self) -> None:
        lang = self.lang
        self.query_one("#shipping-route", Static).update(literal(self._route_text()))
        labels = {
            "pickup": t("tui.shipping.pickup", lang),
            "regular": t("tui.shipping.regular", lang),
            "express": t("tui.shipping.express", lang),
            "trucking": t("tui.shipping.trucking", lang),
            "custom": t("tui.shipping.custom", lang),
        }
        current = self.pos.counter.sale.cart.shipping
        cursor = 0
        rows = []
        for index, option in enumerate(self.options):
            ship = option.shipping
            service = f"{ship.name} {ship.service}".strip()
            name = t("tui.pickup", lang) if ship.is_pickup else service
            if current is not None and ship == current:
                cursor = index
            rows.append(
                (
                    index,
                    [
                        Text(labels.get(option.kind, option.kind)),
                        literal(name),
                        Text(option.eta),
                        money(ship.rate),
                    ],
                )
            )
        self.query_one("#shipping-options", FitTable).set_rows(rows, cursor=cursor)

    def _info(self, message: str, style: str = "dim") -> None:
        self.query_one("#shipping-info", Static).update(Text(message, style=style))

    @work(exclusive=True, group="rates", exit_on_error=False)
    async def load_rates(self) -> None:
        """Custom couriers and courier rates for this cart (async HTTP)."""
        services = self.pos.services
        sale = self.pos.counter.sale
        client = services.client
        options: list[ShippingOption] = []
        try:
            couriers = await client.custom_couriers()
            for courier in couriers:
                options.append(
                    ShippingOption(
                        "custom",
                        Shipping(
                            expedition_id=MANUAL_EXPEDITION_ID,
                            name=courier.name,
                            rate=int(courier.fee),
                        ),
                    )
                )
        except Exception as exc:  # noqa: BLE001
            log.info("custom couriers unavailable: %s", exc)
        receiver = self._receiver()
        origin = services.ref.origin_district_id
        rate_options: list[ShippingOption] = []
        if origin is None:
            self._info(t("tui.shipping.no_origin", self.lang), "yellow")
        elif receiver is None or receiver.district_id is None:
            self._info(t("tui.shipping.no_destination", self.lang), "yellow")
        else:
            self._info(t("tui.shipping.loading", self.lang))
            try:
                price = sale.priced.subtotal if sale.priced else None
                cost = await client.expedition_cost(
                    origin, receiver.district_id, max(1, sale.cart.total_weight), price
                )
                rate_options = options_from_rates(cost, self.lang)
                self._info("")
            except Exception as exc:  # noqa: BLE001
                self._info("")
                self.host.show_error(exc)
        self.options = [ShippingOption("pickup", PICKUP), *rate_options, *options]
        self._draw()

    @on(DataTable.RowSelected, "#shipping-options")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_save()

    def action_save(self) -> None:
        table = self.query_one("#shipping-options", FitTable)
        key = table.current_key
        if key is None:
            return
        self.dismiss(self.options[int(key)].shipping)

    def action_pickup(self) -> None:
        self.dismiss(PICKUP)

    def action_manual(self) -> None:
        def done(shipping: Shipping | None) -> None:
            if shipping is not None:
                self.dismiss(shipping)

        self.app.push_screen(ManualRateDialog(), done)


class ManualRateDialog(PosModal[Shipping]):
    """A rate typed by hand: courier name and amount (expedition id 99)."""

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog-box"):
            yield Label(t("tui.shipping.manual_title", lang), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(t("tui.shipping.manual_name", lang), classes="field-label")
                yield Input(id="manual-name", compact=True, max_length=60)
            with Horizontal(classes="form-row"):
                yield Label(t("tui.shipping.manual_rate", lang), classes="field-label")
                yield Input(id="manual-rate", compact=True, max_length=20)
            yield FieldError(id="manual-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#manual-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "manual-rate":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        name = self.query_one("#manual-name", Input).value.strip()
        error = self.query_one("#manual-error", Static)
        if not name:
            error.update(Text(t("tui.customer.required", self.lang), style="bold red"))
            return
        try:
            rate = parse_rupiah(self.query_one("#manual-rate", Input).value)
        except MoneyParseError:
            error.update(Text(t("tui.pay.bad_amount", self.lang), style="bold red"))
            return
        self.dismiss(Shipping(expedition_id=MANUAL_EXPEDITION_ID, name=name, rate=rate))
