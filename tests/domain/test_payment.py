"""payment.settle: PAID with change, INSTALLMENT with remaining, UNPAID, and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspos.domain.errors import DomainError
from sspos.domain.payment import (
    Payment,
    SettledTender,
    Settlement,
    SplitBalance,
    Tender,
    book_cash_to,
    settle,
    settle_split,
    split_balance,
)
from sspos.i18n import t


def test_paid_by_card_is_the_total() -> None:
    s = settle(Payment("PAID", amount=1, bank_id=5), 81_000)
    assert s == Settlement("PAID", 81_000, 5, False, None, 0, 0,
                           (SettledTender(5, False, 81_000, 81_000),))
    assert not s.is_split


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


# ---------------------------------------------------------------- several tenders

CASH_ACCOUNT, BCA, BNI = 1, 846, 847


def test_cash_and_a_card_pay_the_total_and_the_change_comes_from_the_cash() -> None:
    s = settle_split([Tender(100_000, CASH_ACCOUNT, True), Tender(57_000, BCA)], 150_000)
    assert (s.status, s.amount, s.remaining, s.change, s.tendered) == (
        "PAID", 150_000, 0, 7_000, 100_000)
    assert s.is_cash and s.is_split and s.bank_id == CASH_ACCOUNT
    assert s.tenders == (SettledTender(CASH_ACCOUNT, True, 100_000, 93_000),
                         SettledTender(BCA, False, 57_000, 57_000))


def test_tenders_without_cash_pay_exactly_and_give_no_change() -> None:
    s = settle_split([Tender(50_000, BCA), Tender(100_000, BNI)], 150_000)
    assert (s.change, s.tendered, s.is_cash) == (0, None, False)
    assert [t.paid for t in s.tenders] == [50_000, 100_000] and s.bank_id == BCA


def test_the_cash_tenders_are_one_payment_where_the_first_stands() -> None:
    s = settle_split([Tender(40_000, BCA), Tender(20_000, 1, True), Tender(50_000, BNI),
                      Tender(5_000, 1, True)], 110_000)
    assert s.tenders == (SettledTender(BCA, False, 40_000, 40_000),
                         SettledTender(1, True, 25_000, 20_000),
                         SettledTender(BNI, False, 50_000, 50_000))
    assert (s.change, s.tendered) == (5_000, 25_000)


def test_one_tender_is_an_ordinary_paid_payment() -> None:
    split = settle_split([Tender(100_000, 1, True)], 81_000)
    single = settle(Payment("PAID", bank_id=1, is_cash=True, tendered=100_000), 81_000)
    assert split == single and not split.is_split


def message(err: pytest.ExceptionInfo[DomainError], lang: str = "en") -> str:
    return t(err.value.key, lang, **err.value.params)


def test_tenders_that_fall_short_say_by_how_much() -> None:
    with pytest.raises(DomainError) as err:
        settle_split([Tender(100_000, 1, True), Tender(43_000, BCA)], 150_000)
    assert (err.value.key, err.value.field) == ("domain.payment.split_short", "tenders")
    assert message(err) == "The tenders (Rp143.000) are Rp7.000 short of the total Rp150.000"
    assert "kurang Rp7.000" in message(err, "id")


def test_only_cash_may_go_over_the_total() -> None:
    with pytest.raises(DomainError) as err:
        settle_split([Tender(100_000, BCA), Tender(55_000, BNI)], 150_000)
    assert err.value.key == "domain.payment.split_other_over"
    assert message(err) == ("The non-cash tenders go Rp5.000 over the total Rp150.000: "
                            "only cash gives change")
    # Cash on top of non-cash tenders that already pay everything would all go back.
    with pytest.raises(DomainError) as err:
        settle_split([Tender(150_000, BCA), Tender(20_000, 1, True)], 150_000)
    assert err.value.key == "domain.payment.split_cash_unneeded" and "Rp20.000" in message(err)


@pytest.mark.parametrize(
    ("tenders", "key", "field"),
    [
        ([], "domain.payment.no_tenders", "tenders"),
        ([Tender(150_000, BCA), Tender(0, 1, True)], "domain.payment.tender_amount", "tenders.1"),
        ([Tender(-5, BCA)], "domain.payment.tender_amount", "tenders.0"),
        ([Tender(100_000, 1, True), Tender(50_000, None)], "domain.payment.bank_required",
         "tenders.1"),
    ],
)
def test_a_tender_without_an_amount_or_account_is_named(tenders, key: str, field: str) -> None:
    with pytest.raises(DomainError) as err:
        settle_split(tenders, 150_000)
    assert (err.value.key, err.value.field) == (key, field)


def test_a_zero_total_is_refused_for_tenders_too() -> None:
    with pytest.raises(DomainError, match="total_zero"):
        settle_split([Tender(1, BCA)], 0)


def test_the_balance_shows_what_is_left_or_over_while_tenders_are_added() -> None:
    assert split_balance([], 150_000) == SplitBalance(0, 150_000, 0)
    assert split_balance([Tender(100_000, 1, True)], 150_000) == SplitBalance(100_000, 50_000, 0)
    assert split_balance([Tender(100_000, 1, True), Tender(57_000, BCA)], 150_000) == (
        SplitBalance(157_000, 0, 7_000))


def test_cash_is_booked_to_the_cash_account_once_it_is_known() -> None:
    pending = settle_split([Tender(57_000, BCA), Tender(100_000, 0, True)], 150_000)
    booked = book_cash_to(pending, CASH_ACCOUNT)
    assert [t.bank_id for t in booked.tenders] == [BCA, CASH_ACCOUNT]
    assert booked.bank_id == BCA
    single = book_cash_to(settle(Payment("PAID", bank_id=0, is_cash=True, tendered=10), 10), 9)
    assert single.bank_id == 9 and single.tenders[0].bank_id == 9


amounts = st.integers(min_value=-10, max_value=300_000)
tender_lists = st.lists(
    st.builds(Tender, amount=amounts, bank_id=st.sampled_from([1, BCA, BNI, None]),
              is_cash=st.booleans()),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(tender_lists, st.integers(min_value=1, max_value=400_000))
def test_tenders_either_pay_the_total_exactly_with_change_from_cash_or_are_refused(
    tenders: list[Tender], total: int
) -> None:
    try:
        s = settle_split(tenders, total)
    except DomainError as exc:
        assert exc.key.startswith("domain.payment.") and exc.field is not None
        assert t(exc.key, "en", **exc.params)  # a known message with its params
        return
    assert sum(x.paid for x in s.tenders) == s.amount == total and s.remaining == 0
    assert all(x.paid > 0 and x.bank_id is not None for x in s.tenders)
    cash = sum(x.amount for x in tenders if x.is_cash)
    assert s.change == sum(x.amount for x in tenders) - total
    assert 0 <= s.change < cash or s.change == 0
    assert s.tendered == (cash or None) and s.is_cash == (cash > 0)
    assert sum(1 for x in s.tenders if x.is_cash) <= 1
    for settled in s.tenders:
        assert settled.handed - settled.paid == (s.change if settled.is_cash else 0)
    balance = split_balance(tenders, total)
    assert (balance.remaining, balance.over) == (0, s.change)
