"""The sandbox's live state: a SQLite database of the demo shop, and the rules of its API.

Every read and write goes through `SandboxState` under one lock, so the ASGI app can be
served from uvicorn's thread while a test inspects `app.state.sandbox` from its own.
Totals come from `sspos.domain.pricing.price_cart`: the sandbox never prices by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sspos.domain.cart import Cart, CartLine, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo, WholesaleBand
from sspos.domain.money import format_rupiah
from sspos.domain.pricing import PricedCart, band_for, price_cart
from sspos.locks import FileLock
from sspos.sandbox import bare_shop, demo_data
from sspos.sandbox.config import SandboxConfig
from sspos.sandbox.faults import Faults
from sspos.sandbox.validation import FieldErrors, as_bool, as_date, missing, require_int

log = logging.getLogger(__name__)
T = TypeVar("T")

TYPE_DESCRIPTIONS = {"S": "Stok Sendiri", "R": "Stok Supplier", "PO": "Pre Order"}
# Preorder is "P0" (zero) in product endpoints and "PO" in orders (see POS-API-NOTES.md).
PRODUCT_TYPE_WIRE = {"S": "S", "R": "R", "PO": "P0"}
PRODUCT_STATUSES = ("S", "R", "PO")
PAYMENT_STATUSES = ("PAID", "INSTALLMENT", "UNPAID")
COST_CATEGORIES = {
    "DISCOUNT": "DISCOUNT",
    "OTHER COST": "OTHER COST",
    "OTHER_COST": "OTHER COST",
    "INSURANCE": "INSURANCE",
}
DISCOUNT_TYPES = ("NOMINAL", "PERCENTAGE")
SOURCES = ("MOBILE", "WEB")
FIRST_ORDER_ID = 48200001
FIRST_PO_NUMBER = 12001
FIRST_PAYMENT_ID = 1994
MAX_NOTE = 1000
# Island of each province, for shipping zones.
ISLANDS = {
    6: "jawa",
    9: "jawa",
    10: "jawa",
    5: "jawa",
    11: "jawa",
    1: "bali",
    34: "sumatera",
    32: "sumatera",
    28: "sulawesi",
    15: "kalimantan",
}


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


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


class SandboxState:
    """The demo shop and everything done to it through the API."""

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

    # ----------------------------------------------------------------- setup
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
            count = lambda table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
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

    # ------------------------------------------------------------- reference
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

    # -------------------------------------------------------------- products
    _VARIANT_SQL = (
        "SELECT v.*, v.stock + COALESCE((SELECT SUM(w.stock) FROM warehouse_stock w WHERE w.variant_id = v.id), 0)"
        " AS total_stock FROM variants v"
    )

    def _rows_by_product(self, sql: str, product_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
        """Rows of `sql` (with an `IN ({marks})` placeholder) grouped by product id."""
        out: dict[int, list[sqlite3.Row]] = {pid: [] for pid in product_ids}
        if not product_ids:
            return out
        marks = ",".join("?" * len(product_ids))
        for row in self.db.execute(sql.format(marks=marks), product_ids):
            out[row["product_id"]].append(row)
        return out

    def _variants_of(self, product_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
        sql = f"{self._VARIANT_SQL} WHERE v.product_id IN ({{marks}}) ORDER BY v.id"
        return self._rows_by_product(sql, product_ids)

    def _wholesales_of(self, product_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
        sql = "SELECT * FROM wholesales WHERE product_id IN ({marks}) ORDER BY from_qty"
        return self._rows_by_product(sql, product_ids)

    @staticmethod
    def _variant_json(v: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": v["id"],
            "sku": v["sku"],
            "barcode": v["barcode"],
            "image": None,
            "thumbnail": None,
            "weight": v["weight"],
            "size": v["size"],
            "color": v["color"],
            "price_buy": v["price_buy"],
            "price": v["price"],
            "price_reseller": v["price_reseller"],
            "price1": v["price1"],
            "price2": v["price2"],
            "price3": v["price3"],
            "stock_quantity": v["total_stock"],
            "stock": "Y",
        }

    @staticmethod
    def _wholesale_json(w: sqlite3.Row) -> dict[str, Any]:
        return {"id": w["id"], "from": w["from_qty"], "to": w["to_qty"], "price": w["price"]}

    def _product_json(
        self,
        p: sqlite3.Row,
        variants: list[sqlite3.Row],
        wholesales: list[sqlite3.Row],
        detail: bool,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": p["id"],
            "name": p["name"],
            "product_type": PRODUCT_TYPE_WIRE[p["product_type"]],
            "type_description": TYPE_DESCRIPTIONS[p["product_type"]],
            "category_id": p["category_id"],
            "category_name": p["category_name"],
            "description": p["description"],
            "discount": p["discount"],
            "weight": p["weight"],
            "is_warehouse": None,
            "publish_status": "Y",
            "shop_id": self.shop_id,
            "user_id": 1,
            "show_stock": "Y",
            "total_stock": sum(v["total_stock"] for v in variants),
            "wholesale_status": "Y" if wholesales else "N",
            "has_variation": p["has_variation"],
            "image": None,
            "thumbnail": None,
            "created_at": p["created_at"],
            "variations": [self._variant_json(v) for v in variants],
        }
        if detail:
            body["wholesale_prices"] = [self._wholesale_json(w) for w in wholesales]
        else:
            body["wholesales"] = [self._wholesale_json(w) for w in wholesales]
            body["update_access"] = True
            body["warehouse"] = [{"name": "Gudang Utama", "id": 0}]
        return body

    def products_page(
        self,
        *,
        keyword: str | None,
        product_type: str | None,
        category: str | None,
        page: int,
        per_page: int,
    ) -> Page:
        where, params = ["1=1"], []
        if keyword:
            where.append(
                "(lower(p.name) LIKE ? ESCAPE '\\' OR p.id IN (SELECT product_id FROM variants WHERE lower(sku) LIKE ? ESCAPE '\\' OR barcode = ?))"
            )
            params += [_like(keyword), _like(keyword), keyword.strip()]
        if product_type:
            where.append("p.product_type = ?")
            params.append("PO" if product_type.upper() in ("PO", "P0") else product_type.upper())
        if category and category.isdigit():
            where.append("p.category_id = ?")
            params.append(int(category))
        clause = " AND ".join(where)
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(*) FROM products p WHERE {clause}", params
            ).fetchone()[0]
            rows = self.db.execute(
                f"SELECT * FROM products p WHERE {clause} ORDER BY p.id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
            ids = [r["id"] for r in rows]
            variants, wholesales = self._variants_of(ids), self._wholesales_of(ids)
        return Page(
            [self._product_json(r, variants[r["id"]], wholesales[r["id"]], False) for r in rows],
            total,
            page,
            per_page,
        )

    def product_detail(self, product_id: int) -> dict[str, Any]:
        with self.lock:
            row = self.db.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
            if row is None:
                raise NotFound(product_id)
            return self._product_json(
                row,
                self._variants_of([product_id])[product_id],
                self._wholesales_of([product_id])[product_id],
                True,
            )

    def _variant_row(self, variant_id: int) -> sqlite3.Row | None:
        return self.db.execute(
            f"SELECT x.*, p.name AS product_name, p.product_type, p.discount, p.category_id, p.created_at, p.has_variation"
            f" FROM ({self._VARIANT_SQL} WHERE v.id = ?) x JOIN products p ON p.id = x.product_id",
            (variant_id,),
        ).fetchone()

    def variations_page(self, *, keyword: str | None, page: int, per_page: int) -> Page:
        where, params = "1=1", []
        if keyword:
            where = "(lower(p.name) LIKE ? ESCAPE '\\' OR lower(v.sku) LIKE ? ESCAPE '\\' OR v.barcode = ?)"
            params = [_like(keyword), _like(keyword), keyword.strip()]
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE {where}",
                params,
            ).fetchone()[0]
            rows = self.db.execute(
                f"SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE {where} ORDER BY v.id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
            items = [self._variation_json(self._variant_row(r["id"])) for r in rows]
        return Page(items, total, page, per_page)

    def _variation_json(self, v: sqlite3.Row | None) -> dict[str, Any]:
        assert v is not None
        has_wholesale = self.db.execute(
            "SELECT 1 FROM wholesales WHERE product_id = ? LIMIT 1", (v["product_id"],)
        ).fetchone()
        return {
            "variation_id": v["id"],
            "product_id": v["product_id"],
            "name": v["product_name"],
            "product_type": PRODUCT_TYPE_WIRE[v["product_type"]],
            "type_description": TYPE_DESCRIPTIONS[v["product_type"]],
            "preorder_title": None,
            "publish_status": "Y",
            "stock_quantity": v["total_stock"],
            "sku": v["sku"],
            "barcode": v["barcode"],
            "image": None,
            "thumbnail": None,
            "discount": v["discount"],
            "color": v["color"],
            "size": v["size"],
            "weight": v["weight"],
            "category_id": v["category_id"],
            "created_at": v["created_at"],
            "price": v["price"],
            "price1": v["price1"],
            "price2": v["price2"],
            "price3": v["price3"],
            "price_reseller": v["price_reseller"],
            "price_buy": v["price_buy"],
            "wholesale_status": "Y" if has_wholesale else "N",
            "is_warehouse": 0,
            "warehouse_stock": None,
            "promo": [],
        }

    def check_stock(self, variant_id: int, warehouse_id: int | None) -> dict[str, Any]:
        with self.lock:
            v = self._variant_row(variant_id)
            if v is None:
                raise NotFound(variant_id)
            stock = (
                v["total_stock"]
                if warehouse_id is None
                else self._stock_in(variant_id, warehouse_id)
            )
        return {
            "stock": stock,
            "price": v["price"],
            "price_reseller": v["price_reseller"],
            "price_dropship": v["price_reseller"],
            "price1": v["price1"],
            "price2": v["price2"],
            "price3": v["price3"],
        }

    def _stock_in(self, variant_id: int, warehouse_id: int) -> int:
        if warehouse_id == demo_data.MAIN_WAREHOUSE_ID:
            row = self.db.execute(
                "SELECT stock FROM variants WHERE id = ?", (variant_id,)
            ).fetchone()
        else:
            row = self.db.execute(
                "SELECT stock FROM warehouse_stock WHERE variant_id = ? AND warehouse_id = ?",
                (variant_id, warehouse_id),
            ).fetchone()
        return int(row[0]) if row else 0

    def warehouse_stock(self, variant_id: int) -> list[dict[str, Any]]:
        with self.lock:
            if self._variant_row(variant_id) is None:
                raise NotFound(variant_id)
            return [
                {
                    "warehouse_id": w["id"],
                    "name": w["warehouse"],
                    "stock": self._stock_in(variant_id, w["id"]),
                }
                for w in self.warehouses(with_main=True)
            ]

    def variant_stock(self, variant_id: int) -> int:
        """Total stock of a variant over all warehouses (for tests and drills)."""
        with self.lock:
            v = self._variant_row(variant_id)
            if v is None:
                raise NotFound(variant_id)
            return int(v["total_stock"])

    def wholesale_minimum(self, product_id: int) -> dict[str, Any]:
        with self.lock:
            if (
                self.db.execute("SELECT 1 FROM products WHERE id = ?", (product_id,)).fetchone()
                is None
            ):
                raise NotFound(product_id)
            row = self.db.execute(
                "SELECT MIN(from_qty) FROM wholesales WHERE product_id = ?", (product_id,)
            ).fetchone()
        return {"product_id": product_id, "minimum_quantity": row[0] or 0}

    def wholesale_price(self, variant_id: int, qty: int) -> dict[str, Any]:
        with self.lock:
            v = self._variant_row(variant_id)
            if v is None:
                raise NotFound(variant_id)
            bands = tuple(
                WholesaleBand(w["from_qty"], w["to_qty"], w["price"])
                for w in self._wholesales_of([v["product_id"]])[v["product_id"]]
            )
        band = band_for(bands, qty)
        return {
            "variation_id": variant_id,
            "quantity": str(qty),
            "price": band.price if band else v["price"],
        }

    def variant_info(self, variant_id: int) -> VariantInfo | None:
        """The domain's view of one variant, built from the tables."""
        with self.lock:
            v = self._variant_row(variant_id)
            if v is None:
                return None
            bands = tuple(
                WholesaleBand(w["from_qty"], w["to_qty"], w["price"])
                for w in self._wholesales_of([v["product_id"]])[v["product_id"]]
            )
        variant_name = " / ".join(x for x in (v["color"], v["size"]) if x)
        tiers = {str(k): v[f"price{k}"] for k in (1, 2, 3) if v[f"price{k}"]}
        return VariantInfo(
            variant_id=v["id"],
            product_id=v["product_id"],
            product_name=v["product_name"],
            variant_name=variant_name,
            sku=v["sku"],
            price=v["price"],
            price_reseller=v["price_reseller"],
            tier_prices=tiers,
            discount=v["discount"] or 0,
            weight=v["weight"] or 0,
            product_status=v["product_type"],
            stock=v["total_stock"],
            cost_price=v["price_buy"] or 0,
            wholesale=bands,
            barcode=v["barcode"],
        )

    # ------------------------------------------------------- customers, regions
    def region(self, region_id: int) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute("SELECT * FROM regions WHERE id = ?", (region_id,)).fetchone()

    @staticmethod
    def _region_json(r: sqlite3.Row) -> dict[str, Any]:
        return {
            "_id": hashlib.md5(str(r["id"]).encode()).hexdigest()[:24],
            "id": r["id"],
            "subdistrict": r["subdistrict"],
            "district": {"id": r["city_id"], "name": r["city"]},
            "province": {"id": r["province_id"], "name": r["province"]},
            "fullname": f"{r['subdistrict']}, {r['city']}, {r['province']}",
            "postal_code": [r["postal_code"]],
        }

    def regions_page(self, *, keyword: str | None, page: int, per_page: int) -> Page:
        where, params = "1=1", []
        if keyword:
            where = "(lower(subdistrict) LIKE ? ESCAPE '\\' OR lower(city) LIKE ? ESCAPE '\\' OR lower(province) LIKE ? ESCAPE '\\')"
            params = [_like(keyword)] * 3
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(*) FROM regions WHERE {where}", params
            ).fetchone()[0]
            rows = self.db.execute(
                f"SELECT * FROM regions WHERE {where} ORDER BY id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
        return Page([self._region_json(r) for r in rows], total, page, per_page)

    def _customer_json(self, c: sqlite3.Row) -> dict[str, Any]:
        region = self.db.execute(
            "SELECT * FROM regions WHERE id = ?", (c["district_id"],)
        ).fetchone()
        category = self.categories().get(c["category_code"], {})
        full = c["address"] or ""
        if region is not None:
            full = f"{full}, {region['city'].upper()}, {region['subdistrict'].upper()}, {region['province'].upper()}, ID, {c['postal_code']}"
        return {
            "id": c["id"],
            "name": c["name"],
            "name_initial": (c["name"][:1] or "").upper(),
            "phone": c["phone"],
            "address": full,
            "sub_address": c["address"],
            "postal_code": c["postal_code"],
            "district": region["subdistrict"] if region else None,
            "district_id": c["district_id"],
            "city": region["city"] if region else None,
            "city_id": region["city_id"] if region else None,
            "province": region["province"] if region else None,
            "province_id": region["province_id"] if region else None,
            "email": c["email"],
            "line": None,
            "other": None,
            "category_code": c["category_code"],
            "category": category.get("category_name"),
        }

    def customer_row(self, customer_id: int) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute(
                "SELECT * FROM customers WHERE id = ?", (customer_id,)
            ).fetchone()

    def customer(self, customer_id: int) -> dict[str, Any] | None:
        with self.lock:
            row = self.customer_row(customer_id)
            return self._customer_json(row) if row else None

    def customers_page(
        self,
        *,
        keyword: str | None,
        search_type: str,
        category: str | None,
        page: int,
        per_page: int,
    ) -> Page:
        where, params = ["1=1"], []
        if keyword:
            column = {"NAME": "name", "EMAIL": "email", "PHONE": "phone", "ADDRESS": "address"}[
                search_type
            ]
            where.append(f"lower(COALESCE({column}, '')) LIKE ? ESCAPE '\\'")
            params.append(_like(keyword))
        if category:
            where.append("category_code = ?")
            params.append(category)
        clause = " AND ".join(where)
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(*) FROM customers WHERE {clause}", params
            ).fetchone()[0]
            rows = self.db.execute(
                f"SELECT * FROM customers WHERE {clause} ORDER BY id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
            items = [self._customer_json(r) for r in rows]
        return Page(items, total, page, per_page)

    def create_customer(self, body: dict[str, Any], lang: str) -> dict[str, Any]:
        errors = FieldErrors(lang)
        for key in ("name", "phone", "address", "category"):
            value = body.get(key)
            if missing(value):
                errors.add(key, "required")
            elif not isinstance(value, (str, int)) or isinstance(value, bool):
                errors.add(key, "string")
        name = body.get("name")
        if isinstance(name, str) and len(name) > 100:
            errors.add("name", "max_length", max=100)
        phone = str(body.get("phone") or "").strip()
        if phone and not phone.lstrip("+").isdigit():
            errors.add("phone", "integer")
        district_id = require_int(errors, body, "district_id")
        if district_id is not None and self.region(district_id) is None:
            errors.add("district_id", "exists")
        category = body.get("category")
        if isinstance(category, str) and category and category not in self.categories():
            errors.add("category", "exists")
        is_active = body.get("is_active", "Y")
        if is_active not in ("Y", "N", "R", "T"):
            errors.add("is_active", "in")
        if errors:
            raise Invalid(errors.errors)
        region = self.region(district_id)  # type: ignore[arg-type]
        postal = str(body.get("postal_code") or (region["postal_code"] if region else ""))
        with self.lock, self.db:
            new_id = self.db.execute("SELECT MAX(id) FROM customers").fetchone()[0] + 1
            self.db.execute(
                "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_id,
                    str(name).strip(),
                    phone,
                    body.get("email"),
                    str(body["address"]).strip(),
                    district_id,
                    postal,
                    category,
                    self.now().date().isoformat(),
                ),
            )
        return {"customer_id": new_id, "name": str(name).strip()}

    def customer_order_history(
        self, customer_id: int, *, start: date | None, end: date | None, page: int, per_page: int
    ) -> tuple[Page, dict[str, int]]:
        if self.customer_row(customer_id) is None:
            raise NotFound(customer_id)
        where, params = ["sender_id = ?", "status != 'CANCELED'"], [customer_id]
        if start:
            where.append("order_date >= ?")
            params.append(start.isoformat())
        if end:
            where.append("order_date <= ?")
            params.append(end.isoformat())
        clause = " AND ".join(where)
        with self.lock:
            rows = self.db.execute(
                f"SELECT body FROM orders WHERE {clause} ORDER BY id DESC", params
            ).fetchall()
        orders = [json.loads(r["body"]) for r in rows]
        items_total = sum(sum(p["quantity"] for p in o["products"]) for o in orders)
        chunk = orders[(page - 1) * per_page : page * per_page]
        data = [
            {
                "order_id": o["order_id"],
                "po_number": o["po_number"],
                "date": o["created_at"],
                "total_price": o["total_amount"],
                "product_status": o["product_status"],
                "order_detail": [
                    {"product_name": p["name"], "total": f" {p['quantity']}"} for p in o["products"]
                ],
                "items": sum(p["quantity"] for p in o["products"]),
            }
            for o in chunk
        ]
        return Page(data, len(orders), page, per_page), {
            "items": items_total,
            "orders": len(orders),
        }

    # --------------------------------------------------------------- shipping
    def _zone(self, origin: sqlite3.Row, destination: sqlite3.Row) -> int:
        if origin["city_id"] == destination["city_id"]:
            return 0
        if origin["province_id"] == destination["province_id"]:
            return 1
        if ISLANDS.get(origin["province_id"]) == ISLANDS.get(destination["province_id"]):
            return 2
        return 3

    def expedition_cost(
        self, origin_id: int, destination_id: int, weight_grams: int, price: int | None, lang: str
    ) -> dict[str, Any]:
        """Deterministic rates per courier from the districts' zone and the weight."""
        errors = FieldErrors(lang)
        origin, destination = self.region(origin_id), self.region(destination_id)
        if origin is None:
            errors.add("origin_id", "exists")
        if destination is None:
            errors.add("destination_id", "exists")
        if errors:
            raise Invalid(errors.errors)
        assert origin is not None and destination is not None
        zone = self._zone(origin, destination)
        kg = max(1, math.ceil(weight_grams / 1000))
        factors = (0.6, 1.0, 1.6, 2.6)
        groups: dict[str, list[dict[str, Any]]] = {"regular": [], "express": [], "trucking": []}
        for exp in self.ref("expedition"):
            group = exp["group"]
            if group not in groups or not exp["active"]:
                continue
            billed = max(kg, 10) if group == "trucking" else kg
            # A small per-route spread keeps couriers from tying, but stays deterministic.
            spread = (
                int(
                    hashlib.md5(f"{exp['id']}:{origin_id}:{destination_id}".encode()).hexdigest()[
                        :4
                    ],
                    16,
                )
                % 7
            )
            rate = int(
                math.ceil(exp["base"] * factors[zone] * billed * (1 + spread / 100) / 500) * 500
            )
            groups[group].append(
                {
                    "name": exp["logistic_name"],
                    "logo_url": exp["logo_url"],
                    "rate_id": exp["id"],
                    "show_id": exp["id"],
                    "rate_name": exp["rate_name"],
                    "stop_origin": origin_id,
                    "stop_destination": destination_id,
                    "weight": kg,
                    "volumeWeight": 0,
                    "finalWeight": billed,
                    "itemPrice": price or 0,
                    "item_price": price or 0,
                    "finalRate": rate,
                    "insuranceRate": math.ceil((price or 0) * 0.003),
                    "compulsory_insurance": 0,
                    "liability": 0,
                    "discount": 0,
                    "min_day": exp["min_day"] + zone,
                    "max_day": exp["max_day"] + zone,
                    "pickup_agent": 1,
                    "is_pickup_available": 1,
                }
            )
        for rows in groups.values():
            rows.sort(key=lambda r: (r["finalRate"], r["rate_id"]))
        describe = lambda r: f"{r['subdistrict']}, {r['city']}, {r['province']}"
        return {
            "status": {"code": 1, "message": "Success"},
            "data": groups,
            "meta": {
                "origin": {
                    "area_id": str(origin_id),
                    "district_id": str(origin_id),
                    "desc": describe(origin),
                },
                "destination": {
                    "area_id": str(destination_id),
                    "district_id": str(destination_id),
                    "desc": describe(destination),
                },
                "weight": {"total": str(kg), "type": "Kg"},
                "is_shipper_api": False,
                "use_cod": False,
            },
        }

    def tracking(self, awb_number: str, order_id: int | None) -> dict[str, Any]:
        """A plausible history for an AWB the sandbox knows, unfolding with the clock."""
        with self.lock:
            sql, params = "SELECT body FROM orders WHERE awb_number = ?", [awb_number]
            if order_id is not None:
                sql += " AND id = ?"
                params.append(order_id)
            row = self.db.execute(sql, params).fetchone()
        if row is None:
            raise NotFound(awb_number)
        order = json.loads(row["body"])
        start = datetime.fromisoformat(order["awb_updated_at"])
        origin_city = self.shop_supplier().get("city") or "Asal"
        city = order.get("receiver_city") or "Tujuan"
        steps = (
            (0, "PICKREQ", f"Terima permintaan pick up dari [{order['origin_name']}]"),
            (2, "IN", f"Paket telah di input (manifested) di {origin_city}"),
            (5, "OUT", f"Paket keluar dari {origin_city}"),
            (16, "IN", f"Paket telah di terima di {city}"),
            (20, "ANT", f"Paket dibawa [SIGESIT - {order['receiver_name'][:20]}]"),
            (
                23,
                "DELIVERED",
                f"Paket diterima oleh [{order['receiver_name'][:20]} - (YBS) Yang Bersangkutan]",
            ),
        )
        now = self.now().replace(tzinfo=None)
        history = [
            {
                "date": (start + timedelta(hours=h)).strftime("%Y-%m-%d %H:%M:%S"),
                "desc": desc,
                "location": loc,
            }
            for h, desc, loc in steps
            if start + timedelta(hours=h) <= now or h == 0
        ]
        delivered = history[-1]["desc"] == "DELIVERED"
        return {
            "awb_number": awb_number,
            "rate_name": order["shipping_rate"],
            "delivery_date": history[0]["date"][:16],
            "delivery_time": history[0]["date"][:16],
            "weight": max(1, math.ceil(order["weight"] / 1000)),
            "sender_name": order["sender_name"],
            "origin_city": origin_city,
            "receiver_name": order["receiver_name"],
            "receiver_address": order["receiver_address"],
            "receiver_city": city,
            "status": "DELIVERED" if delivered else "ON PROCESS",
            "consignees_name": order["receiver_name"] if delivered else None,
            "date_received": history[-1]["date"][:10] if delivered else None,
            "time_received": history[-1]["date"][11:16] if delivered else None,
            "history": history,
            "logistic_name": order["shipping_logistic"],
        }

    # ------------------------------------------------------------------ orders
    def create_order(self, body: Any, lang: str) -> dict[str, Any]:
        """Validate, price (via the domain), store; returns {"order_id", "po_number"}."""
        errors = FieldErrors(lang)
        if not isinstance(body, dict):
            raise Invalid({"body": ["The request body must be a JSON object."]})
        sender_id = require_int(errors, body, "customer_sender_id")
        receiver_id = require_int(errors, body, "customer_receiver_id")
        sender = self.customer_row(sender_id) if sender_id is not None else None
        receiver = self.customer_row(receiver_id) if receiver_id is not None else None
        if sender_id is not None and sender is None:
            errors.add("customer_sender_id", "exists")
        if receiver_id is not None and receiver is None:
            errors.add("customer_receiver_id", "exists")
        supplier_id = require_int(errors, body, "supplier_id")
        supplier = self.ref_one("supplier", supplier_id) if supplier_id is not None else None
        if supplier_id is not None and supplier is None:
            errors.add("supplier_id", "exists")
        order_date = None
        if missing(body.get("order_date")):
            errors.add("order_date", "required")
        else:
            order_date = as_date(body.get("order_date"))
            if order_date is None:
                errors.add("order_date", "date_format", format="Y-m-d")
        source_id = require_int(errors, body, "order_source_id", required=False)
        source = self.ref_one("order_source", source_id) if source_id is not None else None
        if source_id is not None and source is None:
            errors.add("order_source_id", "exists")
        if "is_print" not in body or body.get("is_print") is None:
            errors.add("is_print", "required")
        elif as_bool(body.get("is_print")) is None:
            errors.add("is_print", "boolean")
        note = body.get("note")
        if note is not None and not isinstance(note, str):
            errors.add("note", "string")
        elif isinstance(note, str) and len(note) > MAX_NOTE:
            errors.add("note", "max_length", max=MAX_NOTE)
        awb = body.get("awb_number")
        if awb is not None and not isinstance(awb, str):
            errors.add("awb_number", "string")
        source_platform = body.get("source")
        if missing(source_platform):
            errors.add("source", "required")
        elif source_platform not in SOURCES:
            errors.add("source", "in")

        lines = self._validate_products(errors, body.get("products"))
        shipping = self._validate_expedition(errors, body.get("expedition"))
        costs = self._validate_costs(errors, body.get("order_cost"))
        payment = self._validate_payment(errors, body.get("payment"), lines)
        if errors:
            raise Invalid(errors.errors)
        assert (
            sender is not None
            and receiver is not None
            and supplier is not None
            and order_date is not None
        )
        assert shipping is not None and payment is not None

        category_row = self.categories().get(sender["category_code"]) or self.categories()["N"]
        category = CustomerCategory(
            category_row["code"],
            category_row["category_name"],
            bool(category_row["wholesale_access"]),
            bool(category_row["discount_access"]),
        )
        cart = Cart(
            lines=[
                CartLine(variant=info, qty=qty, warehouse_id=wh, discount=disc)
                for (_, info, qty, wh, disc, _) in lines
            ],
            sender=self._domain_customer(sender),
            receiver=self._domain_customer(receiver) if receiver_id != sender_id else None,
            costs=costs,
            shipping=shipping,
            note=note or "",
            order_source_id=source_id,
        )
        priced = price_cart(cart, category)
        status, amount = payment["status"], payment["amount"]
        if status == "PAID" and amount < priced.total:
            errors.add("payment.amount", "paid_amount", total=priced.total)
        if status == "INSTALLMENT" and amount > priced.total:
            errors.add("payment.amount", "installment_amount", total=priced.total)
        if errors:
            raise Invalid(errors.errors)

        with self.lock:
            # Stock is checked again under the lock, just before it is taken.
            self._check_stock(errors, lines)
            if errors:
                raise Invalid(errors.errors)
            with self.db:
                return self._store_order(
                    body,
                    sender,
                    receiver,
                    supplier,
                    source,
                    order_date,
                    lines,
                    priced,
                    payment,
                    cart,
                )

    def _domain_customer(self, row: sqlite3.Row) -> Customer:
        return Customer(
            customer_id=row["id"],
            name=row["name"],
            category_code=row["category_code"],
            phone=row["phone"] or "",
            address=row["address"] or "",
            district_id=row["district_id"],
            postal_code=row["postal_code"] or "",
        )

    def _validate_products(
        self, errors: FieldErrors, products: Any
    ) -> list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]]:
        out: list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]] = []
        if missing(products):
            errors.add("products", "required")
            return out
        if not isinstance(products, list):
            errors.add("products", "array")
            return out
        warehouses = self.warehouse_ids()
        for i, item in enumerate(products):
            base = f"products.{i}"
            if not isinstance(item, dict):
                errors.add(base, "object")
                continue
            variant_id = require_int(errors, item, "id", f"{base}.id")
            info = self.variant_info(variant_id) if variant_id is not None else None
            if variant_id is not None and info is None:
                errors.add(f"{base}.id", "exists")
            qty = require_int(errors, item, "qty", f"{base}.qty", minimum=1)
            status_raw = item.get("product_status")
            status: str | None = None
            if missing(status_raw):
                errors.add(f"{base}.product_status", "required")
            elif not isinstance(status_raw, str) or status_raw.strip().upper() not in (
                *PRODUCT_STATUSES,
                "P0",
            ):
                errors.add(f"{base}.product_status", "in")
            else:
                status = "PO" if status_raw.strip().upper() == "P0" else status_raw.strip().upper()
                if info is not None and status != info.product_status:
                    errors.add(
                        f"{base}.product_status", "status_mismatch", values=info.product_status
                    )
                    status = None
            warehouse_id = require_int(
                errors, item, "warehouse_id", f"{base}.warehouse_id", required=False
            )
            if warehouse_id is not None and warehouse_id not in warehouses:
                errors.add(f"{base}.warehouse_id", "exists")
                warehouse_id = None
            discount = self._line_discount(errors, item, base)
            if info is not None and qty is not None and status is not None:
                out.append((i, info, qty, warehouse_id, discount, status))
        return out

    def _line_discount(
        self, errors: FieldErrors, item: dict[str, Any], base: str
    ) -> LineDiscount | None:
        kind = item.get("type")
        if missing(kind):
            return None
        if kind not in DISCOUNT_TYPES:
            errors.add(f"{base}.type", "in")
            return None
        key = "nominal" if kind == "NOMINAL" else "percentage"
        if missing(item.get(key)):
            errors.add(f"{base}.{key}", "required_if", other=f"{base}.type", value=kind)
            return None
        value = require_int(errors, item, key, f"{base}.{key}", minimum=0)
        if value is None:
            return None
        if kind == "PERCENTAGE" and value > 100:
            errors.add(f"{base}.{key}", "max", max=100)
            return None
        return LineDiscount(kind, value)

    def _check_stock(
        self,
        errors: FieldErrors,
        lines: list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]],
    ) -> None:
        taken: dict[tuple[int, int], int] = {}
        for i, info, qty, warehouse_id, _, status in lines:
            if status != "S":
                continue
            key = (info.variant_id, warehouse_id or demo_data.MAIN_WAREHOUSE_ID)
            available = self._stock_in(*key) - taken.get(key, 0)
            if qty > available:
                errors.add(f"products.{i}.qty", "stock", stock=max(available, 0))
            taken[key] = taken.get(key, 0) + qty

    def _validate_expedition(self, errors: FieldErrors, exp: Any) -> Shipping | None:
        if missing(exp):
            errors.add("expedition", "required")
            return None
        if not isinstance(exp, dict):
            errors.add("expedition", "object")
            return None
        exp_id = require_int(errors, exp, "id", "expedition.id")
        known = self.expedition(exp_id) if exp_id is not None else None
        if exp_id is not None and known is None:
            errors.add("expedition.id", "exists")
        rate = require_int(errors, exp, "rate", "expedition.rate", minimum=0)
        name = exp.get("name")
        if missing(name):
            errors.add("expedition.name", "required")
        elif not isinstance(name, str):
            errors.add("expedition.name", "string")
        if "auto_pickup" not in exp or exp.get("auto_pickup") is None:
            errors.add("expedition.auto_pickup", "required")
        elif as_bool(exp.get("auto_pickup")) is None:
            errors.add("expedition.auto_pickup", "boolean")
        if known is None or rate is None or not isinstance(name, str) or not name:
            return None
        return Shipping(
            expedition_id=exp_id,
            name=name,
            rate=rate,
            service=known["rate_name"],
            auto_pickup=bool(as_bool(exp.get("auto_pickup"))),
        )  # type: ignore[arg-type]

    def _validate_costs(self, errors: FieldErrors, costs: Any) -> list[OrderCost]:
        out: list[OrderCost] = []
        if costs is None:
            return out
        if not isinstance(costs, list):
            errors.add("order_cost", "array")
            return out
        for i, item in enumerate(costs):
            base = f"order_cost.{i}"
            if not isinstance(item, dict):
                errors.add(base, "object")
                continue
            name = item.get("name")
            if missing(name):
                errors.add(f"{base}.name", "required")
            elif not isinstance(name, str):
                errors.add(f"{base}.name", "string")
            category = item.get("category")
            if missing(category):
                errors.add(f"{base}.category", "required")
            elif category not in COST_CATEGORIES:
                errors.add(f"{base}.category", "in")
            kind = item.get("type")
            value = None
            if missing(kind):
                errors.add(f"{base}.type", "required")
            elif kind not in DISCOUNT_TYPES:
                errors.add(f"{base}.type", "in")
            else:
                key = "nominal" if kind == "NOMINAL" else "percentage"
                if missing(item.get(key)):
                    errors.add(f"{base}.{key}", "required_if", other=f"{base}.type", value=kind)
                else:
                    value = require_int(errors, item, key, f"{base}.{key}", minimum=0)
                    if value is not None and kind == "PERCENTAGE" and value > 100:
                        errors.add(f"{base}.{key}", "max", max=100)
                        value = None
            if isinstance(name, str) and name and category in COST_CATEGORIES and value is not None:
                out.append(
                    OrderCost(name=name, category=COST_CATEGORIES[category], type=kind, value=value)
                )  # type: ignore[arg-type]
        return out

    def _validate_payment(
        self,
        errors: FieldErrors,
        payment: Any,
        lines: list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]],
    ) -> dict[str, Any] | None:
        if missing(payment):
            errors.add("payment", "required")
            return None
        if not isinstance(payment, dict):
            errors.add("payment", "object")
            return None
        status = payment.get("status")
        result: dict[str, Any] = {
            "status": status,
            "date": None,
            "bank_id": None,
            "amount": 0,
            "cogs": None,
        }
        ok = True
        if missing(status):
            errors.add("payment.status", "required")
            ok = False
        elif status not in PAYMENT_STATUSES:
            errors.add("payment.status", "in")
            ok = False
        elif status in ("PAID", "INSTALLMENT"):
            if missing(payment.get("date")):
                errors.add("payment.date", "required_if", other="payment.status", value=status)
                ok = False
            else:
                result["date"] = as_date(payment.get("date"))
                if result["date"] is None:
                    errors.add("payment.date", "date_format", format="Y-m-d")
                    ok = False
            if missing(payment.get("bank_id")):
                errors.add("payment.bank_id", "required_if", other="payment.status", value=status)
                ok = False
            else:
                bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
                if bank_id is not None and self.ref_one("bank", bank_id) is None:
                    errors.add("payment.bank_id", "exists")
                    bank_id = None
                ok = ok and bank_id is not None
                result["bank_id"] = bank_id
            if missing(payment.get("amount")):
                errors.add("payment.amount", "required_if", other="payment.status", value=status)
                ok = False
            else:
                amount = require_int(errors, payment, "amount", "payment.amount", minimum=1)
                ok = ok and amount is not None
                result["amount"] = amount or 0
        else:  # UNPAID: a bank given anyway must still exist
            if not missing(payment.get("bank_id")):
                bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
                if bank_id is not None and self.ref_one("bank", bank_id) is None:
                    errors.add("payment.bank_id", "exists")
        first_r = next((i for i, _, _, _, _, status_ in lines if status_ == "R"), None)
        if first_r is not None:
            if missing(payment.get("cost_of_goods_sales")):
                errors.add(
                    "payment.cost_of_goods_sales",
                    "required_if",
                    other=f"products.{first_r}.product_status",
                    value="R",
                )
                ok = False
            else:
                result["cogs"] = require_int(
                    errors, payment, "cost_of_goods_sales", "payment.cost_of_goods_sales", minimum=0
                )
                ok = ok and result["cogs"] is not None
        elif not missing(payment.get("cost_of_goods_sales")):
            result["cogs"] = require_int(
                errors, payment, "cost_of_goods_sales", "payment.cost_of_goods_sales", minimum=0
            )
        return result if ok else None

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

    def commit_later(self, delay: float, commit: Callable[[], T]) -> asyncio.Future[T]:
        """`commit()` after `delay` seconds (on the faults' clock), in a task of its own, so
        a client hanging up cannot stop it: the slow-before-commit fault."""

        async def later() -> T:
            await self.faults.sleep(delay)
            return commit()

        task = asyncio.ensure_future(later())
        self.pending_commits.add(task)
        task.add_done_callback(self._commit_done)
        return task

    def _commit_done(self, task: asyncio.Future[Any]) -> None:
        self.pending_commits.discard(task)
        if not task.cancelled() and task.exception() is not None:  # e.g. an invalid order
            log.info("slow commit failed: %s", task.exception())

    def _store_order(
        self,
        body: dict[str, Any],
        sender: sqlite3.Row,
        receiver: sqlite3.Row,
        supplier: dict[str, Any],
        source: dict[str, Any] | None,
        order_date: date,
        lines: list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]],
        priced: PricedCart,
        payment: dict[str, Any],
        cart: Cart,
    ) -> dict[str, Any]:
        order_id, po_number = self._next_ids()
        now = self.now()
        created = f"{order_date.isoformat()} {now.strftime('%H:%M:%S')}"
        status = payment["status"]
        paid = min(payment["amount"], priced.total) if status in ("PAID", "INSTALLMENT") else 0
        if status == "INSTALLMENT" and paid >= priced.total:
            status = "PAID"
        exp = self.expedition(cart.shipping.expedition_id)  # type: ignore[union-attr]
        sender_json, receiver_json = self._customer_json(sender), self._customer_json(receiver)
        insurance = sum(c.amount for c in priced.costs if c.cost.category == "INSURANCE")
        wh_names = {w["id"]: w["warehouse"] for w in self.warehouses(with_main=True)}
        products = []
        for (_, info, qty, wh, _, pstatus), pl in zip(lines, priced.lines):
            v = self._variant_row(info.variant_id)
            products.append(
                {
                    "product_meta_id": info.variant_id,
                    "product_id": info.product_id,
                    "product_type": pstatus,
                    "type_description": TYPE_DESCRIPTIONS[pstatus],
                    "sku": info.sku,
                    "name": info.product_name,
                    "price": pl.unit_price,
                    "tier_price": pl.tier_price,
                    "quantity": qty,
                    "thumbnail_url": None,
                    "color": v["color"] if v else "",
                    "size": v["size"] if v else "",
                    "weight": info.weight,
                    "discount": pl.line_discount or None,
                    "total": pl.total,
                    "cost_of_goods_sold": info.cost_price,
                    "warehouse_id": wh,
                }
            )
        cogs = payment["cogs"] if payment["cogs"] is not None else 0
        statuses = {p["product_type"] for p in products}
        order = {
            "order_id": order_id,
            "po_number": po_number,
            "update_permission": True,
            "username": "Juragan",
            "invoice": f"INV.{order_date.strftime('%Y.%m.%d')}.{po_number}",
            "shop_id": self.shop_id,
            "order_date": created,
            "sender_id": sender["id"],
            "sender_name": sender["name"],
            "sender_category": (
                self.categories().get(sender["category_code"], {}).get("category_name") or ""
            ).upper(),
            "sender_category_code": sender["category_code"],
            "sender_address": sender_json["address"],
            "sender_phone": sender["phone"],
            "print_sender_info": {"name": sender["name"], "phone": sender["phone"]},
            "receiver_id": receiver["id"],
            "receiver_name": receiver["name"],
            "receiver_sub_address": receiver["address"],
            "receiver_district": receiver_json["district"],
            "receiver_district_id": receiver["district_id"],
            "receiver_city": receiver_json["city"],
            "receiver_postal_code": receiver["postal_code"],
            "receiver_province": receiver_json["province"],
            "receiver_address": receiver_json["address"],
            "receiver_phone": receiver["phone"],
            "subtotal": priced.subtotal,
            "total_amount": priced.total,
            "insurance": insurance,
            "discount_percentage": 0,
            "discount_amount": priced.discount_total,
            "remaining_amount": priced.total - paid,
            "paid_amount": paid,
            "other_cost_desc": ", ".join(
                c.cost.name for c in priced.costs if c.cost.category == "OTHER COST"
            ),
            "shipping_id": cart.shipping.expedition_id,
            "shipping_rate": exp["rate_name"] if exp else "",  # type: ignore[union-attr]
            "shipping_logistic": exp["logistic_name"] if exp else cart.shipping.name,
            "shipping_name": cart.shipping.name,  # type: ignore[union-attr]
            "shipping_cost": priced.shipping,
            "shipping_promo_discount_nominal": None,
            "weight": cart.total_weight,
            "note": body.get("note"),
            "origin_name": supplier["name"],
            "origin_address": supplier["address"],
            "order_source_id": source["id"] if source else None,
            "order_source": f"{source['marketplace_name']} {source['note']}".strip()
            if source
            else "",
            "other_cost_amount": priced.cost_total - insurance,
            "order_status": "ACCEPT",
            "order_category": "APP",
            "payment_status": status,
            "payment_date": payment["date"].isoformat()
            if status != "UNPAID" and payment["date"]
            else None,
            "bank_id": payment["bank_id"],
            "bank_name": (self.ref_one("bank", payment["bank_id"]) or {}).get("bank_name")
            if payment["bank_id"]
            else None,
            "products": products,
            "shopee": None,
            "created_by_name": "Juragan",
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S"),
            "updated_by_name": "",
            "updated_at": None,
            "awb_number": body.get("awb_number") or None,
            "awb_updated_at": now.strftime("%Y-%m-%dT%H:%M:%S") if body.get("awb_number") else None,
            "marketplace_awb": body.get("marketplace_awb"),
            "product_status": "R" if "R" in statuses else ("PO" if "PO" in statuses else "S"),
            "cost_of_goods_sales": cogs,
            "order_cost": [
                {
                    "category": c.cost.category,
                    "description": c.cost.name,
                    "name": c.cost.name,
                    "type": c.cost.type,
                    "nominal": abs(c.amount),
                    "percentage": c.cost.value if c.cost.type == "PERCENTAGE" else 0,
                    "is_percentage": c.cost.type == "PERCENTAGE",
                }
                for c in priced.costs
            ]
            or None,
            "warehouse_name": wh_names.get(lines[0][3])
            if lines and lines[0][3] is not None
            else None,
            "cod_status": False,
            "is_request_pickup": bool(cart.shipping.auto_pickup),
            "is_preorder": "PO" in statuses,  # type: ignore[union-attr]
            "preorder_due_date": None,
            "manual_mark_delivered": False,
            "is_print": bool(as_bool(body.get("is_print"))),
            "source": body.get("source"),
        }
        order["order_progress_status"], order["order_progress_message"] = _progress(order)
        for _, info, qty, wh, _, pstatus in lines:
            if pstatus == "S":
                self._move_stock(info.variant_id, wh, -qty)
        if paid:
            self._insert_payment(order_id, payment["bank_id"], paid, payment["date"], now, status)
        self._save(order, created_new=True)
        return {"order_id": order_id, "po_number": po_number}

    def _move_stock(self, variant_id: int, warehouse_id: int | None, delta: int) -> None:
        if warehouse_id in (None, demo_data.MAIN_WAREHOUSE_ID):
            self.db.execute(
                "UPDATE variants SET stock = stock + ? WHERE id = ?", (delta, variant_id)
            )
        else:
            self.db.execute(
                "INSERT INTO warehouse_stock VALUES (?, ?, ?) ON CONFLICT (variant_id, warehouse_id) DO UPDATE SET stock = stock + ?",
                (variant_id, warehouse_id, delta, delta),
            )

    def _insert_payment(
        self, order_id: int, bank_id: int, amount: int, paid_at: date, now: datetime, status: str
    ) -> None:
        row = self.db.execute("SELECT MAX(id) FROM payments").fetchone()
        payment_id = (row[0] or FIRST_PAYMENT_ID - 1) + 1
        self.db.execute(
            "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                payment_id,
                order_id,
                bank_id,
                amount,
                paid_at.isoformat(),
                now.strftime("%Y-%m-%d %H:%M:%S"),
                status,
            ),
        )

    def _save(self, order: dict[str, Any], created_new: bool = False) -> None:
        search = " ".join(
            str(x)
            for x in (
                order["order_id"],
                order["po_number"],
                order["invoice"],
                order["sender_name"],
                order["receiver_name"],
                order["sender_phone"],
                order["receiver_phone"],
                order["awb_number"] or "",
                order["note"] or "",
                *(p["name"] for p in order["products"]),
                *(p["sku"] for p in order["products"]),
            )
        ).lower()
        lines = json.dumps(
            [
                [p["product_meta_id"], p["warehouse_id"], p["quantity"], p["product_type"]]
                for p in order["products"]
            ]
        )
        values = (
            order["order_id"],
            order["po_number"],
            order["order_date"][:10],
            order["created_at"],
            order["payment_status"],
            order["order_status"],
            order["total_amount"],
            order["paid_amount"],
            order["awb_number"],
            order["note"],
            order["sender_id"],
            search,
            lines,
            json.dumps(order, ensure_ascii=False),
        )
        if created_new:
            self.db.execute(
                "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values
            )
        else:
            self.db.execute(
                "UPDATE orders SET po_number=?, order_date=?, created_at=?, payment_status=?, status=?, total=?, paid=?,"
                " awb_number=?, note=?, sender_id=?, search=?, lines=?, body=? WHERE id=?",
                (*values[1:], values[0]),
            )

    def order(self, order_id: int) -> dict[str, Any] | None:
        """One stored order (GET `order` shape), canceled ones included."""
        with self.lock:
            row = self.db.execute("SELECT body FROM orders WHERE id = ?", (order_id,)).fetchone()
        return json.loads(row["body"]) if row else None

    def orders_created(self) -> list[dict[str, Any]]:
        """Every order stored so far, in creation order (canceled ones included)."""
        with self.lock:
            rows = self.db.execute("SELECT body FROM orders ORDER BY id").fetchall()
        return [json.loads(r["body"]) for r in rows]

    def _order_filter(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        where, params = ["status != 'CANCELED'"], []
        today = self.now().date()
        start, end = filters.get("start_date"), filters.get("end_date")
        if filters.get("order_id") is not None:
            where.append("id = ?")
            params.append(filters["order_id"])
        else:
            where.append("order_date >= ?")
            params.append((start or today - timedelta(days=30)).isoformat())
            where.append("order_date <= ?")
            params.append((end or today).isoformat())
        if filters.get("payment_status"):
            where.append("payment_status = ?")
            params.append(filters["payment_status"])
        keyword = (filters.get("keyword") or "").strip()
        if keyword:
            kind = filters.get("type")
            if kind == "ORDER_ID" and keyword.isdigit():
                where.append("(id = ? OR po_number = ?)")
                params += [int(keyword), int(keyword)]
            elif kind == "AWB_NUMBER":
                where.append("lower(COALESCE(awb_number, '')) LIKE ? ESCAPE '\\'")
                params.append(_like(keyword))
            else:
                where.append("search LIKE ? ESCAPE '\\'")
                params.append(_like(keyword))
        if filters.get("bank_id") is not None:
            where.append("json_extract(body, '$.bank_id') = ?")
            params.append(filters["bank_id"])
        if filters.get("expedition_id") is not None:
            where.append("json_extract(body, '$.shipping_id') = ?")
            params.append(filters["expedition_id"])
        if filters.get("customer_category_code"):
            where.append("json_extract(body, '$.sender_category_code') = ?")
            params.append(filters["customer_category_code"])
        return " AND ".join(where), params

    def orders_page(self, filters: dict[str, Any], page: int, per_page: int) -> Page:
        clause, params = self._order_filter(filters)
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(*) FROM orders WHERE {clause}", params
            ).fetchone()[0]
            rows = self.db.execute(
                f"SELECT body FROM orders WHERE {clause} ORDER BY order_date DESC, id DESC LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
        return Page([json.loads(r["body"]) for r in rows], total, page, per_page)

    def order_details_page(self, filters: dict[str, Any], page: int, per_page: int) -> Page:
        listed = self.orders_page(filters, page, per_page)
        return Page([self._details(o) for o in listed.items], listed.total, page, per_page)

    def _details(self, o: dict[str, Any]) -> dict[str, Any]:
        sender, receiver = self.customer(o["sender_id"]), self.customer(o["receiver_id"])
        for person in (sender, receiver):
            if person is not None:
                person["type"] = person.get("category")
        supplier = self.shop_supplier()
        return {
            "_id": hashlib.md5(str(o["order_id"]).encode()).hexdigest()[:24],
            "order_id": o["order_id"],
            "po_number": o["po_number"],
            "invoice": o["invoice"],
            "shop_id": o["shop_id"],
            "order_date": o["order_date"][:10],
            "customer": sender,
            "dropshipper": sender if o["sender_id"] != o["receiver_id"] else None,
            "receiver": receiver,
            "total_amount": o["total_amount"],
            "subtotal": o["subtotal"],
            "remaining_amount": o["remaining_amount"],
            "shipping": {
                "id": str(o["shipping_id"]),
                "rate_name": o["shipping_rate"],
                "logistic_name": o["shipping_logistic"],
                "cost": o["shipping_cost"],
            },
            "weight": o["weight"],
            "note": o["note"],
            "origin": {
                "id": supplier.get("id"),
                "name": o["origin_name"],
                "location": supplier.get("location"),
                "phone": supplier.get("phone"),
                "address": o["origin_address"],
                "note": "",
                "city_id": supplier.get("city_id"),
            },
            "payment": {
                "payment_histoy": [self._payment_detail(p) for p in self._payments(o["order_id"])]
            },
            "cost_of_goods_sold": o["cost_of_goods_sales"],
            "order_source": o["order_source"] or None,
            "order_cost": o["order_cost"] or [],
            "awb": {"number": o["awb_number"]} if o["awb_number"] else None,
            "discount_amount": o["discount_amount"],
            "order_cost_amount": o["other_cost_amount"],
            "coupon": None,
            "is_printed": o["is_print"],
            "order_progress_status": o["order_progress_status"],
            "order_status": o["order_status"],
            "order_category": o["order_category"],
            "payment_status": o["payment_status"],
            "payment_date": o["payment_date"],
            "products": [
                {
                    "product_meta_id": p["product_meta_id"],
                    "name": p["name"],
                    "sku": p["sku"],
                    "product_status": p["product_type"],
                    "price": str(p["price"]),
                    "cost_of_goods_sold": str(p["cost_of_goods_sold"]),
                    "quantity": str(p["quantity"]),
                    "discount_nominal": str(p["discount"] or 0),
                    "discount_percentage": 0,
                    "is_warehouse": p["warehouse_id"] is not None,
                    "color": p["color"],
                    "size": p["size"],
                    "weight": p["weight"],
                }
                for p in o["products"]
            ],
            "created_at": o["created_at"],
            "updated_at": o["updated_at"],
        }

    def _payments(self, order_id: int) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(
                "SELECT * FROM payments WHERE order_id = ? ORDER BY id", (order_id,)
            ).fetchall()

    def _payment_detail(self, p: sqlite3.Row) -> dict[str, Any]:
        bank = self.ref_one("bank", p["bank_id"]) or {}
        return {
            "id": p["id"],
            "order_id": p["order_id"],
            "description": f"Pembayaran Order PO#{p['order_id']}",
            "nominal": p["amount"],
            "bank": {"destination": {"id": p["bank_id"], "bank_name": bank.get("bank_name")}},
            "paid_at": p["paid_at"],
            "type": p["status"],
            "is_confirmed": 1,
        }

    def payment_history(self, order_id: int) -> list[dict[str, Any]]:
        if self.order(order_id) is None:
            raise NotFound(order_id)
        out = []
        for p in self._payments(order_id):
            bank = self.ref_one("bank", p["bank_id"]) or {}
            out.append(
                {
                    "payment_id": p["id"],
                    "bank_id": str(p["bank_id"]),
                    "bank_name": bank.get("bank_name"),
                    "account_number": bank.get("account_number"),
                    "paid_at": p["paid_at"],
                    "created_at": p["created_at"],
                    "nominal": format_rupiah(p["amount"]),
                    "amount": p["amount"],
                    "status": p["status"],
                }
            )
        return out

    def _existing_order(
        self, errors: FieldErrors, body: dict[str, Any], key: str = "id"
    ) -> dict[str, Any] | None:
        order_id = require_int(errors, body, key)
        if order_id is None:
            return None
        order = self.order(order_id)
        if order is None:
            errors.add(key, "exists")
        elif order["order_status"] == "CANCELED":
            errors.add_raw(key, _t("sandbox.v.order_canceled", errors.lang))
            return None
        return order

    def add_awb(self, params: dict[str, Any], lang: str) -> dict[str, Any]:
        errors = FieldErrors(lang)
        with self.lock:
            order = self._existing_order(errors, params)
            awb = params.get("awb_number")
            if missing(awb):
                errors.add("awb_number", "required")
            elif len(str(awb)) > 64:
                errors.add("awb_number", "max_length", max=64)
            if errors:
                raise Invalid(errors.errors)
            assert order is not None
            order["awb_number"] = str(awb).strip()
            order["awb_updated_at"] = self.now().strftime("%Y-%m-%dT%H:%M:%S")
            order["updated_at"] = self.now().strftime("%Y-%m-%d %H:%M:%S")
            order["order_progress_status"], order["order_progress_message"] = _progress(order)
            with self.db:
                self._save(order)
        return {
            "order_id": order["order_id"],
            "po_number": order["po_number"],
            "notification": {
                "id": 1,
                "title": "Notification successfully sent",
                "content": "Sandbox: no SMS is sent",
            },
        }

    def quick_payment(self, body: Any, lang: str) -> dict[str, Any]:
        errors = FieldErrors(lang)
        if not isinstance(body, dict):
            raise Invalid({"body": ["The request body must be a JSON object."]})
        with self.lock:
            order = self._existing_order(errors, body)
            if order is not None and order["payment_status"] == "PAID":
                errors.add_raw("id", _t("sandbox.v.order_paid", lang))
                raise Invalid(errors.errors)
            payment = body.get("payment")
            if missing(payment) or not isinstance(payment, dict):
                errors.add("payment", "required")
                raise Invalid(errors.errors)
            status = payment.get("status")
            if missing(status):
                errors.add("payment.status", "required")
            elif status not in ("PAID", "INSTALLMENT"):
                errors.add("payment.status", "in")
            paid_at = None
            if missing(payment.get("date")):
                errors.add("payment.date", "required")
            else:
                paid_at = as_date(payment.get("date"))
                if paid_at is None:
                    errors.add("payment.date", "date_format", format="Y-m-d")
            bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
            if bank_id is not None and self.ref_one("bank", bank_id) is None:
                errors.add("payment.bank_id", "exists")
            amount = require_int(
                errors,
                payment,
                "amount",
                "payment.amount",
                minimum=1,
                required=status == "INSTALLMENT",
            )
            if errors:
                raise Invalid(errors.errors)
            assert order is not None and paid_at is not None and bank_id is not None
            remaining = order["remaining_amount"]
            if amount is None:
                amount = remaining
            if amount > remaining:
                raise Invalid(
                    {
                        "amount": [_t("sandbox.v.amount_remaining", lang)],
                        "maximum amount": [remaining],
                    }
                )
            order["paid_amount"] += amount
            order["remaining_amount"] = order["total_amount"] - order["paid_amount"]
            new_status = "PAID" if order["remaining_amount"] == 0 else "INSTALLMENT"
            order["payment_status"] = new_status
            order["payment_date"] = paid_at.isoformat()
            order["bank_id"] = bank_id
            order["bank_name"] = (self.ref_one("bank", bank_id) or {}).get("bank_name")
            order["updated_at"] = self.now().strftime("%Y-%m-%d %H:%M:%S")
            order["order_progress_status"], order["order_progress_message"] = _progress(order)
            with self.db:
                self._insert_payment(
                    order["order_id"], bank_id, amount, paid_at, self.now(), new_status
                )
                self._save(order)
        return {
            "order_id": order["order_id"],
            "po_number": order["po_number"],
            "payment_status": new_status,
            "remaining_amount": order["remaining_amount"],
        }

    def cancel_order(self, body: Any, lang: str) -> dict[str, Any]:
        errors = FieldErrors(lang)
        if not isinstance(body, dict):
            raise Invalid({"body": ["The request body must be a JSON object."]})
        with self.lock:
            order = self._existing_order(errors, body)
            if errors:
                raise Invalid(errors.errors)
            assert order is not None
            order["order_status"] = "CANCELED"
            order["updated_at"] = self.now().strftime("%Y-%m-%d %H:%M:%S")
            with self.db:
                for p in order["products"]:
                    if p["product_type"] == "S":
                        self._move_stock(p["product_meta_id"], p["warehouse_id"], p["quantity"])
                self._save(order)
        return {"order_id": order["order_id"], "po_number": order["po_number"]}


def _t(key: str, lang: str) -> str:
    from sspos.i18n import t

    return t(key, lang)


def _progress(order: dict[str, Any]) -> tuple[str, str]:
    """The doc's order_progress_status with its Indonesian message."""
    if order["payment_status"] == "UNPAID":
        return "UNPAID", "Menunggu pembayaran"
    if order["payment_status"] == "INSTALLMENT":
        return "INSTALLMENT", "Cicilan"
    if order["shipping_id"] == demo_data.PICKUP_EXPEDITION_ID:
        return "DELIVERED", "Diambil di toko"
    if order["awb_number"]:
        return "ON PROCESS", "Dalam pengiriman"
    return "NO AWB", "Menunggu nomor resi"
