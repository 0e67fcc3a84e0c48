"""Serving the sandbox over a real socket: in a thread for tests, in the foreground for `sspos sandbox`."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp

from sspos.i18n import t


def _server(app: ASGIApp, host: str, port: int) -> uvicorn.Server:
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off",
        http="h11", loop="asyncio", timeout_graceful_shutdown=1, timeout_keep_alive=5,
    )
    return uvicorn.Server(config)


@contextlib.contextmanager
def serve_in_thread(app: ASGIApp, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0) -> Iterator[str]:
    """Run `app` with uvicorn in a daemon thread; yields `http://HOST:PORT/api/open`.

    Port 0 picks a free port. The server is stopped (and the thread joined) on exit.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    server = _server(app, host, bound_port)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # not the main thread
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sspos-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{bound_port}/api/open"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def serve(host: str = "127.0.0.1", port: int = 8765, products: int | None = None, seed: int = 7, token: str | None = None,
          *, db_path: str = ":memory:", lang: str = "id") -> int:
    """Serve a sandbox in the foreground until Ctrl+C; prints the URL and the token to use."""
    from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app
    from sspos.sandbox.demo_data import DEFAULT_PRODUCTS

    config = SandboxConfig(seed=seed, products=DEFAULT_PRODUCTS if products is None else products, token=token or DEMO_TOKEN, db_path=db_path)
    app = create_app(config)
    summary = app.state.sandbox.summary
    url = f"http://{host}:{port}/api/open"
    print(t("sandbox.banner", lang, url=url, token=config.token, products=summary.products, variants=summary.variants, seed=seed), flush=True)
    _server(app, host, port).run()
    return 0
