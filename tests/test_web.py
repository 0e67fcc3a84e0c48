"""`sspos web` as a shop runs it: a real server process, its page over HTTP, browser tabs
over its websocket (each its own POS process and terminal), loopback unless `--public`."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import httpx
import pytest

from sspos.web import is_loopback, tab_command
from tests.screen_text import visible_text
from tests.test_cli import run_sspos

START_S = 30.0
STATUS_TERMINAL = re.compile(r"│ (?P<terminal>W\d+) │")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def web_server(tmp_path: Path, *args: str) -> Iterator[tuple[int, str, subprocess.Popen]]:
    """`sspos web --port P ARGS…` in demo mode, in English; yields (P, its first line, it)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSPOS_")}
    env.update(SSPOS_CONFIG=str(tmp_path / "none.toml"), SSPOS_DATA_DIR=str(tmp_path / "data"),
               SSPOS_LANG="en", SSPOS_SYNC_INTERVAL_MINUTES="0")
    process = subprocess.Popen(
        [sys.executable, "-m", "sspos", "web", "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        said = process.stdout.readline()  # printed once the server listens
        assert said.startswith("sspos web: open http://"), (said, process.stderr.read())
        yield port, said, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""


async def open_tab(port: int) -> tuple[str, str]:
    """A browser tab: open the websocket, read what the POS draws until its status bar
    names its terminal; (that terminal, the text drawn). Closing the socket ends its POS."""
    seen = b""
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as websocket:
        while not (found := STATUS_TERMINAL.search(visible_text(seen))):
            message = await websocket.receive()
            assert message.type == aiohttp.WSMsgType.BINARY, message
            seen += message.data
    return found["terminal"], visible_text(seen)


def test_each_browser_tab_is_its_own_terminal(tmp_path):
    with web_server(tmp_path) as (port, said, _):
        assert f"open http://127.0.0.1:{port} in a browser" in said
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page.text
        assert "<div>sspos</div>" in page.text  # the name on its start button
        # Through `ssh -L 9000:127.0.0.1:PORT` the browser asks for localhost:9000: the page
        # must send it back there, not to the server's own port.
        tunnelled = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "localhost:9000"})
        assert 'data-session-websocket-url="ws://localhost:9000/ws"' in tunnelled.text
        assert 'src="http://localhost:9000/static/js/textual.js"' in tunnelled.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/js/textual.js").status_code == 200

        async def two_tabs() -> list[tuple[str, str]]:
            tabs = asyncio.gather(open_tab(port), open_tab(port))
            return await asyncio.wait_for(tabs, START_S)

        (first, drawn), (second, _) = asyncio.run(two_tabs())
        assert {first, second} == {"W1", "W2"}
        assert drawn.startswith("DEMO")


def test_public_needs_the_flag_and_warns(tmp_path):
    for lang, refusal in (
        ("en", "--host 0.0.0.0 can be reached from other machines, and the browser mode"),
        ("id", "--host 0.0.0.0 bisa dijangkau dari mesin lain, padahal mode peramban"),
    ):
        result = run_sspos("web", "--host", "0.0.0.0", tmp_path=tmp_path,
                           env_extra={"SSPOS_LANG": lang})
        assert result.returncode == 2
        assert refusal in result.stderr, result.stderr
    with web_server(tmp_path, "--host", "0.0.0.0", "--public") as (port, said, server):
        assert f"open http://0.0.0.0:{port}" in said
        assert server.stderr.readline().startswith(
            "WARNING: the browser mode has no login; anyone who can reach 0.0.0.0 can sell"
        )
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert f'"ws://127.0.0.1:{port}/ws"' in page.text


def test_a_taken_port_is_one_line_in_the_shop_s_language(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for lang, said in (("en", f"sspos web: cannot listen on 127.0.0.1:{port} ("),
                           ("id", f"sspos web: tidak bisa mendengarkan di 127.0.0.1:{port} (")):
            result = run_sspos("web", "--port", str(port), tmp_path=tmp_path,
                               env_extra={"SSPOS_LANG": lang})
            assert result.returncode == 1
            assert result.stderr.startswith(said), result.stderr
            assert "Traceback" not in result.stderr
            assert result.stdout == ""  # never "open http://…" for a port it does not hold


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("127.5.5.5", True), ("0.0.0.0", False), ("::", False), ("192.168.1.10", False),
     ("shop.example", False)],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_each_tab_runs_this_python_with_a_pooled_terminal(tmp_path):
    command = tab_command(config_path=tmp_path / "my config.toml", pool="W", demo=False)
    assert command.startswith(sys.executable)
    assert f"--config '{tmp_path / 'my config.toml'}' --terminal-pool W pos" in command
    assert tab_command(config_path=None, pool="B", demo=True).endswith(
        "-m sspos --terminal-pool B demo"
    )
