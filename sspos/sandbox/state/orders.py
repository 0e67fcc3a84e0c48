"""The sandbox's order creation: validation the way SmartSeller answers, pricing by
`sspos.domain.pricing.price_cart` (the sandbox never prices by itself), storing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sspos.domain.cart import (
    Cart,
    CartLine,
    CostCategory,
    DiscountType,
    LineDiscount,
    OrderCost,
    Shipping,
)
from sspos.domain.catalog import Customer, CustomerCategory, VariantInfo
from sspos.domain.pricing import PricedCart, price_cart
from sspos.sandbox import demo_data
from sspos.sandbox.state.base import Invalid
from sspos.sandbox.state.expeditions import ExpeditionsState
from sspos.sandbox.state.products import PRODUCT_STATUSES, TYPE_DESCRIPTIONS, ProductsState
from sspos.sandbox.validation import FieldErrors, as_bool, as_date, missing, require_int

log = logging.getLogger(__name__)
T = TypeVar("T")

PAYMENT_STATUSES = ("PAID", "INSTALLMENT", "UNPAID")
COST_CATEGORIES: dict[str, CostCategory] = {
    "DISCOUNT": "DISCOUNT",
    "OTHER COST": "OTHER COST",
    "OTHER_COST": "OTHER COST",
    "INSURANCE": "INSURANCE",
}
DISCOUNT_TYPES: dict[str, DiscountType] = {"NOMINAL": "NOMINAL", "PERCENTAGE": "PERCENTAGE"}
SOURCES = ("MOBILE", "WEB")
FIRST_PAYMENT_ID = 1994
MAX_NOTE = 1000


class OrdersState(ExpeditionsState, ProductsState):
    """Placing an order: every field checked as SmartSeller does, priced by the domain,
    stock taken, stored (`routes/orders.py`, POST `order/create`)."""

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
            errors.add("customer_sender_id", "sandbox.v.exists")
        if receiver_id is not None and receiver is None:
            errors.add("customer_receiver_id", "sandbox.v.exists")
        supplier_id = require_int(errors, body, "supplier_id")
        supplier = self.ref_one("supplier", supplier_id) if supplier_id is not None else None
        if supplier_id is not None and supplier is None:
            errors.add("supplier_id", "sandbox.v.exists")
        order_date = None
        if missing(body.get("order_date")):
            errors.add("order_date", "sandbox.v.required")
        else:
            order_date = as_date(body.get("order_date"))
            if order_date is None:
                errors.add("order_date", "sandbox.v.date_format", format="Y-m-d")
        source_id = require_int(errors, body, "order_source_id", required=False)
        source = self.ref_one("order_source", source_id) if source_id is not None else None
        if source_id is not None and source is None:
            errors.add("order_source_id", "sandbox.v.exists")
        if "is_print" not in body or body.get("is_print") is None:
            errors.add("is_print", "sandbox.v.required")
        elif as_bool(body.get("is_print")) is None:
            errors.add("is_print", "sandbox.v.boolean")
        note = body.get("note")
        if note is not None and not isinstance(note, str):
            errors.add("note", "sandbox.v.string")
        elif isinstance(note, str) and len(note) > MAX_NOTE:
            errors.add("note", "sandbox.v.max_length", max=MAX_NOTE)
        awb = body.get("awb_number")
        if awb is not None and not isinstance(awb, str):
            errors.add("awb_number", "sandbox.v.string")
        source_platform = body.get("source")
        if missing(source_platform):
            errors.add("source", "sandbox.v.required")
        elif source_platform not in SOURCES:
            errors.add("source", "sandbox.v.in")

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
            errors.add("payment.amount", "sandbox.v.paid_amount", total=priced.total)
        if status == "INSTALLMENT" and amount > priced.total:
            errors.add("payment.amount", "sandbox.v.installment_amount", total=priced.total)
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
            errors.add("products", "sandbox.v.required")
            return out
        if not isinstance(products, list):
            errors.add("products", "sandbox.v.array")
            return out
        warehouses = self.warehouse_ids()
        for i, item in enumerate(products):
            base = f"products.{i}"
            if not isinstance(item, dict):
                errors.add(base, "sandbox.v.object")
                continue
            variant_id = require_int(errors, item, "id", f"{base}.id")
            info = self.variant_info(variant_id) if variant_id is not None else None
            if variant_id is not None and info is None:
                errors.add(f"{base}.id", "sandbox.v.exists")
            qty = require_int(errors, item, "qty", f"{base}.qty", minimum=1)
            status_raw = item.get("product_status")
            status: str | None = None
            if missing(status_raw):
                errors.add(f"{base}.product_status", "sandbox.v.required")
            elif not isinstance(status_raw, str) or status_raw.strip().upper() not in (
                *PRODUCT_STATUSES,
                "P0",
            ):
                errors.add(f"{base}.product_status", "sandbox.v.in")
            else:
                status = "PO" if status_raw.strip().upper() == "P0" else status_raw.strip().upper()
                if info is not None and status != info.product_status:
                    errors.add(
                        f"{base}.product_status", "sandbox.v.status_mismatch",
                        values=info.product_status,
                    )
                    status = None
            warehouse_id = require_int(
                errors, item, "warehouse_id", f"{base}.warehouse_id", required=False
            )
            if warehouse_id is not None and warehouse_id not in warehouses:
                errors.add(f"{base}.warehouse_id", "sandbox.v.exists")
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
            errors.add(f"{base}.type", "sandbox.v.in")
            return None
        key = "nominal" if kind == "NOMINAL" else "percentage"
        if missing(item.get(key)):
            errors.add(f"{base}.{key}", "sandbox.v.required_if", other=f"{base}.type", value=kind)
            return None
        value = require_int(errors, item, key, f"{base}.{key}", minimum=0)
        if value is None:
            return None
        if kind == "PERCENTAGE" and value > 100:
            errors.add(f"{base}.{key}", "sandbox.v.max", max=100)
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
                errors.add(f"products.{i}.qty", "sandbox.v.stock", stock=max(available, 0))
            taken[key] = taken.get(key, 0) + qty

    def _validate_expedition(self, errors: FieldErrors, exp: Any) -> Shipping | None:
        if missing(exp):
            errors.add("expedition", "sandbox.v.required")
            return None
        if not isinstance(exp, dict):
            errors.add("expedition", "sandbox.v.object")
            return None
        exp_id = require_int(errors, exp, "id", "expedition.id")
        known = self.expedition(exp_id) if exp_id is not None else None
        if exp_id is not None and known is None:
            errors.add("expedition.id", "sandbox.v.exists")
        rate = require_int(errors, exp, "rate", "expedition.rate", minimum=0)
        name = exp.get("name")
        if missing(name):
            errors.add("expedition.name", "sandbox.v.required")
        elif not isinstance(name, str):
            errors.add("expedition.name", "sandbox.v.string")
        if "auto_pickup" not in exp or exp.get("auto_pickup") is None:
            errors.add("expedition.auto_pickup", "sandbox.v.required")
        elif as_bool(exp.get("auto_pickup")) is None:
            errors.add("expedition.auto_pickup", "sandbox.v.boolean")
        if exp_id is None or known is None or rate is None or not isinstance(name, str) or not name:
            return None
        return Shipping(
            expedition_id=exp_id,
            name=name,
            rate=rate,
            service=known["rate_name"],
            auto_pickup=bool(as_bool(exp.get("auto_pickup"))),
        )

    def _validate_costs(self, errors: FieldErrors, costs: Any) -> list[OrderCost]:
        out: list[OrderCost] = []
        if costs is None:
            return out
        if not isinstance(costs, list):
            errors.add("order_cost", "sandbox.v.array")
            return out
        for i, item in enumerate(costs):
            base = f"order_cost.{i}"
            if not isinstance(item, dict):
                errors.add(base, "sandbox.v.object")
                continue
            name = item.get("name")
            if missing(name):
                errors.add(f"{base}.name", "sandbox.v.required")
            elif not isinstance(name, str):
                errors.add(f"{base}.name", "sandbox.v.string")
            category = item.get("category")
            if missing(category):
                errors.add(f"{base}.category", "sandbox.v.required")
            elif category not in COST_CATEGORIES:
                errors.add(f"{base}.category", "sandbox.v.in")
            kind = item.get("type")
            value = None
            if missing(kind):
                errors.add(f"{base}.type", "sandbox.v.required")
            elif kind not in DISCOUNT_TYPES:
                errors.add(f"{base}.type", "sandbox.v.in")
            else:
                key = "nominal" if kind == "NOMINAL" else "percentage"
                if missing(item.get(key)):
                    errors.add(
                        f"{base}.{key}", "sandbox.v.required_if", other=f"{base}.type", value=kind
                    )
                else:
                    value = require_int(errors, item, key, f"{base}.{key}", minimum=0)
                    if value is not None and kind == "PERCENTAGE" and value > 100:
                        errors.add(f"{base}.{key}", "sandbox.v.max", max=100)
                        value = None
            if (
                isinstance(name, str) and name and category in COST_CATEGORIES
                and isinstance(kind, str) and value is not None
            ):
                out.append(OrderCost(
                    name=name, category=COST_CATEGORIES[category], type=DISCOUNT_TYPES[kind],
                    value=value,
                ))
        return out

    def _validate_payment(
        self,
        errors: FieldErrors,
        payment: Any,
        lines: list[tuple[int, VariantInfo, int, int | None, LineDiscount | None, str]],
    ) -> dict[str, Any] | None:
        if missing(payment):
            errors.add("payment", "sandbox.v.required")
            return None
        if not isinstance(payment, dict):
            errors.add("payment", "sandbox.v.object")
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
            errors.add("payment.status", "sandbox.v.required")
            ok = False
        elif status not in PAYMENT_STATUSES:
            errors.add("payment.status", "sandbox.v.in")
            ok = False
        elif status in ("PAID", "INSTALLMENT"):
            if missing(payment.get("date")):
                errors.add(
                    "payment.date", "sandbox.v.required_if", other="payment.status", value=status
                )
                ok = False
            else:
                result["date"] = as_date(payment.get("date"))
                if result["date"] is None:
                    errors.add("payment.date", "sandbox.v.date_format", format="Y-m-d")
                    ok = False
            if missing(payment.get("bank_id")):
                errors.add(
                    "payment.bank_id", "sandbox.v.required_if", other="payment.status", value=status
                )
                ok = False
            else:
                bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
                if bank_id is not None and self.ref_one("bank", bank_id) is None:
                    errors.add("payment.bank_id", "sandbox.v.exists")
                    bank_id = None
                ok = ok and bank_id is not None
                result["bank_id"] = bank_id
            if missing(payment.get("amount")):
                errors.add(
                    "payment.amount", "sandbox.v.required_if", other="payment.status", value=status
                )
                ok = False
            else:
                amount = require_int(errors, payment, "amount", "payment.amount", minimum=1)
                ok = ok and amount is not None
                result["amount"] = amount or 0
        else:  # UNPAID: a bank given anyway must still exist
            if not missing(payment.get("bank_id")):
                bank_id = require_int(errors, payment, "bank_id", "payment.bank_id")
                if bank_id is not None and self.ref_one("bank", bank_id) is None:
                    errors.add("payment.bank_id", "sandbox.v.exists")
        first_r = next((i for i, _, _, _, _, status_ in lines if status_ == "R"), None)
        if first_r is not None:
            if missing(payment.get("cost_of_goods_sales")):
                errors.add(
                    "payment.cost_of_goods_sales",
                    "sandbox.v.required_if",
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
        assert cart.shipping is not None  # create_order checked it
        exp = self.expedition(cart.shipping.expedition_id)
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
            "shipping_rate": exp["rate_name"] if exp else "",
            "shipping_logistic": exp["logistic_name"] if exp else cart.shipping.name,
            "shipping_name": cart.shipping.name,
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
            "is_preorder": "PO" in statuses,
            "preorder_due_date": None,
            "manual_mark_delivered": False,
            "is_print": bool(as_bool(body.get("is_print"))),
            "source": body.get("source"),
        }
        order["order_progress_status"], order["order_progress_message"] = order_progress(order)
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
                "INSERT INTO warehouse_stock VALUES (?, ?, ?)"
                " ON CONFLICT (variant_id, warehouse_id) DO UPDATE SET stock = stock + ?",
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
                "UPDATE orders SET po_number=?, order_date=?, created_at=?, payment_status=?,"
                " status=?, total=?, paid=?, awb_number=?, note=?, sender_id=?, search=?,"
                " lines=?, body=? WHERE id=?",
                (*values[1:], values[0]),
            )


def order_progress(order: dict[str, Any]) -> tuple[str, str]:
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
