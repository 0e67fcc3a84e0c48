"""payment.settle: PAID with change, INSTALLMENT with remaining, UNPAID, and refusals."""

from __future__ import annotations

import pytest

from sspos.domain.errors import DomainError
from sspos.domain.payment import Payment, Settlement, settle
from sspos.i18n import t


def test_paid_by_card_is_the_total() -> None:
    s = settle(Payment("PAID", amount=1, bank_id=5), 81_000)
    assert s == Settlement("PAID", 81_000, 5, False, None, 0, 0)


def test_paid_cash_tendered_above_total_gives_change() -> None:
    s = settle(Payment("PAID", bank_id=1, is_cash=True, tendered=100_000), 81_000)
    assert (s.amount, s.tendered, s.change, s.remaining) == (81_000, 100_000, 19_000, 0)


def test_paid_cash_exact_gives_no_change() -> None:
    assert settle(Payment("PAID", bank_id=1, is_cash=True, tendered=81_000), 81_000).change == 0


def test_paid_cash_short_is_an_error_not_negative_change() -> None:
    with pytest.raises(DomainError) as err:
        settle(Payment("PAID", bank_id=1, is_cash=True, tendered=80_000), 81_000)
    assert (err.value.key, err.value.field) == ("domain.payment.tendered_short", "tendered")
    assert (
        t(err.value.key, "en", **err.value.params)
        == "Cash tendered Rp80.000 is Rp1.000 short of Rp81.000"
    )


@pytest.mark.parametrize("status", ["PAID", "INSTALLMENT"])
def test_bank_required(status: str) -> None:
    with pytest.raises(DomainError) as err:
        settle(Payment(status, amount=1_000), 81_000)  # type: ignore[arg-type]
    assert (err.value.key, err.value.field) == ("domain.payment.bank_required", "bank_id")


def test_installment_pays_part_and_leaves_remaining() -> None:
    s = settle(Payment("INSTALLMENT", amount=30_000, bank_id=2), 81_000)
    assert (s.status, s.amount, s.remaining, s.change) == ("INSTALLMENT", 30_000, 51_000, 0)


def test_installment_in_cash_gives_change_on_the_part_paid() -> None:
    s = settle(
        Payment("INSTALLMENT", amount=30_000, bank_id=1, is_cash=True, tendered=50_000), 81_000
    )
    assert (s.amount, s.change, s.remaining) == (30_000, 20_000, 51_000)


@pytest.mark.parametrize("amount", [0, -1, 81_000, 90_000])
def test_installment_outside_zero_and_total_is_refused(amount: int) -> None:
    with pytest.raises(DomainError) as err:
        settle(Payment("INSTALLMENT", amount=amount, bank_id=2), 81_000)
    assert (err.value.key, err.value.field) == ("domain.payment.installment_range", "amount")


def test_unpaid_owes_everything_and_needs_no_bank() -> None:
    s = settle(Payment("UNPAID", amount=5_000, tendered=9_000), 81_000)
    assert s == Settlement("UNPAID", 0, None, False, None, 0, 81_000)


def test_unpaid_keeps_a_bank_given_anyway() -> None:
    assert settle(Payment("UNPAID", bank_id=847), 1).bank_id == 847


def test_unknown_status_and_negative_total_are_refused() -> None:
    with pytest.raises(DomainError, match="status_unknown"):
        settle(Payment("LATER", bank_id=1), 10)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="total_negative"):
        settle(Payment("UNPAID"), -1)


@pytest.mark.parametrize(
    "payment",
    [
        Payment("PAID", bank_id=1, is_cash=True, tendered=0),
        Payment("PAID", bank_id=1),
        Payment("INSTALLMENT", amount=1, bank_id=1),
        Payment("UNPAID"),
    ],
)
def test_a_zero_total_is_refused_before_it_reaches_the_server(payment: Payment) -> None:
    """A 100% discount used to pass here and be rejected by SmartSeller (issue 15.5)."""
    with pytest.raises(DomainError) as err:
        settle(payment, 0)
    assert (err.value.key, err.value.field) == ("domain.payment.total_zero", "total")
    assert "Rp0" in t(err.value.key, "id") and "Rp0" in t(err.value.key, "en")
