"""`sspos setup`: apply what `sspos doctor` finds, asking before each change.

It runs the doctor's checks, then offers the fixes the POS can make itself:

- a config file that holds the token and others can read: `chmod 600`;
- a catalog never synced (or old): sync it now;
- no walk-in customer: create "Pelanggan Umum" from the shop's details (asking for what
  they lack), through the outbox like any customer, so it is created exactly once;
- no account for cash: choose one of the shop's accounts.

What only SmartSeller's own settings can fix (couriers, an origin district, a printer) is
listed with what to do. `--yes` takes every default without asking (and skips what has
no default, such as a missing phone number). The only file it writes besides the outbox
and the catalog is `pos_state.json`, owner-only (see `sspos.app.pos_state`).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sspos.api.client import SmartSellerClient
from sspos.api.models import Bank, Region
from sspos.app.cash_account import account_label, choices, remember
from sspos.app.customers import CustomerCreator, is_valid_phone
from sspos.app.pos_state import PosState
from sspos.app.shop import origin_supplier
from sspos.app.walk_in import WalkInOffer, clean_phone, offer_walk_in, remember_walk_in
from sspos.config import Settings, config_path_for
from sspos.doctor import (
    DOCTOR_RETRIES,
    FIELD_LABELS,
    CheckResult,
    Findings,
    diagnose,
    format_report,
    header,
)
from sspos.domain.order import new_client_reference
from sspos.i18n import t

REGION_CHOICES = 8


class Asker:
    """Questions on a terminal (or from piped answers); `assume_yes` answers nothing and
    takes each default. End of input also takes the default."""

    def __init__(self, lang: str, *, assume_yes: bool, stdin: IO[str], out: IO[str]) -> None:
        self.lang = lang
        self.assume_yes = assume_yes
        self.stdin = stdin
        self.out = out

    def say(self, text: str) -> None:
        """One line of output."""
        print(text, file=self.out, flush=True)

    def line(self, prompt: str, default: str = "") -> str:
        """A free answer; the default when none is given."""
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        if self.assume_yes:
            self.say(shown + default)
            return default
        self.out.write(shown)
        self.out.flush()
        answer = self.stdin.readline().strip()
        if not self.stdin.isatty():  # piped answers: show them, as a terminal would
            self.say(answer)
        return answer or default

    def yes(self, question: str) -> bool:
        """A yes/no question whose default is yes."""
        answer = self.line(f"{question} {t('setup.yes_no', self.lang)}", "")
        return not answer or answer.strip().lower().startswith("y")

    def pick(self, title: str, options: Sequence[str]) -> int | None:
        """One of `options` by number (default 1); None for an answer that is no number."""
        self.say(title)
        for number, option in enumerate(options, 1):
            self.say(f"  {number}. {option}")
        answer = self.line(t("setup.number", self.lang), "1")
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        return None


async def run_setup(
    settings: Settings,
    demo: bool,
    *,
    assume_yes: bool,
    deadline: float,
    stdin: IO[str] | None = None,
    out: IO[str] | None = None,
    client: SmartSellerClient | None = None,
    config_path: Path | None = None,
) -> int:
    """`sspos setup`; returns the exit status (0 when no check fails afterwards).
    `config_path` is the `--config` given, if any."""
    from sspos.runtime import data_dir_for, open_client

    lang = settings.lang
    ask = Asker(lang, assume_yes=assume_yes, stdin=stdin or sys.stdin, out=out or sys.stdout)
    # Every file setup creates (state, outbox, catalog) is its owner's only.
    previous_umask = os.umask(0o077)
    own = client is None
    api = client or open_client(settings, demo=demo, max_retries=DOCTOR_RETRIES)
    try:
        data_dir = data_dir_for(settings, demo)
        ask.say(header(settings, demo))
        found = Findings()
        results = await diagnose(settings, demo=demo, deadline=deadline, client=api,
                                 findings=found, config_path=config_path)
        for line in format_report(results, lang):
            ask.say(line)
        by_name = {result.name: result for result in results}
        if _needs(by_name, "config_file"):
            _protect_config(ask, config_path_for(config_path, os.environ))
        if _needs(by_name, "catalog") and found.shop is not None:
            await _sync(ask, api, data_dir)
        if (_needs(by_name, "walk_in") and settings.walk_in_customer_id is None
                and found.shop is not None):
            await _create_walk_in(ask, settings, api, data_dir, found)
        if _needs(by_name, "cash_account") and found.banks:
            _choose_cash_account(ask, data_dir, found.banks)
        ask.say("")
        ask.say(t("setup.after", lang))
        after = await diagnose(settings, demo=demo, deadline=deadline, client=api,
                               config_path=config_path)
    finally:
        os.umask(previous_umask)
        if own:
            await api.aclose()
    left = [result for result in after if result.status != "ok"]
    for line in format_report(left, lang):
        ask.say(line)
    if not left:
        ask.say(t("setup.all_ok", lang))
    return 0 if all(result.ok for result in after) else 1


def _needs(by_name: dict[str, CheckResult], name: str) -> bool:
    result = by_name.get(name)
    return result is not None and result.status != "ok"


def _protect_config(ask: Asker, path: Path) -> None:
    if ask.yes(t("setup.chmod", ask.lang, path=path)):
        os.chmod(path, 0o600)
        ask.say(t("setup.chmod_done", ask.lang, path=path))


async def _sync(ask: Asker, client: SmartSellerClient, data_dir: Path) -> None:
    from sspos.sync_command import run_sync_command

    if ask.yes(t("setup.sync", ask.lang)):
        await run_sync_command(client, data_dir, out=ask.out, lang=ask.lang)


async def _create_walk_in(
    ask: Asker, settings: Settings, client: SmartSellerClient, data_dir: Path, found: Findings
) -> None:
    """Offer "Pelanggan Umum" from the shop's details, ask for what they lack, create it
    through the outbox (one pass of a worker of our own) and remember it."""
    from sspos.outbox.queue import Outbox
    from sspos.outbox.worker import OutboxWorker
    from sspos.store.customers import CustomerStore

    lang = ask.lang
    offer = offer_walk_in(found.shop, origin_supplier(found.shop, found.suppliers or []))
    ask.say("")
    ask.say(t("setup.walk_in.offer", lang, name=offer.name))
    for field, value in (("phone", offer.phone), ("district", offer.district_name),
                         ("address", offer.address)):
        ask.say(f"  {t(FIELD_LABELS[field], lang)}: {value or '—'}")
    if offer.missing and ask.assume_yes:
        fields = ", ".join(t(FIELD_LABELS[field], lang) for field in offer.missing)
        ask.say(t("setup.walk_in.needs_answers", lang, fields=fields))
        return
    answers = await _walk_in_answers(ask, client, offer)
    if answers is None or not ask.yes(t("setup.walk_in.confirm", lang, name=offer.name)):
        return
    outbox = Outbox.in_dir(data_dir)
    worker = OutboxWorker(outbox, lambda: client, close_client=False, lang=lang)

    async def deliver(entry_id: int) -> Any:
        await worker.drain_once()
        return await asyncio.to_thread(outbox.entry, entry_id)

    creator = CustomerCreator(
        outbox, CustomerStore(data_dir), deliver=deliver,
        new_reference=lambda: new_client_reference(settings.terminal_id, datetime.now(UTC)),
    )
    try:
        outcome = await creator.create(offer.completed(**answers))
    finally:
        await worker.aclose()
    if outcome.state == "rejected":
        ask.say(t("setup.walk_in.rejected", lang))
        for path, messages in outcome.messages.items():
            field = {"district_id": "district"}.get(path, path)
            label = t(FIELD_LABELS[field], lang) if field in FIELD_LABELS else path
            ask.say(f"  {label}: {'; '.join(messages)}")
        await creator.abandon(outcome.entry_id)
        return
    assert outcome.customer is not None
    remember_walk_in(PosState.in_dir(data_dir), outcome.customer)
    key = "setup.walk_in.created" if outcome.state == "created" else "setup.walk_in.queued"
    ask.say(t(key, lang, name=outcome.customer.name, id=outcome.customer.customer_id))


async def _walk_in_answers(ask: Asker, client: SmartSellerClient, offer: WalkInOffer
                           ) -> dict[str, Any] | None:
    """The cashier's answers for what the shop's details lack; None: not answered."""
    lang = ask.lang
    answers: dict[str, Any] = {}
    if "phone" in offer.missing:
        phone = clean_phone(ask.line(t("setup.walk_in.phone", lang)))
        if not is_valid_phone(phone):
            ask.say(t("tui.customer.bad_phone", lang))
            return None
        answers["phone"] = phone
    if "district" in offer.missing:
        region = await _district(ask, client)
        if region is None:
            return None
        answers["district_id"] = region.id
        answers["district_name"] = region.fullname or region.subdistrict
    if "address" in offer.missing:
        address = ask.line(t("setup.walk_in.address", lang))
        if not address:
            ask.say(t("tui.customer.required", lang))
            return None
        answers["address"] = address
    return answers


async def _district(ask: Asker, client: SmartSellerClient) -> Region | None:
    lang = ask.lang
    text = ask.line(t("setup.walk_in.district", lang))
    if len(text) < 3:
        ask.say(t("setup.walk_in.district_short", lang))
        return None
    regions = list((await client.regions(keyword=text, per_page=REGION_CHOICES)).items)
    if not regions:
        ask.say(t("setup.walk_in.no_district", lang, text=text))
        return None
    chosen = ask.pick(t("setup.walk_in.districts", lang),
                      [r.fullname or r.subdistrict for r in regions])
    return None if chosen is None else regions[chosen]


def _choose_cash_account(ask: Asker, data_dir: Path, banks: list[Bank]) -> None:
    lang = ask.lang
    ask.say("")
    options = choices(banks)
    chosen = ask.pick(t("setup.cash.title", lang), [account_label(bank) for bank in options])
    if chosen is None:
        ask.say(t("setup.cash.skipped", lang))
        return
    account = remember(PosState.in_dir(data_dir), options[chosen])
    ask.say(t("setup.cash.done", lang, account=account.label))
