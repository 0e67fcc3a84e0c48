"""Small dialogs: confirm, quantity, line discount, one-line text (AWB)."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from sspos.domain.cart import MAX_LINE_QTY, LineDiscount
from sspos.domain.money import MoneyParseError, parse_rupiah
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.text import literal
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.key_footer import KeyFooter


class ConfirmDialog(PosModal[bool]):
    """Yes/no question. F2 or Y = yes; Esc or N = no (the footer says so, not "Save")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "tui.key.yes", id="confirm.save"),
        Binding("escape", "back", "tui.key.no", id="confirm.back"),
        Binding("y", "save", "tui.key.yes", show=False, id="confirm.yes"),
        Binding("n", "back", "tui.key.no", show=False, id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(t("tui.confirm.title", self.lang), classes="dialog-title")
            yield Static(Text(self.question), classes="dialog-text")
            yield Static(
                Text(
                    f"[Y/F2] {t('tui.key.yes', self.lang)}   [N/Esc] {t('tui.key.no', self.lang)}"
                ),
                classes="dialog-hint",
            )
        yield KeyFooter()

    def action_save(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


class QuantityDialog(PosModal[int]):
    """Set a line's quantity (1…MAX_LINE_QTY)."""

    def __init__(self, name: str, qty: int) -> None:
        super().__init__(classes="dialog")
        self.item_name = name
        self.qty = qty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(
                literal(t("tui.qty.title", self.lang, name=self.item_name)), classes="dialog-title"
            )
            yield Input(value=str(self.qty), id="qty", type="integer", compact=True)
            yield FieldError(id="qty-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        field = self.query_one("#qty", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#qty")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#qty", Input).value.strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_LINE_QTY:
            self.query_one("#qty-error", Static).update(
                Text(t("tui.sale.bad_qty", self.lang, max=MAX_LINE_QTY), style="bold red")
            )
            return
        self.dismiss(int(text))


_PERCENT = re.compile(r"^\s*(\d{1,3})\s*%\s*$")


def parse_discount(text: str) -> LineDiscount | None:
    """`10%` -> percentage, `5000`/`5rb` -> nominal, empty -> None; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _PERCENT.match(text)
    if match:
        value = int(match.group(1))
        if not 0 < value <= 100:
            raise ValueError(text)
        return LineDiscount("PERCENTAGE", value)
    try:
        amount = parse_rupiah(text)
    except MoneyParseError as exc:
        raise ValueError(text) from exc
    return LineDiscount("NOMINAL", amount) if amount else None


def format_discount(discount: LineDiscount | None) -> str:
    if discount is None:
        return ""
    return f"{discount.value}%" if discount.type == "PERCENTAGE" else str(discount.value)


class LineDiscountDialog(PosModal[tuple[bool, LineDiscount | None]]):
    """A discount on the selected line: nominal or percentage; empty removes it."""

    def __init__(self, name: str, current: LineDiscount | None) -> None:
        super().__init__(classes="dialog")
        self.item_name = name
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(
                literal(t("tui.discount.title", self.lang, name=self.item_name)),
                classes="dialog-title",
            )
            yield Input(value=format_discount(self.current), id="discount", compact=True)
            yield Static(Text(t("tui.discount.hint", self.lang), style="dim"))
            yield FieldError(id="discount-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#discount", Input).focus()

    @on(Input.Submitted, "#discount")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            discount = parse_discount(self.query_one("#discount", Input).value)
        except ValueError:
            self.query_one("#discount-error", Static).update(
                Text(t("tui.costs.bad_value", self.lang), style="bold red")
            )
            return
        self.dismiss((True, discount))


class TextPrompt(PosModal[str]):
    """One line of text (an AWB number…). Enter or F2 saves."""

    def __init__(self, title: str, value: str = "", *, max_length: int = 64) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Input(value=self.value, id="prompt", max_length=self.max_length, compact=True)
            yield FieldError(id="prompt-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#prompt", Input).focus()

    @on(Input.Submitted, "#prompt")
    def _submitted(self) -> None:
        self.action_save()

    def show_error(self, message: str) -> None:
        self.query_one("#prompt-error", Static).update(Text(message, style="bold red"))

    def action_save(self) -> None:
        value = self.query_one("#prompt", Input).value.strip()
        if not value:
            self.show_error(t("tui.customer.required", self.lang))
            return
        self.dismiss(value)
