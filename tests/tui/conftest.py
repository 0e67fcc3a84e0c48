"""The TUI against an in-process sandbox: a small synced catalog, a fixed clock.

The catalog is synced once per session into a template folder and copied for each test
(a sync per test would dominate the suite's time); every test gets a fresh sandbox, so
`orders_created()` holds only its own orders. Syncing reads products and customers only,
which a fresh sandbox with the same seed serves identically.
"""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from sspos.app.services import Services
from sspos.config import Settings
from sspos.runtime import DEMO_BASE_URL
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
from sspos.tui.app import PosApp

JAKARTA = ZoneInfo("Asia/Jakarta")
FIXED_NOW = datetime(2026, 11, 28, 10, 30, tzinfo=JAKARTA)
SEED = 7
PRODUCTS = 40
CUSTOMERS = 40


class Recorder:
    """Wraps the sandbox's ASGI app and keeps every request body it received.

    `created_orders()` are the POST `order` bodies the sandbox accepted (HTTP 200), i.e.
    exactly the payloads the POS sent; `.state` is the sandbox's own state.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.calls: list[tuple[str, str, bytes, int]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        status = [0]

        async def recv() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        async def snd(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, recv, snd)
        finally:
            self.calls.append((scope["method"], scope["path"], bytes(body), status[0]))

    def created_orders(self) -> list[dict[str, Any]]:
        import json

        return [
            json.loads(body)
            for method, path, body, status in self.calls
            if method == "POST" and path.endswith("/api/open/order") and status == 200
        ]


def make_sandbox() -> Any:
    return Recorder(_sandbox_app())


def _sandbox_app() -> Any:
    return create_app(
        SandboxConfig(
            seed=SEED,
            products=PRODUCTS,
            customers=CUSTOMERS,
            db_path=":memory:",
            clock=lambda: FIXED_NOW,
        )
    )


def client_factory(sandbox: Any, lang: str = "id") -> Callable[[], Any]:
    from sspos.api.client import SmartSellerClient

    def factory() -> Any:
        return SmartSellerClient(
            DEMO_BASE_URL,
            DEMO_TOKEN,
            lang=lang,
            transport=httpx.ASGITransport(app=sandbox),
            sleep=_no_sleep,
        )

    return factory


async def _no_sleep(_seconds: float) -> None:
    return None


async def _sync(data_dir: Path) -> None:
    from sspos.store.sync import full_sync

    factory = client_factory(make_sandbox())
    client = factory()
    try:
        await full_sync(client, data_dir)
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
def synced_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("tui-template") / "data"
    data_dir.mkdir()
    asyncio.run(_sync(data_dir))
    return data_dir


@pytest.fixture
def data_dir(synced_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "pos"
    shutil.copytree(synced_template, target)
    return target


@pytest.fixture
def sandbox() -> Any:
    return make_sandbox()


def make_settings(data_dir: Path, lang: str = "id", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "lang": lang,
        "printer": "none",
        "terminal_id": "T1",
        "cashier": "Kasir Satu",
        "theme": "dark",
        "shift_prompt": False,  # the shift tests turn it on
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_app(sandbox: Any, data_dir: Path) -> Callable[..., PosApp]:
    """Build a PosApp on the synced copy and this test's sandbox."""

    def build(
        lang: str = "id",
        *,
        outbox_worker: bool = True,
        poll: bool = False,
        freshen_on_add: bool = True,
        sync_every_s: float = 0,
        **overrides: Any,
    ) -> PosApp:
        settings = make_settings(data_dir, lang, **overrides)
        factory = client_factory(sandbox, lang)
        services = Services(
            settings,
            client=factory(),
            data_dir=data_dir,
            demo=False,
            clock=lambda: FIXED_NOW,
            sync_on_start=False,
            run_outbox_worker=outbox_worker,
            client_factory=factory,
            submit_wait=5.0,
            randbytes=random.Random(SEED).randbytes,
            freshen_on_add=freshen_on_add,
        )
        return PosApp(settings, services, poll_status=poll, sync_every_s=sync_every_s)

    return build


async def wait_for(
    pilot: Any, condition: Callable[[], bool], timeout: float = 5.0, what: str = ""
) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout`)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


async def ready(pilot: Any) -> PosApp:
    """Wait until start-up finished (reference data loaded, first render done)."""
    app: PosApp = pilot.app
    await asyncio.wait_for(app.ready.wait(), 10)
    await pilot.pause()
    return app


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` as one burst, the way a scanner does: every key is queued at once,
    without waiting for the app between keys (Pilot.press waits ~40 ms per key).
    "\r" is Enter."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for ch in text:
        key = "enter" if ch == "\r" else ch if ch.isalnum() else _character_to_key(ch)
        event = events.Key(key, ch)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


async def send_keys(pilot: Any, *keys: str) -> None:
    """Named keys (backspace, down…) as one burst, without Pilot's wait after each."""
    from textual import events

    app = pilot.app
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


def screen_text(app: PosApp) -> str:
    """What is on screen, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


Wait = Callable[..., Awaitable[None]]
