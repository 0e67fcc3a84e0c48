"""F11 on an empty cart: the parked sales of this terminal, with when each was parked and its total;
↑/↓ and Enter (or F2) recall one. Esc: back, the cart in front stays."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from sspos.app.parking import ParkedSale
from sspos.i18n import t
from sspos.tui.screens.base import PosModal
from sspos.tui.text import literal, money
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter


def parked_time(parked_at: datetime, now: datetime) -> str:
    """When a sale was parked, in the shop's time: `14:05` today, else `27/11 14:05`."""
    local = parked_at.astimezone(now.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M")


class ParkedScreen(PosModal[str]):
    """Choose a parked sale to recall; dismissed with its id (None: back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "tui.key.recall", id="parked.recall"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self.parked: list[ParkedSale] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog-box wide-box", id="parked-box"):
            yield Label(t("tui.parked.title", lang), classes="dialog-title")
            yield FitTable(
                [Column("time", t("tui.parked.time", lang), 11),
                 Column("customer", t("tui.parked.customer", lang)),
                 Column("items", t("tui.parked.items", lang), 6, right=True),
                 Column("total", t("tui.col.total", lang), 13, right=True)],
                id="parked-list",
            )
            yield Static("", id="parked-empty")
            yield Static(Text(t("tui.parked.keys", lang), style="dim"), classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#parked-list", FitTable).focus()
        self.load()

    @work(exclusive=True, group="parked", exit_on_error=False)
    async def load(self) -> None:
        """Read the parked sales (from disk, in a thread) and list them."""
        self.parked = await self.pos.parking.list()
        now = self.pos.services.clock()
        walk_in = t("tui.walk_in", self.lang)
        self.query_one("#parked-list", FitTable).set_rows([
            (p.parked_id, [literal(parked_time(p.parked_at, now)),
                           literal(p.customer or walk_in),
                           Text(str(p.items), justify="right"), money(p.total)])
            for p in self.parked
        ])
        self.query_one("#parked-empty", Static).update(
            "" if self.parked else Text(t("tui.parked.none", self.lang), style="yellow"))

    @on(DataTable.RowSelected, "#parked-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Enter / F2: recall the highlighted sale."""
        key = self.query_one("#parked-list", FitTable).current_key
        if key is not None:
            self.dismiss(str(key))
