"""`sspos doctor`: call every read endpoint the POS depends on and say, per endpoint,
OK or the precise reason it fails. What a shop runs when "it doesn't work"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sspos.api.client import SmartSellerClient
from sspos.api.errors import ApiError, NetworkError, describe
from sspos.i18n import t


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check: `detail` is a summary (OK) or the reason (FAIL), in the
    language of the run; `key`/`params` let `format_report` re-render it in another."""

    name: str
    ok: bool
    detail: str = ""
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _count(items: list[Any]) -> str:
    return str(len(items))


async def _shop(c: SmartSellerClient) -> str:
    return (await c.shop()).shop_name


async def _users(c: SmartSellerClient) -> str:
    return _count(await c.users())


async def _suppliers(c: SmartSellerClient) -> str:
    return _count(await c.suppliers())


async def _warehouses(c: SmartSellerClient) -> str:
    return _count(await c.warehouses(with_main=True))


async def _categories(c: SmartSellerClient) -> str:
    return _count(await c.customer_categories())


async def _customers(c: SmartSellerClient) -> str:
    return str((await c.customers(per_page=1)).pagination.total)


async def _regions(c: SmartSellerClient) -> str:
    return str((await c.regions(per_page=1)).pagination.total)


async def _products(c: SmartSellerClient) -> str:
    return str((await c.products(per_page=1)).pagination.total)


async def _variations(c: SmartSellerClient) -> str:
    return _count(await c.product_variations("", per_page=1))


async def _expeditions(c: SmartSellerClient) -> str:
    return _count(await c.expeditions())


async def _active_expeditions(c: SmartSellerClient) -> str:
    return _count(await c.active_expeditions())


async def _banks(c: SmartSellerClient) -> str:
    return _count(await c.banks())


async def _order_sources(c: SmartSellerClient) -> str:
    return _count(await c.order_sources())


async def _order_costs(c: SmartSellerClient) -> str:
    return _count(await c.order_costs())


async def _custom_couriers(c: SmartSellerClient) -> str:
    return _count(await c.custom_couriers())


#: The read endpoints the POS depends on, in the order they are checked.
CHECKS: tuple[tuple[str, Callable[[SmartSellerClient], Awaitable[str]]], ...] = (
    ("shop", _shop),
    ("users", _users),
    ("suppliers", _suppliers),
    ("warehouses", _warehouses),
    ("customer_categories", _categories),
    ("customers", _customers),
    ("regions", _regions),
    ("products", _products),
    ("product_variations", _variations),
    ("expeditions", _expeditions),
    ("active_expeditions", _active_expeditions),
    ("banks", _banks),
    ("order_sources", _order_sources),
    ("order_costs", _order_costs),
    ("custom_couriers", _custom_couriers),
)


def _failure(name: str, error: Exception, lang: str, base_url: str) -> CheckResult:
    if isinstance(error, ApiError):
        return CheckResult(name, False, describe(error, lang, base_url=base_url),
                           key=None, params={"error": error, "base_url": base_url})
    detail = f"{type(error).__name__}: {error}"
    return CheckResult(name, False, t("api.doctor.unexpected", lang, detail=detail),
                       key="api.doctor.unexpected", params={"detail": detail})


async def run_doctor(client: SmartSellerClient, lang: str | None = None) -> list[CheckResult]:
    """Run every check in `CHECKS` against `client`; never raises for API failures.

    After a connection that could not even be opened, the remaining checks are reported
    as not checked instead of each waiting through its own retries.
    """
    lang = lang or client.lang
    base_url = client.base_url.rstrip("/")
    results: list[CheckResult] = []
    unreachable = False
    for name, check in CHECKS:
        if unreachable:
            results.append(CheckResult(name, False, t("api.doctor.not_checked", lang),
                                       key="api.doctor.not_checked"))
            continue
        try:
            summary = await check(client)
        except Exception as error:  # noqa: BLE001 - the doctor reports, it never crashes
            results.append(_failure(name, error, lang, base_url))
            unreachable = isinstance(error, NetworkError) and error.certainly_not_sent
        else:
            results.append(CheckResult(name, True, summary))
    return results


def _reason(result: CheckResult, lang: str) -> str:
    error = result.params.get("error")
    if isinstance(error, ApiError):
        return describe(error, lang, base_url=result.params.get("base_url", ""))
    if result.key:
        return t(result.key, lang, **{k: v for k, v in result.params.items()})
    return result.detail


def format_report(results: list[CheckResult], lang: str = "id") -> list[str]:
    """One line per check: `OK  shop` or `FAIL customers: 401 unauthorized — check …`."""
    lines = []
    for result in results:
        if result.ok:
            lines.append(t("api.doctor.line_ok", lang, name=result.name))
        else:
            lines.append(t("api.doctor.line_fail", lang, name=result.name,
                           reason=_reason(result, lang)))
    return lines


def all_ok(results: list[CheckResult]) -> bool:
    """True when every check passed (the CLI exits 0 only then)."""
    return bool(results) and all(r.ok for r in results)
