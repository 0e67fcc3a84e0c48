"""Money: formatting and parsing what a cashier types."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspos.domain.money import MoneyParseError, format_amount, format_rupiah, parse_rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (999, "Rp999"),
        (1_000, "Rp1.000"),
        (1_250_000, "Rp1.250.000"),
        (-5_000, "-Rp5.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0"), (999, "999"), (507_000, "507.000"), (1_250_000, "1.250.000"), (-2_000, "-2.000")],
)
def test_format_amount_is_rupiah_without_the_currency(amount: int, text: str) -> None:
    assert format_amount(amount) == text
    assert parse_rupiah(text.lstrip("-")) == abs(amount)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("125000", 125_000),
        ("125.000", 125_000),
        ("Rp125.000", 125_000),
        ("rp 125.000", 125_000),
        ("125rb", 125_000),
        ("125 rb", 125_000),
        ("1,5jt", 1_500_000),
        ("1.5jt", 1_500_000),
        ("2juta", 2_000_000),
        ("1.250.000", 1_250_000),
    ],
)
def test_parse_rupiah(text: str, amount: int) -> None:
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "-5000", "12,5", "1.2.3", "1,0005rb", "12.50"])
def test_parse_rupiah_rejects(text: str) -> None:
    with pytest.raises(MoneyParseError):
        parse_rupiah(text)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_round_trips(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount


def test_money_is_an_int_that_formats_as_rupiah() -> None:
    from sspos.domain.money import Money

    amount = Money(1_250_000)
    assert amount == 1_250_000 and isinstance(amount, int)
    assert f"{amount}" == str(amount) == "Rp1.250.000"
    assert f"{Money(-5_000)}" == "-Rp5.000"
    assert f"{amount:,}" == "1,250,000"  # an explicit spec formats the number
    import json

    assert json.dumps({"a": amount}) == '{"a": 1250000}'
