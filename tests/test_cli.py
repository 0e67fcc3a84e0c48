"""The `sspos` command as a user runs it: a real subprocess, exit codes, messages, and one
language at a time."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from sspos import __version__
from sspos.sandbox import SandboxConfig, bare_shop, create_app
from sspos.sandbox.server import serve_in_thread

COMMANDS = ("pos", "demo", "sandbox", "doctor", "setup", "sync", "outbox", "shift", "cash",
            "price", "parked", "order", "print-test", "web")
# Words argparse or the code used to print in English whatever the language.
ENGLISH = re.compile(r"\b(usage|options|positional arguments|show this help|default|"
                     r"config file|run the POS|error|SECONDS|DEADLINE|REASON|ACTION|PATH)\b")


def run_sspos(*args, env_extra=None, tmp_path=None, stdin=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSPOS_")}
    if tmp_path is not None:
        env["SSPOS_CONFIG"] = str(tmp_path / "none.toml")
        env["SSPOS_DATA_DIR"] = str(tmp_path / "data")
    env.update(env_extra or {})
    return subprocess.run(  # the caller looks at the exit code
        [sys.executable, "-m", "sspos", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def test_version_and_help(tmp_path):
    result = run_sspos("--version", tmp_path=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"sspos {__version__}"
    result = run_sspos("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_subcommand_has_help_in_one_language(tmp_path, lang):
    for command in (None, *COMMANDS):
        words = ["--help"] if command is None else [command, "--help"]
        result = run_sspos(*words, env_extra={"SSPOS_LANG": lang}, tmp_path=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        text = result.stdout
        assert text.startswith("pemakaian: sspos" if lang == "id" else "usage: sspos"), text
        if lang == "id":
            assert not ENGLISH.search(text), (command, ENGLISH.search(text), text)
            assert "tampilkan bantuan ini lalu keluar" in text
        else:
            assert "show this help and exit" in text and "pemakaian" not in text


def test_the_language_comes_from_the_config_file_before_the_settings(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    result = run_sspos("--config", str(config), "doctor", "--help", tmp_path=tmp_path)
    assert result.stdout.startswith("usage: sspos doctor")
    # A broken config: its error in the language it asks for, if that much can be read.
    config.write_text('lang = "en"\npaper = 57\n', encoding="utf-8")
    result = run_sspos("--config", str(config), "outbox", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"sspos: paper in {config}: must be one of: 58, 80 "
                                     "(got 57)")
    config.write_text("lang = \n", encoding="utf-8")  # not even TOML: Indonesian, the default
    result = run_sspos("--config", str(config), "outbox", tmp_path=tmp_path)
    assert result.returncode == 2 and "bukan TOML yang sah" in result.stderr


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "sspos: SSPOS_PAPER: harus salah satu dari: 58, 80 (tertulis 57)"),
     ("en", "sspos: SSPOS_PAPER: must be one of: 58, 80 (got 57)")],
)
def test_invalid_setting_is_one_line_exit_2_without_traceback(tmp_path, lang, expected):
    result = run_sspos("doctor", env_extra={"SSPOS_PAPER": "57", "SSPOS_LANG": lang},
                       tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [expected]
    assert "Traceback" not in result.stderr


def test_argument_errors_are_in_the_shop_s_language(tmp_path):
    result = run_sspos("outbox", "drop", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "galat: argumen TINDAKAN: pilihan tidak sah: 'drop' (pilih dari 'list', 'retry', " \
           "'void')" in result.stderr
    assert "pemakaian: sspos outbox" in result.stderr
    result = run_sspos("doctor", "--deadline", "soon", env_extra={"SSPOS_LANG": "en"},
                       tmp_path=tmp_path)
    assert "error: argument --deadline: invalid float value: 'soon'" in result.stderr


def test_missing_config_file_is_exit_2(tmp_path):
    result = run_sspos("--config", str(tmp_path / "nope.toml"), "doctor", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "tidak ada" in result.stderr and "Traceback" not in result.stderr


def test_time_zones_load_without_the_system_s_zone_data(tmp_path):
    """Windows and slim containers have no /usr/share/zoneinfo: `tzdata` stands in."""
    empty = tmp_path / "no-zoneinfo"
    empty.mkdir()
    result = run_sspos("outbox", tmp_path=tmp_path, env_extra={"PYTHONTZPATH": str(empty)})
    assert result.returncode == 0, result.stderr
    code = (
        "import datetime, zoneinfo; print(zoneinfo.TZPATH); "
        "zone = zoneinfo.ZoneInfo('Asia/Jakarta'); "
        "print(datetime.datetime(2026, 1, 1, tzinfo=zone).utcoffset())"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONTZPATH": str(empty)},
        timeout=30,
    )
    assert probe.stdout.split("\n")[:2] == [f"('{empty}',)", "7:00:00"], probe.stderr


# --- doctor and setup against a sandbox over a socket --------------------------------------


@pytest.fixture
def bare_url() -> Iterator[str]:
    app = create_app(SandboxConfig(shop="bare", token="shop-token"))
    with serve_in_thread(app) as url:
        yield url


def shop_env(url: str, lang: str = "en", token: str = "shop-token") -> dict[str, str]:
    return {"SSPOS_API_URL": url, "SSPOS_TOKEN": token, "SSPOS_LANG": lang}


def test_doctor_names_the_bare_shop_s_gaps_and_setup_fixes_them(tmp_path, bare_url):
    doctor = run_sspos("doctor", env_extra=shop_env(bare_url), tmp_path=tmp_path)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    lines = doctor.stdout.splitlines()
    assert lines[0].startswith(f"sspos {__version__} doctor — settings read, API: {bare_url}")
    assert len(lines) == 1 + 15 + 10
    assert "WARN  walk-in customer: no customer named “Pelanggan Umum” → sspos setup " \
           "creates it" in doctor.stdout
    assert "WARN  cash account: no account looks like a cash drawer → " in doctor.stdout
    assert "shop-token" not in doctor.stdout + doctor.stderr

    # Answers: sync now (Enter), create the walk-in customer (Enter), cash: account 2.
    setup = run_sspos("setup", env_extra=shop_env(bare_url), tmp_path=tmp_path,
                      stdin="\n\n2\n")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    out = setup.stdout
    assert "Create “Pelanggan Umum” in SmartSeller? [Y/n]: " in out
    assert re.search(r"Created: Pelanggan Umum \(#\d+\)", out)
    assert "Cash is booked to: BNIS · 12345678 · Budi." in out
    assert out.rstrip().endswith("All set to sell.")
    data = tmp_path / "data"
    state = json.loads((data / "pos_state.json").read_text())
    assert state["cash_bank_id"] == bare_shop.BNIS_BANK_ID and state["walk_in_customer_id"] > 0
    created = [p for p in data.rglob("*") if p.is_file()]
    assert created and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in created), [
        (p.name, oct(p.stat().st_mode)) for p in created]

    again = run_sspos("doctor", env_extra=shop_env(bare_url), tmp_path=tmp_path)
    assert "WARN" not in again.stdout and again.returncode == 0
    assert f"OK    walk-in customer: Pelanggan Umum (#{state['walk_in_customer_id']})" in (
        again.stdout)


def test_setup_yes_takes_the_defaults_in_indonesian(tmp_path, bare_url):
    setup = run_sspos("setup", "--yes", env_extra=shop_env(bare_url, "id"), tmp_path=tmp_path)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "Buat “Pelanggan Umum” di SmartSeller? [Y/t]: " in setup.stdout
    assert "Tunai dibukukan ke: BCA · 12345678 · Budi." in setup.stdout
    assert not re.search(r"\b(OK|WARN|FAIL)\b", setup.stdout)
    # A second run finds everything in place and creates nothing more.
    again = run_sspos("setup", "--yes", env_extra=shop_env(bare_url, "id"), tmp_path=tmp_path)
    assert "Buat “Pelanggan Umum”" not in again.stdout and again.returncode == 0


def test_setup_makes_the_token_file_private(tmp_path, bare_url):
    config = tmp_path / "config.toml"
    config.write_text(f'api_url = "{bare_url}"\ntoken = "shop-token"\nlang = "en"\n'
                      f'cash_bank_id = {bare_shop.BCA_BANK_ID}\n', encoding="utf-8")
    config.chmod(0o644)
    env = {"SSPOS_CONFIG": str(config)}
    doctor = run_sspos("doctor", env_extra=env, tmp_path=tmp_path)
    assert doctor.returncode == 1
    assert f"FAIL  config file: {config} holds the token and other users can read it" in (
        doctor.stdout)
    setup = run_sspos("--config", str(config), "setup", "--yes", env_extra=env,
                      tmp_path=tmp_path)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600, setup.stdout
    assert setup.returncode == 0, setup.stdout


def test_doctor_against_a_wrong_token_says_so(tmp_path, bare_url):
    bad = run_sspos("doctor", env_extra=shop_env(bare_url, token="wrong"), tmp_path=tmp_path)
    assert bad.returncode == 1
    assert "FAIL  shop: 401 unauthorized — check SSPOS_TOKEN" in bad.stdout


def test_doctor_ends_against_a_server_that_never_answers(tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/api/open"
        result = run_sspos("doctor", "--deadline", "1", env_extra=shop_env(url),
                           tmp_path=tmp_path, timeout=30)
    assert result.returncode == 1
    assert "FAIL  shop: no answer within the 1 s deadline" in result.stdout
    assert "FAIL  shop couriers: not checked: the 1 s deadline passed" in result.stdout


def test_doctor_in_demo_mode_is_ready(tmp_path):
    result = run_sspos("doctor", "--demo", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\nBAIK  ") == 15 + 9
    assert "AWAS  katalog: belum pernah disinkron" in result.stdout


def test_sandbox_serves_the_bare_shop(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSPOS_")}
    env.update(SSPOS_CONFIG=str(tmp_path / "none.toml"), SSPOS_DATA_DIR=str(tmp_path / "srv"),
               SSPOS_LANG="en")
    server = subprocess.Popen(
        [sys.executable, "-m", "sspos", "sandbox", "--shop", "bare", "--port", str(port),
         "--token", "bare-token"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/open"
        for _ in range(200):
            try:
                banks = httpx.get(f"{url}/bank", headers={"Authorization": "Bearer bare-token"},
                                  timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert [b["bank_name"] for b in banks.json()["data"]] == ["BCA", "BNIS"]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"SmartSeller sandbox serving at {url}" in output and "3 products" in output
    assert "bare shop" in output and "seed" not in output  # the bare shop has no seed


def test_sync_reports_in_the_configured_language(tmp_path):
    result = run_sspos("sync", "--demo", env_extra={"SSPOS_LANG": "en"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sync finished:" in result.stdout and "Sinkron" not in result.stdout
