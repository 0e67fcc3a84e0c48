"""The bare shop: only what the SmartSeller doc's own example responses hold.

The demo shop is convenient on purpose (a walk-in customer, a cash account, two thousand
products). A real shop that has just signed up looks like the doc's examples instead, and
this profile is that shop, so the first-sale and sync paths can be tested against it
(`sspos sandbox --shop bare`, `SandboxConfig(shop="bare")`).

Every body below is copied from an example response in `shared/spec/smartseller-open-api.txt`
(the same examples as `tests/api/doc_examples/`), with the doc's line noted. What the doc
does not hold, this shop does not hold either:

- no customer called "Pelanggan Umum" (customers: Angga and Budi only);
- no bank account that looks like a cash drawer (BCA and BNIS only);
- the shop (`GET shop`) has a phone and an address ("Indonesia") but no district: the
  shipping origin district is only on the supplier (`district_id` 2087, Cengkareng);
- one supplier: the shop's `active_supplier` (id 1). The doc's supplier list also shows a
  "Supplier 2" in district 334, which is not a district the region list knows.

Where the doc is inconsistent or silent, the choice made is written next to it:

- the product examples give ids and stock; three products are kept (the product list's
  "alat Masak [B2]", the detail's "Kail Pancing 24", both with stock 0 as printed, and the
  create-product example's "Sepatu" with its two variants and stock 5 and 3 — the
  variation-search example numbers both Sepatu variants 2, so they get 1 and 2 as the
  create example's `product_meta_id` says). No product has a barcode: the doc has none.
- the customer list names districts (Dukuhturi, Mandiraja) without ids; the sandbox's
  region table (SmartSeller's, not the shop's) gives them ids.
- `expedition/active` lists id 44 (Lion Parcel), which `expedition` does not: 44 is kept
  in both. Pickup at the shop (98) and manual input (99), which the doc names only as
  order filters, are accepted in orders but not listed, as the doc's lists do not show them.
- numbers are numbers in these examples; where the doc prints numbers as strings (order
  details, wholesale quantities, order history totals) the sandbox's routes do so for
  both profiles.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from sspos.sandbox.demo_data import DemoSummary, create_schema, region_rows

SHOP_NAME = "bare"
SCHEMA_VERSION = "bare-1"
SHOP_ID = 1
SUPPLIER_ID = 1
SUPPLIER_DISTRICT_ID = 2087  # Cengkareng, Kota Jakarta Barat (supplier list, line 565 ff.)
BCA_BANK_ID = 1
BNIS_BANK_ID = 2
CUSTOMER_IDS = {"Angga": 122, "Budi": 123}
SEPATU_MERAH_SKU = "SEP-MER-KhC"  # stock 5, Rp5.000: the one product a first sale can take
SEPATU_PUTIH_SKU = "SEP-PUT-KhX"  # stock 3
OUT_OF_STOCK_SKUS = ("692759578", "JEB-0YCAAA")  # as the doc prints them: stock 0

# GET shop (doc line 361 ff.): phone and address, no district.
SHOP: dict[str, Any] = {
    "id": SHOP_ID,
    "username": "toko123",
    "shop_name": "Tokoku",
    "status": "ACTIVE",
    "class": "PLATINUM",
    "join_date": "2016-01-25",
    "expired_date": "2022-05-01",
    "phone": "08123445566",
    "courier": "JNE, TIKI, POS, SICEPAT, WAHANA, JNT",
    "address": "Indonesia",
    "shipper_status": "NON ACTIVE",
    "note": None,
    "store_front": True,
    "warehouse": True,
    "users": [
        {"id": 1, "email": "juragan@smartseller.co.id", "name": "Juragan"},
        {"id": 2, "email": "admin1@smartseller.co.id", "name": "Admin"},
    ],
    "active_supplier": {
        "id": SUPPLIER_ID,
        "name": "Good Supplier",
        "location": "Malang",
        "phone": "0812345678",
        "address": "JL. ABC No. 123",
        "note": "",
    },
}

# GET user (doc line 262 ff.).
USERS: tuple[dict[str, Any], ...] = (
    {"id": 1, "name": "User One", "email": "user1@example.com"},
    {"id": 2, "name": "User Two", "email": "user2@example.com"},
)

# GET supplier (doc line 565 ff.), the first one: the shop's active supplier.
SUPPLIER: dict[str, Any] = {
    "id": SUPPLIER_ID,
    "name": "Supplier 1",
    "district_id": SUPPLIER_DISTRICT_ID,
    "shipper_id": 4776,
    "district": "Cengkareng",
    "city_id": 151,
    "city": "Kota Jakarta Barat",
    "location": "Cengkareng, Kota Jakarta Barat",
    "phone": "08123456789",
    "address": "JL. ABC",
    "description": "",
    "shipper_status": "ACTIVE",
}

# GET warehouse (doc line 692 ff.).
WAREHOUSES: tuple[dict[str, Any], ...] = (
    {"id": 22, "warehouse": "Warehouse Bandung", "supplier_id": 23518,
     "address": "Bandung Kulon, Kota Bandung"},
    {"id": 30, "warehouse": "Toko Utama", "supplier_id": 23519,
     "address": "Srono, Kabupaten Banyuwangi"},
)

# GET customer-category (doc line 3169 ff.).
CATEGORIES: tuple[dict[str, Any], ...] = (
    {"id": 1, "code": "N", "category_name": "Pelanggan", "status": "ACTIVE",
     "discount_access": True, "wholesale_access": True},
    {"id": 2, "code": "Y", "category_name": "Reseller", "status": "ACTIVE",
     "discount_access": True, "wholesale_access": False},
    {"id": 3, "code": "D", "category_name": "Dropship", "status": "ACTIVE",
     "discount_access": True, "wholesale_access": False},
    {"id": 122, "code": "1", "category_name": "Teman", "status": "ACTIVE",
     "discount_access": True, "wholesale_access": False},
    {"id": 123, "code": "2", "category_name": "Pelanggan Tetap", "status": "ACTIVE",
     "discount_access": True, "wholesale_access": True},
)

# GET bank (the doc's bank list example): no account looks like a cash drawer.
BANKS: tuple[dict[str, Any], ...] = (
    {"bank_id": BCA_BANK_ID, "bank_name": "BCA", "bank_type": "bca", "branch": "Muliyorejo",
     "holder_name": "Budi", "account_number": "12345678",
     "image": "https://ngorder-1.sgp1.digitaloceanspaces.com/bank/bca.svg", "type": "BANK"},
    {"bank_id": BNIS_BANK_ID, "bank_name": "BNIS", "bank_type": "bni", "branch": "Srono",
     "holder_name": "Budi", "account_number": "12345678",
     "image": "https://ngorder-1.sgp1.digitaloceanspaces.com/bank/bnis.svg", "type": "BANK"},
)

_LOGO = "https://ngorder-1.sgp1.digitaloceanspaces.com/courier/{}.png"

# GET expedition (doc line 4092 ff.) and expedition/active (4147 ff.): ids 1 and 44 are
# active. `group`, `base` and the days are the sandbox's own, for `expedition/cost`; they
# never appear on the wire. `listed: False`: accepted in orders, absent from the lists.
EXPEDITIONS: tuple[dict[str, Any], ...] = (
    {"id": 1, "rate_name": "REG", "logistic_name": "JNE", "show_name": "Regular",
     "logo_url": _LOGO.format("jne"), "pickup_available": "AVAILABLE",
     "group": "regular", "active": True, "base": 9000, "min_day": 2, "max_day": 3},
    {"id": 2, "rate_name": "YES", "logistic_name": "JNE", "show_name": "Express",
     "logo_url": _LOGO.format("jne"), "pickup_available": "AVAILABLE",
     "group": "express", "active": False, "base": 18000, "min_day": 1, "max_day": 1},
    {"id": 3, "rate_name": "OKE", "logistic_name": "JNE", "show_name": "Regular",
     "logo_url": _LOGO.format("jne"), "pickup_available": "AVAILABLE",
     "group": "regular", "active": False, "base": 7500, "min_day": 3, "max_day": 5},
    {"id": 4, "rate_name": "CTC", "logistic_name": "JNE", "show_name": "Regular",
     "logo_url": _LOGO.format("jne"), "pickup_available": "AVAILABLE",
     "group": "regular", "active": False, "base": 8000, "min_day": 1, "max_day": 2},
    {"id": 44, "rate_name": "REGPACK", "logistic_name": "Lion Parcel", "show_name": "Regular",
     "logo_url": _LOGO.format("lionparcel"), "pickup_available": "AVAILABLE",
     "group": "regular", "active": True, "base": 7800, "min_day": 2, "max_day": 4},
    {"id": 98, "rate_name": "", "logistic_name": "Ambil di Toko", "show_name": "Ambil di Toko",
     "logo_url": "", "pickup_available": "NOT AVAILABLE", "group": "pickup", "active": True,
     "base": 0, "min_day": 0, "max_day": 0, "listed": False},
    {"id": 99, "rate_name": "", "logistic_name": "Input Manual", "show_name": "Input Manual",
     "logo_url": "", "pickup_available": "NOT AVAILABLE", "group": "manual", "active": True,
     "base": 0, "min_day": 0, "max_day": 0, "listed": False},
)

# GET setting/courier/custom (doc line 6653 ff.).
CUSTOM_COURIERS: tuple[dict[str, Any], ...] = (
    {"id": 1, "name": "KURIR TOKO", "fee": 30000},
    {"id": 2, "name": "INDAH KARGO", "fee": 40000},
)

# GET order-source (the doc's order source list example).
ORDER_SOURCES: tuple[dict[str, Any], ...] = (
    {"id": 12, "marketplace_id": 5, "marketplace_name": "Whatsapp", "note": "085755065637",
     "status": "ACTIVE"},
    {"id": 30, "marketplace_id": 1, "marketplace_name": "Tokopedia", "note": "",
     "status": "ACTIVE"},
    {"id": 475, "marketplace_id": 3, "marketplace_name": "Shopee",
     "note": "Akira Butik & MukenaCantik77", "status": "ACTIVE"},
    {"id": 476, "marketplace_id": 3, "marketplace_name": "Shopee",
     "note": "Baju Branded Original", "status": "ACTIVE"},
    {"id": 477, "marketplace_id": 3, "marketplace_name": "Shopee", "note": "kadocoklat",
     "status": "ACTIVE"},
    {"id": 478, "marketplace_id": 3, "marketplace_name": "Shopee",
     "note": "Deandra Grosir Baju Anak", "status": "ACTIVE"},
)

# GET order-cost (doc line 4662 ff.).
ORDER_COSTS: tuple[dict[str, Any], ...] = (
    {"order_cost_id": "5ee966002dcc1277122556c7", "title": "Diskon Order",
     "category": "OTHER COST", "type": "NOMINAL", "name": "Biaya Lain", "percentage": 0,
     "nominal": 1000},
    {"order_cost_id": "5f08080d89ecff22732f9df2", "title": "Diskon Order",
     "category": "DISCOUNT", "type": "NOMINAL", "name": "Diskon", "percentage": 0,
     "nominal": 10000},
    {"order_cost_id": "5f18e505ff430000f1003b84", "title": "Diskon Order",
     "category": "DISCOUNT", "type": "PERCENTAGE", "name": "Diskon Lagi", "percentage": 50,
     "nominal": 1500},
)

# Rows of the sandbox's tables, in their column order (see demo_data.SCHEMA).
# products: id, name, product_type, category_id, category_name, description, discount,
#           weight, has_variation, created_at
PRODUCTS: tuple[tuple[Any, ...], ...] = (
    (1, "Sepatu", "S", 0, "", "Sepatu Bagus", 0, 100, "Y", "2021-08-09 10:44:08"),
    (736416, "alat Masak [B2]", "S", 20148, "AKSESORI MASAK", "", 0, 750, "N",
     "2020-01-01 00:00:00"),
    (2950570, "Kail Pancing 24", "S", 101554, "", "Kail Pancing murah", 0, 100, "N",
     "2022-08-01 00:00:00"),
)
# variants: id, product_id, sku, size, color, weight, price_buy, price, price_reseller,
#           price1, price2, price3, stock, barcode
VARIANTS: tuple[tuple[Any, ...], ...] = (
    (1, 1, SEPATU_MERAH_SKU, "", "merah", 100, 1000, 5000, 2000, 2000, 2000, 2000, 5, None),
    (2, 1, SEPATU_PUTIH_SKU, "", "putih", 100, 1000, 5000, 2000, 2000, 2000, 2000, 3, None),
    (2425272, 736416, OUT_OF_STOCK_SKUS[0], "", "", 750, 183176, 357000, 357000, 250698,
     266700, 228970, 0, None),
    (10726652, 2950570, OUT_OF_STOCK_SKUS[1], "", "", 100, 6000, 12000, 9000, 12500, 11000,
     10000, 0, None),
)


def _customer_rows() -> list[tuple[Any, ...]]:
    """Angga and Budi (doc line 3441 ff.), their districts found in the region table."""
    district = {row[1]: row[0] for row in region_rows()}
    # customers: id, name, phone, email, address, district_id, postal_code, category, created
    return [
        (CUSTOMER_IDS["Angga"], "Angga", "628212345678", None, "Desa ABC",
         district["Dukuhturi"], "52192", "N", "2021-01-01"),
        (CUSTOMER_IDS["Budi"], "Budi", "628212345678", None, "Jln. ABC",
         district["Mandiraja"], "53473", "N", "2021-01-01"),
    ]


def _reference() -> Iterable[tuple[str, str, int, str]]:
    yield ("shop", str(SHOP_ID), 0, json.dumps(SHOP))
    for kind, rows, key in (
        ("user", USERS, "id"),
        ("supplier", (SUPPLIER,), "id"),
        ("warehouse", WAREHOUSES, "id"),
        ("customer_category", CATEGORIES, "code"),
        ("bank", BANKS, "bank_id"),
        ("expedition", EXPEDITIONS, "id"),
        ("custom_courier", CUSTOM_COURIERS, "id"),
        ("order_source", ORDER_SOURCES, "id"),
        ("order_cost", ORDER_COSTS, "order_cost_id"),
    ):
        for pos, body in enumerate(rows):
            yield (kind, str(body[key]), pos, json.dumps(body))


def generate(db: sqlite3.Connection) -> DemoSummary:
    """Fill an empty sandbox database with the bare shop (one transaction)."""
    create_schema(db)
    regions = region_rows()
    customers = _customer_rows()
    with db:
        db.executemany("INSERT INTO ref VALUES (?, ?, ?, ?)", list(_reference()))
        db.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?, ?)", regions)
        db.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", PRODUCTS)
        db.executemany(
            "INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", VARIANTS
        )
        db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", customers)
        db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("schema", SCHEMA_VERSION), ("shop", SHOP_NAME)],
        )
    return DemoSummary(len(PRODUCTS), len(VARIANTS), len(customers), len(regions))
