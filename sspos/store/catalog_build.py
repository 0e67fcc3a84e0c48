"""Writing a whole new catalog file, as a sync reads the server's product pages.

`CatalogBuilder` screens each product (`catalog_rows.screen`), builds its rows and writes
them in large transactions, so a 100,000-variant catalog is built as fast as the pages
arrive; `finish` settles scanner codes that several variants share.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

import msgspec
from pydantic import ValidationError

from sspos.api.models import Product
from sspos.api.models.product_list import ListedProduct, listed_product
from sspos.domain.text import clean_text
from sspos.locks import write_transaction
from sspos.store.catalog_rows import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    ROW_BARCODE_KEY,
    ROW_SEARCH_TEXT,
    ROW_SEQ,
    ROW_SKU_KEY,
    SERIAL_BITS,
    VARIANT_FIELDS,
    Problem,
    ProductRecord,
    bands_json,
    clean_product,
    insert_rows,
    product_head,
    product_row,
    record_rows,
    screen,
    tier_prices_json,
    variant_row,
)
from sspos.store.db import set_meta

log = logging.getLogger(__name__)


_PRODUCT_TYPE_READINGS = {"S": "S", "R": "R", "PO": "PO", "P0": "PO"}

# Every (code, variant id, product id, code as sent) of codes held by two or more
# variants, by code then variant id.
_SHARED_CODES = """
WITH held(code, variant_id, product_id, raw) AS (
    SELECT sku_key, variant_id, product_id, sku FROM variants WHERE sku_key != ''
    UNION ALL
    SELECT barcode_key, variant_id, product_id, barcode FROM variants WHERE barcode_key != ''
)
SELECT code, variant_id, product_id, raw FROM held
WHERE code IN (SELECT code FROM held GROUP BY code HAVING count(DISTINCT variant_id) > 1)
ORDER BY code, variant_id
"""


def _product_type(value: str) -> str | None:
    """The stored type of a wire product type (the product endpoints' "P0" is PO)."""
    known = _PRODUCT_TYPE_READINGS.get(value)
    if known is None:
        known = _PRODUCT_TYPE_READINGS.get(value.strip().upper())
    return known


def _surrogate_free(item: Any) -> Any:
    """`item` with text that cannot be UTF-8 (lone surrogates) marked '?', or None if clean."""
    text = json.dumps(item, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.loads(text.encode("utf-8", "replace"))
    return None


@dataclass(slots=True)
class RowBatch:
    """Rows ready for `CatalogBuilder.write` (built on one thread, written on another)."""

    products: list[tuple[object, ...]] = field(default_factory=list)
    variants: list[tuple[object, ...]] = field(default_factory=list)


class CatalogBuilder:
    """Writes products into a database being built by a sync (not yet live).

    Reading and writing are split so a sync can do them on two threads: `read` (or
    `read_records`) screens products and builds their rows, `take` hands over what has
    accumulated, `write` inserts it (SQL only), and `finish` settles shared codes. `add`
    does all of it at once. The rows, the full-text index and the scanner codes are all
    written as pages arrive: nothing is sorted or rebuilt at the end (see `order_seq`).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.problems: list[Problem] = []
        self.products = 0
        self.skipped_products = 0
        self._seen_products: set[int] = set()
        self._seen_variants: set[int] = set()
        self._serials = itertools.count()
        self._pending = RowBatch()
        # Set when a scanner code was already taken: `finish` then settles who owns it.
        self._codes_collided = False

    def _note(self, kind: str, product_id: int | None, detail: str) -> None:
        problem = Problem(kind, product_id, None, detail)
        self.problems.append(problem)
        log.warning("catalog data: %s", problem)

    # -- reading (any one thread) --

    def note_unreadable(self, detail: str) -> None:
        """A product the server sent but nobody can read: skipped, with a Problem."""
        self._note("invalid_product", None, f"{detail}; skipped")
        self.skipped_products += 1

    def read_records(self, records: Iterable[ProductRecord]) -> None:
        """Screen and turn into rows products already in hand (demo data, tests)."""
        pending = self._pending
        for record in records:
            if record.product_id in self._seen_products:
                continue  # paging over a changing catalog can repeat a product: first wins
            self._seen_products.add(record.product_id)
            product = clean_product(record, self.problems)
            if product is None:
                self.skipped_products += 1
                continue
            fresh = [v for v in product.variants if v.variant_id not in self._seen_variants]
            self._seen_variants.update(v.variant_id for v in fresh)
            rows = record_rows(replace(product, variants=tuple(fresh)), self._serials)
            pending.products.append(product_row(product, None))
            pending.variants.extend(rows)
            self.products += 1

    def read(self, items: Sequence[Any], where: str = "product page") -> None:
        """Screen and turn into rows a page of `products_page_raw` items.

        `ListedProduct`s are read directly. Anything else is the server's own JSON:
        read strictly if it has the plain shapes, else through the lenient `Product`
        model (exactly as the typed client reads it); what even that cannot read is
        skipped with a Problem.
        """
        for position, item in enumerate(items, start=1):
            product = item if type(item) is ListedProduct else self._listed(item, where, position)
            if product is not None:
                self._read_listed(product)

    def _listed(self, item: Any, where: str, position: int) -> ListedProduct | None:
        if isinstance(item, dict):
            marked = _surrogate_free(item)
            if marked is not None:
                product_id = item.get("id")
                self._note(
                    "bad_text",
                    product_id if type(product_id) is int else None,
                    "text with invalid characters (lone surrogates) stored with '?'",
                )
                item = marked
            try:
                return listed_product(item)
            except msgspec.ValidationError:
                pass  # not in plain shapes: the lenient model below
        try:
            model = Product.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            name = ".".join(str(part) for part in first["loc"]) or "product"
            product_id = item.get("id") if isinstance(item, dict) else None
            self._note(
                "invalid_product",
                product_id if type(product_id) is int else None,
                f"{where}, product #{position}: {name}: {first['msg']}; skipped",
            )
            self.skipped_products += 1
            return None
        return listed_from_model(model)

    def _read_listed(self, p: ListedProduct) -> None:
        product_id = p.id
        if product_id in self._seen_products:
            return  # paging over a changing catalog can repeat a product: first wins
        self._seen_products.add(product_id)
        # Server text, cleaned where it is written (variant texts: `_variant_row`).
        p.name = clean_text(p.name)
        p.category_name = clean_text(p.category_name or "")
        p.description = clean_text(p.description or "")
        variations = p.variations
        bands = p.wholesale_bands
        skipped: set[int] = set()
        if not _plainly_fine(p):
            screened = screen(
                product_id,
                p.name,
                p.description or "",
                (
                    (v.id, (v.price, v.price_reseller, v.price1, v.price2, v.price3))
                    for v in variations
                ),
                ((b.from_qty, b.price) for b in bands),
                self.problems,
            )
            if screened is None:
                self.skipped_products += 1
                return
            skipped = screened
        product_type = _product_type(p.product_type)
        if product_type is None:
            self._note("unknown_type", product_id, f"product type {p.product_type!r} stored as 'S'")
            product_type = "S"
        name = p.name.strip()[:MAX_NAME_CHARS] or f"#{product_id}"
        discount = max(p.discount, 0)
        weight = max(int(p.weight), 0)
        wholesale = bands_json((b.from_qty, b.to_qty, b.price) for b in bands) if bands else "[]"
        head = product_head(product_id, name, product_type, discount, weight, wholesale)
        seen = self._seen_variants
        serials = self._serials
        rows = []
        for v in variations:
            variant_id = v.id
            if variant_id in seen or variant_id in skipped:
                continue  # a variation id seen twice (paging overlap) keeps its first row
            seen.add(variant_id)
            rows.append(
                variant_row(
                    head,
                    next(serials),
                    variant_id,
                    v.sku,
                    v.barcode,
                    v.color,
                    v.size,
                    v.price,
                    v.price_reseller,
                    tier_prices_json(v.price1, v.price2, v.price3),
                    v.price_buy,
                    v.stock_quantity,
                    int(v.weight),
                )
            )
        self._pending.products.append(
            (
                product_id,
                name,
                product_type,
                p.category_id,
                p.category_name or "",
                (p.description or "")[:MAX_DESCRIPTION_CHARS],
                discount,
                weight,
                wholesale,
                None,
            )
        )
        self._pending.variants.extend(rows)
        self.products += 1

    def take(self, at_least: int = 0) -> RowBatch | None:
        """The rows read so far, once there are `at_least` variant rows (else None)."""
        if len(self._seen_variants) >= 1 << SERIAL_BITS:
            # Serial numbers would spill into the order bucket: refuse, never misorder.
            raise ValueError(f"catalog larger than {1 << SERIAL_BITS} variants")
        pending = self._pending
        if not pending.products or len(pending.variants) < at_least:
            return None
        self._pending = RowBatch()
        return pending

    # -- writing (the database's thread) --

    def write(self, batch: RowBatch | None) -> None:
        """Insert a batch: products, variants, their full-text entries and codes."""
        if batch is None:
            return
        conn = self._conn
        # In seq order: FTS5 flushes its pending index whenever a rowid goes backwards
        # (3x slower), and the B-trees fill more densely.
        variants = sorted(batch.variants, key=itemgetter(ROW_SEQ))
        # A code already taken is settled by `finish` (the lowest variant id owns it).
        codes = [
            (code, row[ROW_SEQ])
            for row in variants
            for code in (row[ROW_SKU_KEY], row[ROW_BARCODE_KEY])
            if code
        ]
        with write_transaction(conn):
            insert_rows(conn, "INSERT OR REPLACE INTO products", batch.products)
            insert_rows(conn, f"INSERT INTO variants ({VARIANT_FIELDS})", variants)
            insert_rows(
                conn,
                "INSERT INTO variants_fts(rowid, search_text)",
                [(row[ROW_SEQ], row[ROW_SEARCH_TEXT]) for row in variants],
            )
            before = conn.total_changes
            insert_rows(conn, "INSERT OR IGNORE INTO codes", codes)
            if conn.total_changes - before < len(codes):
                self._codes_collided = True

    def _settle_shared_codes(self, conn: sqlite3.Connection) -> None:
        """Give each code held by several variants to the lowest variant id; report the
        others. Only runs when a write saw a code already taken (rare: bad data)."""
        holders = conn.execute(_SHARED_CODES).fetchall()
        for code, group in itertools.groupby(holders, key=itemgetter(0)):
            sharers = [(variant_id, product_id, raw) for _, variant_id, product_id, raw in group]
            owner_id = sharers[0][0]
            conn.execute(
                "UPDATE codes SET seq = (SELECT seq FROM variants WHERE variant_id = ?) "
                "WHERE code = ?",
                (owner_id, code),
            )
            reported = {owner_id}  # a variant whose SKU and barcode match is told once
            for variant_id, product_id, raw_code in sharers[1:]:
                if variant_id in reported:
                    continue
                reported.add(variant_id)
                problem = Problem(
                    "duplicate_sku",
                    product_id,
                    variant_id,
                    f"code {raw_code!r} already belongs to variant {owner_id}; both are stored "
                    f"and searchable, a scan resolves to variant {owner_id}",
                )
                self.problems.append(problem)
                log.warning("catalog data: %s", problem)

    def add(self, records: Iterable[ProductRecord]) -> None:
        """Screen, build and write products in hand (bad ones skipped or altered)."""
        self.read_records(records)
        self.write(self.take())

    def finish(self) -> int:
        """Give each shared code to its lowest variant id, report the sharers, merge the
        full-text index; return how many variants were stored. Call after the last write."""
        conn = self._conn
        with write_transaction(conn):
            if self._codes_collided:
                self._settle_shared_codes(conn)
            set_meta(conn, "next_serial", str(next(self._serials)))
        conn.execute("INSERT INTO variants_fts(variants_fts) VALUES ('optimize')")
        return int(conn.execute("SELECT count(*) FROM variants").fetchone()[0])


def _plainly_fine(p: ListedProduct) -> bool:
    """True when `_screen` would find nothing to say (most products: skip calling it)."""
    name_length = len(p.name.strip())
    return (
        0 < name_length <= MAX_NAME_CHARS
        and len(p.description or "") <= MAX_DESCRIPTION_CHARS
        and bool(p.variations)
        and all(
            v.price >= 0
            and (v.price_reseller or 0) >= 0
            and (v.price1 or 0) >= 0
            and (v.price2 or 0) >= 0
            and (v.price3 or 0) >= 0
            for v in p.variations
        )
        and all(b.price >= 0 and b.from_qty >= 0 for b in p.wholesale_bands)
    )


def listed_from_model(model: Product) -> ListedProduct:
    """A product read by the lenient model, as a `ListedProduct` (same fields, plain)."""
    data = model.model_dump(by_alias=True)
    # NaN/inf weights (which JSON should not carry, but Python's writes) read as missing.
    for holder in (data, *data["variations"]):
        if not math.isfinite(holder["weight"]):
            holder["weight"] = 0.0
    return listed_product(data)
