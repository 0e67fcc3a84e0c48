"""The POS application: one Textual app, the sale screen at home, dialogs above it.

`PosApp` wires: it holds the use cases (`sspos.app.pos.Pos`), binds their events to
reactives (`status` for the status bar, `sale_change` for the sale screen), runs what must
outlive a screen in its own workers (start-up, the outbox worker, syncs, printing) and
owns the global keys. What a sale means lives in `sspos.app`; what a screen shows lives
in its screen.

`run_app(settings, demo)` is what `sspos pos` / `sspos demo` call. Tests build
`PosApp(settings, services)` with `Services` wired to an in-process sandbox.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.reactive import var

from sspos.app.checkout import SaleOutcome
from sspos.app.counter import Sale, SaleChanged
from sspos.app.errors import describe_error
from sspos.app.pos import Pos
from sspos.app.services import Services, build_services
from sspos.app.status import DuplicateCancelled, PrinterChecked, Status, StatusEvent
from sspos.config import Settings
from sspos.domain.shift import Cancellation, ShiftReport
from sspos.i18n import t
from sspos.printing.receipt import ReceiptData
from sspos.resources import styles_dir
from sspos.tui.commands import PosCommands, ScreenActions
from sspos.tui.drawer import DrawerDesk
from sspos.tui.keys import localize_bindings
from sspos.tui.screens.dialogs import ConfirmDialog
from sspos.tui.screens.help import HelpScreen
from sspos.tui.screens.receipt import ReceiptPreview
from sspos.tui.screens.sale import SaleScreen

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from sspos.printing.printers import PrintResult

log = logging.getLogger(__name__)

STYLE_FILES = ("app.tcss", "sale.tcss", "dialogs.tcss")
THEMES = {"dark": "textual-dark", "light": "textual-light"}
STATUS_POLL_SECONDS = 2.0


def _css_paths() -> list[str | PurePath]:
    base = styles_dir()
    return [base / name for name in STYLE_FILES if (base / name).exists()]


class PosApp(App[int]):
    """The keyboard-first point of sale."""

    CSS_PATH = _css_paths()
    # Only the POS's own commands, in the shop's language (Textual's system commands
    # "Theme", "Keys", "Screenshot"… are English and not for a counter).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        PosCommands, ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True, id="app.quit"),
    ]

    #: The terminal's state (the status bar watches it).
    status: var[Status] = var(Status())
    #: The last change of the sale in progress (the sale screen watches it).
    sale_change: var[SaleChanged | None] = var(None, always_update=True)

    def __init__(
        self,
        settings: Settings,
        services: Services,
        *,
        poll_status: bool = True,
        keymap: dict[str, str] | None = None,
        sync_every_s: float | None = None,
    ) -> None:
        """`keymap` remaps bindings by id, e.g. `{"sale.pay": "f12", "sale.orders": "ctrl+o"}`
        (ids are listed in KEYMAP.md); without it the shop's `settings.keymap` applies.
        `sync_every_s` overrides `settings.sync_interval_minutes` (0: no background sync)."""
        super().__init__()
        self.settings = settings
        self.sync_every_s = (
            settings.sync_interval_minutes * 60 if sync_every_s is None else sync_every_s
        )
        self.pos = Pos(services)
        self.drawer = DrawerDesk(self)
        self.lang: str = services.lang
        self.poll_status = poll_status
        self.ready = asyncio.Event()
        self.last_sale: SaleOutcome | None = None
        self._quit_dialog: ConfirmDialog | None = None
        self.theme = THEMES.get(settings.theme, "textual-dark")
        self.title = t("tui.title", self.lang)
        localize_bindings(self, self.lang)
        if keymap is None:
            keymap = dict(settings.keymap)
        if keymap:
            self.set_keymap(keymap)
        self.pos.status.subscribe(self._status_changed)
        self.pos.counter.subscribe(self._sale_changed)

    # --- what tests and benchmarks look at ------------------------------------------------

    @property
    def services(self) -> Services:
        """The services behind the use cases."""
        return self.pos.services

    @property
    def sale(self) -> Sale:
        """The sale in progress."""
        return self.pos.counter.sale

    @property
    def last_print(self) -> PrintResult | None:
        """The outcome of the last print job."""
        return self.pos.receipts.last_print

    @property
    def sale_screen(self) -> SaleScreen:
        """The home screen (LookupError before it is mounted)."""
        for screen in self.screen_stack:
            if isinstance(screen, SaleScreen):
                return screen
        raise LookupError("sale screen not mounted")

    # --- events of the use cases -> reactives -------------------------------------------

    def _status_changed(self, status: Status, event: StatusEvent) -> None:
        self.status = status
        if isinstance(event, PrinterChecked) and not event.ok:
            self.notify(t("tui.print.failed", self.lang, error=event.error or "?"),
                        severity="error", markup=False, timeout=10)
        elif isinstance(event, DuplicateCancelled):  # the admin must know
            self.notify(t("tui.outbox.duplicate_cancelled", self.lang, ref=event.client_ref,
                          order_id=event.order_id, po=event.po_number or "?"),
                        severity="warning", timeout=30, markup=False)

    def _sale_changed(self, change: SaleChanged) -> None:
        self.sale_change = change
        snapshot = self.pos.counter.snapshot()
        if snapshot is not None:  # the cart on disk follows (a thread writes it)
            self.run_worker(partial(self.pos.counter.keep, snapshot), thread=True,
                            group="cart", exit_on_error=False)

    # --- lifecycle --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(SaleScreen())
        for notice in self.settings.startup_notices:  # e.g. a token file others can read
            self.notify(notice.message(self.lang), severity="warning", timeout=30, markup=False)
        self.startup()

    async def on_unmount(self) -> None:
        # However the app ends (Ctrl+Q, a dropped SSH session, a test): no spare child waits.
        await self.pos.catalog_sync.aclose()

    @work(exclusive=True, group="startup", exit_on_error=False)
    async def startup(self) -> None:
        """Sync if the catalog is empty, read what the terminal knows, start the outbox
        worker and the timers."""
        pos = self.pos
        try:
            await pos.catalog_sync.keep_ready()  # loads while the rest starts
            if await pos.needs_first_sync():
                # Another session on this data folder may be downloading it right now.
                await self._sync(quiet=False, fresh_within_s=math.inf)
            await pos.start()
        except Exception as exc:
            log.exception("startup failed")
            self.show_error(exc)
            self.ready.set()
            return
        self.ready.set()
        if self.settings.shift_prompt:
            self.drawer.ask_at_start()
        worker = pos.services.outbox_worker
        if worker is not None:
            self.run_outbox()
        if self.poll_status:
            self.set_interval(STATUS_POLL_SECONDS, self.refresh_status)
        self.refresh_status()
        if self.sync_every_s > 0:
            self.set_interval(self.sync_every_s, self.background_sync)

    @work(group="outbox", exit_on_error=False)
    async def run_outbox(self) -> None:
        """Submit queued entries in the background until the app exits."""
        worker = self.pos.services.outbox_worker
        assert worker is not None
        try:
            await worker.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("outbox worker stopped")
            self.show_error(exc)

    @work(exclusive=True, group="status", exit_on_error=False)
    async def refresh_status(self) -> None:
        """Read the outbox counts and the server's state (timer)."""
        try:
            await self.pos.refresh_status()
        except Exception:
            log.exception("status refresh failed")

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action (a key's, a click's); with `log_actions`, say which, on what."""
        if self.settings.log_actions:
            where = type(default_namespace or self).__name__
            log.info("action %s on %s", action if isinstance(action, str) else action[1], where)
        return await super().run_action(action, default_namespace, namespaces)

    # --- global keys ------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Ctrl+Q. With items in the cart it asks first, as F8 does (the cart is kept for
        the next start either way); Ctrl+Q again on that question quits."""
        count = self.sale.cart.total_qty
        if count and self.screen is not self._quit_dialog:
            self._quit_dialog = ConfirmDialog(t("tui.quit.confirm", self.lang, count=count))

            def done(yes: bool | None) -> None:
                self._quit_dialog = None
                if yes:
                    self.run_worker(self._quit(), group="quit", exit_on_error=False)

            self.push_screen(self._quit_dialog, done)
            return
        await self._quit()

    async def _quit(self) -> None:
        counter = self.pos.counter
        snapshot = counter.snapshot()
        if snapshot is not None:
            await asyncio.to_thread(counter.keep, snapshot)
        await self.pos.aclose()
        self.exit(0)

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, its search field in the shop's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            placeholder = t("tui.palette.placeholder", self.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex) says how to quit, in the shop's language."""
        self.notify(t("tui.quit.how", self.lang), markup=False)

    def show_help(self) -> None:
        """F1: every key of every screen."""
        self.push_screen(HelpScreen())

    def toggle_dark(self) -> None:
        """Switch between the light and dark theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    # --- after a sale: receipts -------------------------------------------------------

    def finish_sale(self, outcome: SaleOutcome) -> None:
        """A sale was submitted or queued: say so and print its receipt."""
        if outcome.state == "submitted":
            message = t("tui.pay.submitted", self.lang, po=outcome.po_number or "?")
            self.notify(message, markup=False, timeout=4)
        else:
            self.notify(t("tui.pay.queued", self.lang), markup=False, severity="warning",
                        timeout=6)
        self.last_sale = outcome
        self.pos.receipts.last_receipt = (outcome.receipt, outcome.client_ref)
        self.print_receipt(outcome.receipt, outcome.client_ref, reprint=False)
        if self.settings.shift_prompt:
            self.drawer.remind_after_sale()

    @work(group="print", exit_on_error=False)
    async def print_receipt(self, receipt: ReceiptData, client_ref: str | None, *,
                            reprint: bool) -> None:
        """Print in the background (the printer's state and failures come back as
        status events)."""
        try:
            await self.pos.receipts.print(receipt, client_ref, reprint=reprint)
        except Exception as exc:
            log.exception("printing failed")
            self.show_error(exc)

    def preview_receipt(self, receipt: ReceiptData, client_ref: str | None) -> None:
        """Open the receipt preview: the exact text for the configured printer's width."""
        receipts = self.pos.receipts
        try:
            text = receipts.preview(receipt)
        except Exception as exc:
            log.exception("receipt preview failed")
            self.show_error(exc)
            return
        self.push_screen(ReceiptPreview(text, receipt, client_ref, receipts.columns))

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def preview_last_receipt(self) -> None:
        """Palette: preview the newest sale's receipt."""
        found = await self.pos.receipts.newest()
        if found is None:
            self.notify(t("tui.preview.none", self.lang), severity="warning", markup=False)
            return
        self.preview_receipt(*found)

    # --- the drawer (sspos.tui.drawer): palette entries ----------------------------------

    def shift_open(self) -> None:
        """Palette: open a shift."""
        self.drawer.open_shift()

    def shift_x_report(self) -> None:
        """Palette: the X report."""
        self.drawer.x_report()

    def shift_close(self) -> None:
        """Palette: close the shift (Z report)."""
        self.drawer.close_shift()

    def cash_in(self) -> None:
        """Palette: cash paid into the drawer."""
        self.drawer.cash_in()

    def cash_out(self) -> None:
        """Palette: cash paid out of the drawer."""
        self.drawer.cash_out()

    def print_shift_report(self, report: ShiftReport) -> None:
        """Print an X or Z report in the background."""
        self.drawer.print_report(report)

    def print_void_slip(self, cancel: Cancellation) -> None:
        """Print the slip of a cancelled order or voided sale in the background."""
        self.drawer.print_void(cancel)

    # --- syncs ------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Download the catalog again (palette: "Sinkron")."""
        if self.pos.catalog_sync.running:
            self.notify(t("tui.sync.running", self.lang), markup=False, timeout=3)
            return
        self.resync()

    def background_sync(self) -> None:
        """Timer: refresh the catalog quietly, unless a sync is already running."""
        if not self.pos.catalog_sync.running:
            # Another session that refreshed it lately leaves nothing to download.
            self.resync(quiet=True, fresh_within_s=self.sync_every_s / 2)

    @work(group="sync", exit_on_error=False)
    async def resync(self, quiet: bool = False, fresh_within_s: float | None = None) -> None:
        """A full sync in the background; the sale screen keeps working meanwhile.

        Asked for (palette): says when it starts and ends. `quiet` (the timer): only the
        status bar's "last synced" moves; a failure shows there, never as a dialog."""
        if not quiet:
            self.notify(t("tui.sync.started", self.lang), markup=False, timeout=3)
        count = await self._sync(quiet=quiet, fresh_within_s=fresh_within_s)
        if count is not None and not quiet:
            self.notify(t("tui.sync.done", self.lang, count=count), markup=False, timeout=4)

    async def _sync(self, *, quiet: bool, fresh_within_s: float | None = None) -> int | None:
        """Run one sync (see `CatalogSync.run`); the variant count when done, None when it
        failed (shown unless `quiet`)."""
        try:
            return await self.pos.catalog_sync.run(quiet=quiet, fresh_within_s=fresh_within_s)
        except Exception as exc:  # noqa: BLE001 - published; shown when asked for
            if not quiet:
                self.show_error(exc)
            return None

    # --- errors -----------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        """A clear notification (never a traceback); an API error also sets the server's
        state in the status bar (offline, token rejected, failing)."""
        self.pos.status.error_seen(exc)
        self.notify(
            describe_error(exc, self.lang),
            title=t("tui.err.title", self.lang),
            severity="error",
            timeout=10,
            markup=False,
        )


def run_app(settings: Settings, demo: bool) -> int:
    """Run the POS until the cashier quits; returns the exit code."""
    services = build_services(settings, demo)
    app = PosApp(settings, services, keymap=dict(settings.keymap))
    result: Any = app.run()
    return int(result or 0)
