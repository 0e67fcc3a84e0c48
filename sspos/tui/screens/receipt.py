"""Receipt preview: the exact text the printer gets, scrollable; F4 prints it again.

The text comes from `Receipts.preview` (`receipt_text(layout_receipt(...))`), the same
function the `none` printer "prints", so what the cashier reads here is what the paper
says. Product and customer names are in it: it is shown as a `rich.text.Text`, never
parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from sspos.i18n import t
from sspos.printing.receipt import ReceiptData
from sspos.tui.screens.base import PosModal
from sspos.tui.widgets.key_footer import KeyFooter

# border (2) + padding (2) + the vertical scroll bar (2) around the receipt's columns
FRAME_WIDTH = 6


class ReceiptPreview(PosModal[None]):
    """Shows a receipt as it prints. Esc closes; F4 reprints it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "back", "tui.key.back", show=False, id="preview.close"),  # nothing to save
        Binding("f4", "reprint", "tui.key.reprint", id="preview.reprint"),
    ]

    def __init__(
        self, text: str, receipt: ReceiptData, client_ref: str | None, columns: int
    ) -> None:
        super().__init__(classes="dialog", id="receipt-preview")
        self.text = text
        self.receipt = receipt
        self.client_ref = client_ref
        self.columns = columns

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="preview-box") as box:
            box.styles.width = self.columns + FRAME_WIDTH
            yield Label(
                t("tui.preview.title", self.lang, columns=self.columns), classes="dialog-title"
            )
            with VerticalScroll(id="preview-scroll"):
                yield Static(
                    Text(self.text.rstrip("\n"), no_wrap=True, overflow="crop"), id="preview-text"
                )
        yield KeyFooter()

    def on_mount(self) -> None:
        # Focused, so ↑↓ PgUp PgDn Home End scroll the receipt.
        self.query_one("#preview-scroll", VerticalScroll).focus()

    def action_reprint(self) -> None:
        """F4: print it again."""
        self.notify(t("tui.preview.reprinting", self.lang), markup=False, timeout=3)
        self.host.print_receipt(self.receipt, self.client_ref, reprint=True)
