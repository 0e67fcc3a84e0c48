"""A real POS subprocess is SIGKILLed while submitting; after a restart every sale is on
the server exactly once and nothing is left open. (`benchmarks/crash_outbox.py` runs the
same rounds 100+ times.)"""

from __future__ import annotations

import random

from tests.outbox.crash_harness import CrashTally, crash_round, crash_sandbox, write_template


def test_sigkill_during_submission_loses_and_doubles_nothing(tmp_path):
    rng = random.Random(20261128)
    tally = CrashTally()
    faults = {"drop_after_commit_rate": 0.2, "error_rate": 0.1, "latency_ms": 15, "seed": 5}
    with crash_sandbox(tmp_path, faults) as (app, url):
        template = write_template(url, tmp_path)
        for number in range(4):
            crash_round(app, url, template, tmp_path, number, rng, tally, sales=8)
    assert tally.failures == []
    assert tally.clean
    assert tally.rounds == 4 and tally.sales > 0
    assert tally.killed_mid_run >= 1  # the kills did land while the POS was working
