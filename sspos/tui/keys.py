"""Key bindings: descriptions are message keys, translated per screen instance.

Every binding has an id (`sale.pay`, `orders.reprint`…) so a shop can remap keys with
Textual's keymap (`App.set_keymap({"sale.pay": "f12"})`). Tab, Enter, Ctrl+I, Ctrl+J and
Ctrl+M are never bound: over SSH they are the same bytes as other keys.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from sspos.i18n import t
from sspos.tui.textual_private import rewrite_bindings

# Textual's own binding descriptions that a cashier can see (a footer), in our words.
# A test opens each and fails if Textual renames one.
TEXTUAL_DESCRIPTIONS = {
    "Dismiss menu": "tui.key.close_menu",  # Select's pop-up menu
}


def _translated(description: str, lang: str) -> str:
    key = TEXTUAL_DESCRIPTIONS.get(description, description)
    return t(key, lang) if key.startswith("tui.") else description


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Replace `tui.*` descriptions of `node`'s bindings (and Textual's own, listed in
    `TEXTUAL_DESCRIPTIONS`) with their translation."""
    rewrite_bindings(node, lambda b: replace(b, description=_translated(b.description, lang)))
