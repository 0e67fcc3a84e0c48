"""F1: every key of every screen, built from the bindings themselves (never stale)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from sspos.i18n import t
from sspos.tui.screens.base import PosScreen


def _key_display(keys: str) -> str:
    names = []
    for key in keys.split(","):
        key = key.strip()
        parts = key.split("+")
        names.append("+".join(p.upper() if len(p) <= 3 else p.capitalize() for p in parts))
    return " / ".join(names)


def keymap_sections(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(keys, what)]) for the help screen and KEYMAP.md."""
    from sspos.tui.screens.costs import CostsScreen
    from sspos.tui.screens.customer import CustomerScreen, NewCustomerForm
    from sspos.tui.screens.orders import OrdersScreen
    from sspos.tui.screens.payment import PaymentScreen
    from sspos.tui.screens.sale import SaleScreen
    from sspos.tui.screens.shipping import ShippingScreen

    sections = [
        (t("tui.key.pay", lang) + " / " + t("tui.key.cart", lang), SaleScreen),
        (t("tui.customer.title", lang), CustomerScreen),
        (t("tui.customer.new_title", lang), NewCustomerForm),
        (t("tui.shipping.title", lang), ShippingScreen),
        (t("tui.costs.title", lang), CostsScreen),
        (t("tui.pay.title", lang), PaymentScreen),
        (t("tui.orders.title", lang), OrdersScreen),
    ]
    result = []
    for title, screen in sections:
        rows = []
        seen = set()
        for cls in reversed(screen.__mro__):
            for binding in getattr(cls, "BINDINGS", []) if "BINDINGS" in cls.__dict__ else []:
                if not isinstance(binding, Binding) or binding.id in seen:
                    continue
                seen.add(binding.id)
                rows.append((_key_display(binding.key), t(binding.description, lang)))
        result.append((title, rows))
    general = [
        ("Ctrl+P", t("tui.key.palette", lang)),
        ("Ctrl+Q", t("tui.key.quit", lang)),
        ("↑ / ↓", t("tui.sale.results_hint", lang)),
        ("3*SKU", t("tui.sale.search_placeholder", lang)),
    ]
    result.insert(0, ("", general))
    return result


class HelpScreen(PosScreen[None]):
    """Lists every key of every screen."""

    BINDINGS = [Binding("f1", "back", "tui.key.back", show=False, id="help.close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(t("tui.help.title", self.lang) + "\n", style="bold")
        for title, rows in keymap_sections(self.lang):
            if title:
                text.append("\n" + title + "\n", style="bold underline")
            for keys, what in rows:
                text.append(f"  {keys:<18}", style="bold")
                text.append(what + "\n")
        text.append("\n" + t("tui.help.footer", self.lang), style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(text, id="help-text")
        yield Footer()
