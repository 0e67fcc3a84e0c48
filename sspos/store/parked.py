"""Parked sales: carts put aside at the counter to serve the next customer, kept on disk.

One JSON file per parked sale under `<data_dir>/parked/<terminal_id>/`, written whole or
not at all (`write_json_atomic`), so parked carts survive a restart or a crash. Each holds
the cart as `sspos.store.saved_cart` keeps it, with when it was parked, its total then,
its item count and the customer's name, for the list the cashier chooses from. The files
of a terminal are its own (one session per terminal): no two sessions recall one cart.
A damaged file is set aside (`.bad`) and left out of the list.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sspos.domain.cart import Cart
from sspos.store.saved_cart import cart_from_dict, cart_to_dict, write_json_atomic

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ParkedSale:
    """One parked sale as listed: `parked_id` recalls it."""

    parked_id: str
    parked_at: datetime  # aware
    total: int  # as priced when it was parked
    items: int  # total quantity
    customer: str  # the buyer's name; "" for a walk-in sale


def parked_terminals(data_dir: Path) -> list[str]:
    """The terminals that have a parked-sales folder under `data_dir`, by id."""
    root = Path(data_dir) / "parked"
    return sorted(path.name for path in root.iterdir() if path.is_dir()) if root.is_dir() else []


class ParkedSales:
    """The parked sales of one terminal (every method blocks: call from a thread)."""

    def __init__(self, data_dir: Path, terminal_id: str) -> None:
        self.folder = Path(data_dir) / "parked" / terminal_id

    def park(self, cart: Cart, client_ref: str | None, total: int, parked_at: datetime) -> str:
        """Keep `cart` (and its sale reference) on disk; return its id."""
        if parked_at.tzinfo is None:
            raise ValueError("parked_at must be timezone-aware")
        self.folder.mkdir(parents=True, exist_ok=True)
        # The machine's time in ns first (not `parked_at`, which may stand still in a
        # test or go back with the clock), so the files sort in the order they were parked.
        parked_id = f"{time.time_ns():020d}-{secrets.token_hex(4)}"
        write_json_atomic(self.folder / f"{parked_id}.json", {
            "version": FORMAT_VERSION,
            "parked_at": parked_at.isoformat(),
            "total": total,
            "items": cart.total_qty,
            "customer": cart.sender.name if cart.sender is not None else "",
            "cart": cart_to_dict(cart, client_ref),
        })
        return parked_id

    def list(self) -> list[ParkedSale]:
        """Every readable parked sale, oldest first."""
        found = []
        for path in sorted(self.folder.glob("*.json")):
            data = self._read(path)
            if data is not None:
                found.append(ParkedSale(path.stem, datetime.fromisoformat(data["parked_at"]),
                                        int(data["total"]), int(data["items"]),
                                        str(data["customer"])))
        return found

    def take(self, parked_id: str) -> tuple[Cart, str | None] | None:
        """The parked cart and its reference, removed from the parked ones (None: gone,
        recalled elsewhere or damaged)."""
        path = self._path(parked_id)
        data = self._read(path)
        if data is None:
            return None
        cart = cart_from_dict(data["cart"])
        path.unlink(missing_ok=True)
        return cart

    def _path(self, parked_id: str) -> Path:
        if not parked_id or "/" in parked_id or "\\" in parked_id or parked_id.startswith("."):
            raise ValueError(f"not a parked sale id: {parked_id!r}")
        return self.folder / f"{parked_id}.json"

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        """The checked contents of one file; None when missing, or damaged (set aside)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError("not a parked sale of this version")
            datetime.fromisoformat(data["parked_at"])
            int(data["total"]), int(data["items"]), str(data["customer"])
            cart_from_dict(data["cart"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("parked sale %s unreadable (%s): set aside", path, exc)
            with suppress(OSError):
                path.replace(path.with_suffix(".bad"))
            return None
        return data
