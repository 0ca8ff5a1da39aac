"""Data-subject requests: opened, verified, extended, closed; never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Connection, delete, insert, select, update

from privault.db.tables import posthumous_arrangements, subject_requests

# The statuses a request can still move from (domain.requests.is_open).
_OPEN = ("received", "identity_verified", "in_progress")


class SubjectRequest(NamedTuple):
    id: str
    customer_id: str
    type: str
    channel: str
    status: str
    regimes: str  # space-separated
    received_on: date
    deadlines: str  # JSON, per regime
    due_on: date
    acknowledge_by: date | None
    acknowledged_on: date | None
    extended_on: date | None
    extension_reason: str | None
    opened_at: datetime
    opened_by: str
    store: str
    verified_at: datetime | None = None
    verified_by: str | None = None
    verification: str | None = None
    verification_note: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    refusal_reason: str | None = None
    outcome: str | None = None
    evidence_sha256: str | None = None
    requester: str | None = None  # None: the customer; else close_relative, authorised_agent
    requester_note: str | None = None


# A page of the queue; named here as the repository has a `list`.
Requests = list[SubjectRequest]


class RequestRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, request: SubjectRequest) -> None:
        self._c.execute(insert(subject_requests).values(**request._asdict()))

    def get(self, request_id: str) -> SubjectRequest | None:
        query = select(subject_requests).where(subject_requests.c.id == request_id)
        row = self._c.execute(query).first()
        return None if row is None else SubjectRequest(**row._mapping)

    def list(
        self,
        *,
        status: str | None = None,
        customer_id: str | None = None,
        open_only: bool = False,
        due_by: date | None = None,
        unacknowledged_by: date | None = None,
        stores: frozenset[str] = frozenset(),
        offset: int = 0,
        limit: int | None = None,
    ) -> list[SubjectRequest]:
        """Most urgent first. `due_by`: only those due on or before that day;
        `unacknowledged_by`: only those to acknowledge by that day and not acknowledged yet."""
        c = subject_requests.c
        query = select(subject_requests).order_by(c.due_on, c.opened_at, c.id)
        if status is not None:
            query = query.where(c.status == status)
        if customer_id is not None:
            query = query.where(c.customer_id == customer_id)
        if open_only:
            query = query.where(c.status.in_(_OPEN))
        if due_by is not None:
            query = query.where(c.due_on <= due_by)
        if unacknowledged_by is not None:
            query = query.where(c.acknowledge_by <= unacknowledged_by, c.acknowledged_on.is_(None))
        if stores:
            query = query.where(c.store.in_(sorted(stores)))
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        return [SubjectRequest(**r._mapping) for r in self._c.execute(query)]

    def page(
        self, wanted: RequestQuery, *, stores: frozenset[str], offset: int, limit: int
    ) -> Requests:
        """The queue a page at a time: soonest due first, or the latest received first."""
        c = subject_requests.c
        order = (
            (c.received_on.desc(), c.opened_at.desc(), c.id.asc())
            if wanted.latest_received_first
            else (c.due_on.asc(), c.opened_at.asc(), c.id.asc())
        )
        query = select(subject_requests).order_by(*order).offset(offset).limit(limit)
        for column, value in ((c.status, wanted.status), (c.type, wanted.type)):
            if value is not None:
                query = query.where(column == value)
        if wanted.customer_ids is not None:
            query = query.where(c.customer_id.in_(sorted(wanted.customer_ids)))
        if stores:
            query = query.where(c.store.in_(sorted(stores)))
        return [SubjectRequest(**r._mapping) for r in self._c.execute(query)]

    def set_status(self, request_id: str, status: str) -> None:
        self._update(request_id, status=status)

    def verify(
        self, request_id: str, *, status: str, at: datetime, by: str, method: str, note: str | None
    ) -> None:
        self._update(
            request_id,
            status=status,
            verified_at=at,
            verified_by=by,
            verification=method,
            verification_note=note,
        )

    def extend(
        self, request_id: str, *, deadlines: str, due_on: date, on: date, reason: str
    ) -> None:
        self._update(
            request_id, deadlines=deadlines, due_on=due_on, extended_on=on, extension_reason=reason
        )

    def acknowledge(self, request_id: str, on: date) -> None:
        self._update(request_id, acknowledged_on=on)

    def close(
        self,
        request_id: str,
        *,
        status: str,
        at: datetime,
        by: str,
        outcome: str,
        refusal_reason: str | None = None,
        evidence_sha256: str | None = None,
    ) -> None:
        self._update(
            request_id,
            status=status,
            closed_at=at,
            closed_by=by,
            outcome=outcome,
            refusal_reason=refusal_reason,
            evidence_sha256=evidence_sha256,
        )

    def posthumous_arrangement(self, customer_id: str) -> str | None:
        """What the customer arranged about their data after death, if anything."""
        table = posthumous_arrangements
        query = select(table.c.arrangement).where(table.c.customer_id == customer_id)
        return self._c.execute(query).scalar_one_or_none()

    def arrange_posthumously(
        self, customer_id: str, arrangement: str, at: datetime, by: str
    ) -> None:
        """The latest arrangement replaces an earlier one."""
        table = posthumous_arrangements
        self._c.execute(delete(table).where(table.c.customer_id == customer_id))
        values = {"arrangement": arrangement, "recorded_at": at, "recorded_by": by}
        self._c.execute(insert(table).values(customer_id=customer_id, **values))

    def _update(self, request_id: str, **values: object) -> None:
        self._c.execute(
            update(subject_requests).where(subject_requests.c.id == request_id).values(**values)
        )


@dataclass(frozen=True)
class RequestQuery:
    """What a page of the queue is filtered by; None means any."""

    status: str | None = None
    type: str | None = None
    customer_ids: frozenset[str] | None = None
    latest_received_first: bool = False
