"""The drawer's dialogs: an amount (opening float, counted cash, cash in/out with its
reason) and the X/Z report as it prints.

The amount is read by `parse_rupiah` (`150000`, `150.000`, `150rb`); an unreadable one is
said under the field and the dialog stays. The report is the exact text of the paper
(`receipt_text` of `layout_shift_report`), shown as text, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from sspos.domain.money import MoneyParseError, format_amount, parse_rupiah
from sspos.domain.shift import ShiftReport
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.screens.receipt import FRAME_WIDTH
from sspos.tui.text import literal
from sspos.tui.widgets.field_error import FieldError
from sspos.tui.widgets.key_footer import KeyFooter

#: What `AmountDialog` gives back: the amount and the reason ("" when none is asked).
Amount = tuple[int, str]


class AmountDialog(PosModal[Amount]):
    """An amount of Rupiah, and a reason when `ask_reason`. F2 or Enter saves."""

    def __init__(self, title: str, hint: str = "", *, ask_reason: bool = False,
                 value: str = "") -> None:
        super().__init__(classes="dialog", id="amount-dialog")
        self.title_text = title
        self.hint = hint
        self.ask_reason = ask_reason
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(literal(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(literal(self.hint), classes="dialog-text")
            yield Label(t("tui.shift.amount", self.lang))
            yield Input(value=self.value, id="amount", max_length=20, compact=True)
            if self.ask_reason:
                yield Label(t("tui.shift.reason", self.lang))
                yield Input(id="reason", max_length=200, compact=True)
            yield FieldError(id="amount-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#amount")
    def _amount_entered(self) -> None:
        if self.ask_reason:
            self.query_one("#reason", Input).focus()
        else:
            self.action_save()

    @on(Input.Submitted, "#reason")
    def _reason_entered(self) -> None:
        self.action_save()

    def _error(self, message: str) -> None:
        self.query_one("#amount-error", Static).update(Text(message, style="bold red"))

    def action_save(self) -> None:
        text = self.query_one("#amount", Input).value.strip()
        try:
            amount = parse_rupiah(text)
        except MoneyParseError:
            self._error(t("shift.error.bad_amount", self.lang, text=text))
            self.query_one("#amount", Input).focus()
            return
        reason = ""
        if self.ask_reason:
            reason = self.query_one("#reason", Input).value.strip()
            if not reason:
                self._error(t("shift.error.reason_required", self.lang))
                self.query_one("#reason", Input).focus()
                return
        self.dismiss((amount, reason))


class ShiftReportScreen(PosModal[None]):
    """An X or Z report as it prints. Esc closes; F4 prints it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "back", "tui.key.back", show=False, id="shift_report.close"),
        Binding("f4", "print", "tui.key.print_report", id="shift_report.print"),
    ]

    def __init__(self, report: ShiftReport, text: str, columns: int) -> None:
        super().__init__(classes="dialog", id="shift-report")
        self.report = report
        self.text = text
        self.columns = columns

    def compose(self) -> ComposeResult:
        title = "tui.shift.z_title" if self.report.final else "tui.shift.x_title"
        with Vertical(classes="dialog-box", id="preview-box") as box:
            box.styles.width = self.columns + FRAME_WIDTH
            yield Label(t(title, self.lang, id=self.report.shift.id), classes="dialog-title")
            yield Static(literal(self.summary()), id="report-summary")
            with VerticalScroll(id="preview-scroll"):
                yield Static(Text(self.text.rstrip("\n"), no_wrap=True, overflow="crop"),
                             id="report-text")
        yield KeyFooter()

    def summary(self) -> str:
        """The figures the cashier looks for, above the paper (always in view)."""
        report = self.report
        text = t("tui.shift.summary", self.lang, count=report.sales_count,
                 total=format_amount(report.sales_total),
                 expected=format_amount(report.cash_expected))
        if report.over_short is not None:
            text += "\n" + t("tui.shift.summary_counted", self.lang,
                             counted=format_amount(report.shift.counted or 0),
                             difference=format_amount(report.over_short))
        return text

    def on_mount(self) -> None:
        self.query_one("#preview-scroll", VerticalScroll).focus()

    def action_print(self) -> None:
        """F4: print the report."""
        self.host.print_shift_report(self.report)
