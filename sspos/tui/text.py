"""Untrusted text on screen: server names always go through here, never through markup.

`Static("…")`, `Label("…")` and DataTable string cells parse Rich/Textual markup, so a
product called `[@click=app.quit]` would become a live link. `literal()` wraps any text in
a `rich.text.Text`, which Textual renders as typed.
"""

from __future__ import annotations

from rich.text import Text

from sspos.domain.money import format_rupiah


def literal(value: object, style: str = "") -> Text:
    """Show `value` exactly as typed (no markup), with an optional style."""
    return Text(str(value) if value is not None else "", style=style, no_wrap=True, overflow="ellipsis")


def money(amount: int, style: str = "") -> Text:
    """A right-aligned Rupiah amount: `Rp1.250.000`."""
    return Text(format_rupiah(amount), style=style, justify="right", no_wrap=True)


def clip(value: str, width: int) -> str:
    """Shorten text to `width` cells with an ellipsis (for fixed-width status lines)."""
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"
