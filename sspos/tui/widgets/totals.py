"""The right-hand panel: customer (and receiver), shipping, and the totals."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sspos.domain.cart import Cart
from sspos.domain.catalog import Customer, CustomerCategory
from sspos.domain.money import format_rupiah
from sspos.domain.pricing import PricedCart
from sspos.i18n import t


def _row(label: str, amount: str, width: int, style: str = "") -> Text:
    pad = max(1, width - len(label) - len(amount))
    return Text(label + " " * pad + amount, style=style, no_wrap=True, overflow="ellipsis")


class TotalsPanel(Static):
    """Customer, receiver, shipping and every total of the sale — all from PricedCart."""

    def __init__(self, *, lang: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._last: tuple[Cart, CustomerCategory, PricedCart, str] | None = None

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    def show(
        self,
        cart: Cart,
        category: CustomerCategory,
        priced: PricedCart,
        walk_in_name: str,
    ) -> None:
        """Render the panel for the current sale (again on resize: widths matter)."""
        self._last = (cart, category, priced, walk_in_name)
        lang = self.lang
        width = max(16, self.size.width or 24)
        text = Text(no_wrap=True)
        text.append(t("tui.totals.customer", lang) + "\n", style="dim")
        sender: Customer | None = cart.sender
        text.append_text(Text((sender.name if sender else walk_in_name)[: width], style="bold"))
        text.append("\n")
        text.append_text(Text(f"{category.name or category.code} ({category.code})"[:width]))
        text.append("\n")
        yes, no = t("tui.yes", lang), t("tui.no", lang)
        access = t(
            "tui.totals.access",
            lang,
            wholesale=yes if category.wholesale_access else no,
            discount=yes if category.discount_access else no,
        )
        text.append_text(Text(access[:width], style="dim"))
        text.append("\n")
        if cart.receiver is not None:
            text.append(t("tui.totals.receiver", lang) + " (dropship)\n", style="dim")
            text.append_text(Text(cart.receiver.name[:width]))
            text.append("\n")
        shipping = cart.shipping
        ship_name = (
            t("tui.pickup", lang)
            if shipping is None or shipping.is_pickup
            else f"{shipping.name} {shipping.service}".strip()
        )
        text.append(t("tui.totals.shipping", lang) + ": ", style="dim")
        text.append_text(Text(ship_name[: width - 6]))
        text.append("\n" + "─" * width + "\n", style="dim")
        # Before any discount, then every discount (the lines' and the order's), as the
        # receipt prints them: the rows add up to the total.
        discounts = priced.item_discount_total + priced.discount_total
        rows = [
            (t("tui.totals.subtotal", lang), format_rupiah(priced.list_subtotal)),
            (t("tui.totals.discount", lang), format_rupiah(-discounts)),
            (t("tui.totals.costs", lang), format_rupiah(priced.cost_total)),
            (t("tui.totals.ship_cost", lang), format_rupiah(priced.shipping)),
        ]
        for label, amount in rows:
            text.append_text(_row(label, amount, width))
            text.append("\n")
        text.append("─" * width + "\n", style="dim")
        text.append_text(
            _row(t("tui.totals.total", lang), format_rupiah(priced.total), width, "bold reverse")
        )
        text.append("\n")
        text.append(t("tui.totals.items", lang, count=cart.total_qty), style="dim")
        self.update(text)
