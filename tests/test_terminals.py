"""Terminal identity (command line, environment, `[terminals]`, config, default) and the
live-session locks, held by real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sspos.config import ConfigError, load_settings
from sspos.terminals import (
    EXIT_TERMINAL_BUSY,
    Identity,
    PoolExhausted,
    SessionInfo,
    TerminalBusy,
    TerminalSession,
    login_name,
    read_session_info,
    resolve_identity,
    running_terminals,
)
from tests.test_cli import run_sspos

JAKARTA = ZoneInfo("Asia/Jakarta")
TERMINALS = """
terminal_id = "K9"
cashier = "Toko"
[terminals]
ani = { terminal_id = "K1", cashier = "Ani" }
budi = "K2"
"""


def settings_from(tmp_path: Path, text: str, environ: dict[str, str] | None = None):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ=environ or {})


# --- identity ----------------------------------------------------------------------------


def test_the_terminals_table_names_each_login(tmp_path):
    settings = settings_from(tmp_path, TERMINALS)
    assert resolve_identity(settings, environ={}, login="ani") == Identity("K1", "Ani", "ani")
    # A row without a cashier keeps the config's; a login without a row takes terminal_id.
    assert resolve_identity(settings, environ={}, login="budi") == Identity("K2", "Toko", "budi")
    assert resolve_identity(settings, environ={}, login="citra") == Identity("K9", "Toko", "citra")


def test_precedence_command_line_environment_table_config_default(tmp_path):
    env = {"SSPOS_TERMINAL_ID": "E1"}
    from_env = settings_from(tmp_path, TERMINALS, env)
    # command line beats everything; the login's cashier stays
    assert resolve_identity(from_env, terminal="C1", environ=env, login="ani") == Identity(
        "C1", "Ani", "ani"
    )
    # environment beats the table and the file
    assert resolve_identity(from_env, environ=env, login="ani").terminal_id == "E1"
    # SSPOS_CASHIER beats the table's cashier
    env_cashier = {"SSPOS_CASHIER": "Dewi"}
    settings = settings_from(tmp_path, TERMINALS, env_cashier)
    assert resolve_identity(settings, environ=env_cashier, login="ani") == Identity(
        "K1", "Dewi", "ani"
    )
    # no file at all: T1
    bare = load_settings(environ={"SSPOS_CONFIG": str(tmp_path / "absent.toml")})
    assert resolve_identity(bare, environ={}, login="ani") == Identity("T1", "", "ani")


def test_the_example_config_s_terminals_table_is_valid(tmp_path):
    example = (Path(__file__).parents[1] / "assets" / "config.example.toml").read_text("utf-8")
    start = example.index("# [terminals]")
    table = "\n".join(line.removeprefix("# ") for line in example[start:].splitlines())
    settings = settings_from(tmp_path, table)
    assert resolve_identity(settings, environ={}, login="budi") == Identity("K2", "Budi", "budi")


def test_the_login_is_sspos_login_then_sudo_user_then_the_os_user(monkeypatch):
    assert login_name({"SSPOS_LOGIN": "ani", "SUDO_USER": "budi", "USER": "kasir"}) == "ani"
    assert login_name({"SUDO_USER": "budi", "USER": "kasir"}) == "budi"
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("USER", "kasir")
    assert login_name({}) == "kasir"


def test_identity_applies_to_settings(tmp_path):
    settings = settings_from(tmp_path, TERMINALS)
    applied = Identity("K1", "Ani", "ani").apply(settings)
    assert (applied.terminal_id, applied.cashier) == ("K1", "Ani")
    assert applied.printer == settings.printer


@pytest.mark.parametrize(
    ("text", "english", "indonesian"),
    [
        ('[terminals]\nani = { terminal_id = "K 1" }\n',
         "terminals.ani.terminal_id in {path}: must be 1-16 letters, digits or '-'",
         "terminals.ani.terminal_id di {path}: harus 1-16 huruf, angka atau '-'"),
        ('[terminals]\nani = { cashier = "Ani" }\n',
         "terminals.ani.terminal_id in {path}: is required",
         "terminals.ani.terminal_id di {path}: wajib diisi"),
        ('[terminals]\nani = { terminal_id = "K1", kasir = "Ani" }\n',
         "terminals.ani.kasir in {path}: unknown setting",
         "terminals.ani.kasir di {path}: pengaturan tidak dikenal"),
        ("[terminals]\nani = 1\n",
         'terminals.ani in {path}: must be a terminal id ("K1") or {{terminal_id',
         'terminals.ani di {path}: harus id terminal ("K1") atau {{terminal_id'),
        ('terminals = "K1"\n', "terminals in {path}: must be a TOML table",
         "terminals di {path}: harus tabel TOML"),
    ],
)
def test_a_bad_terminals_table_is_one_line_naming_the_row(tmp_path, text, english, indonesian):
    with pytest.raises(ConfigError) as info:
        settings_from(tmp_path, text)
    path = tmp_path / "config.toml"
    assert info.value.message("en").startswith(english.format(path=path))
    assert info.value.message("id").startswith(indonesian.format(path=path))


# --- live sessions, held by other processes ---------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sspos.terminals import Identity, TerminalSession
    data_dir, terminal, pool = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    identity = Identity(terminal, "Ani", "ani")
    if pool:
        session = TerminalSession.claim_from_pool(data_dir, pool, identity)
    else:
        session = TerminalSession.claim(data_dir, identity)
    print(session.terminal_id, flush=True)
    sys.stdin.read()  # hold it until told (stdin closed) or killed
    """
)


@contextmanager
def holder(data_dir: Path, terminal: str = "", pool: str = "") -> Iterator[subprocess.Popen]:
    """Another process holding a terminal (or the first free one of `pool`)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), terminal, pool],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        process.held = process.stdout.readline().strip()  # type: ignore[attr-defined]
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_second_session_of_one_terminal_is_refused_with_who_holds_it(tmp_path):
    me = Identity("K1", "Budi", "budi")
    with holder(tmp_path, "K1") as other:
        with pytest.raises(TerminalBusy) as info:
            TerminalSession.claim(tmp_path, me)
        held = info.value.holder
        assert (held.terminal_id, held.pid, held.login) == ("K1", other.pid, "ani")
        english = info.value.message("en", JAKARTA)
        assert english.startswith(f"Terminal K1 is already open on this data folder (pid "
                                  f"{other.pid}, since ")
        assert "login ani" in english and "sspos --terminal ID" in english
        indonesian = info.value.message("id", JAKARTA)
        assert indonesian.startswith(f"Terminal K1 sudah terbuka di folder data ini (pid "
                                     f"{other.pid}, sejak ")
        # Another terminal on the same folder is free; the same one on another folder too.
        with TerminalSession.claim(tmp_path, Identity("K2", "Budi", "budi")):
            pass
        with TerminalSession.claim(tmp_path / "elsewhere", me):
            pass
        assert [info.terminal_id for info in running_terminals(tmp_path)] == ["K1"]


def test_a_killed_session_never_blocks_the_next(tmp_path):
    with holder(tmp_path, "K1") as other:
        other.send_signal(signal.SIGKILL)
        other.wait(timeout=10)
        assert running_terminals(tmp_path) == []
        with TerminalSession.claim(tmp_path, Identity("K1", "", "budi")) as session:
            assert read_session_info(session.path).pid == os.getpid()
            assert [i.terminal_id for i in running_terminals(tmp_path)] == ["K1"]
        assert running_terminals(tmp_path) == []  # closed: free again


def test_terminal_ids_are_one_whatever_their_case(tmp_path):
    with holder(tmp_path, "k1"), pytest.raises(TerminalBusy):
        TerminalSession.claim(tmp_path, Identity("K1", "", "budi"))


def test_a_pool_gives_each_session_the_first_free_id(tmp_path):
    me = Identity("T1", "", "web")
    with holder(tmp_path, pool="W") as first, holder(tmp_path, pool="W") as second:
        assert (first.held, second.held) == ("W1", "W2")
        with TerminalSession.claim_from_pool(tmp_path, "W", me) as third:
            assert third.terminal_id == "W3"
            assert third.identity == Identity("W3", "", "web")
        first.kill()
        first.wait(timeout=10)
        with TerminalSession.claim_from_pool(tmp_path, "W", me) as again:
            assert again.terminal_id == "W1"  # a closed tab's id is taken again


def test_a_full_pool_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("sspos.terminals.POOL_SIZE", 2)
    with holder(tmp_path, pool="W"), holder(tmp_path, pool="W"), pytest.raises(
        PoolExhausted
    ) as info:
        TerminalSession.claim_from_pool(tmp_path, "W", Identity("T1", "", "web"))
    assert info.value.message("en", JAKARTA) == (
        "Every terminal from W1 to W2 is open; close one of them first."
    )


def test_an_unreadable_holder_is_still_named_by_its_terminal(tmp_path):
    with holder(tmp_path, "K1") as other:
        path = tmp_path / "terminals" / "K1.lock"
        path.write_text("not json", encoding="utf-8")  # only its contents: the lock stays
        with pytest.raises(TerminalBusy) as info:
            TerminalSession.claim(tmp_path, Identity("K1", "", "budi"), attempts=1)
        assert info.value.holder == SessionInfo("K1")
        assert info.value.message("en", JAKARTA).startswith(
            "Terminal K1 is already open on this data folder (holder unreadable)."
        )
        assert other.poll() is None


# --- the command line -------------------------------------------------------------------


def test_sspos_refuses_a_terminal_open_elsewhere_in_the_configured_language(tmp_path):
    demo_dir = tmp_path / "data" / "demo"
    with holder(demo_dir, "K1") as other:
        for lang, start in (("en", "sspos: Terminal K1 is already open"),
                            ("id", "sspos: Terminal K1 sudah terbuka")):
            result = run_sspos("--terminal", "K1", "demo", tmp_path=tmp_path,
                               env_extra={"SSPOS_LANG": lang})
            assert result.returncode == EXIT_TERMINAL_BUSY, result.stderr
            assert result.stderr.startswith(start), result.stderr
            assert f"pid {other.pid}" in result.stderr
        # The [terminals] row of this login leads to the same refusal.
        config = tmp_path / "config.toml"
        config.write_text('[terminals]\nani = "K1"\n', encoding="utf-8")
        result = run_sspos("demo", tmp_path=tmp_path,
                           env_extra={"SSPOS_CONFIG": str(config), "SSPOS_LOGIN": "ani"})
        assert result.returncode == EXIT_TERMINAL_BUSY, result.stderr
        assert "Terminal K1 " in result.stderr


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["--terminal", "kasir satu", "outbox"], "argument --terminal: must be 1-16 letters"),
        (["--terminal-pool", "ABCDEFGHIJKLMNO", "pos"],
         "argument --terminal-pool: must be 1-14 letters"),
        (["--terminal", "K1", "--terminal-pool", "W", "pos"],
         "argument --terminal-pool: not allowed with argument --terminal"),
        (["--terminal", "K1", "web"], "--terminal is for one session"),
    ],
)
def test_terminal_options_are_checked(tmp_path, args, english):
    result = run_sspos(*args, tmp_path=tmp_path, env_extra={"SSPOS_LANG": "en"})
    assert result.returncode == 2
    assert english in result.stderr


def test_terminal_option_errors_in_indonesian(tmp_path):
    result = run_sspos("--terminal", "K1", "--terminal-pool", "W", "pos", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "argumen --terminal-pool: tidak boleh bersama argumen --terminal" in result.stderr
