"""Key bindings: descriptions are message keys, translated per screen instance.

Every binding has an id (`sale.pay`, `orders.reprint`…) so a shop can remap keys with
Textual's keymap (`App.set_keymap({"sale.pay": "f12"})`). Tab, Enter, Ctrl+I, Ctrl+J and
Ctrl+M are never bound: over SSH they are the same bytes as other keys.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from sspos.i18n import t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Replace `tui.*` descriptions of `node`'s bindings with their translation."""
    bindings = node._bindings
    for key, items in list(bindings.key_to_bindings.items()):
        bindings.key_to_bindings[key] = [
            replace(b, description=t(b.description, lang))
            if b.description.startswith("tui.")
            else b
            for b in items
        ]
