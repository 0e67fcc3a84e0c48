"""Every use of Textual's private API, in one place.

Textual keeps these out of its public API, so a release may rename or change them;
`tests/tui/test_textual_private.py` fails loudly when it does, naming what changed, and
`pyproject.toml` keeps Textual below its next major version. Nothing else in sspos touches
a Textual name that starts with an underscore (a test greps for it).

- `FooterKey` (`textual.widgets._footer`): the key widgets of the footer, which
  `KeyFooter` lays out in rows instead of cutting them off.
- `DOMNode._bindings`: a node's own bindings, whose descriptions are translated per
  instance and one of which a dialog may hide (`localize_bindings`, `hide_binding`).
- `App._keymap`: the keymap the shop set (`App.set_keymap`), shown by F1 help.
- `SelectOverlay`: the class name of `Select`'s pop-up menu, whose Esc is translated.
- `Input._on_key`: `ScanInput` handles Enter and the arrows in the input's own key
  handler, in order with the typed characters (see `sspos.tui.widgets.scan_input`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._footer import FooterKey

__all__ = [
    "SELECT_OVERLAY",
    "FooterKey",
    "hide_binding",
    "keymap_of",
    "rewrite_bindings",
    "select_overlays",
]

#: The CSS type name of `Select`'s pop-up menu.
SELECT_OVERLAY = "SelectOverlay"


def rewrite_bindings(node: DOMNode, change: Callable[[Binding], Binding | None]) -> None:
    """Replace each of `node`'s own bindings by `change(binding)` (None drops it)."""
    bindings = node._bindings
    for key, items in list(bindings.key_to_bindings.items()):
        changed = [change(binding) for binding in items]
        bindings.key_to_bindings[key] = [b for b in changed if b is not None]


def hide_binding(node: DOMNode, binding_id: str) -> None:
    """Drop the binding with this id from `node` (its key does nothing there any more)."""
    rewrite_bindings(node, lambda binding: None if binding.id == binding_id else binding)


def keymap_of(app: App[object]) -> Mapping[str, str]:
    """The keymap set with `App.set_keymap` (binding id -> keys)."""
    return dict(app._keymap)


def select_overlays(select: Select[Any]) -> list[Widget]:
    """The pop-up menu of a `Select` (one, once mounted)."""
    return list(select.query(SELECT_OVERLAY))
