"""The sale screen (home): search/scan, results, cart, totals, customer.

The search field is the only widget that takes the focus here, so a barcode scanner's
keys (which arrive wherever the focus is) always land in it. F2 switches what ↑↓ move:
the results or the cart; Delete, F6 and F7 act on the selected cart line.

Keys never wait on I/O: a search runs in an exclusive thread worker (a newer keystroke
cancels the older search, and results for text no longer in the field are dropped);
scanned codes go through one queue worked by one thread, so they are added in the order
they were scanned.
"""

from __future__ import annotations

import logging
import queue
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from sspos.app.counter import (
    CartRestored,
    CustomerChosen,
    ReceiverChosen,
    SaleChanged,
    SaleParked,
    SaleRecalled,
)
from sspos.domain.cart import MAX_LINE_QTY, LineDiscount, OrderCost, Shipping
from sspos.domain.catalog import VariantInfo
from sspos.domain.money import format_rupiah
from sspos.domain.payment import Settlement
from sspos.i18n import t
from sspos.tui.host import PosHost, host_of
from sspos.tui.keys import localize_bindings
from sspos.tui.messages import ResultsShown
from sspos.tui.sale import explain, tier_label, unit_price
from sspos.tui.screens.costs import CostsScreen
from sspos.tui.screens.customer import CustomerChoice, CustomerScreen
from sspos.tui.screens.dialogs import ConfirmDialog, LineDiscountDialog, QuantityDialog
from sspos.tui.screens.orders import OrdersScreen
from sspos.tui.screens.parked import ParkedScreen
from sspos.tui.screens.payment import PaymentScreen
from sspos.tui.screens.price_check import PriceCheckScreen
from sspos.tui.screens.shipping import ShippingScreen
from sspos.tui.text import literal, money
from sspos.tui.widgets.change_banner import ChangeBanner
from sspos.tui.widgets.fit_table import Column, FitTable
from sspos.tui.widgets.key_footer import KeyFooter
from sspos.tui.widgets.scan_input import ScanInput, split_quantity
from sspos.tui.widgets.status_bar import StatusBar
from sspos.tui.widgets.totals import TotalsPanel

if TYPE_CHECKING:
    from sspos.app.pos import Pos

log = logging.getLogger(__name__)

RESULTS_LIMIT = 30  # a page of matches; the catalog itself never goes into a widget


class SaleScreen(Screen[None]):
    """Search, scan, cart and totals — where the cashier spends the day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "tui.key.help", id="sale.help"),
        Binding("f2", "toggle_cart", "tui.key.cart", id="sale.cart"),
        Binding("f3", "customer", "tui.key.customer", id="sale.customer"),
        Binding("f4", "shipping", "tui.key.shipping", id="sale.shipping"),
        Binding("f5", "costs", "tui.key.costs", id="sale.costs"),
        Binding("f6", "quantity", "tui.key.qty", id="sale.qty"),
        Binding("f7", "line_discount", "tui.key.discount", id="sale.discount"),
        Binding("f8", "new_sale", "tui.key.new_sale", id="sale.new"),
        Binding("f9", "pay", "tui.key.pay", id="sale.pay"),
        Binding("f10,ctrl+o", "orders", "tui.key.orders", id="sale.orders"),
        Binding("delete", "remove_line", "tui.key.remove", id="sale.remove"),
        # One key parks and recalls (the footer keeps two rows at 80×24): a cart is
        # parked; with none, the parked sales are listed. The palette names both.
        Binding("f11", "park", "tui.key.park", id="sale.park"),
        # Not in the footer (no room left at 80×24): in F1 help and the palette.
        Binding("ctrl+r", "price_check", "tui.key.price_check", show=False,
                id="sale.price_check"),
        Binding("escape", "back_to_search", "tui.key.back", show=False, id="sale.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="sale")
        self._scans: queue.Queue[tuple[int, str, VariantInfo | None, str] | None] = queue.Queue()
        self._results: list[VariantInfo] = []
        self._results_for: str | None = None
        self.cart_mode = False  # F2: ↑↓ move the cart even while results are shown

    @property
    def host(self) -> PosHost:
        """The running app, as screens may use it."""
        return host_of(self)

    @property
    def pos(self) -> Pos:
        """The use cases."""
        return self.host.pos

    @property
    def lang(self) -> str:
        """The shop's language."""
        return self.host.lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        services = self.pos.services
        localize_bindings(self, lang)
        yield StatusBar(
            lang=lang,
            terminal_id=services.settings.terminal_id,
            printer=services.settings.printer,
            tz=services.settings.tz,
            demo=services.demo,
            now=services.clock,
        )
        with Horizontal(id="sale-main"):
            with Vertical(id="sale-left"):
                yield ScanInput(
                    placeholder=t("tui.sale.search_placeholder", lang), id="search", compact=True
                )
                yield FitTable(
                    [
                        Column("name", t("tui.col.product", lang), middle=True),
                        # Fixed widths: a new page of results on each keystroke must not
                        # lay the table out again (the SKU widens only on a wide screen).
                        Column("sku", t("tui.col.sku", lang), 12, middle=True, grow_to=24),
                        Column("price", t("tui.col.price", lang), 11, right=True),
                        Column("stock", t("tui.col.stock", lang), 5, right=True),
                    ],
                    id="results",
                    focusable=False,
                )
                yield Static(id="result-detail")
                yield Static(id="info")
                yield ChangeBanner(lang=lang, id="change")
                yield FitTable(
                    [
                        Column("name", t("tui.col.product", lang), middle=True),
                        Column("qty", t("tui.col.qty", lang), 4, right=True, shrink=True),
                        Column("unit", t("tui.col.unit", lang), 12, right=True, shrink=True),
                        Column("tier", t("tui.col.tier", lang), 10, hide_below=70, shrink=True),
                        Column(
                            "discount", t("tui.col.discount", lang), 13, right=True, shrink=True
                        ),
                        Column("total", t("tui.col.total", lang), 13, right=True, shrink=True),
                    ],
                    id="cart",
                    focusable=False,
                )
                yield Static(id="why")
            with Vertical(id="sale-right"):
                yield TotalsPanel(lang=lang, id="totals")
        yield KeyFooter()

    def on_resize(self, event: events.Resize) -> None:
        # The totals need 26 columns; a wide terminal gives names more of its room.
        self.query_one("#sale-right").styles.width = 27 if event.size.width < 100 else 34

    def on_mount(self) -> None:
        self.query_one("#search", ScanInput).focus()
        self._show_hint()
        self.refresh_sale()
        # Every change of the sale, whoever made it, comes back here to be drawn; one made
        # before this screen was up (the cart restored at start) is drawn now.
        self.watch(self.app, "sale_change", self._sale_changed, init=True)
        self._scanner_loop()

    # --- status -----------------------------------------------------------------------

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    # --- search -----------------------------------------------------------------------

    @property
    def search_input(self) -> ScanInput:
        return self.query_one("#search", ScanInput)

    @property
    def results_table(self) -> FitTable:
        return self.query_one("#results", FitTable)

    @property
    def cart_table(self) -> FitTable:
        return self.query_one("#cart", FitTable)

    @property
    def change_banner(self) -> ChangeBanner:
        return self.query_one(ChangeBanner)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.change_banner.hide()
        self.set_info(Text(""))  # whatever it said was about the text before
        _, term = split_quantity(event.value)
        self._show_searching(bool(term))
        if not term:
            self.workers.cancel_group(self, "search")
            self._show_hint()
            return
        self.cart_mode = False
        self._update_arrows()
        if term == self._results_for:
            return  # only a quantity was typed: keep the results and the highlighted row
        self.run_search(term)

    def _show_searching(self, searching: bool) -> None:
        """Results and the highlighted result while the search holds text; otherwise the
        cart gets the room, with the selected line's explanation. Set on the widgets
        themselves: a class on the screen would restyle all of it on the first key."""
        if self.results_table.display != searching:
            self.results_table.display = searching
            self.query_one("#result-detail").display = searching
            self.query_one("#why").display = not searching

    def on_key(self, event: events.Key) -> None:
        """Every key that reaches the screen (F-keys, arrows…) starts the next sale's work:
        the last sale's change makes way. Typed characters do so through the search."""
        self.change_banner.hide()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, term: str) -> None:
        """Look `term` up in the local catalog (thread); post the page of results."""
        worker = get_current_worker()
        try:
            results = self.pos.services.catalog.search(term, limit=RESULTS_LIMIT)
        except Exception as exc:
            log.exception("catalog search failed")
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_error, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_results, term, results)

    def current_term(self) -> str:
        return split_quantity(self.search_input.value)[1]

    def _show_results(self, term: str, results: list[VariantInfo]) -> None:
        if term != self.current_term():
            return  # the field changed since: a newer search is on its way
        cursor = self.results_table.cursor_row if term == self._results_for else 0
        self._results = list(results)
        self._results_for = term
        self._update_arrows()
        table = self.results_table
        if not results:
            table.set_rows([])
            self._show_result_detail()
            self.set_info(Text(t("tui.sale.results_empty", self.lang, text=term), style="yellow"))
            return
        category = self.pos.counter.sale.category
        rows = []
        for variant in results:
            stock = "?" if variant.stock is None else str(variant.stock)
            rows.append(
                (
                    variant.variant_id,
                    [
                        literal(variant.display_name),
                        literal(variant.sku),
                        money(unit_price(variant, category)),
                        Text(stock, justify="right"),
                    ],
                )
            )
        table.set_rows(rows, cursor=cursor)
        self._show_result_detail()
        self.post_message(ResultsShown(term, len(results)))

    def _show_hint(self) -> None:
        self._results = []
        self._results_for = None
        self.results_table.set_rows([])
        self._update_arrows()

    def _show_result_detail(self) -> None:
        """The highlighted result in full: its whole SKU, price and stock, and its name
        over the lines below (a fixed height: no relayout on every keystroke)."""
        variant = self.highlighted_result()
        detail = self.query_one("#result-detail", Static)
        if variant is None:
            detail.update("", layout=False)
            return
        stock = "?" if variant.stock is None else str(variant.stock)
        price = money(unit_price(variant, self.pos.counter.sale.category)).plain
        text = literal(variant.sku, style="bold")
        text.append(f"  {price} · {t('tui.col.stock', self.lang)} {stock}\n", style="dim")
        text.append(variant.display_name)
        text.no_wrap = False
        detail.update(text, layout=False)

    @property
    def arrows_on_cart(self) -> bool:
        """↑↓ move the cart when asked (F2) or when there are no results to move."""
        return self.cart_mode or not self._results

    def _update_arrows(self) -> None:
        on_cart = self.arrows_on_cart
        self.cart_table.set_class(on_cart, "-arrows")
        self.results_table.set_class(not on_cart, "-arrows")

    @on(ScanInput.MoveResults)
    def _move_results(self, event: ScanInput.MoveResults) -> None:
        if self.arrows_on_cart:
            self.cart_table.move(event.delta)
        else:
            self.results_table.move(event.delta)

    @on(DataTable.RowHighlighted, "#results")
    def _result_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_result_detail()

    def highlighted_result(self) -> VariantInfo | None:
        """The result under the cursor, if the results still match the field."""
        if not self._results or self._results_for is None:
            return None
        row = self.results_table.cursor_row
        if 0 <= row < len(self._results):
            return self._results[row]
        return None

    # --- scanning / adding ------------------------------------------------------------

    @on(ScanInput.Scanned)
    def _scanned(self, event: ScanInput.Scanned) -> None:
        qty, code = split_quantity(event.text)
        # The highlighted result belongs to this text only if the results were for it.
        candidate = self.highlighted_result() if code == self._results_for else None
        if qty is not None and not code and self._results:
            candidate = self.highlighted_result()
        self._scans.put((qty if qty is not None else 1, code, candidate, event.text.strip()))

    @work(thread=True, group="scanner", exit_on_error=False)
    def _scanner_loop(self) -> None:
        """Resolve scanned codes one at a time, in scan order (thread)."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                item = self._scans.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is None:
                return
            qty, code, candidate, raw = item
            variant: VariantInfo | None = None
            error: Exception | None = None
            catalog = self.pos.services.catalog
            try:
                if raw != code:
                    # A code that merely looks like a quantity ("2X4-PLANK") is a code.
                    variant = catalog.by_sku(raw)
                    if variant is not None:
                        qty, code = 1, raw
                if variant is None and code:
                    variant = catalog.by_sku(code)
            except Exception as exc:
                log.exception("SKU lookup failed")
                error = exc
            if variant is None:
                variant = candidate
            if worker.is_cancelled:
                return
            try:
                self.app.call_from_thread(self._scan_resolved, qty, code, variant, error)
            except RuntimeError:  # the app is closing
                return

    def _scan_resolved(
        self, qty: int, code: str, variant: VariantInfo | None, error: Exception | None
    ) -> None:
        if variant is None:
            if error is not None:
                self._show_error(error)
            else:
                self.set_info(Text(t("tui.sale.not_found", self.lang, code=code), style="bold red"))
                self.app.bell()
            return
        self.add_variant(variant, qty)

    def add_variant(self, variant: VariantInfo, qty: int) -> bool:
        """Add `qty` of a variant to the cart (merging with its line); online, the
        variant is then read again from the server."""
        if not self.pos.counter.add(variant, qty):
            self.set_info(Text(t("tui.sale.bad_qty", self.lang, max=MAX_LINE_QTY),
                               style="bold red"))
            return False
        if self.pos.services.freshen_on_add:
            self.freshen(variant)
        return True

    @work(group="freshen", exit_on_error=False)
    async def freshen(self, variant: VariantInfo) -> None:
        """Online, re-read the product and its stock from the server (see
        `Counter.freshen`); a changed line comes back as a change of the sale."""
        await self.pos.counter.freshen(variant)

    # --- cart and totals --------------------------------------------------------------

    def _sale_changed(self, change: SaleChanged | None) -> None:
        """The sale changed (see `sspos.app.counter`): draw it, and say what to say."""
        if change is None:
            return
        self.refresh_sale(select=change.select)
        news = change.news
        lang = self.lang
        if isinstance(news, CustomerChosen):
            category = news.category
            yes, no = t("tui.yes", lang), t("tui.no", lang)
            name = news.customer.name if news.customer else t("tui.walk_in", lang)
            message = t(
                "tui.customer.chosen", lang, name=name,
                category=f"{category.name or category.code} ({category.code})",
            ) + " · " + t(
                "tui.totals.access", lang,
                wholesale=yes if category.wholesale_access else no,
                discount=yes if category.discount_access else no,
            )
            self.set_info(Text(message, style="bold"))
        elif isinstance(news, ReceiverChosen):
            if news.customer is None:
                self.set_info(Text(t("tui.customer.receiver_cleared", lang)))
            else:
                self.set_info(Text(t("tui.customer.receiver_chosen", lang,
                                     name=news.customer.name)))
        elif isinstance(news, CartRestored) and news.count:
            self.set_info(Text(t("tui.sale.cart_restored", lang, count=news.count)))
        elif isinstance(news, SaleParked):
            self.set_info(Text(t("tui.sale.parked", lang, count=news.count,
                                 total=format_rupiah(news.total)), style="bold"))
        elif isinstance(news, SaleRecalled):
            self.set_info(self._recalled_text(news))

    def _recalled_text(self, news: SaleRecalled, swapped: bool = False) -> Text:
        """What the cashier reads when a parked sale is back."""
        lang = self.lang
        text = Text(t("tui.sale.recalled", lang, count=news.count), style="bold")
        if swapped:
            text.append(" · " + t("tui.sale.recall_swapped", lang))
        if news.price_changes:
            text.append(" · ")
            text.append(t("tui.sale.recalled_prices", lang, count=news.price_changes),
                        style="bold yellow")
        return text

    def refresh_sale(self, select: int | None = None) -> None:
        """Redraw cart, totals and the selected line's explanation from the sale."""
        sale = self.pos.counter.sale
        priced_cart = sale.priced
        lang = self.lang
        table = self.cart_table
        cursor = table.cursor_row
        rows = []
        for index, priced in enumerate(priced_cart.lines if priced_cart else ()):
            line = priced.line
            if select is not None and line.variant.variant_id == select:
                cursor = index
            discount = priced.discount_total
            rows.append(
                (
                    line.variant.variant_id,
                    [
                        literal(line.variant.display_name),
                        Text(str(line.qty), justify="right"),
                        money(priced.price_before_discount),
                        Text(tier_label(priced, lang)),
                        money(-discount) if discount else Text(""),
                        money(priced.total),
                    ],
                )
            )
        any_discount = priced_cart is not None and priced_cart.item_discount_total > 0
        table.set_rows(rows, cursor=cursor, hidden=() if any_discount else ("discount",))
        self.query_one(TotalsPanel).show(
            sale.cart, sale.category, sale.priced, t("tui.walk_in", lang)
        )
        self._explain_selected()
        if self._results and self._results_for is not None:
            # prices in the results depend on the customer's category
            self._show_results(self._results_for, self._results)

    def selected_line_id(self) -> int | None:
        key = self.cart_table.current_key
        return int(key) if key is not None else None

    @on(DataTable.RowHighlighted, "#cart")
    def _cart_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain_selected()

    def _explain_selected(self) -> None:
        """The selected cart line in full: its whole name and SKU, and why it costs what
        it does (wrapped: nothing of it is cut at 80 columns)."""
        why = self.query_one("#why", Static)
        variant_id = self.selected_line_id()
        priced = (self.pos.counter.sale.priced_line(variant_id)
                  if variant_id is not None else None)
        if priced is None:
            why.update(Text(t("tui.sale.results_hint", self.lang), style="dim"))
            return
        variant = priced.line.variant
        names = {code: c.name for code, c in self.pos.services.ref.categories.items()}
        text = literal(variant.display_name, style="bold")
        text.append("  " + variant.sku, style="dim")
        text.append("\n" + t("tui.sale.why", self.lang, text=explain(priced, self.lang, names)))
        text.no_wrap = False
        why.update(text)

    def set_info(self, text: Text) -> None:
        """Feedback between the results and the cart (a message; empty: no line)."""
        info = self.query_one("#info", Static)
        if not text.plain and not info.display:
            return  # already empty: every keystroke clears it, without a relayout
        info.update(text)
        info.display = bool(text.plain)

    def show_change(self, settlement: Settlement) -> None:
        """After a cash sale: the change, large, until the next sale's first key."""
        if settlement.is_cash and settlement.tendered is not None:
            self.change_banner.show(settlement.change, settlement.tendered, settlement.amount)

    def _show_error(self, exc: BaseException) -> None:
        self.host.show_error(exc)

    # --- actions ----------------------------------------------------------------------

    def action_back_to_search(self) -> None:
        """Esc: clear the search; ↑↓ go back to the cart."""
        self.search_input.value = ""
        self.cart_mode = False
        self._update_arrows()

    def action_toggle_cart(self) -> None:
        """F2: ↑↓ move the cart (or the results again); typing stays in the search."""
        self.cart_mode = not self.cart_mode and bool(self._results)
        self._update_arrows()

    def action_help(self) -> None:
        """F1: every key of every screen."""
        self.host.show_help()

    def action_remove_line(self) -> None:
        """Delete: take the selected line out of the cart."""
        variant_id = self.selected_line_id()
        if variant_id is None:
            self.set_info(Text(t("tui.sale.no_line", self.lang), style="yellow"))
            return
        self.pos.counter.remove(variant_id)

    def action_quantity(self) -> None:
        """F6: the selected line's quantity."""
        counter = self.pos.counter
        variant_id = self.selected_line_id()
        line = counter.sale.cart.find(variant_id) if variant_id is not None else None
        if line is None:
            self.set_info(Text(t("tui.sale.no_line", self.lang), style="yellow"))
            return
        chosen = line.variant.variant_id

        def done(qty: int | None) -> None:
            if qty is not None:
                counter.set_qty(chosen, qty)

        self.app.push_screen(QuantityDialog(line.variant.display_name, line.qty), done)

    def action_line_discount(self) -> None:
        """F7: the selected line's discount."""
        counter = self.pos.counter
        variant_id = self.selected_line_id()
        line = counter.sale.cart.find(variant_id) if variant_id is not None else None
        if line is None:
            self.set_info(Text(t("tui.sale.no_line", self.lang), style="yellow"))
            return
        chosen = line.variant.variant_id

        def done(result: tuple[bool, LineDiscount | None] | None) -> None:
            if result is not None:
                counter.set_discount(chosen, result[1])

        self.app.push_screen(LineDiscountDialog(line.variant.display_name, line.discount), done)

    def action_new_sale(self) -> None:
        """F8: a new sale (asks first when the cart is not empty)."""
        cart = self.pos.counter.sale.cart
        if not cart.lines:
            self.start_new_sale()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.start_new_sale()

        self.app.push_screen(
            ConfirmDialog(t("tui.sale.confirm_new", self.lang, count=cart.total_qty)), done
        )

    def start_new_sale(self) -> None:
        """Empty the cart, back to the walk-in customer."""
        given_up = self.pos.counter.new_sale()
        if given_up is not None:
            self.abandon(given_up)  # voids it only if the server rejected it
        self.search_input.value = ""
        self.cart_mode = False
        self._show_hint()

    @work(group="abandon", exit_on_error=False)
    async def abandon(self, client_ref: str) -> None:
        """A rejected sale the cashier gave up on is voided (see `Checkout.abandon`)."""
        await self.pos.checkout.abandon(client_ref)

    def action_customer(self) -> None:
        """F3: the customer (or, from there, the dropship receiver)."""
        counter = self.pos.counter

        def done(choice: CustomerChoice | None) -> None:
            if choice is None:
                return
            if choice.receiver:
                counter.choose_receiver(choice.customer)
            else:
                counter.choose_customer(choice.customer)

        self.app.push_screen(CustomerScreen(receiver=False), done)

    def action_shipping(self) -> None:
        """F4: how the order leaves the shop."""
        counter = self.pos.counter

        def done(shipping: Shipping | None) -> None:
            if shipping is not None:
                counter.set_shipping(shipping)

        self.app.push_screen(ShippingScreen(), done)

    def action_costs(self) -> None:
        """F5: order discounts and costs."""
        counter = self.pos.counter

        def done(costs: list[OrderCost] | None) -> None:
            if costs is not None:
                counter.set_costs(costs)

        self.app.push_screen(CostsScreen(list(counter.sale.cart.costs)), done)

    def action_pay(self) -> None:
        """F9: payment."""
        sale = self.pos.counter.sale
        if not sale.cart.lines:
            self.set_info(Text(t("tui.sale.empty_cart", self.lang), style="yellow"))
            return

        def done(settlement: Settlement | None) -> None:
            if settlement is not None:
                self.start_new_sale()
                self.show_change(settlement)

        self.app.push_screen(PaymentScreen(), done)

    def action_park(self) -> None:
        """F11: put the sale aside (on disk) and serve the next customer; with an empty
        cart, the parked sales to recall one."""
        if not self.pos.counter.sale.cart.lines:
            self.action_recall()
            return
        self.park()

    @work(group="park", exit_on_error=False)
    async def park(self) -> None:
        """Park the sale (see `sspos.app.parking`); the counter tells the screen. Not
        exclusive: a park cancelled mid-write could leave the cart both here and parked."""
        try:
            parked = await self.pos.parking.park()
        except Exception as exc:
            log.exception("parking the sale failed")
            self.host.show_error(exc)
            return
        if parked is not None:
            self.search_input.value = ""
            self.cart_mode = False

    def action_recall(self) -> None:
        """The parked sales (F11 on an empty cart, or the palette); the one chosen comes
        back (the cart in front, if any, is parked in its place)."""

        def done(parked_id: str | None) -> None:
            if parked_id is not None:
                self.recall(parked_id)

        self.app.push_screen(ParkedScreen(), done)

    @work(group="park", exit_on_error=False)
    async def recall(self, parked_id: str) -> None:
        """Bring a parked sale back (see `sspos.app.parking`)."""
        try:
            recalled = await self.pos.parking.recall(parked_id)
        except Exception as exc:
            log.exception("recalling a parked sale failed")
            self.host.show_error(exc)
            return
        if recalled is None:
            self.set_info(Text(t("tui.sale.recall_gone", self.lang), style="yellow"))
            return
        self.search_input.value = ""
        self.cart_mode = False
        news = SaleRecalled(recalled.count, recalled.price_changes)
        self.set_info(self._recalled_text(news, swapped=recalled.swapped is not None))

    def action_price_check(self) -> None:
        """Ctrl+R: prices and stock of the highlighted result (or the selected cart line,
        while ↑↓ move the cart); the cart is not touched."""
        variant = None if self.arrows_on_cart else self.highlighted_result()
        if variant is None:
            line_id = self.selected_line_id()
            line = self.pos.counter.sale.cart.find(line_id) if line_id is not None else None
            variant = line.variant if line is not None else None
        if variant is None:
            self.set_info(Text(t("tui.check.nothing", self.lang), style="yellow"))
            return
        self.app.push_screen(PriceCheckScreen(variant))

    def action_orders(self) -> None:
        """F10: today's orders."""
        self.app.push_screen(OrdersScreen())
