"""The clocks an incident starts: who must be told, by when, under which law.

GDPR Art. 33: the supervisory authority within 72 hours of becoming aware; Art. 34: the people
without undue delay (no fixed hours: shown as due at once). PIPL Art. 57: the authority and the
people at once (立即). CAC 国家网络安全事件报告管理办法 (in force 2025-11-01): an incident graded
较大 or above to the provincial CAC within 4 hours. California Civ. Code 1798.82 (as amended from
2026-01-01): the residents within 30 days of discovery and, above 500 residents, a sample notice
to the Attorney General within 15 days of notifying them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from privault.domain.incidents import Severity

GDPR_AUTHORITY = timedelta(hours=72)
CAC_REPORT = timedelta(hours=4)
CA_RESIDENTS = timedelta(days=30)
CA_ATTORNEY_GENERAL = timedelta(days=15)
CA_SAMPLE_ABOVE = 500
CA_RULES_FROM = datetime.fromisoformat("2026-01-01T00:00:00-08:00")
CAC_RULES_FROM = datetime.fromisoformat("2025-11-01T00:00:00+08:00")


class Duty(StrEnum):
    GDPR_AUTHORITY = "gdpr_art33_authority"
    GDPR_PEOPLE = "gdpr_art34_people"
    PIPL_AUTHORITY_AND_PEOPLE = "pipl_art57"
    CAC_PROVINCIAL = "cac_provincial_4h"
    CA_RESIDENTS = "ca_1798_82_residents"
    CA_ATTORNEY_GENERAL = "ca_1798_82_attorney_general"


@dataclass(frozen=True)
class Clock:
    duty: Duty
    regime: str  # CN, EU, CA
    due_at: datetime
    at_once: bool  # "immediately" / "without undue delay": due_at is the detection itself
    people: int  # affected customers under the regime

    def is_overdue(self, now: datetime) -> bool:
        return now > self.due_at


def incident_clocks(
    detected_at: datetime, severity: Severity, people_by_regime: Mapping[str, int]
) -> list[Clock]:
    """Every duty that applies, earliest first. No affected customer under a regime: none of
    its duties. Under CN, PIPL applies to any incident with people affected; the CAC's 4 hours
    also to one graded 较大 or above even before anyone is found affected."""
    cn, eu, ca = (people_by_regime.get(r, 0) for r in ("CN", "EU", "CA"))
    clocks: list[Clock] = []
    if cn:
        clocks.append(Clock(Duty.PIPL_AUTHORITY_AND_PEOPLE, "CN", detected_at, True, cn))
    if severity.is_reportable_to_cac and detected_at >= CAC_RULES_FROM:
        due = detected_at + CAC_REPORT
        clocks.append(Clock(Duty.CAC_PROVINCIAL, "CN", due, False, cn))
    if eu:
        clocks.append(Clock(Duty.GDPR_PEOPLE, "EU", detected_at, True, eu))
        clocks.append(Clock(Duty.GDPR_AUTHORITY, "EU", detected_at + GDPR_AUTHORITY, False, eu))
    if ca and detected_at >= CA_RULES_FROM:
        residents = detected_at + CA_RESIDENTS
        clocks.append(Clock(Duty.CA_RESIDENTS, "CA", residents, False, ca))
        if ca > CA_SAMPLE_ABOVE:
            ag = residents + CA_ATTORNEY_GENERAL
            clocks.append(Clock(Duty.CA_ATTORNEY_GENERAL, "CA", ag, False, ca))
    return sorted(clocks, key=lambda c: (c.due_at, c.duty.value))


def attorney_general_due(residents_notified_at: datetime) -> datetime:
    """Once the residents were told, the sample to the Attorney General is due 15 days later."""
    return residents_notified_at + CA_ATTORNEY_GENERAL
