"""How a product becomes rows of the local catalog, whether a sync builds a whole new
file (`catalog_build.CatalogBuilder`) or one product is refreshed in the live one
(`catalog.Catalog.replace_product`).

- `ProductRecord` / `VariantRecord`: a product as the store takes it, in plain values.
- The bad-data rules (`screen`, `clean_product`): what is skipped or cut, and the
  `Problem` that says so.
- Where a variant sits (`order_seq`): rowids that follow the alphabet, so a search can
  stop at its LIMIT.
- The row layout (`variant_row`, `product_row`, `VARIANT_FIELDS`) and `insert_rows`, which
  writes many rows per statement.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sspos.domain.catalog import WholesaleBand
from sspos.domain.text import clean_text
from sspos.store.db import KEY_SEP, WORD_PATTERN, dumps, fold, tokens

log = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 4000  # the POS never shows more; a 3 MB description is cut here
MAX_NAME_CHARS = 300


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


def screen(
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


def clean_product(record: ProductRecord, problems: list[Problem]) -> ProductRecord | None:
    """Apply the bad-data rules to one product; None when it must be skipped."""
    name, description = clean_text(record.name), clean_text(record.description or "")
    skipped = screen(
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


def tiers_json(tiers: dict[str, int]) -> str:
    """Tier prices ({"1": 9000, …}) as the `tier_prices` column stores them."""
    if not tiers:
        return "{}"
    if all(code.isdigit() for code in tiers):  # the usual "1".."3": skip json.dumps
        return "{" + ",".join(f'"{code}":{int(price)}' for code, price in tiers.items()) + "}"
    return dumps(tiers)


def tier_prices_json(price1: int | None, price2: int | None, price3: int | None) -> str:
    """`tiers_json` of the tiers set and non-zero, straight from price1..price3."""
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


def bands_json(bands: Iterable[tuple[int, int | None, int]]) -> str:
    """Wholesale bands as stored: [[from, to, price], ...], bad ones (negative) dropped."""
    kept = [[from_qty, to_qty, price] for from_qty, to_qty, price in bands
            if price >= 0 and from_qty >= 0]  # fmt: skip
    return dumps(kept) if kept else "[]"


@dataclass(frozen=True, slots=True)
class ProductHead:
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


def product_head(
    product_id: int, name: str, product_type: str, discount: int, weight: int, wholesale: str
) -> ProductHead:
    """What every variant row of one product repeats, computed once per product."""
    folded = fold(name)
    return ProductHead(
        product_id, name, product_type, discount, weight, wholesale, folded,
        WORD_PATTERN.findall(folded),
        order_bucket(folded) if len(folded) >= ORDER_CHARS else None,
    )  # fmt: skip


def variant_row(
    head: ProductHead,
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
    """One `variants` row (columns of `VARIANT_FIELDS`); the one place rows are made."""
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


def _record_head(product: ProductRecord) -> ProductHead:
    return product_head(
        product.product_id,
        product.name,
        product.product_type,
        product.discount,
        product.weight,
        bands_json((b.from_qty, b.to_qty, b.price) for b in product.wholesale),
    )


def record_rows(product: ProductRecord, serials: Iterator[int]) -> list[tuple[object, ...]]:
    """The rows of a product already through `clean_product`."""
    head = _record_head(product)
    return [
        variant_row(
            head,
            next(serials),
            v.variant_id,
            v.sku,
            v.barcode,
            v.color,
            v.size,
            v.price,
            v.price_reseller,
            tiers_json(v.tier_prices),
            v.cost_price,
            v.stock,
            v.weight,
        )
        for v in product.variants
    ]


def product_row(product: ProductRecord, refreshed_at: str | None) -> tuple[object, ...]:
    """One `products` row (`refreshed_at`: when a single-product refresh stored it)."""
    return (
        product.product_id,
        product.name,
        product.product_type,
        product.category_id,
        product.category_name,
        product.description,
        product.discount,
        product.weight,
        bands_json((b.from_qty, b.to_qty, b.price) for b in product.wholesale),
        refreshed_at,
    )


INSERT_PRODUCT = "INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
VARIANT_FIELDS = (
    "seq, variant_id, product_id, product_name, variant_name, sku, barcode, price, "
    "price_reseller, tier_prices, discount, weight, product_status, stock, cost_price, "
    "wholesale, sort_key, search_text, sku_key, barcode_key"
)
INSERT_VARIANT = f"INSERT INTO variants ({VARIANT_FIELDS}) VALUES ({', '.join('?' * 20)})"
ROW_SEQ, ROW_SEARCH_TEXT, ROW_SKU_KEY, ROW_BARCODE_KEY = 0, 17, 18, 19


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
