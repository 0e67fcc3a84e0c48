"""`sspos sync`: a full sync from the command line, with its progress and summary."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import IO, Any

from sspos.api.errors import ApiError
from sspos.i18n import t
from sspos.store.sync import (
    DEFAULT_DEADLINE_S,
    SyncFailed,
    SyncProgress,
    failure_reason,
    full_sync,
    stage_label,
)


class _Bar:
    """`sspos sync`'s progress: on a terminal one bar over every stage, rewritten in place;
    otherwise (a log, a pipe) a plain line as each stage finishes."""

    WIDTH = 20

    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        self.lang = lang
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.columns = shutil.get_terminal_size((80, 24)).columns - 1
        self.stages: dict[str, tuple[int, int | None]] = {}
        self.reported: set[str] = set()
        self.drawn = 0

    def __call__(self, p: SyncProgress) -> None:
        self.stages[p.stage] = (p.done, p.total)
        if self.tty:
            self._draw()
        elif p.stage not in self.reported and (
            p.stage == "indexing" if p.total is None else p.done >= p.total
        ):
            self.reported.add(p.stage)
            count = f" {p.done}/{p.total}" if p.total is not None else ""
            self.out.write(f"{stage_label(p.stage, self.lang)}{count}\n")
        self.out.flush()

    def _draw(self) -> None:
        known = [(min(done, total), total) for done, total in self.stages.values() if total]
        share = sum(d for d, _ in known) / sum(t for _, t in known) if known else 0.0
        filled = int(self.WIDTH * share)
        parts = " · ".join(
            f"{stage_label(stage, self.lang)} {done}" + (f"/{total}" if total else "")
            for stage, (done, total) in self.stages.items()
        )
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%}  {parts}"
        line = line[: self.columns]
        self.out.write("\r" + line.ljust(self.drawn))
        self.drawn = len(line)

    def close(self) -> None:
        """End the bar's line (on a terminal)."""
        if self.tty and self.drawn:
            self.out.write("\n")
            self.out.flush()
        self.drawn = 0


async def run_sync_command(
    client: Any,
    data_dir: Path | str,
    out: IO[str] = sys.stdout,
    lang: str = "id",
    concurrency: int = 4,
    *,
    accept_shrink: bool = False,
    deadline_s: float | None = DEFAULT_DEADLINE_S,
) -> int:
    """`sspos sync`: run a full sync with a progress bar and a summary; the exit status.

    0 = synced (problems with single products are listed, not fatal); 1 = failed, the
    previous catalog is kept and the reason is printed in `lang`.
    """
    bar = _Bar(out, lang)
    try:
        summary = await full_sync(
            client, data_dir, progress=bar, concurrency=concurrency,
            accept_shrink=accept_shrink, deadline_s=deadline_s,
        )
    except (SyncFailed, ApiError) as error:
        bar.close()
        out.write(t("store.sync.failed", lang, reason=failure_reason(error, lang)) + "\n")
        return 1
    bar.close()
    for line in summary.lines(lang):
        out.write(line + "\n")
    return 0
