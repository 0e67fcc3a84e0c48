"""`sspos doctor` logic against fakes: all OK on the doc's examples, precise reasons else."""

from __future__ import annotations

import socket

from sspos.api.client import SmartSellerClient
from sspos.doctor import CHECKS, all_ok, format_report, run_doctor
from tests.api.fake_api import TOKEN, FakeApi, Reply, doc_api

CHECK_NAMES = [
    "shop", "users", "suppliers", "warehouses", "customer_categories", "customers", "regions",
    "products", "product_variations", "expeditions", "active_expeditions", "banks",
    "order_sources", "order_costs", "custom_couriers",
]


async def test_all_ok_against_the_doc_examples() -> None:
    api = doc_api()
    async with api.client() as client:
        results = await run_doctor(client)
    assert [r.name for r in results] == CHECK_NAMES
    assert all_ok(results), [r for r in results if not r.ok]
    assert results[0].detail == "Tokoku"
    assert format_report(results, "en") == [f"OK  {name}" for name in CHECK_NAMES]
    # Every endpoint was really called, with the documented paths.
    called = {s.path for s in api.seen}
    assert {"shop", "user", "supplier", "warehouse", "customer-category", "customer", "region",
            "product", "product/variation", "expedition", "expedition/active", "bank",
            "order-source", "order-cost", "setting/courier/custom"} <= called


async def test_unauthorized_everywhere_says_check_the_token() -> None:
    api = FakeApi()
    unauthorized = Reply({"message": "Unauthenticated."}, status=401)
    api.on("GET", "shop", unauthorized)
    for method, path in [("GET", p) for p in ("user", "supplier", "warehouse", "customer-category",
                                               "customer", "region", "product",
                                               "product/variation", "expedition",
                                               "expedition/active", "bank", "order-source",
                                               "order-cost", "setting/courier/custom")]:
        api.on(method, path, unauthorized)
    async with api.client() as client:
        results = await run_doctor(client)
    assert not all_ok(results)
    lines = format_report(results, "en")
    assert lines[5] == "FAIL customers: 401 unauthorized — check SSPOS_TOKEN"
    assert all(line.endswith("401 unauthorized — check SSPOS_TOKEN") for line in lines)
    assert format_report(results, "id")[0] == "GAGAL shop: 401 tidak diizinkan — periksa SSPOS_TOKEN"
    assert api.sleeps == []


async def test_one_broken_endpoint_is_named_with_its_reason() -> None:
    api = doc_api()
    api.on("GET", "customer", Reply(text="<html>502 Bad Gateway</html>"))
    api.on("GET", "bank", Reply({"data": [{"bank_id": "BCA?", "bank_name": "BCA"}]}))
    api.on("GET", "order-cost", Reply(status=503, body={"message": "maintenance"}))
    api.on("GET", "region", Reply(status=404, body={"message": "Not Found"}))
    async with api.client(max_retries=1) as client:
        results = await run_doctor(client)
    failed = {r.name: r.detail for r in results if not r.ok}
    assert set(failed) == {"customers", "banks", "order_costs", "regions"}
    lines = dict(line.split(": ", 1) for line in format_report(results, "en")
                 if line.startswith("FAIL"))
    assert lines["FAIL customers"].startswith(
        "the server answered with something that is not API data (GET customer: not JSON")
    assert lines["FAIL banks"].startswith(
        "response does not match the API contract at 'data.0.bank_id'")
    assert lines["FAIL order_costs"].startswith("503 SmartSeller server unavailable")
    assert lines["FAIL regions"] == "404 not found (GET region) — check SSPOS_API_URL"
    assert api.sleeps == [0.5]  # the 503 was retried once (max_retries=1), then reported


async def test_unreachable_server_is_reported_once_then_not_checked() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/open"
    async with SmartSellerClient(url, TOKEN, max_retries=0) as client:
        results = await run_doctor(client, lang="en")
    lines = format_report(results, "en")
    assert lines[0] == (f"FAIL shop: cannot connect to {url} — check SSPOS_API_URL "
                        "and the network")
    assert lines[1:] == [f"FAIL {name}: not checked: server unreachable"
                         for name, _ in CHECKS[1:]]
    assert format_report(results, "id")[1] == "GAGAL users: tidak diperiksa: server tidak terjangkau"
