"""The sandbox's customers and regions: listing, creating, a customer's order history."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from typing import Any

from sspos.sandbox.state.base import Invalid, NotFound, Page, StateBase, like_pattern
from sspos.sandbox.validation import FieldErrors, missing, require_int


class CustomersState(StateBase):
    """Customers and the regions their addresses name (`routes/customers.py`)."""

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
            where = (
                "(lower(subdistrict) LIKE ? ESCAPE '\\' OR lower(city) LIKE ? ESCAPE '\\'"
                " OR lower(province) LIKE ? ESCAPE '\\')"
            )
            params = [like_pattern(keyword)] * 3
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
            full = (
                f"{full}, {region['city'].upper()}, {region['subdistrict'].upper()},"
                f" {region['province'].upper()}, ID, {c['postal_code']}"
            )
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
            params.append(like_pattern(keyword))
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
                errors.add(key, "sandbox.v.required")
            elif not isinstance(value, (str, int)) or isinstance(value, bool):
                errors.add(key, "sandbox.v.string")
        name = body.get("name")
        if isinstance(name, str) and len(name) > 100:
            errors.add("name", "sandbox.v.max_length", max=100)
        phone = str(body.get("phone") or "").strip()
        if phone and not phone.lstrip("+").isdigit():
            errors.add("phone", "sandbox.v.integer")
        district_id = require_int(errors, body, "district_id")
        if district_id is not None and self.region(district_id) is None:
            errors.add("district_id", "sandbox.v.exists")
        category = body.get("category")
        if isinstance(category, str) and category and category not in self.categories():
            errors.add("category", "sandbox.v.exists")
        is_active = body.get("is_active", "Y")
        if is_active not in ("Y", "N", "R", "T"):
            errors.add("is_active", "sandbox.v.in")
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
        where = ["sender_id = ?", "status != 'CANCELED'"]
        params: list[Any] = [customer_id]
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
