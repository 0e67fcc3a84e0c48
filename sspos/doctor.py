"""`sspos doctor`: is this terminal ready to sell? What a shop runs when "it doesn't work".

Two kinds of checks, one line each (OK / WARN / FAIL, and for the last two what to do):

- every read endpoint the POS depends on answers, and in the contract's shape;
- readiness: what a first sale needs and a shop may lack — the walk-in customer, the
  account cash is booked to, the printer, the shipping origin's district, an active
  courier and order source, a writable data folder, the time zone, a recent catalog.

The whole run has a deadline: against a server that accepts connections and never answers,
the checks it could not finish are reported as such and the command still ends. The exit
status is 0 only without FAIL (WARN: the POS works, and will ask or explain at the counter).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sspos import __version__
from sspos.api.client import SmartSellerClient
from sspos.api.errors import ApiError, NetworkError, describe
from sspos.api.models import Bank, Expedition, OrderSource, Shop, Supplier
from sspos.config import Settings, config_path_for, token_file_exposed
from sspos.domain.cart import MANUAL_EXPEDITION_ID, PICKUP_AT_SHOP_ID
from sspos.i18n import t

Status = Literal["ok", "warn", "fail"]

#: Retries per endpoint: enough to ride out one hiccup, few enough to end in time.
DOCTOR_RETRIES = 1


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of the report: `detail` says what was found (or why it failed), `fix`
    what to do about a WARN or FAIL; both in the run's language."""

    name: str
    status: Status
    detail: str = ""
    fix: str = ""

    @property
    def ok(self) -> bool:
        """False only for FAIL (a WARN does not stop the POS)."""
        return self.status != "fail"


@dataclass
class Findings:
    """What the endpoint checks read, for the readiness checks (None: not read)."""

    shop: Shop | None = None
    suppliers: list[Supplier] | None = None
    banks: list[Bank] | None = None
    active_expeditions: list[Expedition] | None = None
    order_sources: list[OrderSource] | None = None


Check = Callable[[SmartSellerClient, Findings], Awaitable[str]]


async def _shop(c: SmartSellerClient, found: Findings) -> str:
    found.shop = await c.shop()
    return found.shop.shop_name


async def _users(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.users()))


async def _suppliers(c: SmartSellerClient, found: Findings) -> str:
    found.suppliers = await c.suppliers()
    return str(len(found.suppliers))


async def _warehouses(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.warehouses(with_main=True)))


async def _categories(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.customer_categories()))


async def _customers(c: SmartSellerClient, found: Findings) -> str:
    return str((await c.customers(per_page=1)).pagination.total)


async def _regions(c: SmartSellerClient, found: Findings) -> str:
    return str((await c.regions(per_page=1)).pagination.total)


async def _products(c: SmartSellerClient, found: Findings) -> str:
    return str((await c.products(per_page=1)).pagination.total)


async def _variations(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.product_variations("", per_page=1)))


async def _expeditions(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.expeditions()))


async def _active_expeditions(c: SmartSellerClient, found: Findings) -> str:
    found.active_expeditions = await c.active_expeditions()
    return str(len(found.active_expeditions))


async def _banks(c: SmartSellerClient, found: Findings) -> str:
    found.banks = await c.banks()
    return str(len(found.banks))


async def _order_sources(c: SmartSellerClient, found: Findings) -> str:
    found.order_sources = await c.order_sources()
    return str(len(found.order_sources))


async def _order_costs(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.order_costs()))


async def _custom_couriers(c: SmartSellerClient, found: Findings) -> str:
    return str(len(await c.custom_couriers()))


#: The read endpoints the POS depends on, in the order they are checked.
CHECKS: tuple[tuple[str, Check], ...] = (
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

#: The readiness checks, in the order they are reported.
READINESS = ("config_file", "data_folder", "time_zone", "catalog", "walk_in", "cash_account",
             "printer", "origin_district", "couriers", "order_sources_active")

#: Each check's name in the report.
CHECK_LABELS = {
    "shop": "doctor.check.shop",
    "users": "doctor.check.users",
    "suppliers": "doctor.check.suppliers",
    "warehouses": "doctor.check.warehouses",
    "customer_categories": "doctor.check.customer_categories",
    "customers": "doctor.check.customers",
    "regions": "doctor.check.regions",
    "products": "doctor.check.products",
    "product_variations": "doctor.check.product_variations",
    "expeditions": "doctor.check.expeditions",
    "active_expeditions": "doctor.check.active_expeditions",
    "banks": "doctor.check.banks",
    "order_sources": "doctor.check.order_sources",
    "order_costs": "doctor.check.order_costs",
    "custom_couriers": "doctor.check.custom_couriers",
    "config_file": "doctor.check.config_file",
    "data_folder": "doctor.check.data_folder",
    "time_zone": "doctor.check.time_zone",
    "catalog": "doctor.check.catalog",
    "walk_in": "doctor.check.walk_in",
    "cash_account": "doctor.check.cash_account",
    "printer": "doctor.check.printer",
    "origin_district": "doctor.check.origin_district",
    "couriers": "doctor.check.couriers",
    "order_sources_active": "doctor.check.order_sources_active",
}
_STATUS_LABELS: dict[Status, str] = {
    "ok": "doctor.status.ok",
    "warn": "doctor.status.warn",
    "fail": "doctor.status.fail",
}
#: The walk-in customer's details a shop may lack (`WalkInOffer.missing`), as named to
#: the shop owner.
FIELD_LABELS = {
    "phone": "doctor.field.phone",
    "district": "doctor.field.district",
    "address": "doctor.field.address",
}
# Where the cash account came from (`CashAccount.source`) -> how the check says it.
_CASH_SOURCE_KEYS = {
    "setting": "doctor.cash_account.setting",
    "remembered": "doctor.cash_account.remembered",
    "named": "doctor.cash_account.named",
}


def _fail(name: str, error: Exception, lang: str, base_url: str) -> CheckResult:
    if isinstance(error, ApiError):
        return CheckResult(name, "fail", describe(error, lang, base_url=base_url))
    detail = f"{type(error).__name__}: {error}"
    return CheckResult(name, "fail", t("api.doctor.unexpected", lang, detail=detail))


async def run_doctor(
    client: SmartSellerClient,
    lang: str | None = None,
    *,
    deadline: float | None = None,
    findings: Findings | None = None,
) -> list[CheckResult]:
    """Run every endpoint check in `CHECKS`; never raises for API failures.

    After a connection that could not even be opened, the remaining checks are reported
    as not checked instead of each waiting through its own retries; likewise once
    `deadline` seconds have passed. `findings` collects what the checks read.
    """
    lang = lang or client.lang
    base_url = client.base_url.rstrip("/")
    found = findings if findings is not None else Findings()
    loop = asyncio.get_running_loop()
    ends = None if deadline is None else loop.time() + deadline
    results: list[CheckResult] = []
    skip_reason: str | None = None
    for name, check in CHECKS:
        if skip_reason is not None:
            results.append(CheckResult(name, "fail", skip_reason))
            continue
        left = None if ends is None else ends - loop.time()
        try:
            if left is not None and left <= 0:
                raise TimeoutError
            summary = await asyncio.wait_for(check(client, found), left)
        except TimeoutError:
            seconds = f"{deadline:g}"
            results.append(CheckResult(name, "fail", t("doctor.deadline", lang, seconds=seconds),
                                       t("doctor.fix.deadline", lang)))
            skip_reason = t("doctor.not_checked_deadline", lang, seconds=seconds)
        except Exception as error:  # noqa: BLE001 - the doctor reports, it never crashes
            results.append(_fail(name, error, lang, base_url))
            if isinstance(error, NetworkError) and error.certainly_not_sent:
                skip_reason = t("api.doctor.not_checked", lang)
        else:
            results.append(CheckResult(name, "ok", summary))
    return results


# --- readiness ---------------------------------------------------------------------------


def _ok(check: str, lang: str, key: str, /, **params: Any) -> CheckResult:
    return CheckResult(check, "ok", t(key, lang, **params))


def _problem(check: str, status: Status, lang: str, key: str, fix: str, /, **params: Any
             ) -> CheckResult:
    return CheckResult(check, status, t(key, lang, **params), t(fix, lang, **params))


def check_config_file(config_path: Path | None, lang: str) -> CheckResult:
    """The config file holding the token must be readable by its owner only."""
    path = config_path_for(config_path, os.environ)
    if not path.exists():
        return _ok("config_file", lang, "doctor.config_file.none", path=path)
    if token_file_exposed(path):
        return _problem("config_file", "fail", lang, "doctor.config_file.exposed",
                        "doctor.fix.config_file", path=path)
    return _ok("config_file", lang, "doctor.config_file.ok", path=path)


def check_data_folder(data_dir: Path, lang: str) -> CheckResult:
    """Sales, receipts and the catalog are written there."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-"):
            pass
    except OSError as exc:
        return _problem("data_folder", "fail", lang, "doctor.data_folder.fail",
                        "doctor.fix.data_folder", path=data_dir, detail=exc.strerror or exc)
    return _ok("data_folder", lang, "doctor.data_folder.ok", path=data_dir)


def check_time_zone(settings: Settings, lang: str, now: datetime) -> CheckResult:
    """The shop's clock: receipts, order dates and the day's orders depend on it. (An
    unknown zone never gets this far: the settings refuse it.)"""
    local = now.astimezone(settings.tz)
    offset = local.strftime("%z")
    return _ok("time_zone", lang, "doctor.time_zone.ok", zone=settings.timezone,
               offset=f"{offset[:3]}:{offset[3:]}", time=local.strftime("%H:%M"))


def check_catalog(settings: Settings, data_dir: Path, lang: str, now: datetime) -> CheckResult:
    """Search and scanning read the local catalog: it must exist and be recent."""
    from sspos.store.catalog import Catalog
    from sspos.store.db import current_db_path

    if current_db_path(data_dir) is None:
        return _problem("catalog", "warn", lang, "doctor.catalog.never", "doctor.fix.catalog")
    catalog = Catalog(data_dir)
    synced = catalog.last_synced()
    if synced is None:
        return _problem("catalog", "warn", lang, "doctor.catalog.never", "doctor.fix.catalog")
    age = now - synced
    hours = age.total_seconds() / 3600
    allowed = timedelta(minutes=max(2 * settings.sync_interval_minutes, 24 * 60))
    params = {"count": catalog.variant_count(), "hours": f"{hours:.1f}"}
    if age > allowed:
        return _problem("catalog", "warn", lang, "doctor.catalog.old", "doctor.fix.catalog",
                        **params)
    return _ok("catalog", lang, "doctor.catalog.ok", **params)


async def check_walk_in(settings: Settings, data_dir: Path, client: SmartSellerClient | None,
                        found: Findings, lang: str) -> CheckResult:
    """The customer walk-in sales are booked to; see `sspos.app.walk_in`."""
    from sspos.app.pos_state import PosState
    from sspos.app.shop import origin_supplier
    from sspos.app.walk_in import WALK_IN_NAME, find_walk_in, look_up_walk_in, offer_walk_in
    from sspos.outbox.queue import OUTBOX_FILE, Outbox
    from sspos.store.customers import CustomerStore
    from sspos.store.db import current_db_path

    state = PosState.in_dir(data_dir)
    customer = None
    if current_db_path(data_dir) is not None:
        outbox = Outbox.in_dir(data_dir) if (data_dir / OUTBOX_FILE).exists() else None
        customer = find_walk_in(settings.walk_in_customer_id, state, CustomerStore(data_dir),
                                outbox)
    server_answers = client is not None and found.shop is not None
    if customer is None and settings.walk_in_customer_id is None and server_answers:
        assert client is not None
        customer = await look_up_walk_in(client)
    if customer is not None:
        if customer.customer_id < 0:
            return _ok("walk_in", lang, "doctor.walk_in.queued", name=customer.name)
        return _ok("walk_in", lang, "doctor.walk_in.ok", name=customer.name,
                   id=customer.customer_id)
    if settings.walk_in_customer_id is not None:
        return _problem("walk_in", "warn", lang, "doctor.walk_in.unknown_setting",
                        "doctor.fix.catalog", id=settings.walk_in_customer_id)
    offer = offer_walk_in(found.shop, origin_supplier(found.shop, found.suppliers or []))
    fix = "doctor.fix.walk_in_ask" if offer.missing else "doctor.fix.walk_in"
    asks = ", ".join(t(FIELD_LABELS[field], lang) for field in offer.missing)
    return _problem("walk_in", "warn", lang, "doctor.walk_in.missing", fix, name=WALK_IN_NAME,
                    fields=asks)


def check_cash_account(settings: Settings, data_dir: Path, found: Findings, lang: str
                       ) -> CheckResult:
    """The account cash is booked to; see `sspos.app.cash_account`."""
    from sspos.app.cash_account import find_cash_account
    from sspos.app.pos_state import PosState

    if found.banks is None:
        return _problem("cash_account", "fail", lang, "doctor.not_checked_banks",
                        "doctor.fix.connect")
    if not found.banks:
        return _problem("cash_account", "fail", lang, "doctor.cash_account.no_banks",
                        "doctor.fix.add_bank")
    setting = settings.cash_bank_id
    if setting is not None and setting not in {bank.bank_id for bank in found.banks}:
        return _problem("cash_account", "fail", lang, "doctor.cash_account.bad_setting",
                        "doctor.fix.cash_setting", id=setting)
    remembered = PosState.in_dir(data_dir).load().cash_bank_id
    account = find_cash_account(setting, remembered, found.banks)
    if account is None:
        return _problem("cash_account", "warn", lang, "doctor.cash_account.missing",
                        "doctor.fix.cash_account")
    return _ok("cash_account", lang, _CASH_SOURCE_KEYS[account.source], account=account.label)


def check_printer(settings: Settings, lang: str) -> CheckResult:
    """The receipt printer answers (without printing anything)."""
    from sspos.printing.printers import check_printer as look_for_printer

    found = look_for_printer(settings)
    if found.ok:
        return CheckResult("printer", "ok", found.message)
    return CheckResult("printer", "fail", found.message, t("doctor.fix.printer", lang))


def check_origin(found: Findings, lang: str) -> CheckResult:
    """Courier rates are asked from the origin supplier's district."""
    from sspos.app.shop import origin_supplier

    if found.suppliers is None:
        return _problem("origin_district", "fail", lang, "doctor.not_checked_suppliers",
                        "doctor.fix.connect")
    origin = origin_supplier(found.shop, found.suppliers)
    if origin is None or not origin.district_id:
        return _problem("origin_district", "warn", lang, "doctor.origin.missing",
                        "doctor.fix.origin")
    place = ", ".join(p for p in (origin.district, origin.city) if p) or str(origin.district_id)
    return _ok("origin_district", lang, "doctor.origin.ok", place=place, id=origin.district_id)


def check_couriers(found: Findings, lang: str) -> CheckResult:
    """Shipping by courier needs at least one active courier."""
    if found.active_expeditions is None:
        return _problem("couriers", "fail", lang, "doctor.not_checked_couriers",
                        "doctor.fix.connect")
    couriers = [e for e in found.active_expeditions
                if e.id not in (PICKUP_AT_SHOP_ID, MANUAL_EXPEDITION_ID)]
    if not couriers:
        return _problem("couriers", "warn", lang, "doctor.couriers.none", "doctor.fix.couriers")
    names = sorted({e.logistic_name for e in couriers if e.logistic_name})
    return _ok("couriers", lang, "doctor.couriers.ok", count=len(couriers),
               names=", ".join(names))


def check_order_sources(found: Findings, lang: str) -> CheckResult:
    """Orders keyed in from WhatsApp, marketplaces… name their source."""
    if found.order_sources is None:
        return _problem("order_sources_active", "fail", lang, "doctor.not_checked_sources",
                        "doctor.fix.connect")
    active = [s for s in found.order_sources
              if str(s.status or "ACTIVE").upper() != "NON ACTIVE"]
    if not active:
        return _problem("order_sources_active", "warn", lang, "doctor.sources.none",
                        "doctor.fix.sources")
    return _ok("order_sources_active", lang, "doctor.sources.ok", count=len(active))


async def readiness(
    settings: Settings,
    data_dir: Path,
    client: SmartSellerClient | None,
    found: Findings,
    lang: str,
    *,
    now: datetime | None = None,
    walk_in_seconds: float | None = None,
    config_path: Path | None = None,
) -> list[CheckResult]:
    """The readiness checks (see `READINESS`), from what the endpoint checks found.

    `client` is used for one more question (the walk-in customer on the server), bounded
    by `walk_in_seconds`; None when the server did not answer."""
    now = now or datetime.now(UTC)
    try:
        # Without a client the check is local only: no deadline to meet.
        walk_in = await asyncio.wait_for(
            check_walk_in(settings, data_dir, client, found, lang),
            walk_in_seconds if client is not None else None)
    except TimeoutError:
        walk_in = _problem("walk_in", "fail", lang, "doctor.deadline", "doctor.fix.deadline",
                           seconds=f"{walk_in_seconds:g}")
    printer = await asyncio.to_thread(check_printer, settings, lang)
    return [
        check_config_file(config_path, lang),
        check_data_folder(data_dir, lang),
        check_time_zone(settings, lang, now),
        check_catalog(settings, data_dir, lang, now),
        walk_in,
        check_cash_account(settings, data_dir, found, lang),
        printer,
        check_origin(found, lang),
        check_couriers(found, lang),
        check_order_sources(found, lang),
    ]


async def diagnose(
    settings: Settings,
    *,
    demo: bool,
    deadline: float,
    client: SmartSellerClient | None = None,
    findings: Findings | None = None,
    config_path: Path | None = None,
) -> list[CheckResult]:
    """Every check, endpoints then readiness, all within `deadline` seconds (the printer's
    own `printer_timeout` aside). `client` defaults to one for the configured shop;
    `findings` collects what was read from it (for `sspos setup`); `config_path` is the
    `--config` given, if any."""
    from sspos.runtime import data_dir_for, open_client

    lang = settings.lang
    folder = data_dir_for(settings, demo)
    loop = asyncio.get_running_loop()
    started = loop.time()
    found = findings if findings is not None else Findings()
    own = client is None
    api = client or open_client(settings, demo=demo, max_retries=DOCTOR_RETRIES)
    try:
        endpoints = await run_doctor(api, lang, deadline=deadline, findings=found)
        answered = found.shop is not None
        left = max(0.0, deadline - (loop.time() - started))
        ready = await readiness(settings, folder, api if answered else None, found, lang,
                                walk_in_seconds=left, config_path=config_path)
    finally:
        if own:
            await api.aclose()
    return endpoints + ready


def header(settings: Settings, demo: bool) -> str:
    """The first line: version, which API, which data folder."""
    lang = settings.lang
    where = t("doctor.demo_sandbox", lang) if demo else settings.api_url
    return t("doctor.header", lang, version=__version__, api=where, data=settings.data_dir)


def format_report(results: list[CheckResult], lang: str = "id") -> list[str]:
    """One line per check: `OK    shop (GET shop): Tokoku`, or `WARN  …: what — fix`."""
    lines = []
    for result in results:
        status = t(_STATUS_LABELS[result.status], lang)
        label = t(CHECK_LABELS[result.name], lang)
        line = f"{status:<5} {label}: {result.detail}"
        if result.fix and result.status != "ok":
            line += f" → {result.fix}"
        lines.append(line)
    return lines


def all_ok(results: list[CheckResult]) -> bool:
    """True when no check failed (the CLI exits 0 only then)."""
    return bool(results) and all(result.ok for result in results)
