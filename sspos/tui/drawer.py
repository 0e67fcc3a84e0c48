"""The drawer at the counter: open a shift, X report, close (Z), cash in and out.

`DrawerDesk` runs the shift use cases (`pos.shifts`, blocking: in threads) for the app,
from the command palette (Ctrl+P) and at start-up (no shift open: the cashier is asked
for the opening float; Esc leaves it for later, and selling goes on either way). Every
step the cashier waits on runs in an app worker, so nothing blocks the sale screen, and
every failure is shown in the cashier's words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sspos.app.drawer_paper import (
    print_cash_slip,
    print_report,
    print_void_slip,
    report_paper,
)
from sspos.app.shifts import CashOutQueued, ShiftError
from sspos.domain.money import format_amount
from sspos.domain.shift import Cancellation, CashMove, Difference, ShiftReport
from sspos.i18n import t
from sspos.printing.receipt import receipt_text
from sspos.tui.screens.dialogs import ConfirmDialog
from sspos.tui.screens.shift import Amount, AmountDialog, ShiftReportScreen

if TYPE_CHECKING:
    from sspos.printing.printers import PrintResult
    from sspos.tui.app import PosApp

log = logging.getLogger(__name__)

#: How long closing waits for the server's list of orders before closing unchecked.
CLOSE_CHECK_S = 15.0


class DrawerDesk:
    """The drawer's actions for one running app (see the module docstring)."""

    def __init__(self, app: PosApp) -> None:
        self.app = app

    @property
    def lang(self) -> str:
        """The shop's language."""
        return self.app.lang

    def _run(self, work: Callable[[], Awaitable[object]], name: str) -> None:
        """Run `work` (a coroutine function) as an app worker that reports its errors."""

        async def guarded() -> None:
            try:
                await work()
            except Exception as exc:  # noqa: BLE001 - shown, never raised into the UI
                self.app.show_error(exc)

        self.app.run_worker(guarded(), group=f"drawer-{name}", exit_on_error=False)

    def _say(self, key: str, **params: object) -> None:
        self.app.notify(t(key, self.lang, **params), markup=False, timeout=5)

    async def _printed(self, result: PrintResult) -> None:
        if not result.ok:
            self.app.notify(result.message, severity="error", markup=False, timeout=10)

    # --- opening --------------------------------------------------------------------------

    def ask_at_start(self) -> None:
        """At start-up: no shift open on this terminal, so ask for the opening float."""

        async def check() -> None:
            if await asyncio.to_thread(self.app.pos.shifts.current) is None:
                self._ask_float(hint=t("tui.shift.none_open", self.lang))

        self._run(check, "start")

    def remind_after_sale(self) -> None:
        """After a sale (already confirmed: nothing waits on this) with no shift open,
        say how to open one."""

        async def check() -> None:
            if await asyncio.to_thread(self.app.pos.shifts.current) is None:
                self.app.notify(t("tui.shift.sold_without_shift", self.lang),
                                severity="warning", markup=False, timeout=8)

        self._run(check, "remind")

    def open_shift(self) -> None:
        """Palette: open a shift (says so when one is open already)."""

        async def check() -> None:
            shift = await asyncio.to_thread(self.app.pos.shifts.current)
            if shift is not None:
                self._say("tui.shift.already_open", id=shift.id)
                return
            self._ask_float()

        self._run(check, "open")

    def _ask_float(self, hint: str = "") -> None:
        def done(answer: Amount | None) -> None:
            if answer is not None:
                self._run(lambda: self._open(answer[0]), "open")

        self.app.push_screen(AmountDialog(t("tui.shift.open_title", self.lang), hint), done)

    async def _open(self, opening_float: int) -> None:
        shift = await asyncio.to_thread(self.app.pos.shifts.open, opening_float)
        self._say("tui.shift.opened", id=shift.id, amount=format_amount(shift.opening_float))

    # --- reports --------------------------------------------------------------------------

    def x_report(self) -> None:
        """Palette: the X report of the open shift, on screen (F4 prints it)."""
        self._run(self._show_x, "x")

    async def _show_x(self) -> None:
        report = await asyncio.to_thread(self.app.pos.shifts.report)
        await self._show(report)

    async def _show(self, report: ShiftReport) -> None:
        app = self.app
        paper = await asyncio.to_thread(report_paper, report, app.settings,
                                        app.pos.services.ref.shop_name)
        app.push_screen(ShiftReportScreen(report, receipt_text(paper), paper.columns))

    def print_report(self, report: ShiftReport) -> None:
        """Print a report in the background."""

        async def send() -> None:
            app = self.app
            self._say("tui.shift.printing")
            await self._printed(await asyncio.to_thread(
                print_report, report, app.settings, app.pos.services.ref.shop_name))

        self._run(send, "print")

    def print_void(self, cancel: Cancellation) -> None:
        """Print the slip of a cancelled order or voided sale in the background."""

        async def send() -> None:
            app = self.app
            await self._printed(await asyncio.to_thread(
                print_void_slip, cancel, app.settings, app.pos.services.ref.shop_name))

        self._run(send, "print")

    # --- closing --------------------------------------------------------------------------

    def close_shift(self) -> None:
        """Palette: count the drawer, close the shift, show and print the Z report."""

        async def ask() -> None:
            report = await asyncio.to_thread(self.app.pos.shifts.report)
            hint = t("tui.shift.close_hint", self.lang,
                     expected=format_amount(report.cash_expected))

            def done(answer: Amount | None) -> None:
                if answer is not None:
                    self._run(lambda: self._close(answer[0]), "close")

            self.app.push_screen(AmountDialog(t("tui.shift.close_title", self.lang), hint),
                                 done)

        self._run(ask, "close")

    async def _differences(self) -> list[Difference] | None:
        """The close check, or None when the server cannot be asked in time."""
        pos = self.app.pos
        shifts = pos.shifts
        if pos.services.known_offline():
            return None
        shift = await asyncio.to_thread(shifts.require_open)
        sales = await asyncio.to_thread(shifts.sales, shift)
        try:
            return await asyncio.wait_for(
                shifts.server_differences(pos.services.client, shift, sales), CLOSE_CHECK_S)
        except Exception as exc:  # noqa: BLE001 - the Z report says "not checked"
            log.info("close check failed: %s", exc)
            return None

    async def _close(self, counted: int) -> None:
        self._say("tui.shift.checking")
        differences = await self._differences()
        report = await asyncio.to_thread(self.app.pos.shifts.close, counted, differences)
        await self._show(report)
        self.print_report(report)

    # --- cash in and out ------------------------------------------------------------------

    def cash_in(self) -> None:
        """Palette: cash put into the drawer, with its reason."""

        def done(answer: Amount | None) -> None:
            if answer is not None:
                self._run(lambda: self._cash_in(*answer), "cash")

        self.app.push_screen(AmountDialog(t("tui.shift.cash_in_title", self.lang),
                                          ask_reason=True), done)

    async def _cash_in(self, amount: int, reason: str) -> None:
        move = await asyncio.to_thread(self.app.pos.shifts.cash_in, amount, reason)
        self._say("tui.shift.cash_in_done", amount=format_amount(move.amount))
        await self._slip(move)

    def cash_out(self) -> None:
        """Palette: cash taken out of the drawer, booked as a SmartSeller expense."""

        def done(answer: Amount | None) -> None:
            if answer is not None:
                self._run(lambda: self._cash_out(*answer), "cash")

        self.app.push_screen(AmountDialog(t("tui.shift.cash_out_title", self.lang),
                                          t("tui.shift.cash_out_hint", self.lang),
                                          ask_reason=True), done)

    async def _cash_out(self, amount: int, reason: str, over_ok: bool = False) -> None:
        shifts = self.app.pos.shifts
        try:
            queued: CashOutQueued = await asyncio.to_thread(
                lambda: shifts.cash_out(amount, reason, over_drawer_ok=over_ok))
        except ShiftError as exc:
            if exc.key != "shift.error.over_drawer":
                raise
            question = t(exc.key, self.lang, **exc.params) + " " + t(
                "tui.shift.over_drawer_confirm", self.lang)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._run(lambda: self._cash_out(amount, reason, True), "cash")

            self.app.push_screen(ConfirmDialog(question), confirmed)
            return
        worker = self.app.pos.services.outbox_worker
        if worker is not None:
            worker.wake()
        self._say("tui.shift.cash_out_done", amount=format_amount(amount))
        await self._slip(queued.move)

    async def _slip(self, move: CashMove) -> None:
        """Print the cash slip; the drawer opens with it."""
        app = self.app
        await self._printed(await asyncio.to_thread(
            print_cash_slip, move, app.settings, app.pos.services.ref.shop_name))
