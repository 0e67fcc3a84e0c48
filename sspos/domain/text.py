"""Server text made safe to show: no byte of it can drive a terminal.

Names, addresses and notes come from the server, and a terminal acts on control bytes
in them: `ESC ] 0 ; … BEL` retitles the window, `ESC [ 1 ; 1 H` moves the cursor,
`ESC [ 41 m` paints. `clean_text` is the one cleaning applied to all of it, once, where
it enters the POS (the wire models and the catalog writer); the printer's ASCII filter
(`sspos.printing.sanitize`) starts from its result.

What goes, and why:
- whole escape sequences as a terminal would read them (ECMA-48): CSI (`ESC [` … final
  byte), the string commands OSC, DCS, SOS, PM and APC up to their terminator (BEL or
  ST; to the end of the text when unterminated, as a terminal would swallow it), and
  the two-byte ones (`ESC 7`, `ESC ( B`, `ESC c`…), also in their 8-bit C1 forms;
- every other C0/C1 control and DEL; tabs and line breaks become a space;
- invisible format characters: bidi overrides and isolates (which reorder what
  follows), zero-width spaces and joiners, soft hyphens, the byte order mark;
- lone surrogates, which no encoder can write.

Everything else stays as it was: markup-like text (`[bold]`) is shown literally by the
TUI, accents and emoji are kept.
"""

from __future__ import annotations

import re
import unicodedata

# One escape sequence, as ECMA-48 parses it. The final byte of a CSI and the terminator
# of a string command are optional: an unterminated one is removed to where it stops.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # strings
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # two-byte (nF, Fp, Fe, Fs) escapes, or a lone ESC
)
_SPACE_LIKE = frozenset("\t\n\r\v\f\x85\u2028\u2029")
# Unicode categories dropped: controls, format (bidi, zero-width, soft hyphen, BOM),
# surrogates.
_DROPPED_CATEGORIES = frozenset(("Cc", "Cf", "Cs"))


def _keep(ch: str) -> str:
    if ch in _SPACE_LIKE:
        return " "
    return "" if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch


def clean_text(text: str) -> str:
    """`text` without escape sequences, control and invisible format characters.

    Pure and cheap for ordinary text (one C-level scan). Idempotent."""
    if text.isprintable():  # no controls, format characters, surrogates or odd spaces
        return text
    return "".join(map(_keep, _SEQUENCE.sub("", text)))
