"""The sandbox's live state, the part every resource shares: a SQLite database of the demo
shop, one lock around it, and its reference lists.

Every read and write goes through the state under that lock, so the ASGI app can be
served from uvicorn's thread while a test inspects `app.state.sandbox` from its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sspos.locks import FileLock
from sspos.sandbox import bare_shop, demo_data
from sspos.sandbox.config import SandboxConfig
from sspos.sandbox.faults import Faults

FIRST_ORDER_ID = 48200001
FIRST_PO_NUMBER = 12001


class NotFound(Exception):
    """The thing asked for does not exist (HTTP 404)."""


class Invalid(Exception):
    """Field errors in the doc's shape (HTTP 422)."""

    def __init__(self, errors: dict[str, list[Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows plus the total count."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


class StateBase:
    """The demo shop's database, its lock and its reference lists (shop, suppliers,
    warehouses, banks, expeditions…): what every resource of the sandbox reads."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.faults: Faults = config.faults or Faults(
            seed=config.seed, rate_limit=config.rate_limit, rate_window_s=config.rate_window_s
        )
        self.lock = threading.RLock()
        path = str(config.db_path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        # Several demo POS processes (SSH sessions, browser tabs) may open one file at
        # once: the shop is generated once, by one of them, while the others wait.
        with contextlib.nullcontext() if path == ":memory:" else FileLock(f"{path}.lock"):
            self.summary = self._load_or_generate()
        shops = self.ref("shop")
        self.shop_id: int = int(shops[0]["id"]) if shops else demo_data.SHOP_ID
        self._category_cache: dict[str, dict[str, Any]] | None = None
        # Orders the slow-commit fault is still working on (see `commit_later`).
        self.pending_commits: set[asyncio.Future[Any]] = set()

    def _load_or_generate(self) -> demo_data.DemoSummary:
        cfg = self.config
        demo_data.create_schema(self.db)
        meta = {row["key"]: row["value"] for row in self.db.execute("SELECT key, value FROM meta")}
        if cfg.shop == "bare":
            wanted = {"schema": bare_shop.SCHEMA_VERSION, "shop": bare_shop.SHOP_NAME}
        else:
            wanted = {
                "schema": demo_data.SCHEMA_VERSION,
                "seed": str(cfg.seed),
                "products": str(cfg.products),
                "customers": str(cfg.customers),
            }
        if meta and all(meta.get(k) == v for k, v in wanted.items()):

            def count(table: str) -> int:
                return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

            return demo_data.DemoSummary(
                count("products"), count("variants"), count("customers"), count("regions")
            )
        floors: dict[str, str] = {}
        if meta:  # a different shop: start over, but never hand out an order number twice
            last_id, last_po = self._next_ids()
            floors = {"order_id_floor": str(last_id - 1), "po_number_floor": str(last_po - 1)}
            tables = [
                r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            with self.db:
                for table in tables:
                    self.db.execute(f"DROP TABLE {table}")
            demo_data.create_schema(self.db)
        if cfg.shop == "bare":
            summary = bare_shop.generate(self.db)
        else:
            summary = demo_data.generate(
                self.db, seed=cfg.seed, products=cfg.products, customers=cfg.customers
            )
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", floors.items())
        return summary

    def close(self) -> None:
        """Close the database."""
        with self.lock:
            self.db.close()

    def now(self) -> datetime:
        return self.config.clock()

    def _next_ids(self) -> tuple[int, int]:
        """The next order id and PO number: after every order this database has stored,
        also those of a shop it held before (orders printed on paper keep their PO)."""
        row = self.db.execute(
            "SELECT MAX(id), MAX(po_number),"
            " (SELECT value FROM meta WHERE key = 'order_id_floor'),"
            " (SELECT value FROM meta WHERE key = 'po_number_floor') FROM orders"
        ).fetchone()
        last_id = max(row[0] or 0, int(row[2] or 0), FIRST_ORDER_ID - 1)
        last_po = max(row[1] or 0, int(row[3] or 0), FIRST_PO_NUMBER - 1)
        return last_id + 1, last_po + 1

    def ref(self, kind: str) -> list[dict[str, Any]]:
        """All reference rows of a kind (shop, user, supplier, bank…) in their order."""
        with self.lock:
            rows = self.db.execute(
                "SELECT body FROM ref WHERE kind = ? ORDER BY pos", (kind,)
            ).fetchall()
        return [json.loads(r["body"]) for r in rows]

    def ref_one(self, kind: str, key: Any) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute(
                "SELECT body FROM ref WHERE kind = ? AND id = ?", (kind, str(key))
            ).fetchone()
        return json.loads(row["body"]) if row else None

    def shop_supplier(self) -> dict[str, Any]:
        """The shop's own supplier (its `active_supplier`, else the first): the origin."""
        shops = self.ref("shop")
        active = (shops[0].get("active_supplier") or {}) if shops else {}
        found = self.ref_one("supplier", active.get("id")) if active.get("id") else None
        suppliers = self.ref("supplier")
        return found or (suppliers[0] if suppliers else {})

    def categories(self) -> dict[str, dict[str, Any]]:
        if self._category_cache is None:
            self._category_cache = {c["code"]: c for c in self.ref("customer_category")}
        return self._category_cache

    def warehouses(self, with_main: bool = False) -> list[dict[str, Any]]:
        rows = self.ref("warehouse")
        if with_main:
            main = {
                "id": demo_data.MAIN_WAREHOUSE_ID,
                "warehouse": "Gudang Utama",
                "supplier_id": self.shop_supplier().get("id"),
                "address": rows[0]["address"] if rows else "",
            }
            rows = [main, *rows]
        return rows

    def warehouse_ids(self) -> set[int]:
        return {w["id"] for w in self.warehouses(with_main=True)}

    def expedition(self, expedition_id: int) -> dict[str, Any] | None:
        return self.ref_one("expedition", expedition_id)

    @staticmethod
    def public_expedition(body: dict[str, Any]) -> dict[str, Any]:
        return {
            k: body[k]
            for k in (
                "id",
                "rate_name",
                "logistic_name",
                "show_name",
                "logo_url",
                "pickup_available",
            )
        }
