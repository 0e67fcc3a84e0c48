"""The counter against a broken or hostile server: what the status bar says, and that no
server text drives the terminal or the printer."""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Any

from sspos.tui.screens.sale import SaleScreen

from .conftest import ready, screen_text, send_keys, type_text, wait_for
from .test_sales import add_and_wait, pay, plain_variant


def controls(text: str) -> list[str]:
    """Characters a terminal would act on instead of showing."""
    return [ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf")]


async def test_escape_sequences_in_names_never_reach_the_screen_or_the_paper(
    make_app, sandbox
) -> None:
    app = make_app(printer="dummy:")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # Every name the server sends now retitles the window and paints a fake line.
        sandbox.state.sandbox.faults.update({"escape_names": True})
        await app.resync().wait()  # the catalog, and the shop's name
        assert not app.status.sync_failed
        await type_text(pilot, "sabun")
        await wait_for(pilot, lambda: "Sabun Cuci Piring" in screen_text(app), what="result")
        text = screen_text(app)
        assert controls(text) == [] and "PWNED" not in text and "[31m" not in text
        assert text.splitlines()[0].startswith("Toko Sejahtera")  # the shop's name, clean
        await send_keys(pilot, *["backspace"] * 5)
        await add_and_wait(pilot, "STRESS-CTRL", 1)
        await add_and_wait(pilot, plain_variant(app).sku, 2)
        rows = screen_text(app).splitlines()
        # Every row is exactly as wide as the screen, its divider where the others are.
        dividers = {row.index("│") for row in rows[1:22] if "│" in row}
        assert len(dividers) == 1 and controls("\n".join(rows)) == []
        await pay(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen), what="next sale")
        await wait_for(pilot, lambda: app.last_print is not None, what="receipt")
    assert "Sabun Cuci Piring" in app.last_print.preview
    assert "[31m" not in app.last_print.preview and "PWNED" not in app.last_print.preview
    assert b"[31m" not in app.last_print.output and b"PWNED" not in app.last_print.output


async def test_a_junk_sync_says_sync_failed_and_keeps_the_catalog(make_app, sandbox) -> None:
    app = make_app(outbox_worker=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        catalog = app.services.catalog
        count, synced = catalog.variant_count(), catalog.last_synced()
        sandbox.state.sandbox.faults.update({"html_rate": 1.0})
        app.sync_now()
        await wait_for(pilot, lambda: app.status.sync_failed, timeout=10, what="sync failed")
        # The notice says what the server did (toasts wrap: compare without line breaks).
        await wait_for(
            pilot,
            lambda: (
                "bukan dengan data API"
                in " ".join(line.strip(" ▌▐") for line in screen_text(app).splitlines())
            ),
            what="the notice",
        )
        text = screen_text(app)
        assert "Sinkron GAGAL" in text and "SERVER GANGGUAN" in text and "ONLINE" not in text
        assert catalog.variant_count() == count and catalog.last_synced() == synced
        sku = plain_variant(app).sku
        await type_text(pilot, sku)
        await wait_for(pilot, lambda: sku in screen_text(app), what="search still works")
        await send_keys(pilot, *["backspace"] * len(sku))
        # The next good sync clears it.
        sandbox.state.sandbox.faults.clear()
        app.sync_now()
        await wait_for(
            pilot,
            lambda: not app.status.sync_failed and app.status.connection == "online",
            timeout=10,
            what="synced again",
        )
        assert "Sinkron GAGAL" not in screen_text(app)


async def test_a_rejected_token_is_named_not_shown_as_online(make_app, sandbox) -> None:
    sandbox.state.sandbox.config.token = "a-new-token"  # the shop rotated its token
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "TOKEN DITOLAK" in screen_text(app), what="token rejected")
        assert "ONLINE" not in screen_text(app)


async def test_order_posts_that_time_out_show_the_server_failing(make_app, sandbox) -> None:
    async def no_wait(_seconds: float) -> None:
        await asyncio.sleep(0)

    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "ONLINE" in screen_text(app), what="online at first")
        app.services.submit_wait = 0.3
        faults: Any = sandbox.state.sandbox.faults
        faults.sleep = no_wait
        faults.update({"slow_commit_s": 40})  # reads work; every order times out
        await add_and_wait(pilot, plain_variant(app).sku, 1)
        await pay(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.last_sale is not None, what="sale queued")
        assert app.last_sale.state == "queued"
        await wait_for(pilot, lambda: "SERVER FAILING" in screen_text(app), what="failing")
        # The idle reads still work, but the doubtful order keeps the warning up.
        app.services.outbox_worker.wake()
        await pilot.pause(0.3)
        assert "SERVER FAILING" in screen_text(app) and "ONLINE" not in screen_text(app)


async def test_start_up_warnings_are_shown_at_the_counter(make_app) -> None:
    from sspos.config import Notice

    app = make_app(outbox_worker=False)
    app.settings._notices = (Notice("config.warn.token_exposed", {"path": "/home/kasir/c.toml"}),)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "chmod 600" in screen_text(app), what="the warning")
        assert "bisa dibaca pengguna lain" in " ".join(screen_text(app).split())


async def test_a_duplicate_cancelled_by_the_watch_is_told_at_the_counter(make_app, sandbox) -> None:
    import httpx

    from sspos.api.client import SmartSellerClient
    from sspos.domain.order import note_with_reference
    from sspos.runtime import DEMO_BASE_URL
    from sspos.sandbox import DEMO_TOKEN
    from tests.sandbox.conftest import find_variant, order_body

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.services.outbox_worker is not None, what="worker")
        variant = find_variant(sandbox.app, "p.product_type = 'PO'")
        body = order_body(
            variant["id"],
            1,
            note=note_with_reference("Kasir", "T1-DUP"),
            products=[{"id": variant["id"], "qty": 1, "product_status": "PO"}],
        )
        async with SmartSellerClient(
            DEMO_BASE_URL, DEMO_TOKEN, transport=httpx.ASGITransport(app=sandbox)
        ) as client:
            late = await client.create_order(body)  # the first send, landing late
            kept = await client.create_order(body)  # the re-send
        outbox = app.services.outbox
        entry = outbox.enqueue_sale("T1-DUP", body, None)
        outbox.mark_sending(entry.id)
        outbox.note_search_miss(entry.id, "searched")
        outbox.mark_unsent(entry.id, "searched 3 times")
        outbox.mark_sending(entry.id)
        outbox.mark_submitted(
            entry.id,
            kept.order_id,
            kept.po_number,
            watch_until="9999-01-01T00:00:00.000+00:00",
            first_check="2000-01-01T00:00:00.000+00:00",
        )
        app.services.outbox_worker.wake()
        await wait_for(
            pilot,
            lambda: "dibatalkan otomatis" in " ".join(screen_text(app).split()),
            what="the notice",
        )
        assert f"PO {late.po_number}" in " ".join(screen_text(app).split())
    live = [
        o
        for o in sandbox.state.sandbox.orders_created()
        if "T1-DUP" in o["note"] and o["order_status"] != "CANCELED"
    ]
    assert [o["order_id"] for o in live] == [kept.order_id]
