"""The real POS under a pseudo-terminal, as over SSH: for `TERM=linux`, `screen` and
`xterm-256color`, the bytes each terminal sends for F1-F11, Esc, Ctrl+R and Ctrl+P (read
from its terminfo entry, as the terminal itself would send them) reach their actions.

The app runs as a subprocess in demo mode with `log_actions` on, so every action a key
starts is a line in `sspos.log`; each key waits for its line before the next is sent.
"""

from __future__ import annotations

import json
import os
import re
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sspos.tui.screens.sale import SaleScreen
from tests.screen_text import visible_text

if sys.platform == "win32":  # pragma: no cover - pseudo-terminals are POSIX
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

import fcntl
import termios

TERMS = ("linux", "screen", "xterm-256color")
ACTION_LINE = re.compile(r" INFO sspos\.tui\.app: action (?P<action>\w+) on (?P<where>\w+)$")
WAIT_S = 15.0  # per key; a key that reaches its action takes well under a second


def terminfo_keys(term: str) -> dict[str, bytes]:
    """F1-F11 as `term`'s terminfo entry says it sends them. (curses reads the terminfo
    database once per process, so each terminal is asked in a process of its own.)"""
    script = (
        "import curses, json, sys; curses.setupterm(sys.argv[1]); "
        "print(json.dumps({f'f{n}': (curses.tigetstr(f'kf{n}') or b'').decode('latin-1') "
        "for n in range(1, 12)}))"
    )
    found = json.loads(subprocess.check_output([sys.executable, "-c", script, term]))
    keys = {name: value.encode("latin-1") for name, value in found.items()}
    assert all(keys.values()), f"{term}: terminfo lacks a function key: {keys}"
    return keys


class PtyApp:
    """`sspos demo` on a pseudo-terminal of 80x24; its output is read all the time (a full
    pty would stall it) and kept."""

    def __init__(self, term: str, data_dir: Path, terminal_id: str) -> None:
        self.term = term
        self.terminal_id = terminal_id
        self.log = data_dir / "sspos.log"
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("SSPOS_") and k not in ("COLUMNS", "LINES")}
        env.update(
            TERM=term, LANG="C.UTF-8", SSPOS_DATA_DIR=str(data_dir),
            SSPOS_CONFIG=str(data_dir / "none.toml"), SSPOS_LANG="en",
            SSPOS_SYNC_INTERVAL_MINUTES="0", SSPOS_LOG_ACTIONS="true",
            SSPOS_SHIFT_PROMPT="false",  # keys of the screens, not the opening float
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sspos", "--terminal", terminal_id, "demo"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the app closed its side
                    return
                if not chunk:
                    return
                self.output += chunk
            elif self.process.poll() is not None:
                return

    def screen_text(self) -> str:
        """What was drawn, without the escape sequences."""
        return visible_text(bytes(self.output))

    def actions(self) -> list[tuple[str, str]]:
        """Every (action, where) logged so far."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [(m["action"], m["where"]) for m in map(ACTION_LINE.search, lines) if m]

    def press(self, data: bytes) -> tuple[str, str]:
        """Send one key's bytes; the action it started (waits until it is logged)."""
        before = len(self.actions())
        os.write(self.master, data)
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            logged = self.actions()
            if len(logged) > before:
                return logged[before]
            time.sleep(0.02)
        raise AssertionError(f"{data!r} started no action; screen:\n{self.screen_text()[-2000:]}")

    def wait_for_text(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while text not in self.screen_text():
            assert time.monotonic() < deadline, f"{text!r} never shown:\n{self.screen_text()}"
            assert self.process.poll() is None, self.screen_text()
            time.sleep(0.02)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        os.close(self.master)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the three terminals: the first run syncs the demo catalog."""
    return tmp_path_factory.mktemp("pty")


@pytest.fixture
def pos(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[PtyApp]:
    term = request.param
    app = PtyApp(term, data_dir, f"P{TERMS.index(term) + 1}")
    try:
        yield app
    finally:
        app.close()


def sale_actions() -> dict[str, str]:
    """F1-F11 and the action each starts on the sale screen, from its bindings."""
    found = {}
    for binding in SaleScreen.BINDINGS:
        for key in binding.key.split(","):  # type: ignore[union-attr]
            if re.fullmatch(r"f\d+", key):
                found[key] = binding.action  # type: ignore[union-attr]
    assert sorted(found, key=lambda k: int(k[1:])) == [f"f{n}" for n in range(1, 12)]
    return found


@pytest.mark.parametrize("pos", TERMS, indirect=True)
def test_function_keys_escape_and_palette_reach_their_actions(pos: PtyApp) -> None:
    term = pos.term
    keys = terminfo_keys(term)
    pos.wait_for_text(f"│ {pos.terminal_id} │")  # the status bar names the terminal
    for name, action in sale_actions().items():
        assert pos.press(keys[name]) == (action, "SaleScreen"), (term, name)
        # Esc leaves whatever the key opened (or clears the search field), back to sale.
        back, where = pos.press(b"\x1b")
        assert back in ("back", "back_to_search"), (term, name, back, where)
    assert pos.press(b"\x12") == ("price_check", "SaleScreen")  # Ctrl+R
    assert pos.press(b"\x10") == ("command_palette", "PosApp")  # Ctrl+P
    pos.wait_for_text("Search for commands")
    assert pos.press(b"\x1b") == ("escape", "CommandPalette")
    assert pos.press(b"\x11") == ("quit", "PosApp")  # Ctrl+Q
    assert pos.process.wait(timeout=WAIT_S) == 0
