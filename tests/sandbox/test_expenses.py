"""POST / GET `expense` through the real client against the sandbox (in-process)."""

from __future__ import annotations

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.api.errors import RequestInvalid, ValidationFailed
from sspos.api.models import ExpenseCreate
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, create_app

BASE = "http://sandbox/api/open"


def client_for(app: object) -> SmartSellerClient:
    return SmartSellerClient(BASE, DEMO_TOKEN, transport=httpx.ASGITransport(app=app))


async def test_an_expense_created_is_listed_by_its_date_with_its_note() -> None:
    app = create_app(SandboxConfig(seed=7, products=10, customers=20))
    async with client_for(app) as client:
        created = await client.create_expense(ExpenseCreate(
            title="Beli es batu", nominal=20_000, note="es [POS:T1-ABC]", date="2026-11-27"))
        other = await client.create_expense({"title": "Parkir", "nominal": 5_000, "note": "x"})
        listed = await client.expenses(start_date="2026-11-27", end_date="2026-11-27")
    assert created.id and created.title == "Beli es batu"
    assert other.id != created.id
    assert [(e.id, e.nominal, e.note, e.date) for e in listed.items] == [
        (created.id, 20_000, "es [POS:T1-ABC]", "2026-11-27")]
    assert listed.pagination.total == 1


async def test_a_title_over_100_characters_is_refused_before_sending() -> None:
    app = create_app(SandboxConfig(seed=7, products=10, customers=20))
    async with client_for(app) as client:
        with pytest.raises(RequestInvalid):
            await client.create_expense({"title": "x" * 101, "nominal": 1, "note": ""})
        with pytest.raises(RequestInvalid):
            await client.create_expense({"title": "x", "nominal": 1, "note": "",
                                         "date": "28/11/2026"})
    assert app.state.sandbox.expenses_created() == []


async def test_the_sandbox_answers_a_bad_expense_with_field_messages() -> None:
    app = create_app(SandboxConfig(seed=7, products=10, customers=20))
    async with client_for(app) as client:
        with pytest.raises(ValidationFailed) as failed:
            await client._request("POST", "expense", body={"title": "t", "nominal": 0})
    assert set(failed.value.field_errors) == {"nominal", "note"}
