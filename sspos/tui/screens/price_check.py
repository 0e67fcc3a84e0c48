"""Ctrl+R on the sale screen: the price and stock check of the highlighted product (a
search result, or the selected cart line). Every customer category's price, the wholesale
bands, and the stock per warehouse from the server; the cart is never touched. Esc: back.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sspos.app.price_check import StockAnswer
from sspos.domain.catalog import VariantInfo
from sspos.i18n import t
from sspos.tui.price_text import bands_text, stock_text, tiers_table
from sspos.tui.screens.base import PosModal
from sspos.tui.widgets.key_footer import KeyFooter


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
