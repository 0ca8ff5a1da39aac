"""Figures other areas of issue 19 own: disclosures to partners (point 1) and incidents
(point 3), each asked of its area's repository for the period; the report and its evidence
pack carry the counts without any other change."""

from __future__ import annotations

from datetime import datetime

from privault.services.use_case import UseCase


def disclosure_counts(uc: UseCase, start: datetime, end: datetime) -> dict[str, int]:
    return uc.uow.partners.counts_between(start, end)


def incident_counts(uc: UseCase, start: datetime, end: datetime) -> dict[str, int]:
    return uc.uow.incidents.counts_between(start, end)
