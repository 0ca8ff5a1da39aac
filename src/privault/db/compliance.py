"""The compliance report's figures: counts over the records privault keeps, one aggregate query
per section, no personal value read."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from privault.db.tables import alerts, consent_events, customers, exports, staff, staff_training
from privault.db.tables import subject_requests as requests
from privault.domain.compliance import (
    AlertFigures,
    ConsentFigures,
    ExportFigures,
    RequestFigures,
    TrainingFigures,
)

CLOSED = ("completed", "refused")
WITHDRAWN = "withdraw"


class ComplianceRepository:
    """`start` and `end`: the period as instants, end excluded; `today` the shop's day."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def data_subjects(self) -> int:
        """Every customer on record; erased customers are gone from the table."""
        return int(self._c.execute(select(func.count()).select_from(customers)).scalar_one())

    def requests(self, first: date, last: date, today: date) -> RequestFigures:
        r = requests.c
        received = (r.received_on >= first) & (r.received_on <= last)
        closed = received & r.status.in_(CLOSED)
        # closed_at is UTC and due_on the shop's day: a request closed late on its due day in
        # the shop may read as the next day in UTC only east of it, never earlier.
        on_time = closed & (func.date(r.closed_at) <= r.due_on)
        overdue = received & r.status.not_in(CLOSED) & (r.due_on < today)
        query = select(
            func.count().filter(received),
            func.count().filter(closed),
            func.count().filter(on_time),
            func.count().filter(overdue),
        )
        return RequestFigures(*(int(n) for n in self._c.execute(query).one()))

    def consents(self, start: datetime, end: datetime) -> dict[str, ConsentFigures]:
        """Grouped in SQL by the purposes text (few distinct values), split per purpose here."""
        e = consent_events.c
        query = (
            select(e.purposes, e.action, func.count())
            .where(e.at >= start, e.at < end)
            .group_by(e.purposes, e.action)
        )
        granted: Counter[str] = Counter()
        withdrawn: Counter[str] = Counter()
        for purposes, action, n in self._c.execute(query):
            for purpose in purposes.split():
                (withdrawn if action == WITHDRAWN else granted)[purpose] += int(n)
        named = sorted(set(granted) | set(withdrawn))
        return {p: ConsentFigures(granted[p], withdrawn[p]) for p in named}

    def trainings(self, today: date) -> TrainingFigures:
        current = (
            select(staff_training.c.staff_name)
            .where(staff_training.c.expires_on >= today)
            .distinct()
        )
        active = staff.c.status == "active"
        query = select(
            func.count().filter(active),
            func.count().filter(active & staff.c.name.in_(current)),
        ).select_from(staff)
        return TrainingFigures(*(int(n) for n in self._c.execute(query).one()))

    def alerts(self, start: datetime, end: datetime) -> AlertFigures:
        a = alerts.c
        query = (
            select(a.kind, func.count(), func.count(a.acked_at))
            .where(a.at >= start, a.at < end)
            .group_by(a.kind)
        )
        rows = self._c.execute(query).all()
        by_kind = {kind: int(n) for kind, n, _ in rows}
        return AlertFigures(sum(by_kind.values()), sum(int(k) for _, _, k in rows), by_kind)

    def exports(self, start: datetime, end: datetime) -> ExportFigures:
        x = exports.c
        query = (
            select(x.status, func.count())
            .where(x.requested_at >= start, x.requested_at < end)
            .group_by(x.status)
        )
        n = {status: int(count) for status, count in self._c.execute(query)}
        decided = n.get("approved", 0) + n.get("downloaded", 0)
        return ExportFigures(sum(n.values()), decided, n.get("rejected", 0), n.get("downloaded", 0))
