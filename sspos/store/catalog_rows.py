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

import itertools
import json
import logging
import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import msgspec
from pydantic import ValidationError

from sspos.api.models import Product
from sspos.api.models.product_list import ListedProduct, listed_product
from sspos.domain.catalog import VariantInfo, WholesaleBand
from sspos.domain.text import clean_text
from sspos.locks import write_transaction
from sspos.store.db import (
    KEY_SEP,
    TOP,
    WORD_PATTERN,
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

MAX_DESCRIPTION_CHARS = 4000  # the POS never shows more; a 3 MB description is cut here
MAX_NAME_CHARS = 300
SEARCH_LIMIT_MAX = 500

_VARIANT_COLUMNS = (
    "seq, variant_id, product_id, product_name, variant_name, sku, barcode, price, "
    "price_reseller, tier_prices, discount, weight, product_status, stock, cost_price, wholesale"
)


# Not frozen: these are built by the hundred thousand during a sync, and frozen
# dataclasses pay for object.__setattr__ on every field.
@dataclass(slots=True)
class VariantRecord:
    """One variation as received from the server, already converted to plain values."""

    variant_id: int
    sku: str
    price: int
    size: str = ""
    color: str = ""
    price_reseller: int | None = None
    tier_prices: dict[str, int] = field(default_factory=dict)
    cost_price: int = 0
    stock: int | None = None
    weight: int | None = None  # None: the product's weight
    barcode: str | None = None

    @property
    def variant_name(self) -> str:
        """'Merah / XL' style name from colour and size ('' when neither is set)."""
        return " / ".join(part.strip() for part in (self.color, self.size) if part and part.strip())


@dataclass(slots=True)
class ProductRecord:
    """One product with its variations and wholesale bands, as the store writes it."""

    product_id: int
    name: str
    product_type: str = "S"  # S, R or PO (the product endpoints' "P0" is mapped to PO)
    variants: tuple[VariantRecord, ...] = ()
    wholesale: tuple[WholesaleBand, ...] = ()
    discount: int = 0
    weight: int = 0
    category_id: int | None = None
    category_name: str = ""
    description: str = ""


@dataclass(slots=True)
class Problem:
    """A piece of server data that was skipped or altered, and why."""

    kind: str  # no_variants, negative_price, duplicate_sku, long_description, ...
    product_id: int | None
    variant_id: int | None
    detail: str

    def __str__(self) -> str:
        where = f"product {self.product_id}" + (
            f" variant {self.variant_id}" if self.variant_id else ""
        )
        return f"{self.kind}: {where}: {self.detail}"


def _screen(
    product_id: int,
    name: str,
    description: str,
    variant_prices: Iterable[tuple[int, Sequence[int | None]]],
    bands: Iterable[tuple[int, int]],
    problems: list[Problem],
) -> set[int] | None:
    """The bad-data rules, in one place: report what is wrong with one product.

    Returns the ids of variations to skip, or None when the whole product is skipped.
    (Each writer applies the matching fixes: name '#id' when empty, name and description
    cut to MAX_NAME_CHARS / MAX_DESCRIPTION_CHARS, bad wholesale bands dropped.)
    """

    def note(kind: str, detail: str, variant_id: int | None = None) -> None:
        problem = Problem(kind, product_id, variant_id, detail)
        problems.append(problem)
        log.warning("catalog data: %s", problem)

    name = name.strip()
    if not name:
        note("empty_name", f"no name; stored as '#{product_id}'")
    if len(name) > MAX_NAME_CHARS:
        note("long_name", f"name of {len(name)} characters cut to {MAX_NAME_CHARS}")
    if len(description) > MAX_DESCRIPTION_CHARS:
        note(
            "long_description",
            f"description of {len(description)} characters cut to {MAX_DESCRIPTION_CHARS}",
        )
    skipped: set[int] = set()
    total = 0
    for variant_id, prices in variant_prices:
        total += 1
        lowest = min((p for p in prices if p is not None), default=0)
        if lowest < 0:
            note("negative_price", f"negative price {lowest}; variation skipped", variant_id)
            skipped.add(variant_id)
    if total == 0:
        note("no_variants", "product has no variations; skipped (nothing to sell)")
        return None
    if len(skipped) == total:
        note("no_variants", "no sellable variation left; product skipped")
        return None
    if any(price < 0 or from_qty < 0 for from_qty, price in bands):
        note("bad_wholesale", "wholesale band with negative price or quantity dropped")
    return skipped


def _clean_product(record: ProductRecord, problems: list[Problem]) -> ProductRecord | None:
    """Apply the bad-data rules to one product; None when it must be skipped."""
    name, description = clean_text(record.name), clean_text(record.description or "")
    skipped = _screen(
        record.product_id,
        name,
        description,
        (
            (v.variant_id, (v.price, v.price_reseller, *v.tier_prices.values()))
            for v in record.variants
        ),
        ((b.from_qty, b.price) for b in record.wholesale),
        problems,
    )
    if skipped is None:
        return None
    name = name.strip()[:MAX_NAME_CHARS] or f"#{record.product_id}"
    return ProductRecord(
        product_id=record.product_id,
        name=name,
        product_type=record.product_type,
        variants=tuple(v for v in record.variants if v.variant_id not in skipped),
        wholesale=tuple(b for b in record.wholesale if b.price >= 0 and b.from_qty >= 0),
        discount=max(record.discount, 0),
        weight=max(record.weight, 0),
        category_id=record.category_id,
        category_name=clean_text(record.category_name),
        description=description[:MAX_DESCRIPTION_CHARS],
    )


# --- where a variant sits: `seq` ---------------------------------------------------------
#
# Search's third tier asks FTS5 for matches `ORDER BY rowid LIMIT n`, and FTS5 walks its
# index in rowid order: when rowids follow the alphabet, the first n rowids are the first
# n matches alphabetically and FTS5 stops there. A sync cannot number rows alphabetically
# as they arrive (it has not seen the rest), so a row's `seq` is computed from its own
# sort key: the first ORDER_CHARS characters as a base-43 number (the ORDER bucket), times
# 2**SERIAL_BITS, plus a serial number. Buckets follow the alphabet exactly (see
# `order_bucket`); within one bucket search sorts the few rows it needs by sort key.

ORDER_CHARS = 7
SERIAL_BITS = 24  # 16.7 million variants per sync; 43**7 * 2**24 < 2**63
_ORDER_BASE = 43


def _order_symbols() -> dict[str, tuple[int, bool]]:
    """Symbol of every ASCII character, in code point order: (symbol, exact)."""
    table: dict[str, tuple[int, bool]] = {}
    for code in range(128):
        ch = chr(code)
        if ch < KEY_SEP:
            table[ch] = (1, False)
        elif ch == KEY_SEP:
            table[ch] = (2, True)
        elif ch == " ":
            table[ch] = (3, True)
        elif ch < "0":
            table[ch] = (4, False)
        elif ch <= "9":
            table[ch] = (5 + code - ord("0"), True)
        elif ch < "a":
            table[ch] = (15, False)
        elif ch <= "z":
            table[ch] = (16 + code - ord("a"), True)
        else:
            table[ch] = (42, False)
    return table


_ORDER_SYMBOLS = _order_symbols()
_ORDER_SCALE = [_ORDER_BASE**k for k in range(ORDER_CHARS + 1)]


def order_bucket(sort_key: str) -> int:
    """The bucket of a sort key: a < b implies order_bucket(a) <= order_bucket(b).

    Each of the first ORDER_CHARS characters is a base-43 digit (0 is "no character").
    Space, the separator, digits and a–z have a digit each; other characters share a
    digit per range, and the number stops after such a shared digit (two keys that
    differ first there must land in the same bucket, whatever follows).
    """
    value = 0
    used = 0
    for ch in sort_key[:ORDER_CHARS]:
        symbol, exact = _ORDER_SYMBOLS.get(ch, (42, False))
        value = value * _ORDER_BASE + symbol
        used += 1
        if not exact:
            break
    return value * _ORDER_SCALE[ORDER_CHARS - used]


def order_seq(sort_key: str, serial: int) -> int:
    """The `seq` of a row: its bucket, then a serial number unique in the database."""
    return (order_bucket(sort_key) << SERIAL_BITS) | serial


# --- rows -----------------------------------------------------------------------------


def _tiers_json(tiers: dict[str, int]) -> str:
    if not tiers:
        return "{}"
    if all(code.isdigit() for code in tiers):  # the usual "1".."3": skip json.dumps
        return "{" + ",".join(f'"{code}":{int(price)}' for code, price in tiers.items()) + "}"
    return dumps(tiers)


def _tier_prices_json(price1: int | None, price2: int | None, price3: int | None) -> str:
    """`_tiers_json` of the tiers set and non-zero, straight from price1..price3."""
    if not (price1 or price2 or price3):
        return "{}"
    parts = []
    if price1:
        parts.append(f'"1":{price1}')
    if price2:
        parts.append(f'"2":{price2}')
    if price3:
        parts.append(f'"3":{price3}')
    return "{" + ",".join(parts) + "}"


def _bands_json(bands: Iterable[tuple[int, int | None, int]]) -> str:
    """Wholesale bands as stored: [[from, to, price], ...], bad ones (negative) dropped."""
    kept = [[from_qty, to_qty, price] for from_qty, to_qty, price in bands
            if price >= 0 and from_qty >= 0]  # fmt: skip
    return dumps(kept) if kept else "[]"


@dataclass(frozen=True, slots=True)
class _Head:
    """What every variant row of one product repeats."""

    product_id: int
    name: str
    product_type: str
    discount: int
    weight: int
    wholesale: str
    folded_name: str
    name_words: list[str]
    bucket: int | None  # the order bucket, when the name alone decides it


def _head(
    product_id: int, name: str, product_type: str, discount: int, weight: int, wholesale: str
) -> _Head:
    folded = fold(name)
    return _Head(
        product_id, name, product_type, discount, weight, wholesale, folded,
        WORD_PATTERN.findall(folded),
        order_bucket(folded) if len(folded) >= ORDER_CHARS else None,
    )  # fmt: skip


def _variant_row(
    head: _Head,
    serial: int,
    variant_id: int,
    sku: str,
    barcode: str | None,
    color: str,
    size: str,
    price: int,
    price_reseller: int | None,
    tier_prices: str,
    cost_price: int | None,
    stock: int | None,
    weight: int | None,
) -> tuple[object, ...]:
    """One `variants` row (columns of `_VARIANT_FIELDS`); the one place rows are made."""
    extra = f"{color} {size} {sku} {barcode or ''}"
    if not extra.isprintable():  # rare: server text with control or invisible characters
        color, size, sku = clean_text(color), clean_text(size), clean_text(sku)
        barcode = clean_text(barcode or "")
    color, size = color.strip(), size.strip()
    variant_name = f"{color} / {size}" if color and size else color or size
    sku = sku.strip()
    barcode = (barcode or "").strip()
    extra = f"{variant_name} {sku} {barcode}"
    if extra.isascii():  # the common case: `fold` and `tokens` by hand, ~3x cheaper
        words = WORD_PATTERN.findall(extra.lower())
        variant_key = " ".join(variant_name.lower().split())
        sku_key = " ".join(sku.lower().split())
        barcode_key = " ".join(barcode.lower().split())
    else:
        words = tokens(extra)
        variant_key, sku_key, barcode_key = fold(variant_name), fold(sku), fold(barcode)
    sort_key = f"{head.folded_name}{KEY_SEP}{variant_key}{KEY_SEP}{variant_id:012d}"
    bucket = head.bucket if head.bucket is not None else order_bucket(sort_key)
    return (
        (bucket << SERIAL_BITS) | serial,
        variant_id,
        head.product_id,
        head.name,
        variant_name,
        sku,
        barcode or None,
        price,
        price_reseller,
        tier_prices,
        head.discount,
        weight or head.weight,
        head.product_type,
        stock,
        max(cost_price or 0, 0),
        head.wholesale,
        sort_key,
        " ".join(head.name_words + words),
        sku_key,
        barcode_key,
    )


def _record_head(product: ProductRecord) -> _Head:
    return _head(
        product.product_id,
        product.name,
        product.product_type,
        product.discount,
        product.weight,
        _bands_json((b.from_qty, b.to_qty, b.price) for b in product.wholesale),
    )


def _record_rows(product: ProductRecord, serials: Iterator[int]) -> list[tuple[object, ...]]:
    """The rows of a product already through `_clean_product`."""
    head = _record_head(product)
    return [
        _variant_row(
            head,
            next(serials),
            v.variant_id,
            v.sku,
            v.barcode,
            v.color,
            v.size,
            v.price,
            v.price_reseller,
            _tiers_json(v.tier_prices),
            v.cost_price,
            v.stock,
            v.weight,
        )
        for v in product.variants
    ]


def _product_row(product: ProductRecord, refreshed_at: str | None) -> tuple[object, ...]:
    return (
        product.product_id,
        product.name,
        product.product_type,
        product.category_id,
        product.category_name,
        product.description,
        product.discount,
        product.weight,
        _bands_json((b.from_qty, b.to_qty, b.price) for b in product.wholesale),
        refreshed_at,
    )


_INSERT_PRODUCT = "INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_VARIANT_FIELDS = (
    "seq, variant_id, product_id, product_name, variant_name, sku, barcode, price, "
    "price_reseller, tier_prices, discount, weight, product_status, stock, cost_price, "
    "wholesale, sort_key, search_text, sku_key, barcode_key"
)
_INSERT_VARIANT = f"INSERT INTO variants ({_VARIANT_FIELDS}) VALUES ({', '.join('?' * 20)})"
_ROW_SEQ, _ROW_SEARCH_TEXT, _ROW_SKU_KEY, _ROW_BARCODE_KEY = 0, 17, 18, 19
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

PRODUCT_TYPES = ("S", "R", "PO")
_PRODUCT_TYPE_READINGS = {"S": "S", "R": "R", "PO": "PO", "P0": "PO"}


MAX_PARAMS = 32_766  # SQLite's limit before 3.32 (newer ones allow more)
# Rows per statement: a batch is split into powers of two, so a handful of statements,
# each prepared once and kept in sqlite3's statement cache.
ROWS_PER_STATEMENT = tuple(2**k for k in range(10, -1, -1))


def insert_rows(conn: sqlite3.Connection, insert: str, rows: Sequence[tuple[object, ...]]) -> None:
    """`insert` VALUES each row, up to 1024 rows per statement.

    sqlite3 gives up the GIL while a statement runs; one statement per row (executemany)
    must win it back per row from the thread parsing pages, and waits most of the time.
    Few, large statements let the writing thread run beside the parsing one.
    """
    if not rows:
        return
    width = len(rows[0])
    values = "(" + ",".join("?" * width) + ")"
    start = 0
    for size in ROWS_PER_STATEMENT:
        if size * width > MAX_PARAMS:
            continue
        while len(rows) - start >= size:
            sql = f"{insert} VALUES {','.join([values] * size)}"
            conn.execute(sql, list(itertools.chain.from_iterable(rows[start : start + size])))
            start += size


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
            product = _clean_product(record, self.problems)
            if product is None:
                self.skipped_products += 1
                continue
            fresh = [v for v in product.variants if v.variant_id not in self._seen_variants]
            self._seen_variants.update(v.variant_id for v in fresh)
            rows = _record_rows(replace(product, variants=tuple(fresh)), self._serials)
            pending.products.append(_product_row(product, None))
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
        skipped: set[int] | None = set()
        if not _plainly_fine(p):
            skipped = _screen(
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
            if skipped is None:
                self.skipped_products += 1
                return
        product_type = _product_type(p.product_type)
        if product_type is None:
            self._note("unknown_type", product_id, f"product type {p.product_type!r} stored as 'S'")
            product_type = "S"
        name = p.name.strip()[:MAX_NAME_CHARS] or f"#{product_id}"
        discount = max(p.discount, 0)
        weight = max(int(p.weight), 0)
        wholesale = _bands_json((b.from_qty, b.to_qty, b.price) for b in bands) if bands else "[]"
        head = _head(product_id, name, product_type, discount, weight, wholesale)
        seen = self._seen_variants
        serials = self._serials
        rows = []
        for v in variations:
            variant_id = v.id
            if variant_id in seen or variant_id in skipped:
                continue  # a variation id seen twice (paging overlap) keeps its first row
            seen.add(variant_id)
            rows.append(
                _variant_row(
                    head,
                    next(serials),
                    variant_id,
                    v.sku,
                    v.barcode,
                    v.color,
                    v.size,
                    v.price,
                    v.price_reseller,
                    _tier_prices_json(v.price1, v.price2, v.price3),
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
        variants = sorted(batch.variants, key=itemgetter(_ROW_SEQ))
        # A code already taken is settled by `finish` (the lowest variant id owns it).
        codes = [
            (code, row[_ROW_SEQ])
            for row in variants
            for code in (row[_ROW_SKU_KEY], row[_ROW_BARCODE_KEY])
            if code
        ]
        with write_transaction(conn):
            insert_rows(conn, "INSERT OR REPLACE INTO products", batch.products)
            insert_rows(conn, f"INSERT INTO variants ({_VARIANT_FIELDS})", variants)
            insert_rows(
                conn,
                "INSERT INTO variants_fts(rowid, search_text)",
                [(row[_ROW_SEQ], row[_ROW_SEARCH_TEXT]) for row in variants],
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

    def _info(self, row: tuple) -> VariantInfo:  # type: ignore[type-arg]
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
                    "SELECT seq FROM variants WHERE sort_key >= ? AND sort_key < ? ORDER BY sort_key LIMIT ?",
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
        product = _clean_product(record, problems)
        now = utc_now().isoformat()
        with self._db.write() as conn:
            self._delete_product(conn, record.product_id)
            if product is not None:
                conn.execute(_INSERT_PRODUCT, _product_row(product, now))
                serials = self._reserve_serials(conn, len(product.variants))
                for row in _record_rows(product, serials):
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
                "INSERT INTO variants_fts(variants_fts, rowid, search_text) VALUES ('delete', ?, ?)",
                (seq, search_text),
            )
            conn.execute("DELETE FROM codes WHERE seq = ?", (seq,))
        conn.execute("DELETE FROM variants WHERE product_id = ?", (product_id,))
        conn.execute("DELETE FROM products WHERE product_id = ?", (product_id,))

    @staticmethod
    def _insert_variant(
        conn: sqlite3.Connection, row: tuple[object, ...], problems: list[Problem]
    ) -> None:
        seq, variant_id = row[_ROW_SEQ], int(row[1])  # type: ignore[call-overload]
        # The same variation id under another product: the newest data wins.
        stale = conn.execute(
            "SELECT seq, search_text FROM variants WHERE variant_id = ?", (variant_id,)
        ).fetchone()
        if stale:
            conn.execute(
                "INSERT INTO variants_fts(variants_fts, rowid, search_text) VALUES ('delete', ?, ?)",
                stale,
            )
            conn.execute("DELETE FROM codes WHERE seq = ?", (stale[0],))
            conn.execute("DELETE FROM variants WHERE seq = ?", (stale[0],))
        conn.execute(_INSERT_VARIANT, row)
        conn.execute(
            "INSERT INTO variants_fts(rowid, search_text) VALUES (?, ?)",
            (seq, row[_ROW_SEARCH_TEXT]),
        )
        for code in {str(row[_ROW_SKU_KEY]), str(row[_ROW_BARCODE_KEY])}:
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
                    f"code {code!r} already belongs to another variant; a scan resolves to that one",
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
