"""The compliance report's pure rules: the year it covers, the Art. 52 flag, its document."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from privault.domain.compliance import (
    OFFICER_THRESHOLD,
    AlertFigures,
    ComplaintFigures,
    ComplianceReport,
    ExportFigures,
    Period,
    RequestFigures,
    TrailFigures,
    TrainingFigures,
    report_document,
    year_period,
)
from privault.domain.errors import InvalidInputError

TODAY = date(2026, 11, 23)


def sample_report(people: int) -> ComplianceReport:
    return ComplianceReport(
        shop="三丰美发工作室",
        period=Period(date(2025, 1, 1), date(2025, 12, 31)),
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
        generated_by="system",
        data_subjects=people,
        requests=RequestFigures(3, 2, 2, 1),
        consents={},
        trainings=TrainingFigures(5, 4),
        alerts=AlertFigures(2, 1, {"off_hours": 2}),
        exports=ExportFigures(0, 0, 0, 0),
        complaints=ComplaintFigures(0, 0, 0, 0),
        trail=TrailFigures(10, 1, 0, None),
    )


@pytest.mark.legal("PIPL Art. 52")
def test_a_million_people_or_more_need_a_protection_officer() -> None:
    assert not sample_report(OFFICER_THRESHOLD - 1).needs_protection_officer
    assert sample_report(OFFICER_THRESHOLD).needs_protection_officer
    document = report_document(sample_report(OFFICER_THRESHOLD))
    assert document["data_subjects"] == {
        "count": OFFICER_THRESHOLD,
        "threshold": OFFICER_THRESHOLD,
        "protection_officer_required": True,
    }


def test_the_document_names_missing_trainings_and_an_intact_trail() -> None:
    document = report_document(replace(sample_report(7), consents={}))

    assert document["trainings"] == {"active_staff": 5, "current": 4, "missing": 1}
    assert document["audit_trail"] == {
        "events_checked": 10, "chains_checked": 1, "problems": 0, "first_problem": None,
        "intact": True,
    }  # fmt: skip


def test_the_current_year_runs_to_today_and_a_past_one_whole() -> None:
    assert year_period(2026, TODAY) == Period(date(2026, 1, 1), TODAY)
    assert year_period(2025, TODAY) == Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize("year", [1999, 2027])
def test_a_year_outside_the_records_is_refused(year: int) -> None:
    with pytest.raises(InvalidInputError) as refused:
        year_period(year, TODAY)

    assert refused.value.field == "year"
