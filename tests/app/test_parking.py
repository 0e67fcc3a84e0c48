"""Park and recall at the application layer: parked carts on disk, across a restart."""

from __future__ import annotations

import json

import pytest

from sspos.app.counter import SaleParked, SaleRecalled
from sspos.app.parking import Parking
from tests.app.conftest import FIXED_NOW, run_pos
from tests.app.test_checkout import plain_variant


async def test_a_parked_sale_waits_on_disk_and_comes_back_after_a_restart(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        news = []
        pos.counter.subscribe(lambda change: news.append(change.news))
        variant = plain_variant(pos, 3)
        pos.counter.add(variant, 3)
        pos.counter.sale.client_ref = "T1-KEEP"  # a sale once rejected keeps its reference
        total = pos.counter.sale.priced.total
        assert await pos.parking.park() is not None
        assert pos.counter.sale.cart.lines == [] and pos.counter.sale.client_ref is None
        assert news[-1] == SaleParked(3, total)
        assert await pos.parking.park() is None  # an empty cart: nothing to park
        pos.counter.add(variant, 1)
        second = await pos.parking.park()
        assert second is not None
    async with run_pos(make_pos(worker=False)) as pos:  # the terminal starts again
        first, again = await pos.parking.list()
        assert (first.items, first.total, first.parked_at) == (3, total, FIXED_NOW)
        assert first.customer == ""  # walk-in
        assert again.parked_id == second.parked_id and again.items == 1
        news = []
        pos.counter.subscribe(lambda change: news.append(change.news))
        recalled = await pos.parking.recall(first.parked_id)
        assert recalled is not None and recalled.swapped is None
        assert [(ln.variant.variant_id, ln.qty) for ln in pos.counter.sale.cart.lines] == [
            (variant.variant_id, 3)]
        assert pos.counter.sale.client_ref == "T1-KEEP"
        assert pos.counter.sale.priced.total == total
        assert news[-1] == SaleRecalled(3, 0)
        # Recalling the other with a cart in front parks that cart in its place.
        swap = await pos.parking.recall(second.parked_id)
        assert swap is not None and swap.swapped is not None and swap.swapped.items == 3
        assert pos.counter.sale.cart.total_qty == 1
        assert [p.items for p in await pos.parking.list()] == [3]
        # Gone already (recalled): nothing happens to the cart in front.
        assert await pos.parking.recall(second.parked_id) is None


async def test_a_recalled_cart_takes_todays_prices_and_says_how_many_moved(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        variant = plain_variant(pos, 2)
        pos.counter.add(variant, 2)
        parked = await pos.parking.park()
        assert parked is not None
        # The cart was parked when the variant cost 1.000 less than the catalog says now.
        path = pos.parking.store.folder / f"{parked.parked_id}.json"
        data = json.loads(path.read_text())
        data["cart"]["lines"][0]["variant"]["price"] -= 1_000
        path.write_text(json.dumps(data))
        recalled = await pos.parking.recall(parked.parked_id)
        assert recalled is not None and recalled.price_changes == 1
        assert pos.counter.sale.cart.lines[0].variant.price == variant.price


async def test_a_damaged_parked_sale_is_set_aside_not_listed(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        pos.counter.add(plain_variant(pos), 1)
        parked = await pos.parking.park()
        assert parked is not None
        folder = pos.parking.store.folder
        (folder / "00000000000000000001-bad.json").write_text("{not json")
        assert [p.parked_id for p in await pos.parking.list()] == [parked.parked_id]
        assert (folder / "00000000000000000001-bad.bad").exists()
        assert isinstance(pos.parking, Parking)


async def test_a_cart_that_cannot_be_written_stays_in_front(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        pos.counter.add(plain_variant(pos), 2)
        folder = pos.parking.store.folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_text("a file where the folder should be")  # the write must fail
        with pytest.raises(OSError):
            await pos.parking.park()
        assert pos.counter.sale.cart.total_qty == 2  # nothing lost
