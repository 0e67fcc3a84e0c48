"""clean_text: server text keeps its words and loses everything a terminal would act on."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspos.domain.text import clean_text

# The probe's name: retitles the window, saves the cursor, jumps to row 1, clears it and
# paints a fake status line in red.
HOSTILE = (
    "Zz\x1b]0;PWNED-TITLE\x07\x1b[s\x1b[1;1H\x1b[2K\x1b[41m*** FAKE STATUS LINE ***"
    "\x1b[0m\x1b[u"
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (HOSTILE, "Zz*** FAKE STATUS LINE ***"),
        ("Sabun\x1b[31m Cuci Piring\x07", "Sabun Cuci Piring"),  # the demo's STRESS-CTRL
        ("a\x1b[38;2;255;0;0mred\x1b[m", "ared"),  # CSI with parameters, then a bare one
        ("a\x9b31mb", "ab"),  # the 8-bit CSI
        ("t\x1b]2;title\x1b\\x", "tx"),  # OSC ended by ST
        ("link \x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\ ok", "link here ok"),  # OSC 8
        ("a\x1bP1$r q\x1b\\b", "ab"),  # DCS
        ("a\x1bX sos \x1b\\b\x1b^pm\x9cc\x1b_apc\x07d", "abcd"),  # SOS, PM, APC
        ("a\x9d0;t\x07b\x90q\x9cc", "abc"),  # 8-bit OSC and DCS
        ("a\x1b]0;never ends", "a"),  # an unterminated string swallows the rest
        ("Pak\x1bBudi\x07 Bengkel", "Pakudi Bengkel"),  # ESC B is a sequence: B goes too
        ("a\x1b(Bb\x1b7c\x1bcd", "abcd"),  # charset, save cursor, reset
        ("end\x1b", "end"),
        ("end\x1b[12;", "end"),  # a CSI cut short
        ("a\u202eevil\u202cb\u2066x\u2069", "aevilbx"),  # bidi override, pop, isolates
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff\u00ad!", "zerowidth!"),
        ("tab\there\nand\r\nthere", "tab here and  there"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("nul\x00 del\x7f c1\x85x", "nul del c1 x"),
        ("Café Crème 🍵 [bold]x[/bold]", "Café Crème 🍵 [bold]x[/bold]"),  # text stays text
        ("Jl. Mawar\xa0No. 5", "Jl. Mawar\xa0No. 5"),  # a no-break space is just a space
        ("", ""),
    ],
)
def test_clean_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    out = clean_text(text)
    assert clean_text(out) == out  # idempotent
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in out)
    out.encode("utf-8")  # no lone surrogate left


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_untouched(text: str) -> None:
    assert clean_text(text) == text
