"""The one-line header: shop, terminal, ONLINE/OFFLINE, queue, printer, last sync."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from sspos.i18n import t
from sspos.tui.text import clip


class StatusBar(Static):
    """Shows the terminal's state; every field is set by the app from worker results."""

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
        self.shop_name = ""
        self.online: bool | None = None
        self.pending = 0
        self.printer_ok: bool | None = None
        self.last_sync: datetime | None = None
        self.syncing: str | None = None

    def on_mount(self) -> None:
        self.update(self.build())

    def on_resize(self) -> None:
        self.update(self.build())

    def set_state(self, **changes: object) -> None:
        """Change some fields (shop_name, online, pending, printer_ok, last_sync, syncing)."""
        for name, value in changes.items():
            setattr(self, name, value)
        self.update(self.build())

    def build(self) -> Text:
        """The status line as literal text (the shop name is server text)."""
        lang = self.lang
        sep = Text(" │ ", style="dim")
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.demo:
            text.append(t("tui.status.demo", lang), style="bold reverse")
            text.append(" ")
        room = max(18, (self.size.width or 80) - 62)
        text.append(clip(self.shop_name or "—", room), style="bold")
        text.append_text(sep)
        text.append(self.terminal_id)
        text.append_text(sep)
        if self.online is None:
            text.append("…", style="dim")
        elif self.online:
            text.append("● " + t("tui.status.online", lang), style="bold green")
        else:
            text.append("● " + t("tui.status.offline", lang), style="bold red")
        text.append_text(sep)
        text.append(
            t("tui.status.pending", lang, count=self.pending),
            style="bold yellow" if self.pending else "",
        )
        text.append_text(sep)
        scheme = self.printer.split(":", 1)[0] if self.printer else "none"
        if scheme == "none":
            state, style = t("tui.status.printer_none", lang), "dim"
        elif self.printer_ok is False:
            state, style = t("tui.status.printer_error", lang), "bold red"
        else:
            state, style = scheme, ""
        text.append(t("tui.status.printer", lang, state=state), style=style)
        text.append_text(sep)
        if self.syncing is not None:
            text.append(t("tui.status.syncing", lang, done=self.syncing), style="yellow")
        elif self.last_sync is None:
            text.append(t("tui.status.sync", lang, when=t("tui.status.sync_never", lang)), style="dim")
        else:
            local = self.last_sync.astimezone(self.tz)
            today = self.now().astimezone(self.tz).date()
            when = local.strftime("%H:%M" if local.date() == today else "%d/%m %H:%M")
            text.append(t("tui.status.sync", lang, when=when))
        return text
