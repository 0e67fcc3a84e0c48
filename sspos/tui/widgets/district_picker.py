"""A district (kecamatan) field: type three letters, ↑/↓ through the matches, Enter takes one.

Matches come from the local copy of the region list (synced with the catalog), so it works
offline; only when the local copy knows nothing is the server asked.
"""

from __future__ import annotations

import logging

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from sspos.api.models import Region
from sspos.tui.host import host_of
from sspos.tui.text import literal
from sspos.tui.widgets.fit_table import Column, FitTable

log = logging.getLogger(__name__)

REGION_LIMIT = 8
MIN_CHARS = 3


def region_label(region: Region) -> str:
    """How a region is shown and typed back: `Lowokwaru, Kota Malang, Jawa Timur`."""
    return region.fullname or region.subdistrict or ""


class DistrictPicker(Vertical):
    """An Input for the district and, under it, the regions matching what is typed."""

    DEFAULT_CSS = """
    DistrictPicker { height: auto; }
    DistrictPicker FitTable { height: auto; max-height: 8; }
    """

    def __init__(self, *, input_id: str, placeholder: str = "", column: str = "") -> None:
        super().__init__()
        self.input_id = input_id
        self.placeholder = placeholder
        self.column = column
        self.chosen: Region | None = None
        self._regions: list[Region] = []

    @property
    def matches(self) -> list[Region]:
        """The regions listed under the field now."""
        return list(self._regions)

    def compose(self) -> ComposeResult:
        yield Input(id=self.input_id, compact=True, max_length=100, placeholder=self.placeholder)
        yield FitTable([Column("region", self.column)], id=f"{self.input_id}-regions",
                       focusable=False)

    def on_mount(self) -> None:
        self._table.display = False

    @property
    def _input(self) -> Input:
        return self.query_one(f"#{self.input_id}", Input)

    @property
    def _table(self) -> FitTable:
        return self.query_one(f"#{self.input_id}-regions", FitTable)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if self.chosen is not None and text == region_label(self.chosen):
            return
        self.chosen = None
        if len(text) < MIN_CHARS:
            self._show([])
            return
        self.look_up(text)

    @work(exclusive=True, group="regions", exit_on_error=False)
    async def look_up(self, text: str) -> None:
        """Regions matching `text`: the local list first, the server when it knows none."""
        host = host_of(self)
        try:
            found = await host.pos.find_regions(text, REGION_LIMIT)
        except Exception as exc:  # noqa: BLE001 - shown; the cashier may type again
            host.show_error(exc)
            return
        if self._input.value.strip() == text:
            self._show(found)

    def _show(self, regions: list[Region]) -> None:
        self._regions = regions
        table = self._table
        table.display = bool(regions)
        table.set_rows([(r.id, [literal(region_label(r))]) for r in regions])

    def on_key(self, event: events.Key) -> None:
        if self._regions and event.key in ("up", "down") and self._input.has_focus:
            self._table.move(-1 if event.key == "up" else 1)
            event.stop()
            event.prevent_default()

    def choose(self) -> bool:
        """Take the highlighted match (if the list is open); True when one was taken."""
        table = self._table
        if not self._regions or not table.display:
            return False
        self.chosen = self._regions[max(0, min(table.cursor_row, len(self._regions) - 1))]
        self._input.value = region_label(self.chosen)
        table.display = False
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.choose()  # then the form decides what Enter does next
