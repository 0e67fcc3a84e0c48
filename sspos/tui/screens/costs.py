"""F5: order-level discounts and costs — the shop's presets and ad-hoc ones.

(Line discounts are on the sale screen: F7 on the selected line.)
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from sspos.api.models import OrderCostPreset
from sspos.domain.cart import CostCategory, OrderCost
from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.screens.dialogs import parse_discount
from sspos.tui.text import literal
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter
from sspos.tui.widgets.select import PosSelect

CATEGORIES: tuple[CostCategory, ...] = ("DISCOUNT", "OTHER COST", "INSURANCE")


def cost_from_preset(preset: OrderCostPreset) -> OrderCost:
    """An OrderCost from an `order-cost` preset (category spelled as the API example; an
    unknown one is an other cost)."""
    spelled = (preset.category or "OTHER COST").upper().replace("_", " ")
    category: CostCategory = next((c for c in CATEGORIES if c == spelled), "OTHER COST")
    name = preset.name or preset.title or category
    if (preset.type or "").upper() == "PERCENTAGE":
        return OrderCost(name, category, "PERCENTAGE", round(preset.percentage or 0))
    return OrderCost(name, category, "NOMINAL", int(preset.nominal or 0))


def describe_cost(cost: OrderCost) -> str:
    value = f"{cost.value}%" if cost.type == "PERCENTAGE" else format_rupiah(cost.value)
    return value


class CostsScreen(PosModal[list[OrderCost]]):
    """Enter on a preset adds it; Delete removes the selected cost; F3 adds an ad-hoc one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "add_custom", "tui.key.add_cost", id="costs.add"),
        Binding("delete", "remove", "tui.key.delete_cost", id="costs.remove"),
    ]

    def __init__(self, costs: list[OrderCost]) -> None:
        super().__init__(classes="dialog")
        self.costs = list(costs)
        self.presets: list[OrderCost] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        category_names = {
            "DISCOUNT": t("tui.costs.discount", lang),
            "OTHER COST": t("tui.costs.other", lang),
            "INSURANCE": t("tui.costs.insurance", lang),
        }
        self.category_names = category_names
        with Vertical(classes="dialog-box wide-box"):
            yield Label(t("tui.costs.title", lang), classes="dialog-title")
            yield Static(t("tui.costs.presets", lang), classes="muted")
            yield FitTable(
                [
                    Column("name", t("tui.costs.name", lang)),
                    Column("kind", t("tui.col.kind", lang), 11),
                    Column("amount", t("tui.col.amount", lang), 11, right=True),
                ],
                id="cost-presets",
            )
            yield Static(t("tui.costs.current", lang), classes="muted")
            yield FitTable(
                [
                    Column("name", t("tui.costs.name", lang)),
                    Column("kind", t("tui.col.kind", lang), 11),
                    Column("amount", t("tui.col.amount", lang), 11, right=True),
                ],
                id="cost-current",
            )
            with Horizontal(classes="form-row"):
                yield Input(
                    placeholder=t("tui.costs.name", lang),
                    id="cost-name",
                    compact=True,
                    max_length=60,
                )
                yield PosSelect(
                    [(category_names[c], c) for c in CATEGORIES],
                    value="DISCOUNT",
                    allow_blank=False,
                    id="cost-category",
                    compact=True,
                )
                yield Input(
                    placeholder=t("tui.costs.value", lang),
                    id="cost-value",
                    compact=True,
                    max_length=20,
                )
            yield FieldError(id="cost-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.presets = [cost_from_preset(p) for p in self.pos.services.ref.cost_presets]
        self._draw()
        self.query_one("#cost-presets", FitTable).focus()

    def _rows(self, costs: list[OrderCost]) -> list[tuple[int, list[Text]]]:
        return [
            (
                i,
                [
                    literal(c.name),
                    Text(self.category_names.get(c.category, c.category)),
                    Text(describe_cost(c), justify="right"),
                ],
            )
            for i, c in enumerate(costs)
        ]

    def _draw(self) -> None:
        self.query_one("#cost-presets", FitTable).set_rows(self._rows(self.presets))
        current = self.query_one("#cost-current", FitTable)
        current.set_rows(self._rows(self.costs), cursor=len(self.costs) - 1)

    @on(DataTable.RowSelected, "#cost-presets")
    def _preset_chosen(self, event: DataTable.RowSelected) -> None:
        key = self.query_one("#cost-presets", FitTable).current_key
        if key is not None:
            self.costs.append(self.presets[int(key)])
            self._draw()

    def action_remove(self) -> None:
        table = self.query_one("#cost-current", FitTable)
        key = table.current_key
        if key is not None and self.focused is table:
            del self.costs[int(key)]
            self._draw()

    def action_add_custom(self) -> None:
        self.query_one("#cost-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cost-value":
            self._add_typed()
        else:
            self.focus_next()

    def _add_typed(self) -> bool:
        name = self.query_one("#cost-name", Input).value.strip()
        text = self.query_one("#cost-value", Input).value.strip()
        error = self.query_one("#cost-error", Static)
        if not name and not text:
            return True
        chosen = self.query_one("#cost-category", Select).value
        category: CostCategory = next((c for c in CATEGORIES if c == chosen), "DISCOUNT")
        if not name:
            error.update(Text(t("tui.customer.required", self.lang), style="bold red"))
            return False
        try:
            parsed = parse_discount(text)
        except ValueError:
            parsed = None
        if parsed is None:
            error.update(Text(t("tui.costs.bad_value", self.lang), style="bold red"))
            return False
        error.update("")
        self.costs.append(OrderCost(name, category, parsed.type, parsed.value))
        self.query_one("#cost-name", Input).value = ""
        self.query_one("#cost-value", Input).value = ""
        self._draw()
        self.query_one("#cost-current", FitTable).focus()
        return True

    def action_save(self) -> None:
        if self._add_typed():
            self.dismiss(self.costs)
