"""Catalog search and scanner lookups on small hand-made catalogs."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspos.domain.catalog import WholesaleBand
from sspos.store.catalog import Catalog
from sspos.store.catalog_rows import (
    SERIAL_BITS,
    VariantRecord,
    insert_rows,
    order_bucket,
    order_seq,
)
from sspos.store.sync import install_catalog
from tests.store.conftest import product


@pytest.fixture
def catalog(data_dir: Path) -> Catalog:
    install_catalog(
        data_dir,
        [
            product(1, "Umpan Zebra", (101, "KAIL", 5000)),  # its SKU is exactly "kail"
            product(2, "Kail Pancing Nomor 7", (201, "KP-007", 3000)),
            product(3, "Kail Ikan Mas", (301, "KIM-1", 2500)),
            product(4, "Joran Pancing Kail Set", (401, "JPK-1", 150000)),
            product(5, "Senar Pancing", (501, "SP-1", 12000)),
            product(6, "Kopí Álam Bubuk", (601, "KOPI-ALAM", 18000)),
            product(7, "CAFÉ Latte Sachet", (701, "CL-10", 2000)),
            product(
                8,
                "Kaos Polos",
                VariantRecord(
                    801, "KAOS-M-MRH", 45000, size="M", color="Merah", barcode="8991234567890"
                ),
                VariantRecord(
                    802,
                    "KAOS-L-BRU",
                    47000,
                    size="L",
                    color="Biru",
                    price_reseller=40000,
                    tier_prices={"1": 42000},
                    stock=7,
                    cost_price=30000,
                ),
                wholesale=(WholesaleBand(10, 19, 41000), WholesaleBand(20, None, 39000)),
                discount=1000,
                weight=200,
            ),
        ],
    )
    return Catalog(data_dir)


def names(found: list) -> list[str]:
    return [v.display_name for v in found]


def test_exact_sku_first_then_name_prefix_then_other_matches(catalog: Catalog) -> None:
    found = names(catalog.search("kail"))
    assert found == [
        "Umpan Zebra",  # exact SKU
        "Kail Ikan Mas",  # names starting with the text, alphabetically
        "Kail Pancing Nomor 7",
        "Joran Pancing Kail Set",  # a later word of the name
    ]


def test_every_word_is_a_prefix_in_any_order(catalog: Catalog) -> None:
    # Other matches come alphabetically.
    assert names(catalog.search("pan ka")) == ["Joran Pancing Kail Set", "Kail Pancing Nomor 7"]
    assert names(catalog.search("kail pancing")) == [
        "Kail Pancing Nomor 7",
        "Joran Pancing Kail Set",
    ]
    assert names(catalog.search("kail zebra")) == ["Umpan Zebra"]  # SKU word + name word
    assert catalog.search("kail senar") == []


def test_prefix_as_the_cashier_types(catalog: Catalog) -> None:
    assert names(catalog.search("s")) == [
        "Senar Pancing",
        "CAFÉ Latte Sachet",
        "Joran Pancing Kail Set",
    ]
    assert names(catalog.search("sen")) == ["Senar Pancing"]


def test_variant_words_and_sku_words_match(catalog: Catalog) -> None:
    assert names(catalog.search("kaos merah")) == ["Kaos Polos (Merah / M)"]
    assert names(catalog.search("biru")) == ["Kaos Polos (Biru / L)"]
    assert names(catalog.search("kp-00")) == ["Kail Pancing Nomor 7"]


def test_accents_and_case_are_ignored_both_ways(catalog: Catalog) -> None:
    assert names(catalog.search("kopi alam")) == ["Kopí Álam Bubuk"]
    assert names(catalog.search("KOPÌ ÀLAM")) == ["Kopí Álam Bubuk"]
    assert names(catalog.search("cafe")) == ["CAFÉ Latte Sachet"]
    assert names(catalog.search("Café latte")) == ["CAFÉ Latte Sachet"]


def test_limit_and_empty_queries(catalog: Catalog) -> None:
    assert len(catalog.search("kail", limit=2)) == 2
    assert names(catalog.search("kail", limit=1)) == ["Umpan Zebra"]
    assert catalog.search("", limit=50) == []
    assert catalog.search("   ") == []
    assert catalog.search("kail", limit=0) == []
    # Punctuation is not FTS syntax: nothing breaks, nothing matches.
    assert catalog.search('"*) OR (') == []
    assert catalog.search("zzzz") == []


def test_odd_unicode_and_very_long_text_are_searched_safely(
    catalog: Catalog, data_dir: Path
) -> None:
    from sspos.store.customers import CustomerStore
    from sspos.store.db import MAX_QUERY_CHARS
    from sspos.store.reference import ReferenceData

    # A lone surrogate (a broken paste) cannot reach SQLite: it is no text at all.
    assert catalog.search("\ud800") == [] and catalog.by_sku("\udc80") is None
    assert names(catalog.search("kopi \ud800alam")) == ["Kopí Álam Bubuk"]
    assert catalog.by_sku("KP-\u200b007\x1b").variant_id == 201  # type: ignore[union-attr]
    # A pasted page is searched for its first MAX_QUERY_CHARS characters only.
    page = "kail pancing " * 1000
    assert catalog.search(page) == catalog.search(page[:MAX_QUERY_CHARS])
    assert names(catalog.search(page))  # still a search, with its results
    assert CustomerStore(data_dir).search("\ud800 " * 5000) == []
    assert ReferenceData(data_dir).regions("\ud800 " + "malang " * 3000) == []


def test_scan_resolves_exact_sku_or_barcode_only(catalog: Catalog) -> None:
    variant = catalog.by_sku("KP-007")
    assert variant is not None and variant.variant_id == 201
    assert catalog.by_sku("kp-007 ").variant_id == 201  # type: ignore[union-attr]
    assert catalog.by_sku("KP-00") is None
    assert catalog.by_sku("") is None
    assert catalog.by_sku("8991234567890").variant_id == 801  # type: ignore[union-attr]


def test_variant_info_carries_every_price_and_band(catalog: Catalog) -> None:
    variant = catalog.get(802)
    assert variant is not None
    assert (variant.product_id, variant.product_name, variant.variant_name) == (
        8,
        "Kaos Polos",
        "Biru / L",
    )
    assert (variant.price, variant.price_reseller, variant.tier_prices) == (
        47000,
        40000,
        {"1": 42000},
    )
    assert (variant.stock, variant.cost_price, variant.discount, variant.weight) == (
        7,
        30000,
        1000,
        200,
    )
    assert variant.wholesale == (WholesaleBand(10, 19, 41000), WholesaleBand(20, None, 39000))
    assert catalog.get(999_999) is None
    assert catalog.variant_count() == 9
    assert catalog.last_synced() is not None


def test_search_from_many_threads_at_once(catalog: Catalog) -> None:
    queries = ["kail", "pan", "kaos", "cafe", "kopi"] * 40
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda q: len(catalog.search(q)), queries))
    assert results == [4, 3, 2, 1, 1] * 40


def test_an_empty_data_dir_gives_an_empty_catalog(data_dir: Path) -> None:
    catalog = Catalog(data_dir)
    assert catalog.variant_count() == 0
    assert catalog.last_synced() is None
    assert catalog.search("kail") == []


def test_a_reader_during_the_first_sync_never_overrides_it(data_dir: Path) -> None:
    from sspos.store.db import current_db_path, sync_lock

    lock = sync_lock(data_dir)
    assert lock.acquire()  # a first sync is running
    try:
        catalog = Catalog(data_dir)
        assert catalog.search("kail") == []  # an empty, private catalog
        assert current_db_path(data_dir) is None  # ... that was not published
    finally:
        lock.release()
    install_catalog(data_dir, [product(1, "Kail Pancing", (11, "KP", 1000))])
    assert [v.variant_id for v in catalog.search("kail")] == [11]  # the sync's file, noticed


def test_a_plain_sqlite_path_works_without_the_pointer(tmp_path: Path) -> None:
    from sspos.store.db import Database

    catalog = Catalog(tmp_path / "standalone.sqlite")
    assert catalog.variant_count() == 0
    catalog.replace_product(product(5, "Senar Pancing", (51, "SP", 9000)))
    assert [
        v.variant_id for v in Catalog(Database(tmp_path / "standalone.sqlite")).search("senar")
    ] == [51]


# --- order of the third tier on catalogs bigger than the limit ---------------------------


@given(st.text(max_size=12), st.text(max_size=12))
@settings(max_examples=500)
def test_order_buckets_follow_the_alphabet(a: str, b: str) -> None:
    """Rowids are bucket-major: a bucket out of order would put matches out of order."""
    low, high = sorted((a, b))
    assert order_bucket(low) <= order_bucket(high)


def test_order_buckets_tell_apart_what_they_can() -> None:
    assert order_bucket("kaos a") < order_bucket("kaos b") < order_bucket("kaos b\x1f")
    assert order_bucket("kaos polos merah") == order_bucket("kaos polos biru")  # 7 chars
    assert order_bucket("ab!x") == order_bucket("ab!a")  # shared symbol: stops there
    assert order_seq("kaos", 5) >> SERIAL_BITS == order_bucket("kaos")


def test_other_matches_are_the_first_alphabetically_even_past_the_limit(data_dir: Path) -> None:
    # 120 products share their first seven characters ("kaos po"), so their rowids
    # share a bucket and FTS5 alone would hand back the first 50 in arrival order.
    # They arrive in reverse alphabetical order, then 30 names in other buckets.
    shared = [f"Kaos Polos {n:03d} Katun" for n in range(120)]
    others = [f"{first} Katun {n}" for n, first in enumerate(("Baju", "Celana", "Topi") * 10)]
    records = [
        product(1000 + i, name, (100_000 + i, f"K{i}", 1000))
        for i, name in enumerate(list(reversed(shared)) + others)
    ]
    install_catalog(data_dir, records)
    catalog = Catalog(data_dir)

    every = sorted(shared + others, key=lambda name: name.lower())
    found = names(catalog.search("katun", limit=50))
    assert found == every[:50]
    assert names(catalog.search("katun", limit=500)) == every
    # A refreshed product keeps its place in the order.
    catalog.replace_product(product(1000, "Kaos Polos 119 Katun", (100_000, "K0", 1500)))
    assert names(catalog.search("katun", limit=500)) == every
    assert catalog.search("kaos polos 119")[0].price == 1500


def test_a_shared_code_belongs_to_the_lowest_variant_id_whatever_the_order(
    data_dir: Path,
) -> None:
    summary = install_catalog(
        data_dir,
        [
            # Arrives first but has the higher id; its barcode is another one's SKU.
            product(2, "Gelas Kedua", VariantRecord(902, "GLS-1", 2000, barcode="TKR-9")),
            product(1, "Gelas Pertama", VariantRecord(901, "gls-1", 1000)),
            # Its SKU and barcode are the same code: that is not sharing.
            product(3, "Tikar", VariantRecord(903, "TKR-9", 3000, barcode="tkr-9")),
            product(4, "Lain", VariantRecord(904, "LAIN-1", 4000, barcode="LAIN-1")),
        ],
    )
    catalog = Catalog(data_dir)
    assert catalog.by_sku("GLS-1").variant_id == 901  # type: ignore[union-attr]
    assert catalog.by_sku("tkr-9").variant_id == 902  # type: ignore[union-attr]
    assert catalog.by_sku("LAIN-1").variant_id == 904  # type: ignore[union-attr]
    assert catalog.search("GLS-1")[0].variant_id == 901
    shared = sorted((p.kind, p.product_id, p.variant_id) for p in summary.problems)
    assert shared == [("duplicate_sku", 2, 902), ("duplicate_sku", 3, 903)]


@pytest.mark.parametrize("count", [0, 1, 2, 1023, 1024, 1025, 2047, 4000])
def test_rows_are_inserted_once_each_however_they_are_split(count: int) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INTEGER)")
    rows = [(n, f"row {n}", n * 3) for n in range(count)]
    insert_rows(conn, "INSERT INTO t", rows)
    assert conn.execute("SELECT a, b, c FROM t ORDER BY a").fetchall() == rows


def test_wide_rows_stay_under_the_parameter_limit() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    width = 40  # 1024 rows would need 40 960 parameters
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i} INTEGER' for i in range(width))})")
    rows = [tuple(range(n, n + width)) for n in range(1500)]
    insert_rows(conn, "INSERT INTO t", rows)
    assert conn.execute("SELECT count(*), sum(c0), sum(c39) FROM t").fetchone() == (
        1500,
        sum(range(1500)),
        sum(range(39, 1539)),
    )
