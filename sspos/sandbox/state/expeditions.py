"""The sandbox's shipping: courier rates by zone, and tracking of an AWB."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from sspos.sandbox.state.base import Invalid, NotFound
from sspos.sandbox.state.customers import CustomersState
from sspos.sandbox.validation import FieldErrors

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


class ExpeditionsState(CustomersState):
    """Shipping rates between regions, and tracking (`routes/expeditions.py`)."""

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
            errors.add("origin_id", "sandbox.v.exists")
        if destination is None:
            errors.add("destination_id", "sandbox.v.exists")
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

        def describe(r: sqlite3.Row) -> str:
            return f"{r['subdistrict']}, {r['city']}, {r['province']}"

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
            sql = "SELECT body FROM orders WHERE awb_number = ?"
            params: list[Any] = [awb_number]
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
