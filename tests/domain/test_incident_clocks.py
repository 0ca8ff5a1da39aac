"""The clocks an incident starts, on exact datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from privault.domain.incident_clocks import Clock, Duty, attorney_general_due, incident_clocks
from privault.domain.incidents import Severity

DETECTED = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _due(clocks: list[Clock], duty: Duty) -> datetime:
    return next(c.due_at for c in clocks if c.duty is duty)


@pytest.mark.legal("GDPR Art. 33", "GDPR Art. 34")
def test_eu_people_start_the_72_hour_clock_and_the_without_delay_notice() -> None:
    clocks = incident_clocks(DETECTED, Severity.GENERAL, {"EU": 3})
    assert [c.duty for c in clocks] == [Duty.GDPR_PEOPLE, Duty.GDPR_AUTHORITY]
    assert _due(clocks, Duty.GDPR_AUTHORITY) == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert _due(clocks, Duty.GDPR_PEOPLE) == DETECTED
    assert all(c.people == 3 for c in clocks)


@pytest.mark.legal("PIPL Art. 57")
def test_pipl_asks_for_notice_at_once() -> None:
    clocks = incident_clocks(DETECTED, Severity.GENERAL, {"CN": 10})
    assert [(c.duty, c.due_at, c.at_once) for c in clocks] == [
        (Duty.PIPL_AUTHORITY_AND_PEOPLE, DETECTED, True)
    ]


@pytest.mark.legal("PIPL Art. 57")
@pytest.mark.parametrize("severity", [Severity.LARGER, Severity.MAJOR, Severity.ESPECIALLY_MAJOR])
def test_a_larger_incident_or_above_goes_to_the_provincial_cac_within_four_hours(
    severity: Severity,
) -> None:
    clocks = incident_clocks(DETECTED, severity, {"CN": 1})
    assert _due(clocks, Duty.CAC_PROVINCIAL) == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)


def test_a_general_incident_has_no_cac_four_hour_clock() -> None:
    clocks = incident_clocks(DETECTED, Severity.GENERAL, {"CN": 1})
    assert Duty.CAC_PROVINCIAL not in [c.duty for c in clocks]


def test_the_cac_clock_runs_before_anyone_is_found_affected() -> None:
    clocks = incident_clocks(DETECTED, Severity.MAJOR, {})
    assert [c.duty for c in clocks] == [Duty.CAC_PROVINCIAL]


def test_the_cac_measures_apply_only_from_november_2025() -> None:
    before = datetime(2025, 10, 31, 15, 0, tzinfo=UTC)  # 23:00 in Beijing, the day before
    assert incident_clocks(before, Severity.MAJOR, {}) == []


@pytest.mark.legal("Cal. Civ. Code §1798.82")
def test_california_residents_within_30_days_and_no_attorney_general_at_500() -> None:
    clocks = incident_clocks(DETECTED, Severity.GENERAL, {"CA": 500})
    assert [(c.duty, c.due_at) for c in clocks] == [
        (Duty.CA_RESIDENTS, datetime(2026, 12, 23, 9, 30, tzinfo=UTC))
    ]


@pytest.mark.legal("Cal. Civ. Code §1798.82")
def test_above_500_californians_the_attorney_general_gets_a_sample_within_15_more_days() -> None:
    clocks = incident_clocks(DETECTED, Severity.GENERAL, {"CA": 501})
    assert _due(clocks, Duty.CA_ATTORNEY_GENERAL) == datetime(2027, 1, 7, 9, 30, tzinfo=UTC)
    told = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert attorney_general_due(told) == datetime(2026, 12, 16, 8, 0, tzinfo=UTC)


def test_the_california_amendment_applies_from_2026() -> None:
    before = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)
    assert incident_clocks(before, Severity.GENERAL, {"CA": 900}) == []


def test_clocks_of_several_regimes_come_earliest_first() -> None:
    clocks = incident_clocks(DETECTED, Severity.LARGER, {"CN": 2, "EU": 1, "CA": 1})
    dues = [c.due_at for c in clocks]
    assert dues == sorted(dues)
    assert {c.regime for c in clocks} == {"CN", "EU", "CA"}
    assert clocks[-1].duty is Duty.CA_RESIDENTS
    assert clocks[-1].is_overdue(datetime(2026, 12, 23, 9, 31, tzinfo=UTC))
    assert not clocks[-1].is_overdue(datetime(2026, 12, 23, 9, 30, tzinfo=UTC))
