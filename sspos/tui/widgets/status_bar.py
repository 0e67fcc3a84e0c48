"""The one-line header: shop, terminal, the server's state, queue, printer, last sync.

The server's state is one of `sspos.api.errors.ConnectionState`: ONLINE, OFFLINE (it
cannot be reached), TOKEN REJECTED (401/403) or SERVER FAILING (5xx, answers that never
come, junk instead of data). A failed sync shows as such until the next good one: the
catalog in use is then the previous one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from sspos.app.status import Status
from sspos.i18n import t
from sspos.tui.text import clip


class StatusBar(Static):
    """Shows the terminal's state: the app's `status` reactive, which it watches."""

    DEFAULT_CSS = """
    StatusBar { dock: top; height: 1; width: 100%; background: $panel; color: $text; }
    """

    def __init__(
        self,
        *,
        lang: str,
        terminal_id: str,
        printer: str,
        tz: tzinfo,
        demo: bool,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(id="status-bar")
        self.lang = lang
        self.terminal_id = terminal_id
        self.printer = printer
        self.tz = tz
        self.demo = demo
        self.now = now or (lambda: datetime.now(tz))
        self.status = Status()

    def on_mount(self) -> None:
        self.watch(self.app, "status", self.show)

    def on_resize(self) -> None:
        self.update(self.build())

    def show(self, status: Status) -> None:
        """Draw `status` (the app's, each time it changes)."""
        self.status = status
        self.update(self.build())

    def build(self) -> Text:
        """The status line as literal text (the shop name is server text)."""
        lang = self.lang
        sep = Text(" │ ", style="dim")
        right = Text()
        right.append_text(sep)
        right.append(self.terminal_id)
        right.append_text(sep)
        right.append_text(self._connection())
        right.append_text(sep)
        right.append(
            t("tui.status.pending", lang, count=self.status.pending),
            style="bold yellow" if self.status.pending else "",
        )
        right.append_text(sep)
        scheme = self.printer.split(":", 1)[0] if self.printer else "none"
        if scheme == "none":
            state, style = t("tui.status.printer_none", lang), "dim"
        elif self.status.printer_ok is False:
            state, style = t("tui.status.printer_error", lang), "bold red"
        else:
            state, style = scheme, ""
        right.append(t("tui.status.printer", lang, state=state), style=style)
        right.append_text(sep)
        right.append_text(self._sync())
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.demo:
            text.append(t("tui.status.demo", lang), style="bold reverse")
            text.append(" ")
        # The shop's name gets what the states leave (they matter more at 80 columns).
        room = max(6, (self.size.width or 80) - text.cell_len - right.cell_len)
        text.append(clip(self.status.shop_name or "—", room), style="bold")
        text.append_text(right)
        return text

    def _connection(self) -> Text:
        lang = self.lang
        connection = self.status.connection
        if connection is None:
            return Text("…", style="dim")
        if connection == "online":
            return Text("● " + t("tui.status.online", lang), style="bold green")
        if connection == "unauthorized":
            return Text("● " + t("tui.status.unauthorized", lang), style="bold red")
        if connection == "failing":
            return Text("● " + t("tui.status.failing", lang), style="bold red")
        return Text("● " + t("tui.status.offline", lang), style="bold red")

    def _sync(self) -> Text:
        lang = self.lang
        status = self.status
        if status.syncing is not None:
            return Text(t("tui.status.syncing", lang, done=status.syncing), style="yellow")
        if status.sync_failed:
            return Text(t("tui.status.sync_failed", lang), style="bold red")
        if status.last_sync is None:
            return Text(t("tui.status.sync", lang, when=t("tui.status.sync_never", lang)),
                        style="dim")
        local = status.last_sync.astimezone(self.tz)
        today = self.now().astimezone(self.tz).date()
        when = local.strftime("%H:%M" if local.date() == today else "%d/%m %H:%M")
        return Text(t("tui.status.sync", lang, when=when))
