"""`Select` whose pop-up menu speaks the shop's language.

Textual's `Select` opens an overlay whose Esc binding reads "Dismiss menu" in the footer;
`PosSelect` gives that binding the POS's own words (see `keys.localize_bindings`).
Every drop-down of the POS is a `PosSelect`.
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Select

from sspos.tui.host import host_of
from sspos.tui.keys import localize_bindings
from sspos.tui.textual_private import select_overlays

T = TypeVar("T")


class PosSelect(Select[T]):
    """A `Select` whose menu keys are translated like every other binding."""

    def on_mount(self) -> None:
        lang = host_of(self).lang
        localize_bindings(self, lang)
        for overlay in select_overlays(self):
            localize_bindings(overlay, lang)
