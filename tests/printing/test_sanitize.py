"""sanitize.printable: printable ASCII only, transliteration, no control byte survives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspos.printing.sanitize import is_printable, printable, printable_lines


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("Kaos é ñ 😀 Keren", "Kaos e n Keren"),
        ("Straße Ørsted Œuvre Łódź", "Strasse Orsted OEuvre Lodz"),
        ("“Kopi” ‘Gayo’ – 250g…", '"Kopi" \'Gayo\' - 250g...'),
        ("½ kg × 2 ™ 90°", "1/2 kg x 2 TM 90deg"),
        ("ｆｕｌｌ ｗｉｄｔｈ", "full width"),
        ("汉字 abc", "?? abc"),
        ("👍🏽 ok ❤️", "ok"),
        ("a\u200db\u202ec\ufeffd", "abcd"),
        ("tab\there\nnew  line\r\n", "tab here new line"),
        ("alat Masak [B2]", "alat Masak [B2]"),
        ("\x1bp\x00\x19\xfa", "u"),  # ESC p (drawer kick) goes whole
        ("Sabun\x1b[31m Cuci Piring\x07", "Sabun Cuci Piring"),  # and a CSI
        ("\x1dV\x00cut", "Vcut"),
        ("del\x7f c1\x85\x9b", "del c1"),
        ("", ""),
    ],
)
def test_printable(raw: str, printed: str) -> None:
    assert printable(raw) == printed


def test_printable_keeps_layout_spaces_when_asked() -> None:
    assert printable("  two  spaces\x07 ", collapse=False) == "  two  spaces "


def test_printable_lines_keeps_author_breaks() -> None:
    assert printable_lines("\nTerima kasih\n\nSampai\x07 jumpa\r\n\n") == [
        "Terima kasih",
        "",
        "Sampai jumpa",
    ]
    assert printable_lines("one\x1dtwo") == ["onetwo"]  # GS is a control, not a break


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_anything_becomes_printable_ascii(text: str) -> None:
    out = printable(text)
    assert is_printable(out)
    assert printable(out) == out  # idempotent
    assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in out)
