"""Several demo POS processes (SSH sessions, browser tabs) opening one sandbox file at once:
one generates the demo shop, the others wait for it and load it."""

from __future__ import annotations

import subprocess
import sys

OPEN = (
    "import sys; from sspos.sandbox.config import SandboxConfig; "
    "from sspos.sandbox.state import SandboxState; "
    "print(SandboxState(SandboxConfig(db_path=sys.argv[1], products=300)).summary)"
)


def test_processes_opening_a_fresh_sandbox_file_at_once_all_get_the_shop(tmp_path):
    path = tmp_path / "sandbox.sqlite"
    processes = [
        subprocess.Popen([sys.executable, "-c", OPEN, str(path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    for process, (_, errors) in zip(processes, results, strict=True):
        assert process.returncode == 0, errors
    assert len({out for out, _ in results}) == 1  # one shop, the same for all
