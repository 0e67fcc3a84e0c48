"""The unfinished sale of a terminal, kept on disk so a restart or a dropped SSH session
does not cost the cashier the cart.

One small JSON file per terminal in the data folder (`cart-<terminal_id>.json`), replaced
atomically on every change of the cart and removed when the sale is finished or
abandoned. It is a convenience, not a record: a confirmed sale lives in the outbox. A
damaged file is set aside (`.bad`) and the POS starts with an empty cart.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sspos.domain.cart import Cart, CartLine, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, VariantInfo, WholesaleBand

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


def cart_to_dict(cart: Cart, client_ref: str | None) -> dict[str, Any]:
    """The cart (and the sale's reference, fixed after a rejection) as JSON-ready data."""
    return {
        "version": FORMAT_VERSION,
        "client_ref": client_ref,
        "lines": [asdict(line) for line in cart.lines],
        "sender": None if cart.sender is None else asdict(cart.sender),
        "receiver": None if cart.receiver is None else asdict(cart.receiver),
        "costs": [asdict(cost) for cost in cart.costs],
        "shipping": None if cart.shipping is None else asdict(cart.shipping),
        "note": cart.note,
        "order_source_id": cart.order_source_id,
    }


def _variant(data: dict[str, Any]) -> VariantInfo:
    bands = tuple(WholesaleBand(**band) for band in data.get("wholesale", ()))
    return VariantInfo(**{**data, "wholesale": bands})


def cart_from_dict(data: dict[str, Any]) -> tuple[Cart, str | None]:
    """Rebuild `cart_to_dict` output; ValueError when it is not a saved cart."""
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise ValueError("not a saved cart of this version")
    try:
        lines = [
            CartLine(
                variant=_variant(line["variant"]),
                qty=int(line["qty"]),
                warehouse_id=line.get("warehouse_id"),
                discount=None if line.get("discount") is None else LineDiscount(**line["discount"]),
            )
            for line in data["lines"]
        ]
        cart = Cart(
            lines=lines,
            sender=None if data.get("sender") is None else Customer(**data["sender"]),
            receiver=None if data.get("receiver") is None else Customer(**data["receiver"]),
            costs=[OrderCost(**cost) for cost in data.get("costs", ())],
            shipping=None if data.get("shipping") is None else Shipping(**data["shipping"]),
            note=str(data.get("note") or ""),
            order_source_id=data.get("order_source_id"),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"saved cart: {exc}") from None
    ref = data.get("client_ref")
    return cart, ref if isinstance(ref, str) else None


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write `data` to `path` whole or not at all: a crash leaves the old file or the new
    one, never half of either (blocking)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SavedCart:
    """The cart file of one terminal. Safe to call from several threads: writes are
    serialised and a snapshot older than the last one written is dropped."""

    def __init__(self, data_dir: Path, terminal_id: str) -> None:
        self.path = Path(data_dir) / f"cart-{terminal_id}.json"
        self._lock = threading.Lock()
        self._written = 0

    def save(self, snapshot: dict[str, Any] | None, sequence: int) -> None:
        """Write `snapshot` (None or an empty cart: remove the file), unless a newer
        `sequence` was already written (blocking: call from a thread)."""
        with self._lock:
            if sequence <= self._written:
                return
            self._written = sequence
            if snapshot is None or not snapshot.get("lines"):
                self.path.unlink(missing_ok=True)
                return
            write_json_atomic(self.path, snapshot)

    def load(self) -> tuple[Cart, str | None] | None:
        """The saved cart and reference, or None (blocking: call from a thread)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return cart_from_dict(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("saved cart %s unreadable (%s): set aside", self.path, exc)
            with suppress(OSError):
                self.path.replace(self.path.with_suffix(".bad"))
            return None
