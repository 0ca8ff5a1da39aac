"""An account closure (注销账户) is answered within 15 working days (GB/T 35273-2020 §8.5)."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.deadlines import due_dates
from privault.domain.requests import Regime, RequestType, parse_request_type

BEFORE_GOLDEN_WEEK = date(2026, 9, 28)


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_an_account_closure_is_due_fifteen_working_days_later_past_national_day() -> None:
    closure = due_dates(BEFORE_GOLDEN_WEEK, [Regime.CN], RequestType.ACCOUNT_CLOSURE)
    deletion = due_dates(BEFORE_GOLDEN_WEEK, [Regime.CN], RequestType.DELETION)

    # Tue 29 and Wed 30 Sep, Golden Week off, Sat 10 Oct a make-up workday: 15th is Fri 23 Oct.
    assert closure.due_on == date(2026, 10, 23)
    assert deletion.due_on == date(2026, 10, 28)
    assert not closure.is_provisional


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_a_shorter_promise_of_the_shop_still_wins_and_other_regimes_keep_their_clocks() -> None:
    shorter = due_dates(BEFORE_GOLDEN_WEEK, [Regime.CN], RequestType.ACCOUNT_CLOSURE, cn_days=10)
    both = due_dates(BEFORE_GOLDEN_WEEK, [Regime.EU, Regime.CN], RequestType.ACCOUNT_CLOSURE)

    assert shorter.due_on == date(2026, 10, 8)
    assert both.for_regime(Regime.EU).due_on == date(2026, 10, 28)
    assert (both.due_on, both.binding_regime) == (date(2026, 10, 23), Regime.CN)


def test_the_chinese_label_names_the_account_closure() -> None:
    assert parse_request_type("注销账户") is RequestType.ACCOUNT_CLOSURE
    assert parse_request_type("account-closure") is RequestType.ACCOUNT_CLOSURE
