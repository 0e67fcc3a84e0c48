"""`sspos price`, `sspos parked` and `sspos order cancel`: the counter from a shell.

`price` and `order cancel` run the same use cases as the TUI (`sspos.app.pos.Pos`) over
the terminal's data folder, without an outbox worker (a running POS delivers what is
queued); `parked` only reads the parked-sales files. What is printed comes through
`clean_text`, so no byte from the server (or a file) can drive the terminal.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO

from rich.console import Console, RenderableType
from rich.text import Text

from sspos.api.errors import ApiError
from sspos.app.cancellations import cancellation_said
from sspos.app.drawer_paper import print_void_slip
from sspos.app.errors import describe_error
from sspos.app.orders import OrderRow
from sspos.app.pos import Pos
from sspos.app.services import Services
from sspos.config import Settings
from sspos.domain.money import format_rupiah
from sspos.domain.text import clean_text
from sspos.i18n import t
from sspos.outbox.entries import OutboxError
from sspos.runtime import open_client
from sspos.store.parked import ParkedSales, parked_terminals
from sspos.store.shifts import ShiftError

#: How many name matches `sspos price` lists when the query names several products.
MATCHES_SHOWN = 8

#: Exit code of `order cancel` asked without `--yes` where nobody can answer.
EXIT_NOT_CONFIRMED = 2

Ask = Callable[[str], str]


def find_order(rows: list[OrderRow], ref: str) -> OrderRow | None:
    """The row whose PO number or client reference is `ref` (a reference in any case)."""
    wanted = ref.strip()
    for row in rows:
        if wanted and (row.po_number == wanted
                       or (row.client_ref or "").casefold() == wanted.casefold()):
            return row
    return None


def print_plain(renderables: list[RenderableType], out: IO[str]) -> None:
    """Render Rich text without colour at the terminal's width, each line cleaned."""
    buffer = io.StringIO()
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      highlight=False, emoji=False)
    for renderable in renderables:
        console.print(renderable)
    for line in buffer.getvalue().splitlines():
        print(clean_text(line).rstrip(), file=out)


class CounterCommand:
    """One run of `sspos price` or `sspos order cancel` over the terminal's data folder."""

    def __init__(self, pos: Pos, out: IO[str], err: IO[str]) -> None:
        self.pos = pos
        self.out = out
        self.err = err
        self.lang = pos.lang

    def say(self, key: str, **params: object) -> None:
        print(t(key, self.lang, **params), file=self.out)

    def refuse(self, key: str, **params: object) -> int:
        """One line on `err`; exit 1."""
        print(f"sspos: {t(key, self.lang, **params)}", file=self.err)
        return 1

    async def price(self, query: str) -> int:
        """Prices and stock of the variant `query` names (a SKU/barcode, or a name)."""
        from sspos.tui.price_text import bands_text, stock_text, tiers_table

        services = self.pos.services
        if await asyncio.to_thread(services.catalog_is_empty):
            return self.refuse("counter.cli.no_catalog")
        catalog = services.catalog
        shown = clean_text(query)
        variant = await asyncio.to_thread(catalog.by_sku, query)
        if variant is None:
            found = await asyncio.to_thread(catalog.search, query, MATCHES_SHOWN + 1)
            if not found:
                return self.refuse("counter.cli.price_none", query=shown)
            if len(found) > 1:
                print(f"sspos: {t('counter.cli.price_several', self.lang, query=shown)}",
                      file=self.err)
                for match in found[:MATCHES_SHOWN]:
                    print(f"  {clean_text(match.sku):<16} {clean_text(match.display_name)}",
                          file=self.err)
                if len(found) > MATCHES_SHOWN:
                    print(f"  {t('counter.cli.price_more', self.lang)}", file=self.err)
                return 1
            variant = found[0]
        check = self.pos.price_check
        answer = await check.stock(variant)
        print_plain([
            Text.assemble((variant.display_name, "bold"), "  ", variant.sku),
            tiers_table(check.prices(variant), self.lang, plain=True),
            bands_text(variant, self.lang),
            stock_text(variant, answer, self.lang),
        ], self.out)
        return 0

    async def cancel_order(self, ref: str, reason: str, *, print_paper: bool,
                           ask: Ask | None) -> int:
        """Cancel today's order `ref` as Orders (F8) does, after a confirmation (`ask`;
        None: already confirmed with --yes)."""
        lang = self.lang
        if not reason.strip():
            return self.refuse("shift.error.reason_required")
        orders = self.pos.orders
        rows = await orders.from_outbox()
        merged = await orders.with_server(rows)
        row = find_order(rows if merged is None else merged, ref)
        shown = clean_text(ref)
        if row is None:
            key = "counter.cli.order_unknown" if merged is not None else \
                "counter.cli.order_unknown_offline"
            return self.refuse(key, ref=shown)
        if row.state == "voided":  # said before asking, not after
            return self.refuse("shift.error.already_cancelled")
        label = clean_text(row.po_number or row.client_ref or str(row.order_id))
        if ask is not None:
            question = t("tui.orders.cancel_confirm", lang, ref=label,
                         total=format_rupiah(row.total), reason=clean_text(reason.strip()))
            try:
                answer = ask(f"{question} {t('counter.cli.yes_no', lang)} ")
            except EOFError:  # the input ended: no answer is no
                answer = ""
            if answer.strip().casefold() not in t("counter.cli.yes_words", lang).split():
                self.say("counter.cli.cancel_kept")
                return 1
        try:
            cancel = await self.pos.cancellations.cancel(row, reason)
        except (ShiftError, OutboxError, ApiError) as exc:
            print(f"sspos: {describe_error(exc, lang)}", file=self.err)
            return 1
        print(cancellation_said(cancel, lang), file=self.out)
        if print_paper:
            services = self.pos.services
            result = await asyncio.to_thread(print_void_slip, cancel, services.settings,
                                             services.ref.shop_name)
            print(result.message, file=self.out)
        return 0


def counter_command(
    run: Callable[[CounterCommand], Awaitable[int]], settings: Settings, data_dir: Path,
    demo: bool, out: IO[str], err: IO[str],
) -> int:
    """Open the terminal's stores and API client, `run` one command, close them."""

    async def main() -> int:
        services = Services(settings, client=open_client(settings, demo=demo),
                            data_dir=data_dir, demo=demo, sync_on_start=False,
                            run_outbox_worker=False)
        try:
            await asyncio.to_thread(services.load_reference)
            return await run(CounterCommand(Pos(services), out, err))
        finally:
            await services.aclose()

    return asyncio.run(main())


def parked_command(settings: Settings, data_dir: Path, show_all: bool, out: IO[str]) -> int:
    """List this terminal's parked sales (`show_all`: every terminal's), one line each."""
    lang = settings.lang
    terminals = parked_terminals(data_dir) if show_all else [settings.terminal_id]
    walk_in = t("tui.walk_in", lang)
    listed = 0
    for terminal in terminals:
        for sale in ParkedSales(data_dir, terminal).list():
            line = t("counter.cli.parked_row", lang,
                     time=sale.parked_at.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M"),
                     customer=clean_text(sale.customer) or walk_in, items=sale.items,
                     total=format_rupiah(sale.total))
            print(f"{terminal}  {line}" if show_all else line, file=out)
            listed += 1
    if not listed:
        print(t("counter.cli.parked_none", lang), file=out)
    return 0
