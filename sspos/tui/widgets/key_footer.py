"""The footer of every screen: all keys stay visible, wrapping onto a second row.

Textual's `Footer` is one line that cuts off whatever does not fit, so at 80 columns the
sale screen lost F9 (Pay) and F10 (Orders). `KeyFooter` keeps one line while the keys
fit and otherwise lays them out in a grid of equal cells, as many rows as needed (two
for the sale screen at 80×24, in both languages), so every binding shows, in order.
"""

from __future__ import annotations

from math import ceil

from rich.cells import cell_len
from textual import events
from textual.widgets import Footer

from sspos.tui.textual_private import FooterKey


def key_width(key: FooterKey) -> int:
    """Cells one key takes in the compact footer: `F9 Pay` and the gap after it."""
    text = key.key_display + (" " + key.description if key.description else "")
    return cell_len(text) + 1


def arrangement(widths: list[int], available: int) -> tuple[int, int]:
    """(columns, rows) for keys of `widths` in `available` cells; (0, 1) = one plain row."""
    if not widths or sum(widths) - 1 <= available:
        return 0, 1
    columns = max(1, min(len(widths), available // max(widths)))
    return columns, ceil(len(widths) / columns)


class KeyFooter(Footer):
    """A compact footer that wraps its keys onto more rows instead of hiding them."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    async def recompose(self) -> None:
        """Textual rebuilds the keys when the bindings change; lay them out again."""
        await super().recompose()
        self._arrange()

    def on_resize(self, event: events.Resize) -> None:
        self._arrange()

    @property
    def keys(self) -> list[FooterKey]:
        """The key widgets, in the order they show."""
        return list(self.query_children(FooterKey))

    def _arrange(self) -> None:
        if not self.is_attached:
            return  # its screen was dismissed while the keys were rebuilt
        width = self.size.width or self.app.size.width
        if width <= 0:
            return
        columns, rows = arrangement([key_width(key) for key in self.keys], width)
        styles = self.styles
        if columns == 0:
            styles.layout = "horizontal"
        else:
            styles.layout = "grid"
            styles.grid_size_columns = columns
            styles.grid_size_rows = rows
        styles.height = rows
