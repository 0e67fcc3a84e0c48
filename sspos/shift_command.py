"""`sspos shift open|x|close|list|show` and `sspos cash in|out`: the drawer from a shell.

The same use cases as the TUI (`sspos.app.shifts`) over the terminal's data folder.
`close` compares the shift with the server first (skipped with `--no-check`, or noted on
the Z report when the server cannot be reached). `cash out` queues the expense, then
tries once to deliver it (a running POS delivers it otherwise).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sspos.api.errors import ApiError
from sspos.app.drawer_paper import print_cash_slip, print_report, report_paper
from sspos.app.errors import describe_error
from sspos.app.shifts import Shifts, shifts_for
from sspos.config import Settings
from sspos.domain.money import MoneyParseError, format_amount, parse_rupiah
from sspos.domain.shift import Difference, ShiftReport
from sspos.i18n import t
from sspos.outbox.entries import OutboxError
from sspos.outbox.server import SearchIncomplete
from sspos.outbox.worker import OutboxWorker
from sspos.printing.receipt import receipt_text
from sspos.runtime import client_factory, open_client
from sspos.store.reference import ReferenceData
from sspos.store.shifts import ShiftError

log = logging.getLogger(__name__)

#: How long `close` and `cash out` wait for the server at most.
SERVER_DEADLINE_S = 30.0


@dataclass(frozen=True, slots=True)
class DrawerArgs:
    """What `sspos shift` / `sspos cash` were asked."""

    action: str  # open, x, close, list, show, in, out
    shift_id: int | None = None
    amount: str | None = None
    reason: str = ""
    print_paper: bool = False
    check_server: bool = True
    over_drawer_ok: bool = False


def _amount(text: str | None, name: str) -> int:
    if text is None:
        raise ShiftError("shift.cli.amount_required", name=name)
    try:
        return parse_rupiah(text)
    except MoneyParseError:
        raise ShiftError("shift.error.bad_amount", text=text) from None


class _Drawer:
    """One run of `sspos shift` / `sspos cash` over the terminal's data folder."""

    def __init__(self, settings: Settings, data_dir: Path, demo: bool, out: IO[str]) -> None:
        self.settings = settings
        self.data_dir = data_dir
        self.demo = demo
        self.out = out
        self.lang = settings.lang
        self.shifts: Shifts = shifts_for(settings, data_dir)

    def say(self, key: str, **params: object) -> None:
        print(t(key, self.lang, **params), file=self.out)

    def shop_name(self) -> str:
        shop = ReferenceData(self.data_dir).shop()
        return shop.shop_name if shop is not None else ""

    def show(self, report: ShiftReport, print_paper: bool) -> None:
        """The report as text at the printer's width; printed too when asked."""
        print(receipt_text(report_paper(report, self.settings, self.shop_name())),
              file=self.out)
        if print_paper:
            result = print_report(report, self.settings, self.shop_name())
            print(result.message, file=self.out)

    async def differences(self) -> list[Difference] | None:
        shifts = self.shifts
        shift = shifts.require_open()
        try:
            async with open_client(self.settings, demo=self.demo) as client:
                return await asyncio.wait_for(
                    shifts.server_differences(client, shift, shifts.sales(shift)),
                    SERVER_DEADLINE_S)
        except (ApiError, SearchIncomplete, TimeoutError) as exc:  # Z: "not checked"
            self.say("shift.cli.not_checked", reason=describe_error(exc, self.lang))
            return None

    async def deliver(self) -> None:
        """One pass of the outbox (unless a running POS holds it: it delivers then)."""
        worker = OutboxWorker(self.shifts.outbox, client_factory(self.settings, demo=self.demo),
                              lang=self.lang, probe_when_idle=False)
        try:
            await asyncio.wait_for(worker.drain_once(), SERVER_DEADLINE_S)
        except TimeoutError:
            pass
        finally:
            await worker.aclose()

    async def run(self, args: DrawerArgs) -> int:
        shifts = self.shifts
        if args.action == "open":
            shift = shifts.open(_amount(args.amount, "--float"))
            self.say("shift.cli.opened", id=shift.id, terminal=shift.terminal_id,
                     amount=format_amount(shift.opening_float))
        elif args.action == "x":
            self.show(shifts.report(), args.print_paper)
        elif args.action == "close":
            counted = _amount(args.amount, "--counted")
            shifts.require_open()
            differences = await self.differences() if args.check_server else None
            self.show(shifts.close(counted, differences), args.print_paper)
        elif args.action == "list":
            self.list_shifts()
        elif args.action == "show":
            if args.shift_id is None:
                raise ShiftError("shift.cli.id_required")
            self.show(shifts.report(args.shift_id), args.print_paper)
        elif args.action in ("in", "out"):
            return await self.cash(args)
        return 0

    def list_shifts(self) -> None:
        found = self.shifts.history()
        if not found:
            self.say("shift.cli.none")
        tz = self.settings.tz
        for shift in found:
            opened = shift.opened_at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
            if shift.closed_at is None:
                self.say("shift.cli.row_open", id=shift.id, opened=opened,
                         cashier=shift.cashier or "-", amount=format_amount(shift.opening_float))
            else:
                report = self.shifts.report(shift.id)
                self.say("shift.cli.row_closed", id=shift.id, opened=opened,
                         closed=shift.closed_at.astimezone(tz).strftime("%d/%m %H:%M"),
                         cashier=shift.cashier or "-", sales=report.sales_count,
                         total=format_amount(report.sales_total),
                         over_short=format_amount(report.over_short or 0))

    async def cash(self, args: DrawerArgs) -> int:
        amount = _amount(args.amount, t("shift.cli.amount", self.lang))
        shop = self.shop_name()
        if args.action == "in":
            move = self.shifts.cash_in(amount, args.reason)
            self.say("shift.cli.cash_in", amount=format_amount(move.amount))
        else:
            queued = self.shifts.cash_out(amount, args.reason,
                                          over_drawer_ok=args.over_drawer_ok)
            move = queued.move
            await self.deliver()
            entry = self.shifts.outbox.entry(queued.entry_id)
            if entry.state == "submitted":
                self.say("shift.cli.cash_out_sent", amount=format_amount(amount),
                         expense=entry.order_id)
            elif entry.state == "rejected":
                self.say("shift.cli.cash_out_rejected", amount=format_amount(amount),
                         id=entry.id, error=entry.last_error or "")
            else:
                self.say("shift.cli.cash_out_queued", amount=format_amount(amount))
        result = print_cash_slip(move, self.settings, shop)
        print(result.message, file=self.out)
        return 0


def drawer_command(args: DrawerArgs, settings: Settings, data_dir: Path, demo: bool,
                   out: IO[str], err: IO[str]) -> int:
    """Run `sspos shift …` / `sspos cash …`; 0 when done, 1 when refused (the reason on
    `err`, in the shop's language)."""
    try:
        return asyncio.run(_Drawer(settings, data_dir, demo, out).run(args))
    except ShiftError as exc:
        hint = ("shift.cli.over_drawer_hint" if exc.key == "shift.error.over_drawer"
                else None)
        print(f"sspos: {describe_error(exc, settings.lang)}", file=err)
        if hint is not None:
            print(t(hint, settings.lang), file=err)
        return 1
    except OutboxError as exc:  # a paid-out the outbox refuses: said, not a traceback
        print(f"sspos: {describe_error(exc, settings.lang)}", file=err)
        return 1
