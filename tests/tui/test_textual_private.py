"""Textual's private API that sspos uses (see `sspos.tui.textual_private`) still exists and
still behaves as the POS expects. When a Textual release changes one, this fails first,
naming it, instead of a key footer or a translation quietly breaking at the counter."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.widget import Widget
from textual.widgets import Footer, Input, Select

from sspos.tui import textual_private
from sspos.tui.textual_private import (
    FooterKey,
    hide_binding,
    keymap_of,
    rewrite_bindings,
    select_overlays,
)

TUI = Path(__file__).resolve().parents[2] / "sspos" / "tui"
PRIVATE = re.compile(r"textual\.[a-z_.]*\._|\._(bindings|keymap|footer|driver|compositor)\b")


class Keys(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "tui.key.confirm", id="k.save"),
        Binding("f3", "other", "tui.key.back", id="k.other"),
    ]


class Probe(App[None]):
    def compose(self) -> ComposeResult:
        yield Keys()
        yield Select([("a", 1), ("b", 2)], value=1)
        yield Footer()


def test_no_other_module_touches_textuals_private_names() -> None:
    offenders = [
        f"{path.relative_to(TUI)}:{number}: {line.strip()}"
        for path in TUI.rglob("*.py")
        if path.name != "textual_private.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == [], "private Textual API outside textual_private.py"


def test_footer_keys_are_footerkey_widgets_with_key_display_and_description() -> None:
    assert issubclass(FooterKey, Widget), "textual.widgets._footer.FooterKey moved or changed"
    parameters = inspect.signature(FooterKey.__init__).parameters
    for name in ("key", "key_display", "description", "action"):
        assert name in parameters, f"FooterKey({name}=...) is gone"


def test_a_node_keeps_its_bindings_in_a_bindings_map_by_key() -> None:
    node = Keys()
    assert isinstance(node._bindings, BindingsMap), "DOMNode._bindings is no BindingsMap"
    assert set(node._bindings.key_to_bindings) == {"f2", "f3"}
    rewrite_bindings(node, lambda b: Binding(b.key, b.action, b.description.upper(), id=b.id))
    assert node._bindings.key_to_bindings["f2"][0].description == "TUI.KEY.CONFIRM"
    hide_binding(node, "k.other")
    assert node._bindings.key_to_bindings["f3"] == []


async def test_the_keymap_and_the_select_menu_are_where_the_pos_reads_them() -> None:
    app = Probe()
    app.set_keymap({"k.save": "f12"})
    async with app.run_test() as pilot:
        await pilot.pause()
        assert dict(keymap_of(app)) == {"k.save": "f12"}, "App._keymap changed"
        overlays = select_overlays(app.query_one(Select))
        assert len(overlays) == 1, f"Select's menu is no longer a {textual_private.SELECT_OVERLAY}"
        assert app.query_one(Footer).query(FooterKey), "the footer no longer holds FooterKeys"


def test_scan_input_overrides_the_inputs_own_key_handler() -> None:
    handler = getattr(Input, "_on_key", None)
    assert handler is not None and inspect.iscoroutinefunction(handler), (
        "Input._on_key is gone or no longer async: ScanInput's in-order Enter relies on it"
    )
    assert list(inspect.signature(handler).parameters) == ["self", "event"]
