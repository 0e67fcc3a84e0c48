"""What a terminal program drew, as text: its output without the escape sequences."""

from __future__ import annotations

import re

# CSI (colours, cursor moves, modes), OSC (titles, up to BEL), charset and keypad switches.
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>])")


def visible_text(output: bytes) -> str:
    """`output` with every escape sequence removed, decoded as UTF-8."""
    return ESCAPES.sub(b"", output).decode("utf-8", "replace")
