"""Pure helpers of the TUI: quantity prefix, discounts, error routing, keymap, i18n."""

from __future__ import annotations

from pathlib import Path

import pytest

from sspos.domain.cart import LineDiscount
from sspos.i18n import t
from sspos.i18n.messages_tui import MESSAGES
from sspos.tui.screens.dialogs import format_discount, parse_discount
from sspos.tui.screens.payment import target_of
from sspos.tui.text import literal
from sspos.tui.widgets.scan_input import split_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ABC-1", (None, "ABC-1")),
        ("3*ABC-1", (3, "ABC-1")),
        (" 12 x kopi susu ", (12, "kopi susu")),
        ("2×teh", (2, "teh")),
        ("3*", (3, "")),
        ("kopi 3*", (3, "kopi")),
        ("kopi3*", (3, "kopi")),
        ("ABC-12", (None, "ABC-12")),
        ("12*", (12, "")),
        ("*ABC", (None, "*ABC")),
        ("-1*ABC-1", (-1, "ABC-1")),  # refused later like 0, never read as 1 (issue 15.5)
        (" - 2 x kopi", (-2, "kopi")),
        ("+2*ABC", (2, "ABC")),
    ],
)
def test_split_quantity(text: str, expected: tuple[int | None, str]) -> None:
    assert split_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("10%", LineDiscount("PERCENTAGE", 10)),
        ("5000", LineDiscount("NOMINAL", 5000)),
        ("5rb", LineDiscount("NOMINAL", 5000)),
        ("Rp2.500", LineDiscount("NOMINAL", 2500)),
        ("0", None),
    ],
)
def test_parse_discount(text: str, expected: LineDiscount | None) -> None:
    assert parse_discount(text) == expected
    if expected is not None:
        assert parse_discount(format_discount(expected)) == expected


@pytest.mark.parametrize("text", ["abc", "150%", "0%", "-5", "1,5"])
def test_parse_discount_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_discount(text)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("payment.bank_id", "pay-method"),
        ("payment.amount", "pay-amount"),
        ("payment.status", "pay-status"),
        ("awb_number", "pay-awb"),
        ("note", "pay-note"),
        ("order_source_id", "pay-source"),
        ("products.0.qty", "pay-general"),
        ("expedition.id", "pay-general"),
        ("notes", "pay-general"),
    ],
)
def test_server_fields_go_next_to_their_input(path: str, field: str) -> None:
    assert target_of(path) == field


def test_literal_never_parses_markup() -> None:
    for name in ("[bold red]X[/]", "[@click=app.quit]Keluar[/]", "alat Masak [B2]", "[/"):
        text = literal(name)
        assert text.plain == name
        assert not text.spans


def test_every_tui_message_has_both_languages() -> None:
    for key, entry in MESSAGES.items():
        assert key.startswith("tui."), key
        assert entry.get("id") and entry.get("en"), key


def test_binding_descriptions_are_translated() -> None:
    from sspos.tui.screens.help import keymap_sections

    for lang in ("id", "en"):
        for _title, rows in keymap_sections(lang):
            for _keys, what, _id in rows:
                assert not what.startswith("tui."), what


def test_no_binding_uses_keys_that_ssh_confuses() -> None:
    from sspos.tui.screens.help import keymap_sections

    banned = {"Tab", "TAB", "Enter", "Ctrl+I", "Ctrl+J", "Ctrl+M"}
    for _title, rows in keymap_sections("en"):
        for keys, _what, _id in rows:
            assert not banned & {k.strip() for k in keys.split("/")}, keys


def test_keymap_file_is_current() -> None:
    from sspos.tui.screens.help import keymap_markdown

    path = Path(__file__).resolve().parents[2] / "sspos" / "tui" / "KEYMAP.md"
    assert path.read_text(encoding="utf-8") == keymap_markdown(), (
        "regenerate: python -m sspos.tui.screens.help > sspos/tui/KEYMAP.md"
    )


def test_translation_of_a_status_line() -> None:
    assert t("tui.status.pending", "en", count=3) == "Queue 3"
    assert t("tui.status.pending", "id", count=3) == "Antre 3"


def test_errors_say_what_to_do_in_both_languages() -> None:
    from sspos.api import errors as api
    from sspos.app.errors import describe_error

    cases = [
        (api.Unauthorized("GET shop", "bad key", status=401), "401", "token"),
        (api.RateLimited("GET product", "slow", retry_after=12), "12", "429"),
        (api.ServerUnavailable("POST order", "down", status=503), "503", "antre"),
        (api.NetworkError("GET order", "refused", certainly_not_sent=True), "internet", "antre"),
        (
            api.ContractError("GET product", "variations.0.price", "not a number"),
            "variations.0.price",
            "admin",
        ),
    ]
    for exc, *words in cases:
        message = describe_error(exc, "id")
        for word in words:
            assert word.lower() in message.lower(), (message, word)
        assert describe_error(exc, "en") != message
    assert "Traceback" not in describe_error(RuntimeError("boom"), "en")


def test_outbox_and_domain_errors_use_their_own_messages() -> None:
    from sspos.app.errors import describe_error
    from sspos.domain.errors import DomainError
    from sspos.outbox.entries import OutboxError

    assert describe_error(OutboxError("outbox.error.bad_awb"), "en") == t(
        "outbox.error.bad_awb", "en"
    )
    assert describe_error(DomainError("domain.sale.empty_cart", "products"), "id") == t(
        "domain.sale.empty_cart", "id"
    )
