"""The product catalog: search as the cashier types, scanner lookups, and how it is written.

Search ranks in three tiers, each a LIMITed indexed query, so the answer never needs
to sort every match:

1. the text is exactly a SKU or barcode (one probe of the `codes` table);
2. the product name starts with the text (a range scan of the `sort_key` index);
3. every word of the text is the start of some word of the name, variant or SKU
   (SQLite FTS5 with prefix indexes), in alphabetical order: rowids follow the
   alphabet (`order_seq`), so FTS5 yields matches in that order and stops at the LIMIT.

Matching ignores case and accents ("kopi" finds "Kopí", "CAFÉ" finds "cafe").
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sspos.domain.catalog import VariantInfo, WholesaleBand
from sspos.store.catalog_rows import (
    INSERT_PRODUCT,
    INSERT_VARIANT,
    ROW_BARCODE_KEY,
    ROW_SEARCH_TEXT,
    ROW_SEQ,
    ROW_SKU_KEY,
    SERIAL_BITS,
    Problem,
    ProductRecord,
    clean_product,
    product_row,
    record_rows,
)
from sspos.store.db import (
    TOP,
    Database,
    as_database,
    dumps,
    fold,
    fts_prefix_query,
    get_meta,
    query_text,
    rows_by_key,
    set_meta,
    tokens,
    utc_now,
)

log = logging.getLogger(__name__)

SEARCH_LIMIT_MAX = 500
_FTS_DELETE = (
    "INSERT INTO variants_fts(variants_fts, rowid, search_text) VALUES ('delete', ?, ?)"
)

_VARIANT_COLUMNS = (
    "seq, variant_id, product_id, product_name, variant_name, sku, barcode, price, "
    "price_reseller, tier_prices, discount, weight, product_status, stock, cost_price, wholesale"
)


def _band(raw: list[int | None]) -> WholesaleBand:
    return WholesaleBand(from_qty=int(raw[0] or 0), to_qty=raw[1], price=int(raw[2] or 0))


class Catalog:
    """Read access to the local catalog (and single-product refreshes), from any thread.

    `path` is the data dir (follows sync swaps) or a `.sqlite` file.
    """

    def __init__(self, path: Path | str | Database) -> None:
        self._db = as_database(path)
        self._bands: dict[str, tuple[WholesaleBand, ...]] = {}

    @property
    def database(self) -> Database:
        """The underlying connection holder."""
        return self._db

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _info(self, row: tuple[Any, ...]) -> VariantInfo:
        (
            _seq,
            variant_id,
            product_id,
            product_name,
            variant_name,
            sku,
            barcode,
            price,
            price_reseller,
            tier_prices,
            discount,
            weight,
            status,
            stock,
            cost_price,
            wholesale,
        ) = row
        bands = self._bands.get(wholesale)
        if bands is None:
            bands = tuple(_band(raw) for raw in json.loads(wholesale))
            if len(self._bands) > 4096:
                self._bands.clear()
            self._bands[wholesale] = bands
        return VariantInfo(
            variant_id=variant_id,
            product_id=product_id,
            product_name=product_name,
            variant_name=variant_name,
            sku=sku,
            price=price,
            price_reseller=price_reseller,
            tier_prices=json.loads(tier_prices) if tier_prices != "{}" else {},
            discount=discount,
            weight=weight,
            product_status=status,
            stock=stock,
            cost_price=cost_price,
            wholesale=bands,
            barcode=barcode,
        )

    def search(self, text: str, limit: int = 50) -> list[VariantInfo]:
        """Variants matching what the cashier typed, best first, at most `limit`."""
        limit = max(0, min(limit, SEARCH_LIMIT_MAX))
        text = query_text(text)
        query = fold(text)
        words = tokens(text)
        if limit == 0 or not query:
            return []
        order: list[int] = []
        seen: set[int] = set()

        def take(seqs: Iterable[int]) -> None:
            for seq in seqs:
                if seq not in seen and len(order) < limit:
                    seen.add(seq)
                    order.append(seq)

        with self._db.read() as conn:
            row = conn.execute("SELECT seq FROM codes WHERE code = ?", (query,)).fetchone()
            if row:
                take([row[0]])
            take(
                r[0]
                for r in conn.execute(
                    "SELECT seq FROM variants WHERE sort_key >= ? AND sort_key < ?"
                    " ORDER BY sort_key LIMIT ?",
                    (query, query + TOP, limit),
                )
            )
            if words and len(order) < limit:
                take(
                    self._word_matches(
                        conn, fts_prefix_query(words), limit - len(order) + len(seen)
                    )
                )
            if not order:
                return []
            rows = rows_by_key(conn, f"SELECT {_VARIANT_COLUMNS} FROM variants WHERE seq", order)
        return [self._info(rows[seq]) for seq in order if seq in rows]

    @staticmethod
    def _word_matches(conn: sqlite3.Connection, match: str, want: int) -> list[int]:
        """The first `want` full-text matches in sort-key order (seqs)."""
        seqs = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM variants_fts WHERE variants_fts MATCH ? ORDER BY rowid LIMIT ?",
                (match, want),
            )
        ]
        if len(seqs) == want:
            # Rowids order whole buckets only: the last bucket may hold more matches, some
            # sorting before the ones we have. Take that bucket's first ones by sort key.
            low = seqs[-1] >> SERIAL_BITS << SERIAL_BITS
            seqs = [seq for seq in seqs if seq < low]
            seqs += [
                r[0]
                for r in conn.execute(
                    "SELECT v.seq FROM variants_fts f JOIN variants v ON v.seq = f.rowid "
                    "WHERE f.variants_fts MATCH ? AND f.rowid >= ? AND f.rowid < ? "
                    "ORDER BY v.sort_key LIMIT ?",
                    (match, low, low + (1 << SERIAL_BITS), want - len(seqs)),
                )
            ]
        if len(seqs) < 2:
            return seqs
        keys = rows_by_key(conn, "SELECT seq, sort_key FROM variants WHERE seq", seqs)
        return sorted(seqs, key=lambda seq: keys[seq][1])

    def by_sku(self, code: str) -> VariantInfo | None:
        """The variant whose SKU or barcode is exactly `code` (case-insensitive), or None."""
        key = fold(query_text(code))
        if not key:
            return None
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_VARIANT_COLUMNS} FROM codes JOIN variants USING (seq) WHERE code = ?",
                (key,),
            ).fetchone()
        return self._info(row) if row else None

    def get(self, variant_id: int) -> VariantInfo | None:
        """The variant with this id, or None."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_VARIANT_COLUMNS} FROM variants WHERE variant_id = ?", (variant_id,)
            ).fetchone()
        return self._info(row) if row else None

    def product_variants(self, product_id: int) -> list[VariantInfo]:
        """Every stored variant of one product, in display order."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_VARIANT_COLUMNS} FROM variants WHERE product_id = ? ORDER BY sort_key",
                (product_id,),
            ).fetchall()
        return [self._info(r) for r in rows]

    def last_synced(self) -> datetime | None:
        """When the live catalog's full sync finished (UTC), or None if never synced."""
        with self._db.read() as conn:
            value = get_meta(conn, "synced_at")
        return datetime.fromisoformat(value) if value else None

    def variant_count(self) -> int:
        """How many variants the catalog holds."""
        with self._db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM variants").fetchone()[0])

    def replace_product(self, record: ProductRecord) -> list[Problem]:
        """Store a freshly fetched product in the live catalog (replacing its old rows).

        Returns the data problems found; a product that must be skipped is removed.
        """
        problems: list[Problem] = []
        product = clean_product(record, problems)
        now = utc_now().isoformat()
        with self._db.write() as conn:
            self._delete_product(conn, record.product_id)
            if product is not None:
                conn.execute(INSERT_PRODUCT, product_row(product, now))
                serials = self._reserve_serials(conn, len(product.variants))
                for row in record_rows(product, serials):
                    self._insert_variant(conn, row, problems)
        return problems

    @staticmethod
    def _reserve_serials(conn: sqlite3.Connection, count: int) -> Iterator[int]:
        """`count` serial numbers for new rows (see `order_seq`), reserved in `meta`."""
        stored = get_meta(conn, "next_serial")
        if stored is None:  # a catalog built before serials were recorded
            highest = conn.execute("SELECT coalesce(max(seq), 0) FROM variants").fetchone()[0]
            stored = str((highest & ((1 << SERIAL_BITS) - 1)) + 1)
        start = int(stored)
        set_meta(conn, "next_serial", str(start + count))
        return iter(range(start, start + count))

    def remove_product(self, product_id: int) -> None:
        """Drop a product (and its variants) the server no longer has."""
        with self._db.write() as conn:
            self._delete_product(conn, product_id)

    @staticmethod
    def _delete_product(conn: sqlite3.Connection, product_id: int) -> None:
        old = conn.execute(
            "SELECT seq, search_text FROM variants WHERE product_id = ?", (product_id,)
        ).fetchall()
        for seq, search_text in old:
            conn.execute(
                _FTS_DELETE,
                (seq, search_text),
            )
            conn.execute("DELETE FROM codes WHERE seq = ?", (seq,))
        conn.execute("DELETE FROM variants WHERE product_id = ?", (product_id,))
        conn.execute("DELETE FROM products WHERE product_id = ?", (product_id,))

    @staticmethod
    def _insert_variant(
        conn: sqlite3.Connection, row: tuple[object, ...], problems: list[Problem]
    ) -> None:
        seq, variant_id = row[ROW_SEQ], int(row[1])  # type: ignore[call-overload]
        # The same variation id under another product: the newest data wins.
        stale = conn.execute(
            "SELECT seq, search_text FROM variants WHERE variant_id = ?", (variant_id,)
        ).fetchone()
        if stale:
            conn.execute(
                _FTS_DELETE,
                stale,
            )
            conn.execute("DELETE FROM codes WHERE seq = ?", (stale[0],))
            conn.execute("DELETE FROM variants WHERE seq = ?", (stale[0],))
        conn.execute(INSERT_VARIANT, row)
        conn.execute(
            "INSERT INTO variants_fts(rowid, search_text) VALUES (?, ?)",
            (seq, row[ROW_SEARCH_TEXT]),
        )
        for code in {str(row[ROW_SKU_KEY]), str(row[ROW_BARCODE_KEY])}:
            if not code:
                continue
            owner = conn.execute("SELECT seq FROM codes WHERE code = ?", (code,)).fetchone()
            if owner is None:
                conn.execute("INSERT INTO codes VALUES (?, ?)", (code, seq))
            else:
                problem = Problem(
                    "duplicate_sku",
                    int(row[2]),  # type: ignore[call-overload]
                    variant_id,
                    f"code {code!r} already belongs to another variant; a scan resolves to that"
                    " one",
                )
                problems.append(problem)
                log.warning("catalog data: %s", problem)

    def update_stock(
        self, variant_id: int, stock: int | None, prices: dict[str, int] | None = None
    ) -> None:
        """Record a stock figure (and, if given, fresh prices) seen from check-stock."""
        now = utc_now().isoformat()
        with self._db.write() as conn:
            conn.execute(
                "UPDATE variants SET stock = ?, stock_checked_at = ? WHERE variant_id = ?",
                (stock, now, variant_id),
            )
            if prices:
                if "price" in prices and prices["price"] >= 0:
                    conn.execute(
                        "UPDATE variants SET price = ? WHERE variant_id = ?",
                        (prices["price"], variant_id),
                    )
                tiers = {k: v for k, v in prices.items() if k != "price" and v >= 0}
                if tiers:
                    row = conn.execute(
                        "SELECT tier_prices FROM variants WHERE variant_id = ?", (variant_id,)
                    ).fetchone()
                    if row:
                        merged = {**json.loads(row[0]), **tiers}
                        conn.execute(
                            "UPDATE variants SET tier_prices = ? WHERE variant_id = ?",
                            (dumps(merged), variant_id),
                        )
