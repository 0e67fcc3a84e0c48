"""Demo data: deterministic from the seed, realistic, with the stress cases present."""

from __future__ import annotations

import sqlite3

from sspos.sandbox import SandboxConfig, create_app, demo_data
from sspos.sandbox.demo_data import generate


def dump(seed: int, products: int = 60) -> list[tuple[object, ...]]:
    db = sqlite3.connect(":memory:")
    generate(db, seed=seed, products=products)
    rows: list[tuple[object, ...]] = []
    for table in (
        "products",
        "variants",
        "wholesales",
        "warehouse_stock",
        "customers",
        "regions",
        "ref",
    ):
        rows += db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    return rows


def test_same_seed_gives_identical_data_and_another_seed_differs() -> None:
    assert dump(7) == dump(7)
    assert dump(7) != dump(8)


def test_default_size_is_about_2000_products_and_6000_variants() -> None:
    db = sqlite3.connect(":memory:")
    summary = generate(db, seed=7)
    assert summary.products == 2000
    assert 5400 <= summary.variants <= 6600
    assert summary.customers == 300
    assert summary.regions >= 200
    types = dict(db.execute("SELECT product_type, COUNT(*) FROM products GROUP BY 1").fetchall())
    assert set(types) == {"S", "R", "PO"}
    assert db.execute("SELECT COUNT(DISTINCT product_id) FROM wholesales").fetchone()[0] > 200
    assert db.execute("SELECT COUNT(*) FROM products WHERE discount > 0").fetchone()[0] > 100
    # every tier price is set, except price3 on purpose now and then (falls back to price)
    assert (
        db.execute(
            "SELECT COUNT(*) FROM variants WHERE price <= 0 OR price_reseller <= 0 OR price1 <= 0 "
            "OR price2 <= 0"
        ).fetchone()[0]
        == 0
    )
    assert db.execute("SELECT COUNT(*) FROM variants WHERE price3 = 0").fetchone()[0] > 0
    assert db.execute("SELECT COUNT(DISTINCT sku) FROM variants").fetchone()[0] == summary.variants


def test_products_parameter_sets_the_catalog_size() -> None:
    app = create_app(SandboxConfig(products=60))
    assert app.state.sandbox.summary.products == 60
    assert 60 < app.state.sandbox.summary.variants < 400


def test_stress_names_are_present_with_fixed_skus() -> None:
    db = sqlite3.connect(":memory:")
    generate(db, seed=99, products=10)
    names = dict(
        db.execute(
            "SELECT v.sku, p.name FROM variants v JOIN products p ON p.id = v.product_id"
        ).fetchall()
    )
    for sku in demo_data.STRESS_SKUS:
        assert sku in names
    assert "[bold]" in names["STRESS-MARKUP"]
    assert "[@click=app.quit]" in names["STRESS-CLICK"]
    assert len(names["STRESS-LONG"]) > 150
    assert (
        "é" in names["STRESS-UNICODE"]
        and "ñ" in names["STRESS-UNICODE"]
        and "🍵" in names["STRESS-UNICODE"]
    )
    assert "\x1b" in names["STRESS-CTRL"]
    customer_names = [r[0] for r in db.execute("SELECT name FROM customers")]
    assert any("[bold]" in n for n in customer_names) and any("\x1b" in n for n in customer_names)


def test_reference_facts_other_tests_rely_on() -> None:
    db = sqlite3.connect(":memory:")
    generate(db, seed=1, products=5)
    expeditions = {int(r[0]) for r in db.execute("SELECT id FROM ref WHERE kind = 'expedition'")}
    assert {98, 99} <= expeditions
    banks = {int(r[0]) for r in db.execute("SELECT id FROM ref WHERE kind = 'bank'")}
    assert demo_data.CASH_BANK_ID in banks
    codes = [
        r[0] for r in db.execute("SELECT id FROM ref WHERE kind = 'customer_category' ORDER BY pos")
    ]
    assert codes == ["N", "Y", "D", "1", "2"]
    access = {(w, d) for _, _, w, d in demo_data.CATEGORIES.values()}
    assert access == {(True, True), (True, False), (False, True), (False, False)}
    fixed = dict(
        db.execute(
            "SELECT id, category_code FROM customers WHERE id <= ?",
            (demo_data.FIRST_CUSTOMER_ID + 4,),
        ).fetchall()
    )
    assert {code: cid for cid, code in fixed.items()} == demo_data.CUSTOMER_ID_BY_CATEGORY
    district = db.execute(
        "SELECT subdistrict, city FROM regions WHERE id = ?", (demo_data.SUPPLIER_DISTRICT_ID,)
    ).fetchone()
    assert district == ("Lowokwaru", "Kota Malang")


def test_a_database_file_is_reused_so_orders_survive_a_restart(tmp_path) -> None:
    path = tmp_path / "sandbox.sqlite"
    first = create_app(SandboxConfig(products=20, db_path=path))
    state = first.state.sandbox
    with state.lock, state.db:
        state.db.execute(
            "UPDATE variants SET stock = 12345 WHERE id = ?", (demo_data.FIRST_VARIANT_ID,)
        )
    state.close()
    again = create_app(SandboxConfig(products=20, db_path=path))
    assert again.state.sandbox.variant_stock(demo_data.FIRST_VARIANT_ID) == 12345
    again.state.sandbox.close()
    other = create_app(SandboxConfig(products=21, db_path=path))  # another shop: generated afresh
    assert other.state.sandbox.variant_stock(demo_data.FIRST_VARIANT_ID) == 500
    assert other.state.sandbox.summary.products == 21


def test_no_wholesale_band_is_above_any_tier_price_of_its_product() -> None:
    """Shops set bands below their prices; a band above a tier would make a unit dearer
    for buying more (issue 16.7), so the demo shop never has one."""
    db = sqlite3.connect(":memory:")
    generate(db, seed=7)
    above = db.execute(
        """
        SELECT w.product_id, w.price, v.sku FROM wholesales w JOIN variants v USING (product_id)
        WHERE w.price > v.price OR w.price > v.price_reseller OR w.price > v.price1
           OR w.price > v.price2 OR (v.price3 > 0 AND w.price > v.price3)
        """
    ).fetchall()
    assert above == []
    assert db.execute("SELECT COUNT(*) FROM wholesales WHERE price <= 0").fetchone()[0] == 0
    # Bands still get cheaper as the quantity grows.
    for (product_id,) in db.execute("SELECT DISTINCT product_id FROM wholesales").fetchall():
        prices = [
            p
            for (p,) in db.execute(
                "SELECT price FROM wholesales WHERE product_id = ? ORDER BY from_qty", (product_id,)
            )
        ]
        assert prices == sorted(prices, reverse=True) and len(set(prices)) == len(prices)
