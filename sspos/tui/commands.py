"""Ctrl+P command palette: every action of the sale screen, by name, in the shop's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from sspos.i18n import t

if TYPE_CHECKING:
    from sspos.tui.app import PosApp

# (message key of the name, sale-screen action or app method)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("tui.key.pay", "pay"),
    ("tui.key.customer", "customer"),
    ("tui.key.shipping", "shipping"),
    ("tui.key.costs", "costs"),
    ("tui.key.qty", "quantity"),
    ("tui.key.discount", "line_discount"),
    ("tui.key.remove", "remove_line"),
    ("tui.key.new_sale", "new_sale"),
    ("tui.key.orders", "orders"),
    ("tui.key.preview_last", "app:preview_last_receipt"),
    ("tui.key.help", "help"),
    ("tui.key.theme", "app:toggle_dark"),
    ("tui.key.sync", "app:sync_now"),
    ("tui.key.quit", "app:action_quit"),
)


class PosCommands(Provider):
    """Offers the POS actions in the palette."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        app: PosApp = self.app  # type: ignore[assignment]
        lang = app.lang
        found = []
        for key, action in COMMANDS:
            if action.startswith("app:"):
                callback: Callable[[], object] = getattr(app, action[4:])
            else:
                callback = partial(self._run_sale_action, action)
            found.append((t(key, lang), callback))
        return found

    def _run_sale_action(self, action: str) -> None:
        app: PosApp = self.app  # type: ignore[assignment]
        screen = app.sale_screen
        if app.screen is not screen:
            return
        getattr(screen, f"action_{action}")()

    async def discover(self) -> Hits:
        for name, callback in self._commands():
            yield DiscoveryHit(name, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for name, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(name), callback)
        if not found:
            # Said here, in the shop's language, instead of Textual's "No matches found".
            app: PosApp = self.app  # type: ignore[assignment]
            yield Hit(0.0, Text(t("tui.palette.no_match", app.lang, text=query)), lambda: None)
