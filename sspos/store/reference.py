"""Reference data the POS needs offline: categories, banks, expeditions, suppliers…

Lists are stored as the API models' JSON (one row each, in server order) and read back
as the same pydantic models (`sspos.api.models`), so the TUI handles online and cached
data alike. Customer categories come back as the domain's `CustomerCategory`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from sspos.api.models import (
    Bank,
    Expedition,
    OrderCostPreset,
    OrderSource,
    Region,
    Shop,
    Supplier,
    Warehouse,
)
from sspos.domain.catalog import WALK_IN_CATEGORY_CODE, CustomerCategory, category_for
from sspos.store.db import Database, as_database, query_text, tokens

M = TypeVar("M", bound=BaseModel)

# kind -> model; the kind is the key in the `reference` table.
KINDS: dict[str, type[BaseModel]] = {
    "bank": Bank,
    "expedition": Expedition,
    "active_expedition": Expedition,
    "order_source": OrderSource,
    "order_cost": OrderCostPreset,
    "supplier": Supplier,
    "warehouse": Warehouse,
    "shop": Shop,
}

# Used when the server never sent categories: the three built-in ones, walk-in first.
BUILT_IN_CATEGORIES = (
    CustomerCategory(WALK_IN_CATEGORY_CODE, "Umum"),
    CustomerCategory("Y", "Reseller"),
    CustomerCategory("D", "Dropshipper"),
)


def write_reference(conn: sqlite3.Connection, kind: str, items: Sequence[BaseModel]) -> None:
    """Replace the stored list of `kind` (in an open transaction)."""
    if kind not in KINDS:
        raise ValueError(f"unknown reference kind {kind!r}")
    conn.execute("DELETE FROM reference WHERE kind = ?", (kind,))
    conn.executemany(
        "INSERT INTO reference(kind, position, data) VALUES (?, ?, ?)",
        ((kind, i, item.model_dump_json(by_alias=True)) for i, item in enumerate(items)),
    )


def write_categories(conn: sqlite3.Connection, categories: Iterable[CustomerCategory]) -> None:
    """Replace the stored customer categories."""
    conn.execute("DELETE FROM customer_categories")
    conn.executemany(
        "INSERT OR REPLACE INTO customer_categories VALUES (?, ?, ?, ?, ?)",
        (
            (c.code, c.name, int(c.wholesale_access), int(c.discount_access), i)
            for i, c in enumerate(categories)
        ),
    )


def write_regions(conn: sqlite3.Connection, regions: Iterable[Region]) -> int:
    """Add regions (sub-districts) to the stored list; returns how many."""
    rows = [
        (
            r.id,
            r.model_dump_json(by_alias=True),
            " ".join(
                tokens(
                    f"{r.subdistrict} {r.fullname} {r.district.name if r.district else ''} "
                    f"{' '.join(r.postal_code)}"
                )
            ),
        )
        for r in regions
    ]
    conn.executemany("INSERT OR REPLACE INTO regions VALUES (?, ?, ?)", rows)
    return len(rows)


def copy_reference(source: sqlite3.Connection, target: sqlite3.Connection, kind: str) -> None:
    """Copy one stored list from an older file (when the server could not send it now)."""
    if kind == "category":
        rows = source.execute("SELECT * FROM customer_categories").fetchall()
        target.executemany(
            "INSERT OR REPLACE INTO customer_categories VALUES (?, ?, ?, ?, ?)", rows
        )
    elif kind == "region":
        rows = source.execute("SELECT * FROM regions").fetchall()
        target.executemany("INSERT OR REPLACE INTO regions VALUES (?, ?, ?)", rows)
    else:
        rows = source.execute(
            "SELECT kind, position, data FROM reference WHERE kind = ?", (kind,)
        ).fetchall()
        target.executemany("INSERT OR REPLACE INTO reference VALUES (?, ?, ?)", rows)


class ReferenceData:
    """Cached reference lists, readable from any thread. `path`: data dir or `.sqlite` file."""

    def __init__(self, path: Path | str | Database) -> None:
        self._db = as_database(path)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _list(self, kind: str, model: type[M]) -> list[M]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT data FROM reference WHERE kind = ? ORDER BY position", (kind,)
            ).fetchall()
        return [model.model_validate_json(r[0]) for r in rows]

    def categories(self) -> list[CustomerCategory]:
        """Customer categories with their access flags (built-ins if never synced)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT code, name, wholesale_access, discount_access FROM customer_categories "
                "ORDER BY position"
            ).fetchall()
        if not rows:
            return list(BUILT_IN_CATEGORIES)
        return [CustomerCategory(code, name, bool(w), bool(d)) for code, name, w, d in rows]

    def category(self, code: str) -> CustomerCategory:
        """The category with this code (see `sspos.domain.catalog.category_for`)."""
        return category_for({c.code: c for c in self.categories()}, code)

    def banks(self) -> list[Bank]:
        """The shop's bank accounts and payment gateways."""
        return self._list("bank", Bank)

    def expeditions(self) -> list[Expedition]:
        """All expeditions (the active ones first when the server said which)."""
        active = self._list("active_expedition", Expedition)
        return active or self._list("expedition", Expedition)

    def order_sources(self) -> list[OrderSource]:
        """Order sources (WhatsApp, Instagram, walk-in…)."""
        return self._list("order_source", OrderSource)

    def order_cost_presets(self) -> list[OrderCostPreset]:
        """DISCOUNT / OTHER COST presets."""
        return self._list("order_cost", OrderCostPreset)

    def suppliers(self) -> list[Supplier]:
        """Suppliers (shipping origins)."""
        return self._list("supplier", Supplier)

    def warehouses(self) -> list[Warehouse]:
        """Warehouses (id 0 is the main one)."""
        return self._list("warehouse", Warehouse)

    def shop(self) -> Shop | None:
        """The shop header for receipts, or None if never synced."""
        shops = self._list("shop", Shop)
        return shops[0] if shops else None

    def regions(self, keyword: str = "", limit: int = 50) -> list[Region]:
        """Sub-districts whose names contain words starting with each word of `keyword`."""
        words = tokens(query_text(keyword))
        sql = "SELECT data FROM regions"
        params: list[object] = []
        if words:
            # Word-prefix match: the word at the start or after a space.
            sql += " WHERE " + " AND ".join("(' ' || search_text) LIKE ?" for _ in words)
            params = [f"% {w}%" for w in words]
        sql += " ORDER BY region_id LIMIT ?"
        params.append(max(0, limit))
        with self._db.read() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [Region.model_validate_json(r[0]) for r in rows]

    def kinds_present(self) -> dict[str, int]:
        """How many rows each reference list holds (for the sync summary and doctor)."""
        with self._db.read() as conn:
            counts = dict(
                conn.execute("SELECT kind, count(*) FROM reference GROUP BY kind").fetchall()
            )
            counts["category"] = conn.execute(
                "SELECT count(*) FROM customer_categories"
            ).fetchone()[0]
            counts["region"] = conn.execute("SELECT count(*) FROM regions").fetchone()[0]
        return counts
