"""Expeditions, shipping cost, tracking and the shop's custom couriers."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from sspos.api.models.common import (
    Float,
    Int,
    LenientList,
    OptFlag,
    OptInt,
    OptStr,
    Str,
    WireModel,
)


class Expedition(WireModel):
    """A courier service (`expedition`, `expedition/active`)."""

    id: Int
    rate_name: Str = ""
    logistic_name: Str = ""
    show_name: OptStr = None
    logo_url: OptStr = None
    pickup_available: OptStr = None


class ShippingRate(WireModel):
    """One priced service in `expedition/cost`."""

    name: Str = ""
    logo_url: OptStr = None
    rate_id: Int
    show_id: OptInt = None
    rate_name: Str = ""
    stop_origin: OptInt = None
    stop_destination: OptInt = None
    weight: Float = 0
    volume_weight: Float | None = Field(default=None, alias="volumeWeight")
    final_weight: Float | None = Field(default=None, alias="finalWeight")
    item_price: OptInt = None
    final_rate: Int = Field(alias="finalRate")
    insurance_rate: OptInt = Field(default=None, alias="insuranceRate")
    compulsory_insurance: OptInt = None
    liability: OptInt = None
    discount: OptInt = None
    min_day: OptInt = None
    max_day: OptInt = None
    pickup_agent: OptInt = None
    is_pickup_available: OptFlag = None


class ExpeditionCost(WireModel):
    """`expedition/cost` data: rates grouped by kind, plus the `meta` echo."""

    regular: LenientList[ShippingRate] = Field(default_factory=list)
    express: LenientList[ShippingRate] = Field(default_factory=list)
    trucking: LenientList[ShippingRate] = Field(default_factory=list)
    meta: dict[str, Any] | None = None

    def all_rates(self) -> list[ShippingRate]:
        return [*self.regular, *self.express, *self.trucking]


class TrackingEvent(WireModel):
    """One step of a shipment's history."""

    date: OptStr = None
    desc: OptStr = None
    location: OptStr = None


class Tracking(WireModel):
    """`expedition/tracking` data."""

    awb_number: Str = ""
    rate_name: OptStr = None
    delivery_date: OptStr = None
    delivery_time: OptStr = None
    weight: Float | None = None
    sender_name: OptStr = None
    origin_city: OptStr = None
    receiver_name: OptStr = None
    receiver_address: OptStr = None
    receiver_city: OptStr = None
    status: OptStr = None
    consignees_name: OptStr = None
    date_received: OptStr = None
    time_received: OptStr = None
    history: LenientList[TrackingEvent] = Field(default_factory=list)
    logistic_name: OptStr = None


class CustomCourier(WireModel):
    """A courier of the shop's own with a flat `fee` (`setting/courier/custom`)."""

    id: Int
    name: Str = ""
    fee: Int = 0
