"""Untrusted text on screen: server names always go through here, never through markup.

`Static("…")`, `Label("…")` and DataTable string cells parse Rich/Textual markup, so a
product called `[@click=app.quit]` would become a live link. `literal()` wraps any text in
a `rich.text.Text`, which Textual renders as typed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from sspos.domain.money import format_rupiah


def literal(value: object, style: str = "") -> Text:
    """Show `value` exactly as typed (no markup), with an optional style."""
    return Text(
        str(value) if value is not None else "", style=style, no_wrap=True, overflow="ellipsis"
    )


def money(amount: int, style: str = "") -> Text:
    """A right-aligned Rupiah amount: `Rp1.250.000`."""
    return Text(format_rupiah(amount), style=style, justify="right", no_wrap=True)


def clip(value: str, width: int) -> str:
    """Shorten text to `width` cells with an ellipsis (for fixed-width status lines)."""
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"


def fit(text: Text, width: int, *, middle: bool = False) -> Text:
    """`text` cut to at most `width` cells with an ellipsis: at its end, or in its middle,
    so the end of a long name or SKU (where variants differ) stays visible."""
    if text.cell_len <= width:
        return text
    if width <= 1:
        return Text("…" if width == 1 else "", style=text.style)
    if not middle:
        cut = text.copy()
        cut.truncate(width, overflow="ellipsis")
        return cut
    plain = text.plain
    head_cells = (width - 1) * 2 // 5  # the end tells variants apart: give it more
    head = ""
    for ch in plain:
        if cell_len(head + ch) > head_cells:
            break
        head += ch
    tail = ""
    for ch in reversed(plain):
        if cell_len(head) + 1 + cell_len(ch + tail) > width:
            break
        tail = ch + tail
    return Text(head + "…" + tail, style=text.style, justify=text.justify, no_wrap=True)
