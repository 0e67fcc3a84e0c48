"""The sale in progress (`Counter`) and the status stream (`StatusBoard`), without a
terminal: every change is one event, and the screens only have to draw what they get."""

from __future__ import annotations

from datetime import UTC, datetime

from sspos.api.errors import NetworkError
from sspos.app.counter import CartRestored, CustomerChosen, ReceiverChosen, SaleChanged
from sspos.app.status import (
    ConnectionChanged,
    DuplicateCancelled,
    PrinterChecked,
    QueueCounted,
    ShopNamed,
    Status,
    StatusBoard,
    StatusEvent,
    SyncFinished,
    SyncProgressed,
)
from sspos.domain.cart import MAX_LINE_QTY
from sspos.sandbox import demo_data
from sspos.store.sync import SyncFailed
from tests.app.conftest import run_pos
from tests.app.test_checkout import plain_variant

SYNCED = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def test_the_status_is_one_stream_folded_into_one_state() -> None:
    board = StatusBoard()
    seen: list[tuple[Status, StatusEvent]] = []
    board.subscribe(lambda status, event: seen.append((status, event)))
    for event in (ShopNamed("Toko"), ConnectionChanged("offline"), QueueCounted(2, 1),
                  PrinterChecked(False, "no paper"), SyncProgressed("Produk 10"),
                  SyncFinished(ok=True, synced_at=SYNCED)):
        board.publish(event)
    assert board.status == Status(shop_name="Toko", connection="offline", pending=3,
                                  printer_ok=False, last_sync=SYNCED)
    assert [event for _, event in seen][-1] == SyncFinished(ok=True, synced_at=SYNCED)
    board.publish(SyncProgressed("Pelanggan 5"))
    board.publish(SyncFinished(ok=False))
    # A failed sync keeps the catalog (and so the time) of the last good one.
    assert board.status.sync_failed and board.status.last_sync == SYNCED
    assert board.status.syncing is None
    before = board.status
    board.publish(DuplicateCancelled("T1-X", 9, "PO9"))  # an alert, not a state
    assert board.status == before and seen[-1][1] == DuplicateCancelled("T1-X", 9, "PO9")


def test_an_error_says_the_servers_state_only_when_it_is_about_the_server() -> None:
    board = StatusBoard()
    board.error_seen(ValueError("a local bug"))
    assert board.status.connection is None
    offline = NetworkError("GET product", "refused", certainly_not_sent=True)
    board.error_seen(SyncFailed("store.sync.busy", cause=offline))
    assert board.status.connection == "offline"


def test_a_broken_listener_does_not_silence_the_others() -> None:
    board = StatusBoard()
    heard: list[StatusEvent] = []

    def broken(_status: Status, _event: StatusEvent) -> None:
        raise RuntimeError("boom")

    board.subscribe(broken)
    board.subscribe(lambda _status, event: heard.append(event))
    board.publish(ShopNamed("Toko"))
    assert heard == [ShopNamed("Toko")]


async def test_every_change_of_the_sale_is_one_event_with_what_to_say(make_pos) -> None:
    async with run_pos(make_pos(worker=False)) as pos:
        counter = pos.counter
        changes: list[SaleChanged] = []
        counter.subscribe(changes.append)
        variant = plain_variant(pos)
        assert counter.add(variant, 2)
        assert changes[-1] == SaleChanged(select=variant.variant_id)
        assert counter.sale.priced.lines[0].line.qty == 2  # priced before listeners hear
        assert not counter.add(variant, MAX_LINE_QTY)  # refused: nothing changes
        assert len(changes) == 1
        reseller = pos.services.customers.get(demo_data.CUSTOMER_ID_BY_CATEGORY["Y"])
        assert reseller is not None
        counter.choose_customer(reseller)
        news = changes[-1].news
        assert isinstance(news, CustomerChosen) and news.category.code == "Y"
        assert counter.sale.category.code == "Y"
        counter.choose_receiver(None)
        assert changes[-1].news == ReceiverChosen(None)
        given_up = counter.new_sale()
        assert given_up is None and counter.sale.cart.lines == []
        assert counter.sale.category.code == "N"  # the next customer is a walk-in


async def test_the_unfinished_cart_comes_back_with_its_customer(make_pos) -> None:
    pos = make_pos(worker=False)
    async with run_pos(pos):
        variant = plain_variant(pos)
        pos.counter.add(variant, 3)
        snapshot = pos.counter.snapshot()
        assert snapshot is not None  # start-up read the (empty) saved cart first
        pos.counter.keep(snapshot)
    again = make_pos(worker=False)
    changes: list[SaleChanged] = []
    again.counter.subscribe(changes.append)
    async with run_pos(again):
        assert [line.qty for line in again.counter.sale.cart.lines] == [3]
        assert changes[-1].news == CartRestored(3)
