"""Sanction terms, repeated violations and the training a violation makes due."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.violations import (
    Sanction,
    SanctionKind,
    is_repeated,
    parse_kind,
    sanction_term,
    training_due_on,
)

TODAY = date(2026, 11, 23)


def test_a_sanction_kind_is_read_in_chinese_or_english() -> None:
    assert parse_kind("停职") is SanctionKind.SUSPENSION
    assert parse_kind("Dismissal") is SanctionKind.DISMISSAL
    with pytest.raises(InvalidInputError) as caught:
        parse_kind("fine")
    assert caught.value.field == "kind"


def test_a_suspension_needs_its_last_day() -> None:
    with pytest.raises(InvalidInputError) as caught:
        sanction_term(SanctionKind.SUSPENSION, TODAY, None, TODAY)
    assert caught.value.field == "ends_on"


def test_a_warning_has_no_end() -> None:
    with pytest.raises(InvalidInputError):
        sanction_term(SanctionKind.WARNING, TODAY, date(2026, 12, 1), TODAY)
    assert sanction_term(SanctionKind.WARNING, TODAY, None, TODAY) == (TODAY, None)


def _sanction(kind: SanctionKind, ends_on: date | None) -> Sanction:
    return Sanction("s", "v", "li.si", kind, TODAY, ends_on, None, "officer")  # type: ignore[arg-type]


def test_a_suspension_disables_for_its_term_only() -> None:
    suspension = _sanction(SanctionKind.SUSPENSION, date(2026, 11, 30))
    assert not suspension.disables_on(date(2026, 11, 22))
    assert suspension.disables_on(TODAY)
    assert suspension.disables_on(date(2026, 11, 30))
    assert not suspension.disables_on(date(2026, 12, 1))


def test_a_dismissal_disables_for_good_and_a_warning_never() -> None:
    assert _sanction(SanctionKind.DISMISSAL, None).disables_on(date(2030, 1, 1))
    assert not _sanction(SanctionKind.WARNING, None).disables_on(TODAY)


def test_two_violations_within_twelve_months_are_repeated() -> None:
    assert is_repeated([date(2026, 1, 10), TODAY], TODAY)
    assert not is_repeated([date(2025, 11, 23), TODAY], TODAY)
    assert not is_repeated([TODAY], TODAY)


def test_training_falls_due_30_days_after_the_violation_is_recorded() -> None:
    assert training_due_on(date(2026, 11, 1), TODAY) == date(2026, 12, 23)
