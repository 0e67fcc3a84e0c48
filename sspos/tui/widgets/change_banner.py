"""The change to hand back, large, on the sale screen after a cash sale.

The payment dialog closes as soon as the sale is saved, so the cashier would otherwise
read the change in a toast that is gone in seconds. The banner stays until the first key
of the next sale.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from sspos.domain.money import format_rupiah
from sspos.i18n import t


class ChangeBanner(Vertical):
    """"Kembalian" in big digits, with what was tendered and the total under it."""

    DEFAULT_CSS = """
    ChangeBanner {
        display: none;
        height: auto;
        border: heavy $success;
        padding: 0 1;
        &.-shown { display: block; }
        #change-title { text-style: bold; }
        #change-digits { width: auto; color: $success; text-style: bold; }
        #change-detail { color: $text-muted; }
    }
    """

    def __init__(self, *, lang: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(id="change-title")
        yield Digits(id="change-digits")
        yield Static(id="change-detail")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def show(self, change: int, tendered: int, total: int) -> None:
        """Show the change of the sale just finished."""
        lang = self.lang
        self.query_one("#change-title", Static).update(Text(t("tui.pay.change", lang)))
        self.query_one("#change-digits", Digits).update(format_rupiah(change))
        detail = t(
            "tui.sale.change_detail",
            lang,
            tendered=format_rupiah(tendered),
            total=format_rupiah(total),
        )
        self.query_one("#change-detail", Static).update(Text(detail))
        self.add_class("-shown")

    def hide(self) -> None:
        """Gone at the first key of the next sale."""
        self.remove_class("-shown")
