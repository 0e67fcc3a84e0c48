"""Snapshots of the one-time questions of a shop's first sale, on the bare shop, at 80×24
and 120×40 in both languages: everything the cashier needs to read fits, one language.

Update with `uv run pytest tests/tui/test_first_sale_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from sspos.sandbox import SandboxConfig, create_app
from sspos.tui.screens.first_sale import CashAccountDialog, WalkInDialog

from .conftest import FIXED_NOW, Recorder, wait_for
from .test_first_sale import bare_app, cash_sale, strip_shop_details, synced
from .test_snapshots import settle, start

SIZES = [(80, 24), (120, 40)]


def synced_bare(tmp_path: Path, *, lacking: bool = False) -> tuple[Recorder, Path]:
    bare = Recorder(create_app(SandboxConfig(shop="bare", clock=lambda: FIXED_NOW)))
    if lacking:
        strip_shop_details(bare)
    return bare, asyncio.run(synced(bare, tmp_path / "pos"))


async def settled_below(pilot: Any) -> None:
    """Let the screens under the dialog finish what they were redrawing when it came up
    (the payment screen's footer may be between two layouts): lay every screen out
    again, so what shows around the dialog does not depend on that timing."""
    await pilot.pause()
    for screen in pilot.app.screen_stack:
        screen.refresh(layout=True)
    await pilot.pause()


async def ask_cash(pilot: Any) -> None:
    await start(pilot)
    await cash_sale(pilot, "10000")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CashAccountDialog))
    await settled_below(pilot)
    await settle(pilot)


async def offer_walk_in(pilot: Any) -> None:
    await start(pilot)
    await cash_sale(pilot, "10000")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WalkInDialog))
    await settled_below(pilot)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["id", "en"])
def test_cash_account_question(snap_compare, tmp_path, lang: str, size: tuple[int, int]) -> None:
    bare, data_dir = synced_bare(tmp_path)
    app = bare_app(bare, data_dir, lang, outbox_worker=False)
    assert snap_compare(app, terminal_size=size, run_before=ask_cash)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["id", "en"])
def test_walk_in_offer_asking_for_what_the_shop_lacks(
    snap_compare, tmp_path, lang: str, size: tuple[int, int]
) -> None:
    bare, data_dir = synced_bare(tmp_path, lacking=True)
    app = bare_app(bare, data_dir, lang, outbox_worker=False, cash_bank_id=1)
    assert snap_compare(app, terminal_size=size, run_before=offer_walk_in)
