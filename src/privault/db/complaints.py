"""Privacy questions and complaints: rows with the texts sealed, read back by id, by status and
by the date their answer is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from privault.db.tables import complaints
from privault.domain.complaints import (
    AnswerRoute,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
)


@dataclass(frozen=True)
class ComplaintRow:
    id: str
    customer_id: str
    kind: ComplaintKind
    channel: ComplaintChannel
    language: str
    text_sealed: bytes
    received_at: datetime
    received_by: str
    due_on: date
    status: ComplaintStatus
    answered_at: datetime | None = None
    answered_on: date | None = None
    answered_by: str | None = None
    answer_sealed: bytes | None = None
    answer_route: AnswerRoute | None = None
    request_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    at: datetime
    on: date
    by: str
    sealed: bytes
    route: AnswerRoute


@dataclass(frozen=True)
class ComplaintCounts:
    """For the compliance report: taken in, answered, answered by their due date, still open
    past it, in a period."""

    received: int
    answered: int
    on_time: int
    overdue: int


def _row(r: Any) -> ComplaintRow:
    return ComplaintRow(
        id=r.id,
        customer_id=r.customer_id,
        kind=ComplaintKind(r.kind),
        channel=ComplaintChannel(r.channel),
        language=r.language,
        text_sealed=r.text_sealed,
        received_at=r.received_at,
        received_by=r.received_by,
        due_on=r.due_on,
        status=ComplaintStatus(r.status),
        answered_at=r.answered_at,
        answered_on=r.answered_on,
        answered_by=r.answered_by,
        answer_sealed=r.answer_sealed,
        answer_route=AnswerRoute(r.answer_route) if r.answer_route else None,
        request_ids=tuple(r.request_ids.split()),
    )


class ComplaintRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: ComplaintRow) -> None:
        values = {k: v for k, v in vars(row).items() if k != "request_ids"}
        values["request_ids"] = " ".join(row.request_ids)
        self._c.execute(insert(complaints).values(**values))

    def get(self, complaint_id: str) -> ComplaintRow | None:
        found = self._c.execute(select(complaints).where(complaints.c.id == complaint_id))
        r = found.first()
        return _row(r) if r is not None else None

    def listed(
        self, status: ComplaintStatus | None = None, customer_id: str | None = None
    ) -> list[ComplaintRow]:
        """Oldest due first: the queue the privacy officer works through."""
        query = select(complaints).order_by(complaints.c.due_on, complaints.c.received_at)
        if status is not None:
            query = query.where(complaints.c.status == status.value)
        if customer_id is not None:
            query = query.where(complaints.c.customer_id == customer_id)
        return [_row(r) for r in self._c.execute(query)]

    def overdue(self, today: date) -> list[ComplaintRow]:
        query = select(complaints).where(
            complaints.c.status == ComplaintStatus.OPEN.value, complaints.c.due_on < today
        )
        return [_row(r) for r in self._c.execute(query.order_by(complaints.c.due_on))]

    def answer(self, complaint_id: str, answer: Answer) -> None:
        self._c.execute(
            update(complaints)
            .where(complaints.c.id == complaint_id)
            .values(
                status=ComplaintStatus.ANSWERED.value,
                answered_at=answer.at,
                answered_on=answer.on,
                answered_by=answer.by,
                answer_sealed=answer.sealed,
                answer_route=answer.route.value,
            )
        )

    def link(self, complaint_id: str, request_ids: tuple[str, ...]) -> None:
        self._c.execute(
            update(complaints)
            .where(complaints.c.id == complaint_id)
            .values(request_ids=" ".join(request_ids))
        )

    def counts(self, start: datetime, end: datetime, today: date) -> ComplaintCounts:
        c = complaints.c
        received = (c.received_at >= start) & (c.received_at < end)
        answered = received & (c.status == ComplaintStatus.ANSWERED.value)
        query = select(
            func.count().filter(received),
            func.count().filter(answered),
            func.count().filter(answered & (c.answered_on <= c.due_on)),
            func.count().filter(
                received & (c.status == ComplaintStatus.OPEN.value) & (c.due_on < today)
            ),
        )
        got = self._c.execute(query).one()
        return ComplaintCounts(*(int(n) for n in got))
