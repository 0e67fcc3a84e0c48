"""Make untrusted text safe and printable on any ESC/POS printer.

Every string that reaches the printer (product and customer names, addresses, the
cashier's note, the configured footer) goes through `printable()` first. It starts from
`sspos.domain.text.clean_text` (whole terminal escape sequences such as `ESC [ 31 m`
removed, not just their ESC byte) and keeps only plain printable ASCII (0x20-0x7E), one
character per printed column:

- C0 controls (ESC, GS, NUL…), DEL and C1 controls are removed, so a product name holding
  `\\x1bp\\x00\\x19\\xfa` (drawer kick) or `\\x1dV\\x00` (cut) cannot drive the printer.
  Tabs and line breaks become a space (the layout decides where lines break).
- Accented and other Latin letters are transliterated (é→e, ñ→n, ß→ss, Ø→O), typographic
  punctuation becomes its ASCII look-alike (“”→", –→-, …→...), and compatibility forms
  are unfolded (™→TM, ½→1/2, full-width letters→ASCII).
- Emoji, pictographs, other symbols and invisible format characters are dropped: they
  decorate a name, they do not identify it.
- A letter or digit of a script with no ASCII form (CJK, Arabic, Thai…) becomes `?`, one
  per character, so the receipt shows that something was there.

Why ASCII rather than a code page: cheap printers differ in which code pages they carry
and at which number, while the lower half (ASCII) is the same everywhere; the text
preview, the column widths and the printed receipt then agree exactly.
"""

from __future__ import annotations

import re
import unicodedata

from sspos.domain.text import clean_text

PLACEHOLDER = "?"

# Letters and signs that NFKD does not decompose into ASCII.
_TRANSLITERATIONS: dict[str, str] = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng",
    "Ŋ": "NG", "ĸ": "k", "ſ": "s",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "`", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‹": "<", "›": ">",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...", "•": "*", "·": ".", "×": "x", "÷": "/", "⁄": "/", "°": "deg",
    "©": "(c)", "®": "(R)", "€": "EUR", "£": "GBP", "¥": "JPY", "¢": "c", "§": "S",
    "¶": "P", "¡": "!", "¿": "?", "±": "+/-", "µ": "u", "¬": "-", "¦": "|",
}

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
_SPACES = re.compile(r" {2,}")


def _char(ch: str) -> str:
    """The printable ASCII form of one character (possibly empty or several chars)."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if ch in "\t\n\r\v\f":
        return " "
    if code < 0x20 or 0x7F <= code <= 0x9F:  # C0, DEL, C1: never to the printer
        return ""
    mapped = _TRANSLITERATIONS.get(ch)
    if mapped is not None:
        return mapped
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    if decomposed != ch:
        out = "".join(_char(part) for part in decomposed if not unicodedata.combining(part))
        if out.strip(PLACEHOLDER):
            return out
    if category[0] in "LN":
        return PLACEHOLDER
    if category in ("Pd",):
        return "-"
    # Symbols (emoji, pictographs, arrows), marks, format/invisible characters,
    # surrogates, private use, unassigned: dropped.
    return ""


def printable(text: str, *, collapse: bool = True) -> str:
    """One line of plain printable ASCII: controls stripped, non-ASCII transliterated,
    runs of spaces collapsed and ends trimmed (unless `collapse=False`, for a line that
    is already laid out). Safe to hand to the printer."""
    out = "".join(map(_char, clean_text(str(text))))
    return _SPACES.sub(" ", out).strip() if collapse else out


def printable_lines(text: str) -> list[str]:
    """Like `printable`, but keeps the author's line breaks (for a configured footer);
    blank lines inside the text are kept, leading/trailing blank lines are not."""
    lines = [printable(part) for part in _LINE_BREAKS.split(str(text))]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def is_printable(text: str) -> bool:
    """True when `text` is already what `printable` would send (ASCII 0x20-0x7E only)."""
    return all(0x20 <= ord(ch) < 0x7F for ch in text)
