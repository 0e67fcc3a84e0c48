"""The sandbox's orders after the sale: listing and details, payment history, adding an
AWB, paying the rest, cancelling.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from typing import Any

from sspos.domain.money import format_rupiah
from sspos.i18n import t
from sspos.sandbox.state.base import Invalid, NotFound, Page, like_pattern
from sspos.sandbox.state.orders import OrdersState, order_progress
from sspos.sandbox.validation import FieldErrors, as_date, missing, require_int


class AfterSaleState(OrdersState):
    """Orders once placed: listing, details, payments, AWB, cancellation
    (`routes/orders.py`)."""

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
                params.append(like_pattern(keyword))
            else:
                where.append("search LIKE ? ESCAPE '\\'")
                params.append(like_pattern(keyword))
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
                f"SELECT body FROM orders WHERE {clause}"
                " ORDER BY order_date DESC, id DESC LIMIT ? OFFSET ?",
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
            errors.add(key, "sandbox.v.exists")
        elif order["order_status"] == "CANCELED":
            errors.add_raw(key, t("sandbox.v.order_canceled", errors.lang))
            return None
        return order

    def add_awb(self, params: dict[str, Any], lang: str) -> dict[str, Any]:
        errors = FieldErrors(lang)
        with self.lock:
            order = self._existing_order(errors, params)
            awb = params.get("awb_number")
            if missing(awb):
                errors.add("awb_number", "sandbox.v.required")
            elif len(str(awb)) > 64:
                errors.add("awb_number", "sandbox.v.max_length", max=64)
            if errors:
                raise Invalid(errors.errors)
            assert order is not None
            order["awb_number"] = str(awb).strip()
            order["awb_updated_at"] = self.now().strftime("%Y-%m-%dT%H:%M:%S")
            order["updated_at"] = self.now().strftime("%Y-%m-%d %H:%M:%S")
            order["order_progress_status"], order["order_progress_message"] = order_progress(order)
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
                errors.add_raw("id", t("sandbox.v.order_paid", lang))
                raise Invalid(errors.errors)
            payment = body.get("payment")
            if missing(payment) or not isinstance(payment, dict):
                errors.add("payment", "sandbox.v.required")
                raise Invalid(errors.errors)
            status = payment.get("status")
            if missing(status):
                errors.add("payment.status", "sandbox.v.required")
            elif status not in ("PAID", "INSTALLMENT"):
                errors.add("payment.status", "sandbox.v.in")
            paid_at = None
            if missing(payment.get("date")):
                errors.add("payment.date", "sandbox.v.required")
            else:
                paid_at = as_date(payment.get("date"))
                if paid_at is None:
                    errors.add("payment.date", "sandbox.v.date_format", format="Y-m-d")
            bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
            if bank_id is not None and self.ref_one("bank", bank_id) is None:
                errors.add("payment.bank_id", "sandbox.v.exists")
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
                        "amount": [t("sandbox.v.amount_remaining", lang)],
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
            order["order_progress_status"], order["order_progress_message"] = order_progress(order)
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
