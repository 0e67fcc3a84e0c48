"""`sspos doctor`: endpoints answer (precise reasons when not), the shop is ready to sell
(or the report says what is missing and how to fix it), and the run always ends."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import httpx
import pytest

from sspos.api.client import SmartSellerClient
from sspos.app.pos_state import PosState
from sspos.config import Settings
from sspos.doctor import (
    CHECK_LABELS,
    CHECKS,
    READINESS,
    all_ok,
    diagnose,
    format_report,
    run_doctor,
)
from sspos.sandbox import DEMO_TOKEN, SandboxConfig, bare_shop, create_app
from sspos.store.sync import full_sync
from tests.api.fake_api import TOKEN, FakeApi, Reply, doc_api

CHECK_NAMES = [
    "shop", "users", "suppliers", "warehouses", "customer_categories", "customers", "regions",
    "products", "product_variations", "expeditions", "active_expeditions", "banks",
    "order_sources", "order_costs", "custom_couriers",
]
LABELS_EN = [
    "shop", "users", "suppliers", "warehouses", "customer categories", "customers", "regions",
    "products", "product variations", "expeditions", "active expeditions", "bank accounts",
    "order sources", "order costs", "shop couriers",
]


async def test_all_ok_against_the_doc_examples() -> None:
    api = doc_api()
    async with api.client() as client:
        results = await run_doctor(client)
    assert [r.name for r in results] == CHECK_NAMES
    assert all_ok(results), [r for r in results if not r.ok]
    assert results[0].detail == "Tokoku"
    lines = format_report(results, "en")
    assert [line.split(":")[0] for line in lines] == [f"OK    {label}" for label in LABELS_EN]
    # Every endpoint was really called, with the documented paths.
    called = {s.path for s in api.seen}
    assert {"shop", "user", "supplier", "warehouse", "customer-category", "customer", "region",
            "product", "product/variation", "expedition", "expedition/active", "bank",
            "order-source", "order-cost", "setting/courier/custom"} <= called


async def test_unauthorized_everywhere_says_check_the_token() -> None:
    api = FakeApi()
    unauthorized = Reply({"message": "Unauthenticated."}, status=401)
    for path in ("shop", "user", "supplier", "warehouse", "customer-category", "customer",
                 "region", "product", "product/variation", "expedition", "expedition/active",
                 "bank", "order-source", "order-cost", "setting/courier/custom"):
        api.on("GET", path, unauthorized)
    async with api.client() as client:
        results = await run_doctor(client, "en")
    assert not all_ok(results)
    lines = format_report(results, "en")
    assert lines[5] == "FAIL  customers: 401 unauthorized — check SSPOS_TOKEN"
    assert all(line.endswith("401 unauthorized — check SSPOS_TOKEN") for line in lines)
    async with api.client() as client:
        results = await run_doctor(client, "id")
    assert format_report(results, "id")[0] == (
        "GAGAL toko: 401 tidak diizinkan — periksa SSPOS_TOKEN")
    assert api.sleeps == []


async def test_one_broken_endpoint_is_named_with_its_reason() -> None:
    api = doc_api()
    api.on("GET", "customer", Reply(text="<html>502 Bad Gateway</html>"))
    api.on("GET", "bank", Reply({"data": [{"bank_id": "BCA?", "bank_name": "BCA"}]}))
    api.on("GET", "order-cost", Reply(status=503, body={"message": "maintenance"}))
    api.on("GET", "region", Reply(status=404, body={"message": "Not Found"}))
    async with api.client(max_retries=1) as client:
        results = await run_doctor(client, "en")
    failed = {r.name: r.detail for r in results if not r.ok}
    assert set(failed) == {"customers", "banks", "order_costs", "regions"}
    assert failed["customers"].startswith(
        "the server answered with something that is not API data (GET customer: not JSON")
    assert failed["banks"].startswith(
        "response does not match the API contract at 'data.0.bank_id'")
    assert failed["order_costs"].startswith("503 SmartSeller server unavailable")
    assert failed["regions"] == "404 not found (GET region) — check SSPOS_API_URL"
    assert api.sleeps == [0.5]  # the 503 was retried once (max_retries=1), then reported


async def test_unreachable_server_is_reported_once_then_not_checked() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/open"
    async with SmartSellerClient(url, TOKEN, max_retries=0) as client:
        results = await run_doctor(client, lang="en")
    lines = format_report(results, "en")
    assert lines[0] == (f"FAIL  shop: cannot connect to {url} — check SSPOS_API_URL "
                        "and the network")
    assert [line.split(": ", 1)[1] for line in lines[1:]] == [
        "not checked: server unreachable"] * (len(CHECKS) - 1)
    async with SmartSellerClient(url, TOKEN, max_retries=0) as client:
        results = await run_doctor(client, lang="id")
    assert format_report(results, "id")[1] == (
        "GAGAL pengguna: tidak diperiksa: server tidak terjangkau")


# --- readiness, against the bare shop ------------------------------------------------------


def settings_for(data_dir: Path, lang: str = "en", **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, lang=lang, token="t", api_url="http://sandbox/api/open",
                    **overrides)


def sandbox_client(app: object, lang: str = "en") -> SmartSellerClient:
    return SmartSellerClient("http://sandbox/api/open", DEMO_TOKEN, lang=lang, max_retries=0,
                             transport=httpx.ASGITransport(app=app))


async def bare_report(tmp_path: Path, *, sync: bool = True, **overrides: object
                      ) -> dict[str, tuple[str, str, str]]:
    app = create_app(SandboxConfig(shop="bare"))
    settings = settings_for(tmp_path / "data", **overrides)
    async with sandbox_client(app) as client:
        if sync:
            await full_sync(client, settings.data_dir)
        results = await diagnose(settings, demo=False, deadline=30, client=client)
    assert [r.name for r in results] == CHECK_NAMES + list(READINESS)
    return {r.name: (r.status, r.detail, r.fix) for r in results}


def test_every_check_has_a_label_in_the_report() -> None:
    assert list(CHECK_LABELS) == [name for name, _ in CHECKS] + list(READINESS)


async def test_the_bare_shop_s_two_gaps_are_named_with_their_fix(tmp_path) -> None:
    report = await bare_report(tmp_path)
    assert report["walk_in"] == (
        "warn", "no customer named “Pelanggan Umum”",
        "sspos setup creates it from the shop's details, or the first walk-in sale offers to.")
    assert report["cash_account"] == (
        "warn", "no account looks like a cash drawer",
        "sspos setup asks which one, or the first cash payment asks once.")
    others = {name: status for name, (status, _d, _f) in report.items()
              if name not in ("walk_in", "cash_account")}
    assert set(others.values()) == {"ok"}, others
    assert report["origin_district"][1] == "Cengkareng, Kota Jakarta Barat (2087)"
    assert report["couriers"][1] == "2 active (JNE, Lion Parcel)"


async def test_once_remembered_both_are_ok(tmp_path) -> None:
    state = PosState.in_dir(tmp_path / "data")
    state.remember(walk_in_customer_id=bare_shop.CUSTOMER_IDS["Budi"],
                   cash_bank_id=bare_shop.BNIS_BANK_ID)
    report = await bare_report(tmp_path)
    assert report["walk_in"][:2] == ("ok", "Budi (#123)")
    assert report["cash_account"][:2] == ("ok", "BNIS · 12345678 · Budi (chosen before)")


async def test_settings_that_name_nothing_real_fail_or_warn(tmp_path) -> None:
    report = await bare_report(tmp_path, sync=False, cash_bank_id=846, walk_in_customer_id=9,
                               printer="tcp://127.0.0.1:1", printer_timeout=0.5)
    assert report["cash_account"][0] == "fail"
    assert "cash_bank_id 846 is not one of the shop's accounts" in report["cash_account"][1]
    assert report["walk_in"][0] == "warn" and report["catalog"][0] == "warn"
    assert report["printer"][0] == "fail" and "127.0.0.1:1" in report["printer"][1]


async def test_a_shop_lacking_phone_and_district(tmp_path) -> None:
    app = create_app(SandboxConfig(shop="bare"))
    state = app.state.sandbox
    with state.lock, state.db:
        state.db.execute("UPDATE ref SET body = ? WHERE kind = 'shop'", (json.dumps(
            dict(bare_shop.SHOP, phone="", active_supplier=None)),))
        state.db.execute("UPDATE ref SET body = ? WHERE kind = 'supplier'", (json.dumps(
            dict(bare_shop.SUPPLIER, district_id=None)),))
    settings = settings_for(tmp_path / "data", lang="id")
    async with sandbox_client(app, "id") as client:
        results = await diagnose(settings, demo=False, deadline=30, client=client)
    by_name = {r.name: r for r in results}
    assert by_name["walk_in"].fix == (
        "sspos setup membuatnya, atau penjualan pertama menawarkannya; data toko tidak memuat: "
        "telepon, kecamatan, jadi akan ditanyakan.")
    assert by_name["origin_district"].status == "warn"
    lines = format_report(results, "id")
    assert any(line.startswith("AWAS  kecamatan asal: pemasok asal tidak punya kecamatan → ")
               for line in lines)
    assert not any(word in line for line in lines for word in ("OK ", "WARN", "FAIL"))


# --- the run always ends -------------------------------------------------------------------


@pytest.fixture
def silent_server() -> object:
    """A loopback socket that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api/open"


async def test_a_server_that_never_answers_meets_the_deadline(tmp_path, silent_server) -> None:
    settings = Settings(data_dir=tmp_path, lang="en", token="t", api_url=silent_server)
    loop = asyncio.get_running_loop()
    async with SmartSellerClient(silent_server, "t", max_retries=1) as client:
        started = loop.time()
        results = await diagnose(settings, demo=False, deadline=0.5, client=client)
        took = loop.time() - started
    lines = dict(line.split(": ", 1) for line in format_report(results, "en"))
    assert lines["FAIL  shop"] == (
        "no answer within the 0.5 s deadline → the server accepts connections but does not "
        "answer; check SSPOS_API_URL and the network.")
    assert lines["FAIL  users"] == "not checked: the 0.5 s deadline passed"
    assert lines["FAIL  cash account"].startswith("not checked: the accounts could not be read")
    assert lines["OK    data folder"].endswith("is writable")  # local checks still report
    assert not all_ok(results)
    print(f"silent server: doctor ended after {took:.2f} s with a 0.5 s deadline")
