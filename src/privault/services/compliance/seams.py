"""Figures other areas of issue 19 own, built in parallel: disclosures to partners (point 1)
and incidents (point 3). Until they merge these count nothing; at merge each function asks
its area's repository for the period, and the report and its evidence pack carry the counts
without any other change."""

from __future__ import annotations

from datetime import datetime

from privault.services.use_case import UseCase


def disclosure_counts(uc: UseCase, start: datetime, end: datetime) -> dict[str, int]:
    return {"disclosures": 0, "customers": 0, "cross_border": 0}


def incident_counts(uc: UseCase, start: datetime, end: datetime) -> dict[str, int]:
    return {"recorded": 0, "notified": 0, "open": 0}
