"""`sspos web`: the POS in a browser, through textual-serve.

Each browser tab (each websocket) starts its own POS process, `python -m sspos
--terminal-pool W pos`, which takes the first free terminal `W1`, `W2`… on the data folder
(see `sspos.terminals`), so two tabs never share a terminal. The browser mode has no login
of its own: it listens on loopback unless told `--public`, for use behind SSH port
forwarding or an authenticating proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from sspos.config import Settings
from sspos.i18n import t

TITLE = "sspos"


class WebRefused(Exception):
    """`sspos web` will not listen where asked (a non-loopback host without `--public`)."""

    def __init__(self, host: str) -> None:
        self.host = host
        super().__init__(f"{host} is not a loopback address; add --public")

    def message(self, lang: str) -> str:
        """The refusal and what to do, in `lang`."""
        return t("web.needs_public", lang, host=self.host)


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses; a name that could resolve anywhere is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tab_command(*, config_path: Path | None, pool: str, demo: bool) -> str:
    """The shell command each browser tab runs: this Python, this config, a pooled terminal."""
    words = [sys.executable, "-m", "sspos"]
    if config_path is not None:
        words += ["--config", str(config_path.resolve())]
    words += ["--terminal-pool", pool, "demo" if demo else "pos"]
    return shlex.join(words)


class PosWebServer(Server):
    """textual-serve's server, with links built from the address the browser used (an SSH
    tunnel's local port, a proxy's name and scheme) and a start-up line in `lang`."""

    def __init__(self, command: str, host: str, port: int, *, lang: str) -> None:
        super().__init__(command, host=host, port=port, title=TITLE)
        self.lang = lang

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the server says where it listens once it does (`serve`)."""

    def serve(self, debug: bool = False) -> None:
        """Listen until SIGINT or SIGTERM; say where once listening. (textual-serve's own
        `serve` with its logging left to sspos's log file and its banner replaced.)"""
        self.debug = debug
        loop = asyncio.new_event_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows
                loop.add_signal_handler(signal_number, self.request_exit)
        host = f"[{self.host}]" if ":" in self.host else self.host
        said = t("web.serving", self.lang, url=f"http://{host}:{self.port}")
        web.run_app(
            self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
            print=lambda _running: print(said, flush=True),  # called once the port is bound
        )

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page that opens the websocket, pointing back where the browser came from."""
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme)
        router = request.app.router
        static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        websocket = "wss" if scheme == "https" else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket}://{request.host}{router['websocket'].url_for()}",
            "config": {"static": {"url": f"{scheme}://{request.host}{static}"}},
            "application": {"name": self.title},
        }


def serve_web(
    settings: Settings,
    host: str,
    port: int,
    *,
    public: bool,
    demo: bool,
    config_path: Path | None,
    pool: str,
) -> int:
    """Serve the POS to browsers until Ctrl+C (0), or say why it cannot listen (1);
    WebRefused for a non-loopback host without `public` (the browser mode has no login)."""
    if not is_loopback(host):
        if not public:
            raise WebRefused(host)
        print(t("web.public_warning", settings.lang, host=host), file=sys.stderr, flush=True)
    command = tab_command(config_path=config_path, pool=pool, demo=demo)
    try:
        PosWebServer(command, host, port, lang=settings.lang).serve()
    except OSError as exc:  # the port is taken, the address is not this machine's…
        detail = exc.strerror or str(exc)
        print(t("web.cannot_listen", settings.lang, host=host, port=port, detail=detail),
              file=sys.stderr)
        return 1
    return 0
