"""Ctrl+P command palette: every action of the sale screen, by name, in the shop's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from sspos.i18n import t
from sspos.tui.host import host_of
from sspos.tui.screens.sale import SaleScreen

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
    ("tui.key.park", "park"),
    ("tui.key.recall", "recall"),
    ("tui.key.price_check", "price_check"),
    ("tui.key.preview_last", "app:preview_last_receipt"),
    ("tui.key.help", "help"),
    ("tui.key.theme", "app:toggle_dark"),
    ("tui.key.sync", "app:sync_now"),
    ("tui.key.shift_open", "app:shift_open"),
    ("tui.key.shift_x", "app:shift_x_report"),
    ("tui.key.shift_close", "app:shift_close"),
    ("tui.key.cash_in", "app:cash_in"),
    ("tui.key.cash_out", "app:cash_out"),
    ("tui.key.quit", "app:action_quit"),
)


class PosCommands(Provider):
    """Offers the POS actions in the palette (the sale screen's only over the sale screen:
    over a dialog, its own keys are what `ScreenActions` offers)."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        app = self.app
        lang = host_of(app).lang
        over_sale = isinstance(self.screen, SaleScreen)
        found = []
        for key, action in COMMANDS:
            if action.startswith("app:"):
                callback: Callable[[], object] = getattr(app, action[4:])
            elif over_sale:
                callback = partial(self._run_sale_action, action)
            else:
                continue
            found.append((t(key, lang), callback))
        return found

    def _run_sale_action(self, action: str) -> None:
        screen = self.app.screen
        if isinstance(screen, SaleScreen):  # still in front when the command is run
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
        if not found and not any(
            matcher.match(name) > 0 for name, _, _ in screen_actions(self.screen)
        ):
            # Said here, in the shop's language, instead of Textual's "No matches found".
            lang = host_of(self.app).lang
            yield Hit(0.0, Text(t("tui.palette.no_match", lang, text=query)), lambda: None)


def screen_actions(screen: Screen[object]) -> list[tuple[str, str, Callable[[], object]]]:
    """The POS's own keys of `screen` as (name, keys shown, callback); on the sale screen
    the actions `PosCommands` names are left to it."""
    app = screen.app
    named = {action for _, action in COMMANDS} if isinstance(screen, SaleScreen) else set()
    # (action, name) -> its keys: one entry per name, keys that do the same together
    keys: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # The POS's own keys (each has an id and a translated name), not Textual's.
        if active.node is not screen or not active.enabled:
            continue
        if binding.id and binding.description and binding.action not in named:
            entry = keys.setdefault((binding.action, binding.description), [])
            entry.append(app.get_key_display(binding))
    return [
        (name, " / ".join(shown), partial(app.run_action, action, screen))
        for (action, name), shown in keys.items()
    ]


class ScreenActions(Provider):
    """Every key of the screen in front, offered by its name with its key beside it, so no
    action needs a key that a terminal or a browser may keep for itself (F1, F5, F10…).
    On the sale screen, the actions `PosCommands` already names are left to it."""

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        return screen_actions(self.screen)

    async def discover(self) -> Hits:
        for name, keys, callback in self._actions():
            yield DiscoveryHit(name, callback, help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, callback in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=keys)
