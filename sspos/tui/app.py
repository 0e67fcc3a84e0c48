"""The POS application: one Textual app, the sale screen at home, dialogs above it.

`run_app(settings, demo)` is what `sspos pos` / `sspos demo` call. Tests build
`PosApp(settings, services)` with `Services` wired to an in-process sandbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding

from sspos.config import Settings
from sspos.domain.catalog import Customer, CustomerCategory
from sspos.i18n import t
from sspos.resources import styles_dir
from sspos.tui.commands import PosCommands, ScreenActions
from sspos.tui.errors import describe_error
from sspos.tui.sale import Sale
from sspos.tui.services import Services, build_services

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

log = logging.getLogger(__name__)

STYLE_FILES = ("app.tcss", "sale.tcss", "dialogs.tcss")
THEMES = {"dark": "textual-dark", "light": "textual-light"}
STATUS_POLL_SECONDS = 2.0
BACKGROUND_SYNC_ATTEMPTS = 2  # per page; a refresh that cannot get through waits for the next
# How long a first walk-in sale asks the server for a "Pelanggan Umum" the last sync did not
# bring (one created since, elsewhere) before offering to create it: the cashier waits.
WALK_IN_LOOKUP_S = 2.0


@dataclass
class SubmitOutcome:
    """What became of a confirmed sale: submitted (PO), rejected (messages) or queued."""

    client_ref: str
    state: str  # "submitted" | "rejected" | "queued"
    po_number: str | None = None
    order_id: int | None = None
    messages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        return self.state == "rejected"


def _css_paths() -> list[str]:
    base = styles_dir()
    return [str(base / name) for name in STYLE_FILES if (base / name).exists()]


class PosApp(App[int]):
    """The keyboard-first point of sale."""

    CSS_PATH = _css_paths()
    # Only the POS's own commands, in the shop's language (Textual's system commands
    # "Theme", "Keys", "Screenshot"… are English and not for a counter).
    COMMANDS = {PosCommands, ScreenActions}
    BINDINGS = [
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True, id="app.quit"),
    ]

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
        self.syncing = False  # a full sync (background or asked for) is running
        self.services = services
        self.lang: str = services.lang
        self.sale = Sale()
        self.poll_status = poll_status
        self.ready = asyncio.Event()
        self.last_sale: SubmitOutcome | None = None
        self.last_print: Any = None
        # (receipt, client reference) of the last sale, for a preview without an outbox
        self.last_receipt: tuple[dict[str, Any], str] | None = None
        self._carts_kept = 0  # snapshots of the cart handed to the disk, in order
        self._cart_restored = False  # nothing is written before the saved cart was read
        self._quit_dialog: Any = None
        self.theme = THEMES.get(settings.theme, "textual-dark")
        self.title = t("tui.title", self.lang)
        from sspos.tui.keys import localize_bindings

        localize_bindings(self, self.lang)
        if keymap is None:
            keymap = dict(settings.keymap)
        if keymap:
            self.set_keymap(keymap)

    # --- lifecycle --------------------------------------------------------------------

    def on_mount(self) -> None:
        from sspos.tui.screens.sale import SaleScreen

        self.push_screen(SaleScreen())
        for notice in self.settings.startup_notices:  # e.g. a token file others can read
            self.notify(notice.message(self.lang), severity="warning", timeout=30, markup=False)
        self.startup()

    @property
    def sale_screen(self) -> Any:
        from sspos.tui.screens.sale import SaleScreen

        for screen in self.screen_stack:
            if isinstance(screen, SaleScreen):
                return screen
        raise LookupError("sale screen not mounted")

    @work(exclusive=True, group="startup", exit_on_error=False)
    async def startup(self) -> None:
        """Sync if the catalog is empty, load reference data, start the outbox worker."""
        services = self.services
        try:
            empty = await asyncio.to_thread(services.catalog_is_empty)
            if empty and services.sync_on_start:
                await self.sync_catalog()
            await asyncio.to_thread(services.load_reference)
            await asyncio.to_thread(services.find_walk_in)
            await asyncio.to_thread(services.find_cash_account)
            last = await asyncio.to_thread(services.catalog.last_synced)
        except Exception as exc:  # noqa: BLE001
            log.exception("startup failed")
            self.show_error(exc)
            self.ready.set()
            return
        self.sale.reset(self.walk_in_category())
        restored = await self._restore_cart()
        self._status(shop_name=services.ref.shop_name, last_sync=last)
        try:
            screen = self.sale_screen
            screen.refresh_sale()
            if restored:
                screen.set_info(Text(t("tui.sale.cart_restored", self.lang, count=restored)))
        except LookupError:
            pass
        self.ready.set()
        # Opening the outbox creates its SQLite file: not on the event loop.
        worker = await asyncio.to_thread(services.make_outbox_worker) if services.run_outbox_worker else None
        if worker is not None:
            subscribe = getattr(worker, "subscribe", None)
            if subscribe is not None:
                subscribe(self._on_worker_status)
            self.run_outbox(worker)
        if self.poll_status:
            self.set_interval(STATUS_POLL_SECONDS, self.refresh_status)
        self.refresh_status()
        if self.sync_every_s > 0:
            self.set_interval(self.sync_every_s, self.background_sync)

    async def sync_catalog(self, quiet: bool = False) -> bool:
        """Download catalog, customers and reference data (async: HTTP); True when done.

        `quiet` (the periodic refresh): a failure is logged and shown only as "offline"
        in the status bar, never as a dialog in the middle of a sale; the old catalog
        stays in use until the next attempt.
        """
        from sspos.store.sync import MAX_PAGE_ATTEMPTS, SyncProgress, full_sync, stage_label

        self.syncing = True
        self._status(syncing="0")

        def progress(step: SyncProgress) -> None:
            self._status(syncing=f"{stage_label(step.stage, self.lang)} {step.done}"[:20])

        try:
            summary = await full_sync(
                self.services.client,
                self.services.data_dir,
                progress=progress,
                attempts=BACKGROUND_SYNC_ATTEMPTS if quiet else MAX_PAGE_ATTEMPTS,
                deadline_s=self.settings.sync_timeout_minutes * 60,
            )
        except Exception as exc:  # noqa: BLE001
            log.warning("sync failed: %s", exc, exc_info=not quiet)
            self._status(syncing=None, sync_failed=True, **_connection_after(exc))
            if not quiet:
                self.show_error(exc)
            return False
        finally:
            self.syncing = False
        self._status(syncing=None, sync_failed=False, connection="online")
        log.info("sync done: %s", summary)
        return True

    def background_sync(self) -> None:
        """Timer: refresh the catalog quietly, unless a sync is already running."""
        if not self.syncing:
            self.resync(quiet=True)

    @work(group="outbox", exit_on_error=False)
    async def run_outbox(self, worker: Any) -> None:
        """Submit queued sales in the background until the app exits."""
        try:
            await worker.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            log.exception("outbox worker stopped")
            self.show_error(exc)

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def refresh_status(self) -> None:
        """Read the outbox counts and online state (thread) and show them."""
        outbox = self.services.outbox
        changes: dict[str, Any] = {}
        if outbox is not None:
            try:
                counts = outbox.counts()
                changes["pending"] = counts.waiting + counts.rejected
            except Exception:  # noqa: BLE001
                log.exception("outbox counts failed")
        worker = self.services.outbox_worker
        if worker is not None and worker.connection is not None:
            changes["connection"] = worker.connection
        if changes:
            self.call_from_thread(self._status, **changes)

    def _on_worker_status(self, status: Any) -> None:
        """The outbox worker finished a pass (called on the app's loop)."""
        self.adopt_created_customers()
        changes: dict[str, Any] = {}
        if status.connection is not None:
            changes["connection"] = status.connection
        counts = status.counts
        changes["pending"] = counts.waiting + counts.rejected
        self._status(**changes)
        for client_ref, order_id, po in status.cancelled:  # the admin must know
            self.notify(t("tui.outbox.duplicate_cancelled", self.lang, ref=client_ref,
                          order_id=order_id, po=po or "?"),
                        severity="warning", timeout=30, markup=False)

    def _status(self, **changes: Any) -> None:
        try:
            self.sale_screen.status_bar.set_state(**changes)
        except LookupError:
            pass
        except Exception:  # noqa: BLE001 - the status bar is not mounted yet
            log.debug("status bar not ready", exc_info=True)

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

    async def action_quit(self) -> None:
        """Ctrl+Q. With items in the cart it asks first, as F8 does (the cart is kept for
        the next start either way); Ctrl+Q again on that question quits."""
        from sspos.tui.screens.dialogs import ConfirmDialog

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
        if self._cart_restored:
            await asyncio.to_thread(self._save_cart, *self._cart_snapshot())
        await self.services.aclose()
        self.exit(0)

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, its search field in the shop's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("tui.palette.placeholder", self.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex) says how to quit, in the shop's language."""
        self.notify(t("tui.quit.how", self.lang), markup=False)

    # --- the unfinished cart on disk ------------------------------------------------

    def _cart_snapshot(self) -> tuple[dict[str, Any] | None, int]:
        from sspos.store.saved_cart import cart_to_dict

        sale = self.sale
        self._carts_kept += 1
        snapshot = cart_to_dict(sale.cart, sale.client_ref) if sale.cart.lines else None
        return snapshot, self._carts_kept

    def keep_cart(self) -> None:
        """Hand the cart to the disk (a thread writes it; an empty cart removes the file),
        so a restart or a dropped SSH session finds it again. Nothing is written before
        start-up has read the saved cart back."""
        if self._cart_restored:
            snapshot, sequence = self._cart_snapshot()
            self.run_worker(
                partial(self._save_cart, snapshot, sequence),
                thread=True,
                group="cart",
                exit_on_error=False,
            )

    def _save_cart(self, snapshot: dict[str, Any] | None, sequence: int) -> None:
        """Write one snapshot (blocking: runs in a thread)."""
        try:
            self.services.saved_cart.save(snapshot, sequence)
        except Exception:  # noqa: BLE001 - a convenience: the sale itself goes on
            log.exception("the unfinished cart could not be kept on disk")

    async def _restore_cart(self) -> int:
        """Bring back the cart a restart or a dropped session left unfinished, at the
        catalog's current prices; returns how many items came back."""
        services = self.services
        try:
            saved = await asyncio.to_thread(services.saved_cart.load)
            if saved is None or self.sale.cart.lines:
                return 0  # a cart begun before start-up finished is the one that counts
            cart, client_ref = saved
            await asyncio.to_thread(self._refresh_variants, cart)
        except Exception:  # noqa: BLE001 - never a reason not to start
            log.exception("the saved cart could not be restored")
            return 0
        finally:
            self._cart_restored = True
        self.sale.cart = cart
        self.sale.client_ref = client_ref
        sender = cart.sender
        self.sale.category = services.ref.category(sender.category_code if sender else None)
        return cart.total_qty

    def _refresh_variants(self, cart: Any) -> None:
        """Each line's variant as the local catalog knows it now (blocking)."""
        catalog = self.services.catalog
        for line in cart.lines:
            fresh = catalog.get(line.variant.variant_id)
            if fresh is not None:
                line.variant = fresh

    # --- customers --------------------------------------------------------------------

    @property
    def walk_in_name(self) -> str:
        return t("tui.walk_in", self.lang)

    def walk_in_category(self) -> CustomerCategory:
        return self.services.ref.category("N")

    def set_customer(self, customer: Customer | None) -> None:
        """Make `customer` (None = walk-in) the buyer; re-price and say why."""
        sale = self.sale
        sale.cart.sender = customer
        sale.category = self.services.ref.category(customer.category_code if customer else "N")
        screen = self.sale_screen
        screen.refresh_sale()
        category = sale.category
        yes, no = t("tui.yes", self.lang), t("tui.no", self.lang)
        message = t(
            "tui.customer.chosen",
            self.lang,
            name=customer.name if customer else self.walk_in_name,
            category=f"{category.name or category.code} ({category.code})",
        ) + " · " + t(
            "tui.totals.access",
            self.lang,
            wholesale=yes if category.wholesale_access else no,
            discount=yes if category.discount_access else no,
        )
        screen.set_info(Text(message, style="bold"))

    def apply_customer_choice(self, choice: Any) -> None:
        """Result of the customer screen: a buyer or a dropship receiver."""
        if getattr(choice, "receiver", False):
            self.sale.cart.receiver = choice.customer
            self.sale_screen.refresh_sale()
            if choice.customer is None:
                self.sale_screen.set_info(Text(t("tui.customer.receiver_cleared", self.lang)))
            else:
                self.sale_screen.set_info(
                    Text(t("tui.customer.receiver_chosen", self.lang, name=choice.customer.name))
                )
        else:
            self.set_customer(choice.customer)

    @work(thread=True, exclusive=True, group="adopt", exit_on_error=False)
    def adopt_created_customers(self) -> None:
        """Customers the outbox created since: their real ids replace the placeholders
        (local list, remembered walk-in) so later sales name them directly (thread)."""
        from sspos.app.customers import adopt_created_customers

        services = self.services
        if services.outbox is None:
            return
        try:
            adopted = adopt_created_customers(
                services.outbox, services.customers, services.pos_state
            )
        except Exception:  # noqa: BLE001 - tried again after the next pass
            log.exception("adopting created customers failed")
            return
        walk_in = services.walk_in
        if walk_in is not None and walk_in.customer_id in adopted:
            services.find_walk_in()

    # --- checkout ---------------------------------------------------------------------

    def known_offline(self) -> bool:
        """True when the outbox worker's last contact with the server failed."""
        worker = self.services.outbox_worker
        return worker is not None and getattr(worker, "online", None) is False

    async def resolve_walk_in(self) -> Customer | None:
        """The walk-in customer for this sale (call from a worker: it may ask).

        Known on this terminal, else found on the server (unless known to be offline),
        else the cashier is offered, once, to create it from the shop's details; None when
        they decline. See `sspos.app.walk_in`."""
        from sspos.app.walk_in import look_up_walk_in, offer_walk_in, remember_walk_in

        services = self.services
        known = services.walk_in
        if known is not None and known.customer_id > 0:
            return known
        found = await asyncio.to_thread(services.find_walk_in)
        if found is None and not self.known_offline():
            try:
                found = await asyncio.wait_for(
                    look_up_walk_in(services.client), WALK_IN_LOOKUP_S
                )
            except TimeoutError:
                found = None
            if found is not None:
                await asyncio.to_thread(remember_walk_in, services.pos_state, found)
        if found is None:
            from sspos.tui.screens.first_sale import WalkInDialog

            offer = offer_walk_in(services.ref.shop, services.ref.origin)
            found = await self.push_screen_wait(WalkInDialog(offer))
        services.walk_in = found
        return found

    async def choose_cash_account(self) -> Any:
        """Ask, once, which account the drawer's cash is booked to; remember the answer
        (call from a worker). None when the cashier declines or the shop has no account."""
        from sspos.app.cash_account import choices, remember
        from sspos.tui.screens.first_sale import CashAccountDialog

        services = self.services
        banks = choices([choice.data for choice in services.ref.banks])
        if not banks:
            return None
        bank = await self.push_screen_wait(CashAccountDialog(banks))
        if bank is None:
            return None
        services.cash_account = await asyncio.to_thread(remember, services.pos_state, bank)
        return services.cash_account

    def receipt_for(self, settlement: Any, client_ref: str, *, awb: str, method: str) -> dict[str, Any]:
        """The receipt data of the current sale, as stored with the outbox entry."""
        from sspos.printing.receipt import receipt_data_from_sale

        services = self.services
        settings = services.settings
        sale = self.sale
        assert sale.priced is not None
        data = receipt_data_from_sale(
            sale.cart,
            sale.priced,
            settlement,
            shop_name=services.ref.shop_name,
            shop_address=services.ref.shop_address,
            shop_phone=services.ref.shop_phone,
            reference=client_ref,
            reference_pending=True,
            issued_at=services.clock(),
            tz=settings.tz,
            cashier=settings.cashier,
            payment_method=method,
            awb=awb,
            footer=settings.receipt_footer,
            lang=self.lang,
        )
        return data.to_dict()

    async def submit_sale(self, client_ref: str, payload: dict[str, Any], receipt: dict[str, Any]) -> SubmitOutcome:
        """Queue the sale durably, wake the worker, wait briefly for the server's answer
        (not at all while the worker knows the server cannot be reached)."""
        services = self.services
        outbox = await asyncio.to_thread(lambda: services.outbox)
        if outbox is None:
            return await self._submit_direct(client_ref, payload)
        entry = await asyncio.to_thread(outbox.get, client_ref)
        if entry is None:
            await asyncio.to_thread(outbox.enqueue_sale, client_ref, payload, receipt)
        elif entry.state == "rejected":
            # The cashier corrected the sale: same reference, new payload, try again.
            await asyncio.to_thread(outbox.update_payload, entry.id, payload)
            await asyncio.to_thread(outbox.retry, entry.id)
        elif entry.state == "pending":
            await asyncio.to_thread(outbox.update_payload, entry.id, payload)
        self.refresh_status()
        worker = services.outbox_worker
        if worker is None:
            return SubmitOutcome(client_ref, "queued")
        worker.wake()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + services.submit_wait
        while loop.time() < deadline:
            if worker.online is False:
                # Known to be offline: the sale is safe in the outbox; the next customer
                # need not wait for an answer that cannot come.
                break
            await asyncio.sleep(0.03)
            entry = await asyncio.to_thread(outbox.get, client_ref)
            if entry is None:
                break
            if entry.state == "submitted":
                self._status(connection="online")
                return SubmitOutcome(client_ref, "submitted", entry.po_number, entry.order_id)
            if entry.state == "rejected":
                self._status(connection="online")
                return SubmitOutcome(client_ref, "rejected", messages=dict(entry.messages))
        return SubmitOutcome(client_ref, "queued")

    async def _submit_direct(self, client_ref: str, payload: dict[str, Any]) -> SubmitOutcome:
        """Without an outbox: POST order now (validation errors come back to the form)."""
        from sspos.api.errors import ValidationFailed

        try:
            created = await self.services.client.create_order(payload)
        except ValidationFailed as exc:
            return SubmitOutcome(client_ref, "rejected", messages=dict(exc.field_errors))
        return SubmitOutcome(client_ref, "submitted", str(created.po_number), int(created.order_id))

    def finish_sale(self, outcome: SubmitOutcome, receipt: dict[str, Any], settlement: Any) -> None:
        """Tell the cashier what happened and print the receipt (thread worker)."""
        if outcome.state == "submitted":
            from sspos.printing.receipt import with_order_number

            # The PO number in the text and the QR; without one, the reference is final.
            receipt = with_order_number(dict(receipt, reference_pending=False), outcome.po_number)
            message = t("tui.pay.submitted", self.lang, po=outcome.po_number or "?")
            self.notify(message, markup=False, timeout=4)
        else:
            self.notify(t("tui.pay.queued", self.lang), markup=False, severity="warning", timeout=6)
        self.last_sale = outcome
        self.last_receipt = (receipt, outcome.client_ref)
        self.print_receipt(receipt, outcome.client_ref, reprint=False)
        self.refresh_status()

    @work(thread=True, group="print", exit_on_error=False)
    def print_receipt(self, receipt: dict[str, Any], client_ref: str | None, *, reprint: bool) -> None:
        """Print (thread: sockets and USB block); remember the outcome in the outbox."""
        from sspos.printing.printers import print_sale
        from sspos.printing.receipt import ReceiptData

        try:
            data = ReceiptData.from_dict(receipt)
            result = print_sale(data, self.services.settings, reprint=reprint)
        except Exception as exc:  # noqa: BLE001
            log.exception("printing failed")
            self.call_from_thread(self.show_error, exc)
            return
        self.last_print = result
        outbox = self.services.outbox
        if outbox is not None and client_ref is not None:
            try:
                outbox.mark_printed(client_ref, result.ok)
            except Exception:  # noqa: BLE001 - e.g. a reprint of an order not in this outbox
                log.debug("mark_printed failed", exc_info=True)
        self.call_from_thread(self._status, printer_ok=result.ok)
        if not result.ok:
            self.call_from_thread(
                self.notify,
                t("tui.print.failed", self.lang, error=result.error or "?"),
                severity="error",
                markup=False,
                timeout=10,
            )

    def preview_receipt(self, receipt: dict[str, Any], client_ref: str | None) -> None:
        """Open the receipt preview: the exact text for the configured printer's width."""
        from sspos.printing.printers import printer_columns
        from sspos.tui.screens.receipt import ReceiptPreview, preview_text

        columns = printer_columns(self.services.settings)
        try:
            text = preview_text(receipt, columns)
        except Exception as exc:  # noqa: BLE001 - a damaged stored receipt is reported, not raised
            log.exception("receipt preview failed")
            self.show_error(exc)
            return
        self.push_screen(ReceiptPreview(text, receipt, client_ref, columns))

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def preview_last_receipt(self) -> None:
        """Palette: preview the newest sale's receipt (from the outbox, read in a thread)."""
        found = await asyncio.to_thread(self._last_stored_receipt)
        if found is None:
            self.notify(t("tui.preview.none", self.lang), severity="warning", markup=False)
            return
        self.preview_receipt(*found)

    def _last_stored_receipt(self) -> tuple[dict[str, Any], str] | None:
        """The newest sale's receipt as it prints now, with its client reference (thread)."""
        from sspos.printing.receipt import with_awb, with_order_number
        from sspos.tui.screens.orders import awbs_added_later

        outbox = self.services.outbox
        if outbox is not None:
            entries = outbox.entries(kinds=["sale", "awb"])
            sales = [e for e in entries if e.kind == "sale" and e.receipt and e.state != "voided"]
            if sales:
                last = sales[-1]
                receipt = with_order_number(last.receipt or {}, last.po_number)
                awb = awbs_added_later(entries).get(last.client_ref, "")
                return with_awb(receipt, awb), last.client_ref
        return self.last_receipt

    @work(thread=True, group="abandon", exit_on_error=False)
    def abandon_sale(self, client_ref: str) -> None:
        """A rejected sale the cashier gave up on is voided, so it does not linger."""
        outbox = self.services.outbox
        if outbox is None:
            return
        entry = outbox.get(client_ref)
        if entry is not None and entry.state == "rejected":
            outbox.void(entry.id, "abandoned at the counter after rejection")

    # --- errors -----------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        """A clear notification (never a traceback); an API error also sets the server's
        state in the status bar (offline, token rejected, failing)."""
        self._status(**_connection_after(exc))
        self.notify(
            describe_error(exc, self.lang),
            title=t("tui.err.title", self.lang),
            severity="error",
            timeout=10,
            markup=False,
        )

    def sync_now(self) -> None:
        """Download the catalog again (palette: "Sinkron")."""
        if self.syncing:
            self.notify(t("tui.sync.running", self.lang), markup=False, timeout=3)
            return
        self.resync()

    @work(group="sync", exit_on_error=False)
    async def resync(self, quiet: bool = False) -> None:
        """A full sync in the background; the sale screen keeps working meanwhile.

        Asked for (palette): says when it starts and ends. `quiet` (the timer): only the
        status bar's "last synced" moves.
        """
        if not quiet:
            self.notify(t("tui.sync.started", self.lang), markup=False, timeout=3)
        if not await self.sync_catalog(quiet=quiet):
            return
        services = self.services
        try:
            await asyncio.to_thread(services.load_reference)
            await asyncio.to_thread(services.find_cash_account)
            count = await asyncio.to_thread(services.catalog.variant_count)
            last = await asyncio.to_thread(services.catalog.last_synced)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
            return
        self._status(shop_name=services.ref.shop_name, last_sync=last)
        if not quiet:
            self.notify(t("tui.sync.done", self.lang, count=count), markup=False, timeout=4)

    def toggle_dark(self) -> None:
        """Switch between the light and dark theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"


def _connection_after(exc: BaseException) -> dict[str, Any]:
    """The status bar's `connection` change after `exc` (none when it says nothing of
    the server, e.g. a refused shrink or a local error)."""
    from sspos.api.errors import ApiError, connection_state

    cause = getattr(exc, "cause", None) if not isinstance(exc, ApiError) else exc
    return {"connection": connection_state(cause)} if isinstance(cause, ApiError) else {}


def run_app(settings: Settings, demo: bool) -> int:
    """Run the POS until the cashier quits; returns the exit code."""
    services = build_services(settings, demo)
    app = PosApp(settings, services, keymap=dict(settings.keymap))
    result = app.run()
    return int(result or 0)
