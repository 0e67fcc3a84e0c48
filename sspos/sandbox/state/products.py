"""The sandbox's products: listing and details, variations, stock, wholesale prices."""

from __future__ import annotations

import sqlite3
from typing import Any

from sspos.domain.catalog import VariantInfo, WholesaleBand
from sspos.domain.pricing import band_for
from sspos.sandbox import demo_data
from sspos.sandbox.state.base import NotFound, Page, StateBase, like_pattern

TYPE_DESCRIPTIONS = {"S": "Stok Sendiri", "R": "Stok Supplier", "PO": "Pre Order"}
# Preorder is "P0" (zero) in product endpoints and "PO" in orders (see POS-API-NOTES.md).
PRODUCT_TYPE_WIRE = {"S": "S", "R": "R", "PO": "P0"}
PRODUCT_STATUSES = ("S", "R", "PO")


class ProductsState(StateBase):
    """Products, variations, stock and wholesale prices (`routes/products.py`)."""

    _VARIANT_SQL = (
        "SELECT v.*, v.stock + COALESCE((SELECT SUM(w.stock) FROM warehouse_stock w"
        " WHERE w.variant_id = v.id), 0) AS total_stock FROM variants v"
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
        where = ["1=1"]
        params: list[Any] = []
        if keyword:
            where.append(
                "(lower(p.name) LIKE ? ESCAPE '\\' OR p.id IN (SELECT product_id FROM variants"
                " WHERE lower(sku) LIKE ? ESCAPE '\\' OR barcode = ?))"
            )
            params += [like_pattern(keyword), like_pattern(keyword), keyword.strip()]
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
            "SELECT x.*, p.name AS product_name, p.product_type, p.discount, p.category_id,"
            " p.created_at, p.has_variation"
            f" FROM ({self._VARIANT_SQL} WHERE v.id = ?) x JOIN products p ON p.id = x.product_id",
            (variant_id,),
        ).fetchone()

    def variations_page(self, *, keyword: str | None, page: int, per_page: int) -> Page:
        where, params = "1=1", []
        if keyword:
            where = (
                "(lower(p.name) LIKE ? ESCAPE '\\' OR lower(v.sku) LIKE ? ESCAPE '\\'"
                " OR v.barcode = ?)"
            )
            params = [like_pattern(keyword), like_pattern(keyword), keyword.strip()]
        with self.lock:
            total = self.db.execute(
                "SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id"
                f" WHERE {where}",
                params,
            ).fetchone()[0]
            rows = self.db.execute(
                "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id"
                f" WHERE {where} ORDER BY v.id LIMIT ? OFFSET ?",
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
