"""The search field that also receives a barcode scanner's burst of keys.

A scanner types a SKU and Enter in a few milliseconds, and may start the next code at
once. Reading and clearing the value must therefore happen in the input's own key
handling (in order with the keys), not later in a parent's message handler — by then the
next code's first characters could already be in the field and would be wiped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Input

# A sign is read so that "-1*SKU" is refused as a quantity, never taken for 1 of SKU.
_QTY_PREFIX = re.compile(r"^\s*([-+]?)\s*(\d{1,5})\s*[*xX×]\s*(.*)$")
# "kopi 3*": typed after a search, while a result is highlighted, before Enter.
_QTY_SUFFIX = re.compile(r"^(.*?\D)\s*(\d{1,5})\s*[*×]\s*$")


def split_quantity(text: str) -> tuple[int | None, str]:
    """`"3*ABC"` -> `(3, "ABC")`; `"kopi 3*"` -> `(3, "kopi")`; `"ABC"` -> `(None, "ABC")`;
    `"3*"` -> `(3, "")`; `"-1*ABC"` -> `(-1, "ABC")`."""
    match = _QTY_PREFIX.match(text)
    if match:
        sign, digits, rest = match.groups()
        return int(sign + digits), rest.strip()
    match = _QTY_SUFFIX.match(text)
    if match:
        return int(match.group(2)), match.group(1).strip()
    return None, text.strip()


# Keys that move the results (or the cart) from the field, and by how many rows.
MOVES = {"up": -1, "down": 1, "pageup": -5, "pagedown": 5}


class ScanInput(Input):
    """Search-as-you-type plus scanner Enter; ↑/↓ PgUp/PgDn move the results cursor."""

    @dataclass
    class Scanned(Message):
        """Enter was pressed: the text that was in the field at that moment."""

        scan_input: ScanInput
        text: str

    @dataclass
    class MoveResults(Message):
        """↑/↓ pressed in the field: move the results cursor."""

        delta: int

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An empty field has nothing to delete: Delete falls through to the screen (on the
        # sale screen it removes the selected cart line, and the footer shows it).
        if action == "delete_right" and not self.value:
            return False
        return super().check_action(action, parameters)

    async def _on_key(self, event: events.Key) -> None:
        # Overrides Input's own (private) key handler: see sspos.tui.textual_private, whose
        # test fails when Textual changes it. Enter and the moving keys are handled here,
        # in this widget's own queue, strictly in the order they were typed. As bindings
        # they would run when the key bubbles up to the App: after later characters of a
        # burst were inserted, and a ↓ after the Enter typed behind it.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submit_now()
        elif event.key in MOVES:
            event.stop()
            event.prevent_default()
            self.post_message(self.MoveResults(MOVES[event.key]))

    async def action_submit(self) -> None:
        self._submit_now()

    def _submit_now(self) -> None:
        text = self.value
        # Post first: the parent must see the results that were on screen at Enter
        # before the Changed("") of the clearing arrives.
        if text.strip():
            self.post_message(self.Scanned(self, text))
        # Clear now, in key order: later keys of a burst land in the emptied field.
        self.value = ""

