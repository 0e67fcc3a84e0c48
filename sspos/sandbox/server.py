"""Serving the sandbox over a real socket: in a thread for tests, in the foreground for `sspos sandbox`."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

from sspos.i18n import t
from sspos.sandbox.faults import Faults


class _Server(uvicorn.Server):
    """uvicorn that remembers its loop, so another thread can stop and restart listening."""

    loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)


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
    """Makes `faults.down` a real outage: the port stops listening (connect is refused)."""

    def __init__(self, server: _Server, host: str, port: int, faults: Faults) -> None:
        self.server, self.host, self.port, self.faults = server, host, port, faults
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
            for listener in self.server.servers:
                listener.close()
            self.listening = False
            if self.faults.down_for_s > 0:
                asyncio.get_running_loop().call_later(self.faults.down_for_s, self._recover)
        elif not down and not self.listening and not self.server.should_exit:
            factory = self.server.servers[0]._protocol_factory  # type: ignore[attr-defined]  # uvicorn's own
            sock = _listening_socket(self.host, self.port)
            listener = await asyncio.get_running_loop().create_server(
                factory, sock=sock, backlog=self.server.config.backlog
            )
            self.server.servers.append(listener)
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


@contextlib.contextmanager
def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Run `app` with uvicorn in a daemon thread; yields `http://HOST:PORT/api/open`.

    Port 0 picks a free port. For a sandbox app, setting `faults.down` closes the
    listening socket (connections refused) and clearing it listens again on the same port.
    The server is stopped (and the thread joined) on exit.
    """
    sock = _listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    server = _server(app, host, bound_port)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="sspos-sandbox", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
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
) -> int:
    """Serve a sandbox in the foreground until Ctrl+C; prints the URL and the token to use."""
    from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
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
    print(
        t(
            "sandbox.banner",
            lang,
            url=url,
            token=config.token,
            products=summary.products,
            variants=summary.variants,
            seed=seed,
        ),
        flush=True,
    )
    sock = _listening_socket(host, port)
    server = _server(app, host, port)
    switch = _switch_for(app, server, host, port, threading.current_thread())
    try:
        server.run(sockets=[sock])
    finally:
        if switch is not None:
            switch.detach()
        sock.close()
    return 0
