"""The shape the code keeps (issue 17): no code file past 800 lines, data tables aside."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 800
#: Data tables, not code: the demo shop's names, prices and places.
DATA_TABLES = {"sspos/sandbox/demo_data.py"}


def test_no_code_file_is_over_800_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in (ROOT / "sspos").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= DATA_TABLES, f"split these along their seams: {long}"
