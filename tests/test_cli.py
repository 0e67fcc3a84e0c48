"""The `sspos` command as a user runs it: a real subprocess, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys

from sspos import __version__


def run_sspos(*args, env_extra=None, tmp_path=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSPOS_")}
    if tmp_path is not None:
        env["SSPOS_CONFIG"] = str(tmp_path / "none.toml")
        env["SSPOS_DATA_DIR"] = str(tmp_path / "data")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "sspos", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_version_and_help(tmp_path):
    result = run_sspos("--version", tmp_path=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"sspos {__version__}"
    result = run_sspos("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "sandbox", "doctor", "sync", "outbox", "print-test"):
        assert command in result.stdout


def test_each_subcommand_has_help(tmp_path):
    for command in ("pos", "demo", "sandbox", "doctor", "sync", "outbox", "print-test"):
        result = run_sspos(command, "--help", tmp_path=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        assert f"sspos {command}" in result.stdout


def test_invalid_setting_is_one_line_exit_2_without_traceback(tmp_path):
    result = run_sspos("doctor", env_extra={"SSPOS_PAPER": "57"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "sspos: SSPOS_PAPER: Input should be 58 or 80 (got 57)"
    ]
    assert "Traceback" not in result.stderr


def test_missing_config_file_is_exit_2(tmp_path):
    result = run_sspos("--config", str(tmp_path / "nope.toml"), "doctor", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_doctor_against_sspos_sandbox_over_a_socket_is_all_ok(tmp_path):
    import time

    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSPOS_")}
    env.update(SSPOS_CONFIG=str(tmp_path / "none.toml"), SSPOS_DATA_DIR=str(tmp_path / "srv"))
    server = subprocess.Popen(
        [sys.executable, "-m", "sspos", "sandbox", "--port", str(port), "--products", "40",
         "--token", "doctor-test-token"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/open"
        for _ in range(200):
            try:
                httpx.get(f"{url}/shop", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        ok = run_sspos(
            "doctor",
            env_extra={"SSPOS_API_URL": url, "SSPOS_TOKEN": "doctor-test-token"},
            tmp_path=tmp_path,
        )
        assert ok.returncode == 0, ok.stdout + ok.stderr
        checks = [line for line in ok.stdout.splitlines()[1:] if line.strip()]
        assert len(checks) == 15 and all(line.startswith("OK") for line in checks)
        assert "doctor-test-token" not in ok.stdout + ok.stderr

        bad = run_sspos(
            "doctor", env_extra={"SSPOS_API_URL": url, "SSPOS_TOKEN": "wrong"}, tmp_path=tmp_path
        )
        assert bad.returncode == 1
        assert "401" in bad.stdout and "SSPOS_TOKEN" in bad.stdout
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert url in output and "doctor-test-token" in output  # the banner tells the URL and token


def test_doctor_in_demo_mode_is_all_ok(tmp_path):
    result = run_sspos("doctor", "--demo", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\nOK  ") == 15
