"""Crash benchmark of the outbox: SIGKILL a submitting POS at random, restart, count.

Each round starts `tests/outbox/crash_child.py` (a real subprocess that rings up sales
into its outbox and submits them to a sandbox served on a loopback socket, with injected
5xx answers and answers dropped after the order was stored), kills it with SIGKILL after
a random pause, runs it again to completion, and checks the sandbox's stored orders.

    uv run python benchmarks/crash_outbox.py [--rounds 100] [--sales 8] [--seed 1]
        [--slow-before-commit SECONDS [--time-scale 0.01]]

`--slow-before-commit S`: the server also works S seconds on every order before it
commits it, whether the client still waits or not. The POS then runs with its own
timing (10 s client timeout, 2-minute settle floor, 15-minute duplicate watch), all of
it and S shrunk by `--time-scale` so the minutes pass in seconds. An S longer than the
whole search schedule makes the POS send again; the first order then lands too, and the
duplicate watch must cancel it.

Last line: `sales=N lost=0 duplicated=0 ...`, counting live orders (a duplicate the POS
cancelled is reported as `cancelled=`); exit code 1 when anything is off.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.outbox.crash_harness import (
    CrashTally,
    crash_round,
    crash_sandbox,
    pos_timing,
    write_template,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--sales", type=int, default=8, help="sales per round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow-before-commit", type=float, default=0.0, metavar="SECONDS",
                        help="the server works this long on each order before committing")
    parser.add_argument("--time-scale", type=float, default=0.01,
                        help="with --slow-before-commit: real seconds per POS second")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    tally = CrashTally()
    faults = {"drop_after_commit_rate": 0.2, "error_rate": 0.1, "latency_ms": 15,
              "seed": args.seed}
    timing = None
    if args.slow_before_commit:
        faults["slow_commit_s"] = args.slow_before_commit * args.time_scale
        timing = pos_timing(args.time_scale)
        print(f"slow server: commits {args.slow_before_commit:g} s after reading an order; "
              f"POS timing x{args.time_scale:g}: " + ", ".join(
                  f"{name}={value:g}s" for name, value in timing.items()), flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sspos-crash-") as folder:
        workdir = Path(folder)
        with crash_sandbox(workdir, faults) as (app, url):
            template = write_template(url, workdir)
            for number in range(args.rounds):
                crash_round(app, url, template, workdir, number, rng, tally, sales=args.sales,
                            timing=timing)
                if (number + 1) % 10 == 0:
                    print(f"round {number + 1}/{args.rounds}: sales={tally.sales} "
                          f"lost={tally.lost} duplicated={tally.duplicated}", flush=True)
    for failure in tally.failures[:20]:
        print("FAIL", failure)
    elapsed = time.monotonic() - started
    print(f"rounds={tally.rounds} killed_mid_run={tally.killed_mid_run} "
          f"killed_while_sending={tally.killed_while_sending} "
          f"found_not_resent={tally.found_not_resent} left_open={tally.left_open} "
          f"bad_awb={tally.bad_awb} seconds={elapsed:.1f}")
    print(f"sales={tally.sales} lost={tally.lost} duplicated={tally.duplicated} "
          f"cancelled={tally.cancelled}")
    return 0 if tally.clean and not tally.failures else 1


if __name__ == "__main__":
    sys.exit(main())
