"""The price and stock check as Rich text: the Ctrl+R screen shows it, `sspos price`
prints it. Pure: no Textual, no I/O."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from sspos.app.errors import describe_error
from sspos.app.price_check import StockAnswer
from sspos.domain.catalog import VariantInfo
from sspos.domain.money import format_rupiah
from sspos.domain.pricing import TierPrice
from sspos.i18n import t
from sspos.tui.sale import tier_name


def tiers_table(rows: tuple[TierPrice, ...], lang: str, *, plain: bool = False) -> Table:
    """One row per customer category: its name, the price field it gets, one unit's
    price, and whether it may buy at the wholesale bands. A product discount shows the
    price before it struck through, or (`plain`: text without styles) followed by `→`."""
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
                (format_rupiah(row.tier_price), "strike dim"), " → " if plain else " ", price)
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
        why = describe_error(answer.error, lang).rstrip(".")  # the message adds its own
        return Text(t("tui.check.failed", lang, error=why, stock=known), style="yellow")
    text = Text()
    for warehouse in answer.warehouses:
        text.append(f"{warehouse.name}: ")
        text.append(str(warehouse.stock), style="bold")
        text.append("  ·  ")
    text.append(t("tui.check.total_stock", lang) + ": ")
    text.append(str(answer.total), style="bold")
    return text
