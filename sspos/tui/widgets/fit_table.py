"""A DataTable whose one flexible column takes the width left by the fixed ones.

Cells are always `rich.text.Text` (never markup strings). Rows are kept so a resize can
re-lay them out; tables here hold a LIMITed page (tens of rows), never the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable


@dataclass(frozen=True, slots=True)
class Column:
    """A column: label, fixed width (None = the flexible one), right-justified or not."""

    key: str
    label: str
    width: int | None = None
    right: bool = False
    hide_below: int = 0  # left out when the table is narrower than this


class FitTable(DataTable[Text]):
    """A row-cursor table sized to its width, fed whole pages of rows at once."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None, focusable: bool = True) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, cell_padding=0)
        self._columns_spec = list(columns)
        self._rows: list[tuple[Any, list[Text]]] = []
        self._laid_out_width = -1
        self.can_focus = focusable

    def _visible(self, width: int) -> list[int]:
        return [i for i, c in enumerate(self._columns_spec) if width >= c.hide_below]

    def _flex_width(self, width: int) -> int:
        shown = [self._columns_spec[i] for i in self._visible(width)]
        fixed = sum((c.width or 0) + 1 for c in shown)
        return max(8, width - fixed - 2)

    def _layout_columns(self) -> None:
        width = self.size.width or 60
        self._laid_out_width = width
        self._shown = self._visible(width)
        super().clear(columns=True)
        for index in self._shown:
            column = self._columns_spec[index]
            label = self._cell(Text(column.label), index)
            col_width = column.width if column.width is not None else self._flex_width(width)
            self.add_column(label, width=col_width + 1, key=column.key)

    def _cell(self, cell: Text, index: int) -> Text:
        column = self._columns_spec[index]
        if column.right:
            cell = cell.copy()
            cell.justify = "right"
            return cell
        shown = getattr(self, "_shown", [])
        position = shown.index(index) if index in shown else 0
        if position > 0 and self._columns_spec[shown[position - 1]].right:
            # Rich strips trailing blanks of right-aligned text, so the gap after an
            # amount is a leading blank of the next (left-aligned) cell.
            cell = Text(" ") + cell
        return cell

    def on_mount(self) -> None:
        self._layout_columns()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_width:
            cursor = self.cursor_row
            self._layout_columns()
            self._fill(cursor)

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[Text]]], cursor: int = 0) -> None:
        """Replace every row (key, cells) and put the cursor on row `cursor`."""
        self._rows = [(key, list(cells)) for key, cells in rows]
        if not self.columns:
            self._layout_columns()
        self._fill(cursor)

    def _fill(self, cursor: int) -> None:
        super().clear(columns=False)
        specs = self._columns_spec
        shown = getattr(self, "_shown", list(range(len(specs))))
        for key, cells in self._rows:
            self.add_row(*(self._cell(cells[i], i) for i in shown), key=str(key))
        if self._rows:
            self.move_cursor(row=max(0, min(cursor, len(self._rows) - 1)), animate=False)

    @property
    def row_keys_in_order(self) -> list[Any]:
        """The keys of the rows, in display order."""
        return [key for key, _ in self._rows]

    @property
    def current_key(self) -> Any:
        """The key of the row under the cursor, or None when empty."""
        if not self._rows:
            return None
        row = max(0, min(self.cursor_row, len(self._rows) - 1))
        return self._rows[row][0]

    def move(self, delta: int) -> None:
        """Move the cursor by `delta` rows (clamped)."""
        if self._rows:
            row = max(0, min(self.cursor_row + delta, len(self._rows) - 1))
            self.move_cursor(row=row, animate=False)
