"""Issuing the compliance audit report (PIPL Art. 54) for a calendar year: the audit trail
verified first, the figures gathered, the evidence pack signed, the issue audited with the
pack's digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from privault.crypto.evidence import public_key_text, sign_pack
from privault.domain.compliance import (
    ComplaintFigures,
    ComplianceReport,
    Period,
    TrailFigures,
    report_document,
    year_period,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.trail import verify_audit_trail
from privault.services.complaints.records import count_complaints
from privault.services.compliance.seams import disclosure_counts, incident_counts
from privault.services.consents.notices import shop_identity
from privault.services.requests.records import shop_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class IssuedReport:
    report: ComplianceReport
    pack: dict[str, object]  # the evidence pack: the report, its digest, the signature
    zone: str  # the shop's, for times shown on paper and pages

    @property
    def public_key(self) -> str:
        signature = self.pack["signature"]
        return str(signature["public_key"]) if isinstance(signature, dict) else ""


def issue_compliance_report(vault: Vault, actor: Actor, year: int | None = None) -> IssuedReport:
    """The current year up to today unless a year is named."""
    period = _allowed_period(vault, actor, year)
    trail = _verified_trail(vault, actor)
    with use_case(vault, actor) as uc:
        uc.require(Action.COMPLIANCE_REPORT)
        report = _gather(uc, period, trail)
        pack = sign_pack(vault.report_seed, report_document(report))
        uc.record(
            Action.COMPLIANCE_REPORT,
            reason=f"issued {period.label}: sha256 {pack['sha256']}",
        )
        zone = uc.vault.opening_hours(uc.uow).zone
        uc.commit()
    return IssuedReport(report, pack, zone)


def report_public_key(vault: Vault) -> str:
    """The key to publish beside the report (it changes only with the master key)."""
    return public_key_text(vault.report_seed)


def _allowed_period(vault: Vault, actor: Actor, year: int | None) -> Period:
    """Refused (and the refusal audited) before the trail is walked."""
    with use_case(vault, actor) as uc:
        uc.require(Action.COMPLIANCE_REPORT)
        today = shop_day(uc)
        return year_period(today.year if year is None else year, today)


def _verified_trail(vault: Vault, actor: Actor) -> TrailFigures:
    verified = verify_audit_trail(vault, actor)
    first = verified.first_problem
    return TrailFigures(
        verified.events_checked,
        verified.chains_checked,
        verified.problem_count,
        first.message if first is not None else None,
    )


def _instants(uc: UseCase, period: Period) -> tuple[datetime, datetime]:
    """The period's first and last days as the shop lives them, as UTC instants (end excluded)."""
    zone = ZoneInfo(uc.vault.opening_hours(uc.uow).zone)
    start = datetime.combine(period.start, time(), zone)
    end = datetime.combine(period.end + timedelta(days=1), time(), zone)
    return start, end


def _gather(uc: UseCase, period: Period, trail: TrailFigures) -> ComplianceReport:
    start, end = _instants(uc, period)
    figures, today = uc.uow.compliance, shop_day(uc)
    return ComplianceReport(
        shop=shop_identity(uc.uow).business_name,
        period=period,
        generated_at=uc.now,
        generated_by=uc.actor.name,
        data_subjects=figures.data_subjects(),
        requests=figures.requests(period.start, period.end, today),
        consents=figures.consents(start, end),
        trainings=figures.trainings(today),
        alerts=figures.alerts(start, end),
        exports=figures.exports(start, end),
        complaints=_complaints(uc, start, end, today),
        trail=trail,
        disclosures=disclosure_counts(uc, start, end),
        incidents=incident_counts(uc, start, end),
    )


def _complaints(uc: UseCase, start: datetime, end: datetime, today: date) -> ComplaintFigures:
    counted = count_complaints(uc, start, end, today)
    return ComplaintFigures(counted.received, counted.answered, counted.on_time, counted.overdue)
