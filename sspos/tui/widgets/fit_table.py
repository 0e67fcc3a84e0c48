"""A DataTable whose one flexible column takes the width left by the fixed ones.

Cells are always `rich.text.Text` (never markup strings), cut to their column so a blank
always separates two columns. Rows are kept so a resize can re-lay them out; tables here
hold a LIMITed page (tens of rows), never the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from sspos.tui.text import fit


@dataclass(frozen=True, slots=True)
class Column:
    """A column: label, fixed width (None = the flexible one), right-justified or not."""

    key: str
    label: str
    width: int | None = None
    right: bool = False
    hide_below: int = 0  # left out when the table is narrower than this
    middle: bool = False  # cut long text in the middle: its end (a variant) stays visible
    shrink: bool = False  # as narrow as its widest cell (at most `width`): amounts, counts
    grow_to: int = 0  # this wide when a cell needs more and the flexible column keeps FLEX_ROOM


FLEX_ROOM = 30  # what the flexible column (names) keeps before other columns grow


class FitTable(DataTable[Text]):
    """A row-cursor table sized to its width, fed whole pages of rows at once."""

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, focusable: bool = True
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, cell_padding=0)
        self._columns_spec = list(columns)
        self._rows: list[tuple[Any, list[Text]]] = []
        self._hidden: frozenset[str] = frozenset()
        self._shown: list[int] = []
        self._widths: dict[int, int] = {}
        self._laid_out: tuple[int, tuple[int, ...], tuple[tuple[int, int], ...]] | None = None
        self.can_focus = focusable

    def _visible(self, width: int) -> list[int]:
        return [
            i
            for i, c in enumerate(self._columns_spec)
            if width >= c.hide_below and c.key not in self._hidden
        ]

    def _widest(self, index: int) -> int:
        return max((cells[index].cell_len for _, cells in self._rows), default=0)

    def _column_widths(self, width: int, shown: list[int]) -> dict[int, int]:
        """Each shown column's width: fixed ones as specified (or shrunk to their cells),
        the flexible one whatever is left (a blank after each, room for a scroll bar);
        with room to spare, a column whose cells need more grows to its `grow_to`."""
        widths: dict[int, int] = {}
        flex: int | None = None
        for position, index in enumerate(shown):
            column = self._columns_spec[index]
            if column.width is None:
                flex = index
            elif column.shrink:
                lead = self._leads_with_blank(shown, position)
                widest = max(cell_len(column.label), self._widest(index)) + lead
                widths[index] = min(column.width, widest)
            else:
                widths[index] = column.width
        if flex is not None:
            room = width - sum(w + 1 for w in widths.values()) - 3
            for index, current in list(widths.items()):
                # All the way or not at all: the layout changes seldom as pages come.
                extra = self._columns_spec[index].grow_to - current
                if extra > 0 and self._widest(index) > current and room - extra >= FLEX_ROOM:
                    widths[index] = current + extra
                    room -= extra
            widths[flex] = max(8, room)
        return widths

    def _leads_with_blank(self, shown: list[int], position: int) -> bool:
        """A left-aligned cell right after an amount starts with the blank between them
        (Rich strips trailing blanks of right-aligned text)."""
        column = self._columns_spec[shown[position]]
        return position > 0 and not column.right and self._columns_spec[shown[position - 1]].right

    def _layout_columns(self) -> bool:
        """Lay the columns out again when the width, the hidden columns or the widest
        cell of a shrinking column changed (cheap: a page of rows); True when it did."""
        width = self.size.width
        if not width:
            if self.columns:
                return False  # hidden: keep the layout until it shows again (a resize)
            width = 60
        shown = self._visible(width)
        widths = self._column_widths(width, shown)
        key = (width, tuple(shown), tuple(sorted(widths.items())))
        if key == self._laid_out and self.columns:
            return False
        self._laid_out = key
        self._shown, self._widths = shown, widths
        super().clear(columns=True)
        for index in shown:
            column = self._columns_spec[index]
            label = self._cell(Text(column.label), index)
            self.add_column(label, width=widths[index] + 1, key=column.key)
        return True

    def _cell(self, cell: Text, index: int) -> Text:
        """`cell` cut to its column's width; the column's extra cell is the gap."""
        column = self._columns_spec[index]
        width = self._widths.get(index, column.width or 8)
        if column.right:
            cell = fit(cell, width, middle=column.middle).copy()
            cell.justify = "right"
            return cell
        position = self._shown.index(index) if index in self._shown else 0
        if self._leads_with_blank(self._shown, position):
            return Text(" ") + fit(cell, width - 1, middle=column.middle)
        return fit(cell, width, middle=column.middle)

    def on_mount(self) -> None:
        self._layout_columns()

    def on_resize(self, event: events.Resize) -> None:
        if self._layout_columns():
            self._fill(self.cursor_row)

    def set_rows(
        self,
        rows: Sequence[tuple[Any, Sequence[Text]]],
        cursor: int = 0,
        hidden: Iterable[str] = (),
    ) -> None:
        """Replace every row (key, cells) and put the cursor on row `cursor`; the columns
        whose keys are in `hidden` are left out (e.g. a discount column nobody needs)."""
        self._rows = [(key, list(cells)) for key, cells in rows]
        self._hidden = frozenset(hidden)
        self._layout_columns()
        self._fill(cursor)

    def _fill(self, cursor: int) -> None:
        super().clear(columns=False)
        for key, cells in self._rows:
            self.add_row(*(self._cell(cells[i], i) for i in self._shown), key=str(key))
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
