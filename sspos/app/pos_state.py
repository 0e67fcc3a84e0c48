"""What the POS remembers about its shop between runs (not settings a person edits).

The walk-in customer's id and the account the cash drawer is booked to are learnt at the
counter (or by `sspos setup`) and kept in `<data_dir>/pos_state.json`: one small JSON
object, written atomically (a temporary file, fsync, rename) with owner-only permissions.
Each mode keeps its own (demo mode's data folder is `<data_dir>/demo`). The settings
`walk_in_customer_id` / `cash_bank_id` win over what is remembered here.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

STATE_FILE = "pos_state.json"


@dataclass(frozen=True, slots=True)
class Remembered:
    """The remembered values; None = not known yet.

    A negative `walk_in_customer_id` is a customer created offline and still waiting in
    the outbox (see `sspos.app.customers`).
    """

    walk_in_customer_id: int | None = None
    cash_bank_id: int | None = None


def _valid_id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class PosState:
    """The remembered state in one data folder; safe to use from several threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> PosState:
        """The state file of a data folder (`<data_dir>/pos_state.json`)."""
        return cls(Path(data_dir) / STATE_FILE)

    def load(self) -> Remembered:
        """What is remembered; an unreadable file counts as empty (and is logged)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Remembered()
        except (OSError, ValueError) as exc:
            log.warning("%s is unreadable, starting afresh: %s", self.path, exc)
            return Remembered()
        if not isinstance(raw, dict):
            log.warning("%s does not hold an object, starting afresh", self.path)
            return Remembered()
        return Remembered(**{f.name: _valid_id(raw.get(f.name)) for f in fields(Remembered)})

    def remember(self, **values: int | None) -> Remembered:
        """Change some values (None forgets one) and write the file; returns the new state."""
        with self._lock:
            state = replace(self.load(), **values)
            self._write(asdict(state))
            return state

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(
            f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        )
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                if hasattr(os, "fchmod"):  # a leftover temporary file may have other bits
                    os.fchmod(out.fileno(), 0o600)
                json.dump(data, out, indent=2, sort_keys=True)
                out.write("\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
