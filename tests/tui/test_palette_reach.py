"""Ctrl+P reaches every action: each key of the screen in front is offered by its name
(with its key beside it), so a key a terminal or a browser keeps (F1, F5, F10…) is never
the only way to an action."""

from __future__ import annotations

from inspect import isclass
from typing import Any

import pytest
from textual.command import Provider

from sspos.tui.commands import PosCommands, ScreenActions
from sspos.tui.screens.costs import CostsScreen
from sspos.tui.screens.customer import CustomerScreen
from sspos.tui.screens.help import HelpScreen
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.parked import ParkedScreen
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.sale import SaleScreen
from sspos.tui.screens.shipping import ShippingScreen

from .conftest import ready, type_text, wait_for
from .test_sales import add_and_wait, plain_variant

SCREENS = (
    (None, SaleScreen),
    ("f1", HelpScreen),
    ("f3", CustomerScreen),
    ("f4", ShippingScreen),
    ("f5", CostsScreen),
    ("f9", PaymentScreen),
    ("f10", OrdersScreen),
    # The first F11 parks the cart, the second lists the parked sales (last: the cart is
    # empty after it).
    ("f11 f11", ParkedScreen),
)


async def offered(screen: Any) -> dict[str, str]:
    """What the POS's palette providers offer over `screen` before anything is typed:
    name -> key help (Textual's own system commands left aside)."""
    found: dict[str, str] = {}
    providers = [p for p in type(screen.app).COMMANDS if isclass(p) and issubclass(p, Provider)]
    assert {PosCommands, ScreenActions} <= set(providers)
    for provider_class in providers:
        async for hit in provider_class(screen).discover():
            assert hit.text not in found, f"offered twice: {hit.text}"
            found[str(hit.text)] = str(hit.help or "")
    return found


def actions_of(screen: Any) -> set[str]:
    """The name of every key the screen binds (as its footer and F1 help say it). The POS's
    bindings all have an id; Textual's own (copy with Ctrl+C) have none and no translation."""
    return {
        binding.description
        for bindings in screen._bindings.key_to_bindings.values()
        for binding in bindings
        if binding.description and binding.id
    }


async def run_from_palette(pilot: Any, name: str) -> None:
    """Ctrl+P, type the action's name, Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.pause(0.3)
    await pilot.press("enter")


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_every_key_of_every_screen_is_in_the_palette(make_app, lang) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await add_and_wait(pilot, plain_variant(app).sku, 1)  # payment needs a cart
        for key, screen_class in SCREENS:
            if key is not None:
                await pilot.press(*key.split())
                await wait_for(pilot, lambda cls=screen_class: isinstance(app.screen, cls),
                               what=screen_class.__name__)
            screen = app.screen
            names = await offered(screen)
            missing = actions_of(screen) - set(names)
            assert not missing, (screen_class.__name__, missing)
            if key is not None:
                await pilot.press("escape")
                await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))


async def test_an_action_runs_from_the_palette_with_its_key_shown(make_app) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, OrdersScreen))
        over_orders = await offered(app.screen)
        assert over_orders["Back"] == "esc / f10"
        assert "Pay" not in over_orders  # the sale screen's actions only over the sale screen
        await run_from_palette(pilot, "Back")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="orders closed")
        # F2's action (the cart), which the sale screen's own list did not name before
        sale = app.screen
        assert (await offered(sale))["Cart"] == "f2"
        # With results on screen, F2 gives the arrows to the cart (typing stays in the search).
        await type_text(pilot, "a")
        await wait_for(pilot, lambda: not sale.arrows_on_cart, what="results shown")
        await run_from_palette(pilot, "Cart")
        await wait_for(pilot, lambda: sale.arrows_on_cart, what="arrows on the cart")
