"""The privacy officer's alerts about partners: an agreement ending, a deletion certificate
overdue after termination, and the people sent abroad this year nearing the exemption's limit."""

from __future__ import annotations

from datetime import date

from privault.domain.alerts import Alert, AlertKind
from privault.domain.partners import SMALL_VOLUME_LIMIT

OFFICER = "privacy_officer"  # alerts about the register name no staff member: the officer acts


def agreement_expiring(agreement_id: str, expires_on: date) -> Alert:
    return Alert(
        AlertKind.AGREEMENT_EXPIRING,
        OFFICER,
        f"agreement {agreement_id} expires on {expires_on.isoformat()}; renew or end it",
        f"agreement_expiring:{agreement_id}:{expires_on.isoformat()}",
    )


def certificate_missing(agreement_id: str, ended_on: date) -> Alert:
    return Alert(
        AlertKind.DELETION_CERTIFICATE_MISSING,
        OFFICER,
        f"agreement {agreement_id} ended on {ended_on.isoformat()} and the partner's deletion "
        "certificate is not recorded; ask the partner for it",
        f"deletion_certificate_missing:{agreement_id}",
    )


def cross_border_threshold(year: int, people: int) -> Alert:
    return Alert(
        AlertKind.CROSS_BORDER_THRESHOLD,
        OFFICER,
        f"{people} people sent abroad in {year}, of the {SMALL_VOLUME_LIMIT} the small-volume "
        "exemption allows; prepare a standard contract, certification or security assessment",
        f"cross_border_threshold:{year}",
    )
