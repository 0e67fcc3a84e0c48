"""Ctrl+R on the sale screen: the price and stock check of the highlighted product (a
search result, or the selected cart line). Every customer category's price, the wholesale
bands, and the stock per warehouse from the server; the cart is never touched. Esc: back.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sspos.app.errors import describe_error
from sspos.app.price_check import StockAnswer
from sspos.domain.catalog import VariantInfo
from sspos.domain.money import format_rupiah
from sspos.domain.pricing import TierPrice
from sspos.i18n import t
from sspos.tui.sale import tier_name
from sspos.tui.screens.base import PosModal
from sspos.tui.widgets.key_footer import KeyFooter


def tiers_table(rows: tuple[TierPrice, ...], lang: str) -> Table:
    """One row per customer category: its name, the price field it gets, one unit's
    price, and whether it may buy at the wholesale bands."""
    table = Table(box=None, pad_edge=False, expand=True, show_edge=False)
    table.add_column(t("tui.check.category", lang), ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column(t("tui.check.field", lang), ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column(t("tui.check.price", lang), justify="right", no_wrap=True)
    table.add_column(t("tui.check.wholesale", lang), justify="center", no_wrap=True)
    for row in rows:
        category = row.category
        field = tier_name(row.tier_label, lang)
        if row.fallback:
            field = t("tui.check.fallback", lang, field=field)
        price = Text(format_rupiah(row.unit_price), style="bold")
        if row.product_discount:
            price = Text.assemble(
                (format_rupiah(row.tier_price), "strike dim"), " ", price)
        table.add_row(
            Text(f"{category.name or category.code} ({category.code})"),
            Text(field),
            price,
            Text(t("tui.yes", lang) if category.wholesale_access else t("tui.no", lang)),
        )
    return table


def bands_text(variant: VariantInfo, lang: str) -> Text:
    """The wholesale bands in one line, or that there are none."""
    if not variant.wholesale:
        return Text(t("tui.check.no_bands", lang), style="dim")
    parts = []
    for band in variant.wholesale:
        price = format_rupiah(band.price)
        if band.to_qty is None:
            parts.append(t("tui.check.band_open", lang, from_qty=band.from_qty, price=price))
        else:
            parts.append(t("tui.check.band", lang, from_qty=band.from_qty,
                           to_qty=band.to_qty, price=price))
    return Text(t("tui.check.bands", lang, bands=" · ".join(parts)))


def stock_text(variant: VariantInfo, answer: StockAnswer, lang: str) -> Text:
    """The server's stock per warehouse and in all; or why it is missing, with the stock
    the last sync saw."""
    known = (t("tui.check.unknown", lang) if variant.stock is None else str(variant.stock))
    if answer.offline:
        return Text(t("tui.check.offline", lang, stock=known), style="yellow")
    if answer.error is not None:
        return Text(t("tui.check.failed", lang, error=describe_error(answer.error, lang),
                      stock=known), style="yellow")
    text = Text()
    for warehouse in answer.warehouses:
        text.append(f"{warehouse.name}: ")
        text.append(str(warehouse.stock), style="bold")
        text.append("  ·  ")
    text.append(t("tui.check.total_stock", lang) + ": ")
    text.append(str(answer.total), style="bold")
    return text


class PriceCheckScreen(PosModal[None]):
    """Prices and stock of one variant; nothing here changes the sale."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "tui.key.back", id="check.close"),
    ]

    def __init__(self, variant: VariantInfo) -> None:
        super().__init__(classes="dialog")
        self.variant = variant
        self.answer: StockAnswer | None = None

    def compose(self) -> ComposeResult:
        lang = self.lang
        variant = self.variant
        with VerticalScroll(classes="dialog-box wide-box", id="check-box"):
            yield Label(t("tui.check.title", lang), classes="dialog-title")
            yield Static(Text.assemble((variant.display_name, "bold"), "  ", variant.sku),
                         id="check-name")
            yield Static(tiers_table(self.pos.price_check.prices(variant), lang),
                         id="check-tiers")
            yield Static(bands_text(variant, lang), id="check-bands")
            yield Static(Text(t("tui.check.asking", lang), style="italic"), id="check-stock")
            yield Static(Text(t("tui.check.keys", lang), style="dim"), classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load_stock()

    @work(exclusive=True, group="stock", exit_on_error=False)
    async def load_stock(self) -> None:
        """Ask the server for the stock (see `sspos.app.price_check`) and show it."""
        answer = await self.pos.price_check.stock(self.variant)
        self.answer = answer
        self.query_one("#check-stock", Static).update(stock_text(self.variant, answer,
                                                                  self.lang))
