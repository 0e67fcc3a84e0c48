"""Serving the sandbox over a real socket.

In a thread for tests, in the foreground for `sspos sandbox`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

from sspos.i18n import t
from sspos.sandbox.faults import Faults


class _Server(uvicorn.Server):
    """uvicorn that remembers its loop, so another thread can stop and restart listening,
    and calls `on_started` once it listens."""

    loop: asyncio.AbstractEventLoop | None = None
    on_started: Callable[[], None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)
        if self.on_started is not None:
            self.on_started()


def _server(app: ASGIApp, host: str, port: int) -> _Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="h11",
        loop="asyncio",
        timeout_graceful_shutdown=1,
        timeout_keep_alive=5,
    )
    return _Server(config)


def _listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class _Switch:
    """Makes `faults.down` a real outage: the API port stops listening (connect is refused).

    Only the API's listener closes; the admin listener (a port of its own) keeps serving
    `/_admin`, so the fault can be lifted without a restart."""

    def __init__(self, server: _Server, host: str, port: int, faults: Faults) -> None:
        self.server, self.host, self.port, self.faults = server, host, port, faults
        self.api_listener: asyncio.base_events.Server = server.servers[0]
        self.listening = True

    def __call__(self, down: bool) -> None:
        loop = self.server.loop
        if loop is None or loop.is_closed():
            return
        future = asyncio.run_coroutine_threadsafe(self._apply(down), loop)
        if threading.current_thread() is not self.server_thread:
            future.result(timeout=5)  # from a test: done before the next request is made

    server_thread: threading.Thread | None = None

    def _recover(self) -> None:
        self.faults.down = False  # runs the hooks, this one included

    def attach(self) -> None:
        self.faults.down_hooks.append(self)
        if self.faults.down:
            self(True)

    def detach(self) -> None:
        if self in self.faults.down_hooks:
            self.faults.down_hooks.remove(self)

    async def _apply(self, down: bool) -> None:
        if down and self.listening:
            self.api_listener.close()
            self.server.servers.remove(self.api_listener)
            self.listening = False
            if self.faults.down_for_s > 0:
                asyncio.get_running_loop().call_later(self.faults.down_for_s, self._recover)
        elif not down and not self.listening and not self.server.should_exit:
            factory = self.api_listener._protocol_factory  # type: ignore[attr-defined]  # uvicorn's own
            sock = _listening_socket(self.host, self.port)
            self.api_listener = await asyncio.get_running_loop().create_server(
                factory, sock=sock, backlog=self.server.config.backlog
            )
            self.server.servers.append(self.api_listener)
            self.listening = True


def _switch_for(
    app: ASGIApp, server: _Server, host: str, port: int, thread: threading.Thread
) -> _Switch | None:
    faults = getattr(getattr(getattr(app, "state", None), "sandbox", None), "faults", None)
    if not isinstance(faults, Faults):
        return None
    switch = _Switch(server, host, port, faults)
    switch.server_thread = thread
    switch.attach()
    return switch


def _admin_url(app: ASGIApp, host: str, sock: socket.socket) -> str:
    """Where `/_admin` always answers; also kept as `app.state.admin_url`."""
    url = f"http://{host}:{sock.getsockname()[1]}/_admin"
    state = getattr(app, "state", None)
    if state is not None:
        state.admin_url = url
    return url


@contextlib.contextmanager
def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Run `app` with uvicorn in a daemon thread; yields `http://HOST:PORT/api/open`.

    Port 0 picks a free port. For a sandbox app, setting `faults.down` closes the API's
    listening socket (connections refused) and clearing it listens again on the same
    port; `/_admin` also answers on a second port that never closes (`app.state.admin_url`).
    The server is stopped (and the thread joined) on exit.
    """
    sock = _listening_socket(host, port)
    admin_sock = _listening_socket(host, 0)
    bound_port = sock.getsockname()[1]
    _admin_url(app, host, admin_sock)
    server = _server(app, host, bound_port)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock, admin_sock]}, name="sspos-sandbox",
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            admin_sock.close()
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    switch = _switch_for(app, server, host, bound_port, thread)
    try:
        yield f"http://{host}:{bound_port}/api/open"
    finally:
        if switch is not None:
            switch.detach()
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        admin_sock.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    products: int | None = None,
    seed: int = 7,
    token: str | None = None,
    *,
    db_path: str = ":memory:",
    lang: str = "id",
    shop: Literal["demo", "bare"] = "demo",
    admin_port: int | None = None,
) -> int:
    """Serve a sandbox in the foreground until Ctrl+C; prints the URL and the token to use.

    `/_admin` also answers on `admin_port` (default: `port` + 1), which stays open while
    the `down` fault closes the API's port."""
    from sspos.sandbox.app import create_app
    from sspos.sandbox.config import DEMO_TOKEN, SandboxConfig
    from sspos.sandbox.demo_data import DEFAULT_PRODUCTS

    config = SandboxConfig(
        shop=shop,
        seed=seed,
        products=DEFAULT_PRODUCTS if products is None else products,
        token=token or DEMO_TOKEN,
        db_path=db_path,
    )
    app = create_app(config)
    summary = app.state.sandbox.summary
    url = f"http://{host}:{port}/api/open"
    admin_port = port + 1 if admin_port is None else admin_port
    print(
        t(
            "sandbox.banner",
            lang,
            url=url,
            admin=f"http://{host}:{admin_port}/_admin",
            token=config.token,
            products=summary.products,
            variants=summary.variants,
            shop=(t("sandbox.shop.bare", lang) if shop == "bare"
                  else t("sandbox.shop.demo", lang, seed=seed)),
        ),
        flush=True,
    )
    sock = _listening_socket(host, port)
    admin_sock = _listening_socket(host, admin_port)
    server = _server(app, host, port)
    switch: _Switch | None = None

    def attach_switch() -> None:  # once uvicorn listens: the switch needs its listeners
        nonlocal switch
        switch = _switch_for(app, server, host, port, threading.current_thread())

    server.on_started = attach_switch
    try:
        server.run(sockets=[sock, admin_sock])
    finally:
        if switch is not None:
            switch.detach()
        sock.close()
        admin_sock.close()
    return 0
