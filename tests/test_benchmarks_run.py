"""The catalog benchmarks the README quotes still run and print their final lines.

Tiny catalogs and one round: this checks that the commands work and what they print,
never how fast anything is (the numbers are the benchmarks' business, not the tests').
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,  # a failure shows its stderr below
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_bench_catalog_prints_the_target_line():
    out = _run("bench_catalog.py", "--variants", "300", "--rounds", "1")
    last = out.strip().splitlines()[-1]
    match = re.fullmatch(
        r"search_p99_ms=[\d.]+ scan_p99_ms=[\d.]+ sync_ratio=(?P<ratio>[\d.]+) rss_mb=[\d.]+"
        r" odd_search_max_ms=[\d.]+ loop_p99_ms=[\d.]+ loop_max_ms=[\d.]+",
        last,
    )
    assert match, last
    assert float(match["ratio"]) > 0
    assert "catalog: " in out and "(missed 0)" in out  # every scanned SKU was found
    assert "cpu seconds: sync client" in out
    assert "sync round 1 (child process)" in out


@pytest.mark.slow
def test_bench_terminals_prints_the_target_line():
    out = _run("bench_terminals.py", "--terminals", "2", "--sales", "2", "--products", "100",
               "--idle-s", "1")
    last = out.strip().splitlines()[-1]
    match = re.fullmatch(
        r"terminals=2 p95_s=[\d.]+ lost=(?P<lost>\d+) duplicated=(?P<dup>\d+)"
        r" downloads=(?P<downloads>\d+) idle_cpu_pct=[\d.]+",
        last,
    )
    assert match, last
    assert (match["lost"], match["dup"], match["downloads"]) == ("0", "0", "1")


@pytest.mark.slow
def test_bench_sync_stages_accounts_for_every_variant():
    out = _run("bench_sync_stages.py", "--variants", "300", "--rounds", "1")
    stages = dict(re.findall(r"(\w+)=([\d.]+)", out.strip().splitlines()[-2]))
    assert int(stages["variants"]) >= 250  # about 3 variants per product, 100 products
    for name in ("decode", "rows", "binding", "write", "finish"):
        assert float(stages[f"{name}_cpu_s"]) >= 0
    assert out.strip().splitlines()[-1].startswith("gil_held_cpu_s=")


@pytest.mark.slow
def test_sync_timeline_prints_who_was_busy():
    out = _run("sync_timeline.py", "--variants", "300")
    last = out.strip().splitlines()[-1]
    totals = dict(re.findall(r"(\w+)=([\d.]+)", last))
    assert float(totals["sync_s"]) > 0
    assert float(totals["server_cpu_s"]) > 0  # the sampler saw the sandbox process work
    assert float(totals["loop_cpu_s"]) > 0
