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
