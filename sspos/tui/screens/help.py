"""F1: every key of every screen, built from the bindings themselves (never stale)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from sspos.i18n import t
from sspos.tui.screens.base import PosScreen
from sspos.tui.screens.costs import CostsScreen
from sspos.tui.screens.customer import CustomerScreen, NewCustomerForm
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.parked import ParkedScreen
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.price_check import PriceCheckScreen
from sspos.tui.screens.receipt import ReceiptPreview
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shift import ShiftReportScreen
from sspos.tui.screens.shipping import ShippingScreen
from sspos.tui.textual_private import keymap_of
from sspos.tui.widgets.key_footer import KeyFooter


def _key_display(keys: str) -> str:
    names = []
    for key in keys.split(","):
        key = key.strip()
        parts = key.split("+")
        names.append("+".join(p.upper() if len(p) <= 3 else p.capitalize() for p in parts))
    return " / ".join(names)


def keymap_sections(
    lang: str, keymap: dict[str, str] | None = None
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(section title, [(keys, what, binding id)]) for the help screen and KEYMAP.md;
    `keymap` (binding id -> keys) shows a shop's remapped keys."""
    keymap = keymap or {}

    sections = [
        (t("tui.help.sale", lang), SaleScreen),
        (t("tui.customer.title", lang), CustomerScreen),
        (t("tui.customer.new_title", lang), NewCustomerForm),
        (t("tui.shipping.title", lang), ShippingScreen),
        (t("tui.costs.title", lang), CostsScreen),
        (t("tui.pay.title", lang), PaymentScreen),
        (t("tui.orders.title", lang), OrdersScreen),
        (t("tui.preview.heading", lang), ReceiptPreview),
        (t("tui.parked.title", lang), ParkedScreen),
        (t("tui.check.title", lang), PriceCheckScreen),
        (t("tui.shift.report_heading", lang), ShiftReportScreen),
    ]
    result = []
    for title, screen in sections:
        # Like Textual's own merge: a subclass binding replaces the base's for that key.
        by_key: dict[str, Binding] = {}
        for cls in reversed(screen.__mro__):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id is not None:
                    by_key[binding.key] = binding
        rows = [
            (_key_display(keymap.get(b.id or "", b.key)), t(b.description, lang), b.id or "")
            for b in by_key.values()
        ]
        result.append((title, rows))
    general = [
        ("Ctrl+P", t("tui.key.palette", lang), ""),
        ("Ctrl+Q", t("tui.key.quit", lang), "app.quit"),
        ("↑ / ↓", t("tui.sale.results_hint", lang), ""),
        ("3*SKU", t("tui.sale.search_placeholder", lang), ""),
    ]
    result.insert(0, ("", general))
    return result


class HelpScreen(PosScreen[None]):
    """Lists every key of every screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "back", "tui.key.back", show=False, id="help.close")
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(t("tui.help.title", self.lang) + "\n", style="bold")
        keymap = dict(keymap_of(self.app))
        for title, rows in keymap_sections(self.lang, keymap):
            if title:
                text.append("\n" + title + "\n", style="bold underline")
            for keys, what, _id in rows:
                text.append(f"  {keys:<18}", style="bold")
                text.append(what + "\n")
        text.append("\n" + t("tui.help.footer", self.lang), style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(text, id="help-text")
        yield KeyFooter()


def keymap_markdown() -> str:
    """The keymap as Markdown (English, with the Indonesian label) for KEYMAP.md/README."""
    lines = [
        "# sspos keymap",
        "",
        "Generated from the bindings (`python -m sspos.tui.screens.help > sspos/tui/KEYMAP.md`);",
        "a test keeps it in step. Every binding has an id, so a shop can remap keys.",
        'Remap a key in `config.toml` by binding id (below): `[keymap]` then `"sale.pay" = "f12"`.',
        "Tab moves between fields, Enter confirms a field; neither is bound to an action",
        "(over SSH Tab = Ctrl+I and Enter = Ctrl+M). Some terminals grab F1/F10 — use",
        "Ctrl+P (palette) or Ctrl+O (orders) there.",
        "",
    ]
    english = keymap_sections("en")
    indonesian = keymap_sections("id")
    for (title, rows), (_, rows_id) in zip(english, indonesian, strict=True):
        lines.append(f"## {title or 'Everywhere'}")
        lines.append("")
        lines.append("| key | action | (Bahasa Indonesia) | binding id |")
        lines.append("|---|---|---|---|")
        for (keys, what, binding_id), (_, what_id, _) in zip(rows, rows_id, strict=True):
            safe = keys.replace("|", "\\|")
            lines.append(f"| {safe} | {what} | {what_id} | {binding_id} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(keymap_markdown(), end="")
