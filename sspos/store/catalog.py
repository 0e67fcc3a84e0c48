"""The product catalog: search as the cashier types, scanner lookups, and how it is written.

Search ranks in three tiers, each a LIMITed indexed query, so the answer never needs
to sort every match:

1. the text is exactly a SKU or barcode (one probe of the `codes` table);
2. the product name starts with the text (a range scan of the `sort_key` index);
3. every word of the text is the start of some word of the name, variant or SKU
   (SQLite FTS5 with prefix indexes), in alphabetical order: a sync assigns rowids in
   sort-key order, so FTS5 yields matches alphabetically and stops at the LIMIT.

Matching ignores case and accents ("kopi" finds "Kopí", "CAFÉ" finds "cafe").
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import TypeAdapter

from sspos.api.models import Product
from sspos.domain.catalog import VariantInfo, WholesaleBand
from sspos.store.db import (
    KEY_SEP,
    TOP,
    Database,
    as_database,
    dumps,
    fold,
    fts_prefix_query,
    get_meta,
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


def _sort_key(folded_product_name: str, variant_name: str, variant_id: int) -> str:
    return f"{folded_product_name}{KEY_SEP}{fold(variant_name)}{KEY_SEP}{variant_id:012d}"


def _tiers_json(tiers: dict[str, int]) -> str:
    if not tiers:
        return "{}"
    if all(code.isdigit() for code in tiers):  # the usual "1".."3": skip json.dumps
        return "{" + ",".join(f'"{code}":{int(price)}' for code, price in tiers.items()) + "}"
    return dumps(tiers)


def _bands_json(bands: Sequence[WholesaleBand]) -> str:
    return dumps([[b.from_qty, b.to_qty, b.price] for b in bands])


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
    skipped = _screen(
        record.product_id,
        record.name,
        record.description or "",
        (
            (v.variant_id, (v.price, v.price_reseller, *v.tier_prices.values()))
            for v in record.variants
        ),
        ((b.from_qty, b.price) for b in record.wholesale),
        problems,
    )
    if skipped is None:
        return None
    name = record.name.strip()[:MAX_NAME_CHARS] or f"#{record.product_id}"
    return ProductRecord(
        product_id=record.product_id,
        name=name,
        product_type=record.product_type,
        variants=tuple(v for v in record.variants if v.variant_id not in skipped),
        wholesale=tuple(b for b in record.wholesale if b.price >= 0 and b.from_qty >= 0),
        discount=max(record.discount, 0),
        weight=max(record.weight, 0),
        category_id=record.category_id,
        category_name=record.category_name,
        description=(record.description or "")[:MAX_DESCRIPTION_CHARS],
    )


def _variant_rows(product: ProductRecord) -> list[tuple[object, ...]]:
    wholesale = _bands_json(product.wholesale)
    folded_name = fold(product.name)
    name_words = tokens(product.name)
    rows = []
    for v in product.variants:
        variant_name = v.variant_name
        sku = v.sku.strip()
        barcode = (v.barcode or "").strip() or None
        words = name_words + tokens(f"{variant_name} {sku} {barcode or ''}")
        rows.append(
            (
                v.variant_id,
                product.product_id,
                product.name,
                variant_name,
                sku,
                barcode,
                v.price,
                v.price_reseller,
                _tiers_json(v.tier_prices),
                product.discount,
                v.weight if v.weight is not None else product.weight,
                product.product_type,
                v.stock,
                max(v.cost_price, 0),
                wholesale,
                _sort_key(folded_name, variant_name, v.variant_id),
                " ".join(words),
                fold(sku),
                fold(barcode or ""),
            )
        )
    return rows


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
        _bands_json(product.wholesale),
        refreshed_at,
    )


_INSERT_PRODUCT = "INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_VARIANT_FIELDS = (
    "variant_id, product_id, product_name, variant_name, sku, barcode, price, price_reseller, "
    "tier_prices, discount, weight, product_status, stock, cost_price, wholesale, sort_key, search_text, "
    "sku_key, barcode_key"
)
_VARIANT_MARKS = ", ".join("?" * 19)

PRODUCT_TYPES = ("S", "R", "PO")
_WIRE_PRODUCTS: TypeAdapter[list[Product]] = TypeAdapter(list[Product])
_WIRE_VARIATION_FIELDS = {
    "id", "sku", "weight", "size", "color", "price_buy", "price", "price_reseller",
    "price1", "price2", "price3", "stock_quantity",
}  # fmt: skip
_WIRE_FIELDS = {
    "__all__": {
        "id": True, "name": True, "product_type": True, "category_id": True,
        "category_name": True, "description": True, "discount": True, "weight": True,
        "wholesales": {"__all__": {"from_qty", "to_qty", "price"}},
        "wholesale_prices": {"__all__": {"from_qty", "to_qty", "price"}},
        "variations": {"__all__": _WIRE_VARIATION_FIELDS},
    }
}  # fmt: skip

_WIRE_HEAD_FIELDS = {
    "__all__": {k: v for k, v in _WIRE_FIELDS["__all__"].items() if k != "variations"}
}

# The same fixes as `_clean_product`, in SQL: '#id' for an empty name, cuts, bands >= 0.
_WIRE_INSERT_PRODUCTS = f"""
INSERT OR REPLACE INTO products
SELECT p.value->>'id',
       CASE WHEN trim(coalesce(p.value->>'name', '')) = '' THEN '#' || (p.value->>'id')
            ELSE substr(trim(p.value->>'name'), 1, {MAX_NAME_CHARS}) END,
       CASE WHEN p.value->>'product_type' IN {PRODUCT_TYPES} THEN p.value->>'product_type'
            ELSE 'S' END,
       p.value->>'category_id',
       coalesce(p.value->>'category_name', ''),
       substr(coalesce(p.value->>'description', ''), 1, {MAX_DESCRIPTION_CHARS}),
       max(coalesce(p.value->>'discount', 0), 0),
       max(CAST(coalesce(p.value->>'weight', 0) AS INTEGER), 0),
       (SELECT json_group_array(json_array(b.value->>'from_qty', b.value->>'to_qty',
                                           b.value->>'price'))
          FROM json_each(CASE WHEN json_array_length(p.value->'wholesales') > 0
                              THEN p.value->'wholesales' ELSE p.value->'wholesale_prices' END) b
         WHERE b.value->>'price' >= 0 AND b.value->>'from_qty' >= 0),
       NULL
  FROM json_each(?1) p
"""

# variant_name 'Colour / Size'; weight falls back to the product's; keys lower-cased
# here (ASCII), `_fold_unusual_rows` redoes the rest.
_WIRE_INSERT_VARIANTS = """
WITH page AS MATERIALIZED (
    SELECT p.value->>'id' AS pid, p.value->'variations' AS variations FROM json_each(?1) p
),
-- Each `->>` parses the object again: read every field once.
raw AS MATERIALIZED (
    SELECT pp.pid, v.value->>'id' AS vid, trim(coalesce(v.value->>'color', '')) AS color,
           trim(coalesce(v.value->>'size', '')) AS size, trim(coalesce(v.value->>'sku', '')) AS sku,
           coalesce(v.value->>'price', 0) AS price, v.value->>'price_reseller' AS price_reseller,
           v.value->>'price1' AS p1, v.value->>'price2' AS p2, v.value->>'price3' AS p3,
           CAST(coalesce(v.value->>'weight', 0) AS INTEGER) AS vweight,
           v.value->>'stock_quantity' AS stock, coalesce(v.value->>'price_buy', 0) AS cost
      FROM page pp JOIN json_each(pp.variations) v
),
named AS MATERIALIZED (
    SELECT raw.*, CASE WHEN color != '' AND size != '' THEN color || ' / ' || size
                       ELSE color || size END AS vname
      FROM raw WHERE vid NOT IN (SELECT value FROM json_each(?2))
)
INSERT INTO stage_variants
SELECT vid, pid, pr.name, vname, sku, NULL, price, price_reseller,
       -- {"1":p1,"2":p2,...} for the tiers set and non-zero, as `_tiers_json` writes it
       '{' || rtrim(iif(p1, '"1":' || p1 || ',', '') || iif(p2, '"2":' || p2 || ',', '')
                    || iif(p3, '"3":' || p3 || ',', ''), ',') || '}',
       pr.discount, coalesce(nullif(vweight, 0), pr.weight), pr.product_type, stock,
       max(cost, 0), pr.wholesale,
       lower(pr.name) || char(31) || lower(vname) || char(31) || printf('%012d', vid),
       pr.name || ' ' || vname || ' ' || sku,
       lower(sku), ''
  FROM named JOIN products pr ON pr.product_id = named.pid
"""


def _fold_unusual_rows(conn: sqlite3.Connection, table: str, after_rowid: int) -> None:
    """Recompute search keys in Python where SQL's ASCII lower() is not enough.

    That is: any character outside printable ASCII (accents, other scripts, control
    bytes) or runs of spaces, which `fold` collapses.
    """
    rows = conn.execute(
        f"SELECT rowid, variant_id, product_name, variant_name, sku, barcode FROM {table} "
        "WHERE rowid > ? AND (product_name || variant_name || sku || coalesce(barcode, '') "
        "GLOB '*[^ -~]*' OR instr(product_name || variant_name || sku, '  ') > 0)",
        (after_rowid,),
    ).fetchall()
    conn.executemany(
        f"UPDATE {table} SET sort_key = ?, search_text = ?, sku_key = ?, barcode_key = ? "
        "WHERE rowid = ?",
        [
            (
                _sort_key(fold(name), variant_name, variant_id),
                " ".join(tokens(f"{name} {variant_name} {sku} {barcode or ''}")),
                fold(sku),
                fold(barcode or ""),
                rowid,
            )
            for rowid, variant_id, name, variant_name, sku, barcode in rows
        ],
    )


@dataclass(frozen=True, slots=True)
class WirePage:
    """A screened page of products, serialised for `CatalogBuilder.store_wire`."""

    heads: bytes
    products: bytes
    skipped_variants: str


class CatalogBuilder:
    """Writes products into a database being built by a sync (not yet live).

    Variants go to a staging table first; `finish()` copies them into `variants` in
    sort-key order (so rowids are alphabetical), then builds the SKU index and FTS.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.problems: list[Problem] = []
        self.products = 0
        self.skipped_products = 0
        conn.execute(f"CREATE TEMP TABLE stage_variants ({_VARIANT_FIELDS})")
        self._seen_products: set[int] = set()

    def add(self, records: Iterable[ProductRecord]) -> None:
        """Add a page of products (bad ones are skipped or altered, with a Problem)."""
        product_rows = []
        variant_rows: list[tuple[object, ...]] = []
        for record in records:
            if record.product_id in self._seen_products:
                # Paging over a changing catalog can repeat a product: keep the first copy.
                continue
            self._seen_products.add(record.product_id)
            product = _clean_product(record, self.problems)
            if product is None:
                self.skipped_products += 1
                continue
            product_rows.append(_product_row(product, None))
            variant_rows.extend(_variant_rows(product))
        conn = self._conn
        conn.execute("BEGIN")
        conn.executemany(_INSERT_PRODUCT, product_rows)
        conn.executemany(f"INSERT INTO stage_variants VALUES ({_VARIANT_MARKS})", variant_rows)
        conn.execute("COMMIT")
        self.products += len(product_rows)

    def add_wire(self, products: Sequence[Product]) -> None:
        """Add a page of API products: `store_wire(prepare_wire(products))`."""
        self.store_wire(self.prepare_wire(products))

    def prepare_wire(self, products: Sequence[Product]) -> WirePage | None:
        """Screen a page of API products (same rules as `add`) and serialise the keepers.

        The Python side only screens the models (a few attribute reads per variation)
        and serialises them with pydantic (Rust); SQLite's JSON functions build the rows
        on the writer thread with the GIL released. Rows whose text is not plain ASCII
        (accents to fold) get their search keys from `fold`/`tokens` afterwards.
        """
        keep: list[Product] = []
        skipped_variants: list[int] = []
        for product in products:
            if product.id in self._seen_products:
                continue  # paging over a changing catalog can repeat a product: first wins
            self._seen_products.add(product.id)
            skipped = _screen(
                product.id,
                product.name,
                product.description or "",
                (
                    (v.id, (v.price, v.price_reseller, v.price1, v.price2, v.price3))
                    for v in product.variations
                ),
                ((b.from_qty, b.price) for b in product.wholesale_bands),
                self.problems,
            )
            if skipped is None:
                self.skipped_products += 1
                continue
            if product.product_type not in PRODUCT_TYPES:
                problem = Problem(
                    "unknown_type",
                    product.id,
                    None,
                    f"product type {product.product_type!r} stored as 'S'",
                )
                self.problems.append(problem)
                log.warning("catalog data: %s", problem)
            keep.append(product)
            skipped_variants.extend(skipped)
        if not keep:
            return None
        self.products += len(keep)
        return WirePage(
            # The products' own fields apart from their variations: each `->>` in the SQL
            # re-reads the object it is given, so keep those objects small.
            heads=_WIRE_PRODUCTS.dump_json(keep, include=_WIRE_HEAD_FIELDS),
            products=_WIRE_PRODUCTS.dump_json(keep, include=_WIRE_FIELDS),
            skipped_variants=dumps(skipped_variants),
        )

    def store_wire(self, page: WirePage | None) -> None:
        """Write a prepared page (SQL only: runs without holding the GIL)."""
        if page is None:
            return
        conn = self._conn
        conn.execute("BEGIN")
        before = conn.execute("SELECT coalesce(max(rowid), 0) FROM stage_variants").fetchone()[0]
        conn.execute(_WIRE_INSERT_PRODUCTS, (page.heads,))
        conn.execute(_WIRE_INSERT_VARIANTS, (page.products, page.skipped_variants))
        _fold_unusual_rows(conn, "stage_variants", before)
        conn.execute("COMMIT")

    def finish(self) -> int:
        """Order, index and full-text-index the variants; return how many were stored."""
        conn = self._conn
        conn.execute("BEGIN")
        # A variation id seen twice (server paging overlap) keeps its first row.
        conn.execute(
            f"INSERT OR IGNORE INTO variants ({_VARIANT_FIELDS}) "
            f"SELECT {_VARIANT_FIELDS} FROM stage_variants ORDER BY sort_key"
        )
        conn.execute("DROP TABLE stage_variants")
        conn.execute(
            "INSERT INTO variants_fts(rowid, search_text) SELECT seq, search_text FROM variants"
        )
        conn.execute("COMMIT")
        self._index_codes()
        conn.execute("INSERT INTO variants_fts(variants_fts) VALUES ('optimize')")
        return int(conn.execute("SELECT count(*) FROM variants").fetchone()[0])

    def _index_codes(self) -> None:
        conn = self._conn
        conn.execute("BEGIN")
        # The lowest variation id owns a shared code (stable from one sync to the next).
        for column in ("sku_key", "barcode_key"):
            conn.execute(
                f"INSERT OR IGNORE INTO codes SELECT {column}, seq FROM variants "
                f"WHERE {column} != '' ORDER BY variant_id"
            )
        conn.execute("COMMIT")
        duplicates = conn.execute(
            "SELECT v.product_id, v.variant_id, v.sku, o.variant_id FROM variants v "
            "JOIN codes c ON c.code = v.sku_key JOIN variants o ON o.seq = c.seq "
            "WHERE v.sku_key != '' AND c.seq != v.seq "
            "UNION ALL "
            "SELECT v.product_id, v.variant_id, v.barcode, o.variant_id FROM variants v "
            "JOIN codes c ON c.code = v.barcode_key JOIN variants o ON o.seq = c.seq "
            "WHERE v.barcode_key != '' AND c.seq != v.seq"
        ).fetchall()
        for product_id, variant_id, code, owner in duplicates:
            problem = Problem(
                "duplicate_sku",
                product_id,
                variant_id,
                f"code {code!r} already belongs to variant {owner}; both are stored and "
                f"searchable, a scan resolves to variant {owner}",
            )
            self.problems.append(problem)
            log.warning("catalog data: %s", problem)


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
                want = limit - len(order) + len(seen)
                take(
                    r[0]
                    for r in conn.execute(
                        "SELECT rowid FROM variants_fts WHERE variants_fts MATCH ? ORDER BY rowid LIMIT ?",
                        (fts_prefix_query(words), want),
                    )
                )
            if not order:
                return []
            marks = ",".join("?" * len(order))
            rows = {
                r[0]: r
                for r in conn.execute(
                    f"SELECT {_VARIANT_COLUMNS} FROM variants WHERE seq IN ({marks})", order
                )
            }
        return [self._info(rows[seq]) for seq in order if seq in rows]

    def by_sku(self, code: str) -> VariantInfo | None:
        """The variant whose SKU or barcode is exactly `code` (case-insensitive), or None."""
        key = fold(code)
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
                for row in _variant_rows(product):
                    self._insert_variant(conn, row, problems)
        return problems

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
        variant_id = int(row[0])  # type: ignore[call-overload]
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
        cur = conn.execute(
            f"INSERT INTO variants ({_VARIANT_FIELDS}) VALUES ({_VARIANT_MARKS})", row
        )
        seq = cur.lastrowid
        conn.execute("INSERT INTO variants_fts(rowid, search_text) VALUES (?, ?)", (seq, row[16]))
        for code in {str(row[17]), str(row[18])}:
            if not code:
                continue
            owner = conn.execute("SELECT seq FROM codes WHERE code = ?", (code,)).fetchone()
            if owner is None:
                conn.execute("INSERT INTO codes VALUES (?, ?)", (code, seq))
            else:
                problem = Problem(
                    "duplicate_sku",
                    int(row[1]),
                    variant_id,  # type: ignore[call-overload]
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
