"""The compliance audit report (PIPL Art. 54: regular audits of how personal information is
handled): the figures of a period, gathered from the records privault keeps, never typed in;
the evidence document they are signed as."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from privault.domain.errors import InvalidInputError, PrivaultError

# PIPL Art. 52 and the CAC's rules on personal information protection officers: a handler of
# the information of 1,000,000 people or more names a protection officer and reports them.
OFFICER_THRESHOLD = 1_000_000
PACK_FORMAT = "privault-compliance-evidence/1"
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, in the shop's calendar."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def year_period(year: int, today: date) -> Period:
    """A calendar year; the current one up to today."""
    if not FIRST_YEAR <= year <= today.year:
        raise InvalidInputError(
            "a year from {first} to {last}",
            field="year",
            params={"first": FIRST_YEAR, "last": today.year},
        )
    end = date(year, 12, 31)
    return Period(date(year, 1, 1), min(end, today))


@dataclass(frozen=True)
class RequestFigures:
    received: int
    closed: int
    closed_on_time: int
    open_overdue: int


@dataclass(frozen=True)
class ConsentFigures:
    """Per purpose: consent events of the period (a grant, a withdrawal)."""

    granted: int
    withdrawn: int


@dataclass(frozen=True)
class TrainingFigures:
    active_staff: int
    current: int  # training on record not yet expired

    @property
    def missing(self) -> int:
        return self.active_staff - self.current


@dataclass(frozen=True)
class AlertFigures:
    raised: int
    acknowledged: int
    by_kind: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportFigures:
    requested: int
    approved: int
    rejected: int
    downloaded: int


@dataclass(frozen=True)
class ComplaintFigures:
    received: int
    answered: int
    answered_on_time: int
    open_overdue: int


@dataclass(frozen=True)
class TrailFigures:
    events_checked: int
    chains_checked: int
    problems: int
    first_problem: str | None

    @property
    def is_intact(self) -> bool:
        return self.problems == 0


@dataclass(frozen=True)
class ComplianceReport:
    shop: str
    period: Period
    generated_at: datetime
    generated_by: str
    data_subjects: int
    requests: RequestFigures
    consents: Mapping[str, ConsentFigures]
    trainings: TrainingFigures
    alerts: AlertFigures
    exports: ExportFigures
    complaints: ComplaintFigures
    trail: TrailFigures
    # Filled at merge by the partners and incidents areas (issue 19 points 1 and 3).
    disclosures: Mapping[str, int] = field(default_factory=dict)
    incidents: Mapping[str, int] = field(default_factory=dict)

    @property
    def needs_protection_officer(self) -> bool:
        return self.data_subjects >= OFFICER_THRESHOLD


def report_document(report: ComplianceReport) -> dict[str, object]:
    """The report as plain JSON values: what the evidence pack signs."""
    return {
        "format": PACK_FORMAT,
        "shop": report.shop,
        "period": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "generated_at": report.generated_at.isoformat(),
        "generated_by": report.generated_by,
        "data_subjects": {
            "count": report.data_subjects,
            "threshold": OFFICER_THRESHOLD,
            "protection_officer_required": report.needs_protection_officer,
        },
        "requests": asdict(report.requests),
        "consents": {p: asdict(f) for p, f in sorted(report.consents.items())},
        "trainings": {**asdict(report.trainings), "missing": report.trainings.missing},
        "alerts": {**asdict(report.alerts), "by_kind": dict(sorted(report.alerts.by_kind.items()))},
        "exports": asdict(report.exports),
        "disclosures": dict(report.disclosures),
        "incidents": dict(report.incidents),
        "complaints": asdict(report.complaints),
        "audit_trail": {**asdict(report.trail), "intact": report.trail.is_intact},
    }


class EvidenceRejectedError(PrivaultError):
    """An evidence pack that does not verify: changed after signing, or signed by another key."""

    code = "evidence_rejected"
