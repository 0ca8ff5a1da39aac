"""The privacy officer's alerts about partners: an agreement ending, a deletion certificate
overdue after termination, and the people sent abroad this year nearing the exemption's limit."""

from __future__ import annotations

from datetime import date

from privault.domain.alerts import (
    AGREEMENT_EXPIRING_DETAIL,
    CERTIFICATE_MISSING_DETAIL,
    CROSS_BORDER_DETAIL,
    PARTNER_DELETION_DETAIL,
    Alert,
    AlertKind,
)
from privault.domain.partners import SMALL_VOLUME_LIMIT

OFFICER = "privacy_officer"  # alerts about the register name no staff member: the officer acts


def agreement_expiring(agreement_id: str, expires_on: date) -> Alert:
    return Alert(
        AlertKind.AGREEMENT_EXPIRING,
        OFFICER,
        AGREEMENT_EXPIRING_DETAIL.format(agreement_id=agreement_id, on=expires_on.isoformat()),
        f"agreement_expiring:{agreement_id}:{expires_on.isoformat()}",
    )


def certificate_missing(agreement_id: str, ended_on: date) -> Alert:
    return Alert(
        AlertKind.DELETION_CERTIFICATE_MISSING,
        OFFICER,
        CERTIFICATE_MISSING_DETAIL.format(agreement_id=agreement_id, on=ended_on.isoformat()),
        f"deletion_certificate_missing:{agreement_id}",
    )


def cross_border_threshold(year: int, people: int) -> Alert:
    return Alert(
        AlertKind.CROSS_BORDER_THRESHOLD,
        OFFICER,
        CROSS_BORDER_DETAIL.format(people=people, year=year, limit=SMALL_VOLUME_LIMIT),
        f"cross_border_threshold:{year}",
    )


def deletion_unconfirmed(notice_id: str, partner_id: str, sent_on: date) -> Alert:
    return Alert(
        AlertKind.PARTNER_DELETION_UNCONFIRMED,
        OFFICER,
        PARTNER_DELETION_DETAIL.format(
            partner_id=partner_id, on=sent_on.isoformat(), notice_id=notice_id
        ),
        f"partner_deletion_unconfirmed:{notice_id}",
    )
