"""Reading complaints: the officer's queue and one complaint with its texts, each opening
audited; the view every use case returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from privault.db.complaints import ComplaintCounts, ComplaintRow
from privault.domain.complaints import (
    ANSWER_DAYS_SETTING,
    AnswerRoute,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    is_overdue,
    parse_answer_days,
    parse_status,
)
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.complaints.sealing import ANSWER, TEXT, unseal
from privault.services.portal.own_record import own_customer
from privault.services.requests.records import shop_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class ComplaintView:
    id: str
    customer_id: str
    kind: ComplaintKind
    channel: ComplaintChannel
    language: str
    received_at: datetime
    received_by: str
    due_on: date
    status: ComplaintStatus
    is_overdue: bool
    request_ids: tuple[str, ...]
    answered_at: datetime | None
    answer_route: AnswerRoute | None
    text: str | None = None  # only when opened one at a time
    answer: str | None = None


def view(
    row: ComplaintRow, today: date, text: str | None = None, answer: str | None = None
) -> ComplaintView:
    return ComplaintView(
        id=row.id,
        customer_id=row.customer_id,
        kind=row.kind,
        channel=row.channel,
        language=row.language,
        received_at=row.received_at,
        received_by=row.received_by,
        due_on=row.due_on,
        status=row.status,
        is_overdue=is_overdue(row.status, row.due_on, today),
        request_ids=row.request_ids,
        answered_at=row.answered_at,
        answer_route=row.answer_route,
        text=text,
        answer=answer,
    )


def load(uc: UseCase, complaint_id: str) -> ComplaintRow:
    row = uc.uow.complaints.get(complaint_id.strip())
    if row is None:
        raise NotFoundError("no complaint with id {id}", params={"id": complaint_id})
    return row


def answer_days(uc: UseCase) -> int:
    """The business's setting, 15 days unless changed (domain/complaints explains why)."""
    return parse_answer_days(uc.uow.installation.get(ANSWER_DAYS_SETTING))


def list_complaints(vault: Vault, actor: Actor, status: str | None = None) -> list[ComplaintView]:
    """The queue without texts: ids, kinds, channels and dates, no personal value."""
    wanted = parse_status(status)
    with use_case(vault, actor) as uc:
        uc.require(Action.COMPLAINT_READ)
        rows = uc.uow.complaints.listed(wanted)
        today = shop_day(uc)
        uc.record(Action.COMPLAINT_READ, reason=f"listed {len(rows)} complaints")
        uc.commit()
    return [view(r, today) for r in rows]


def get_complaint(vault: Vault, actor: Actor, complaint_id: str) -> ComplaintView:
    """One complaint with its question and answer opened: audited for its customer."""
    with use_case(vault, actor) as uc:
        row = load(uc, complaint_id)
        uc.require(Action.COMPLAINT_READ, customer_id=row.customer_id)
        text = unseal(uc, row.customer_id, row.id, TEXT, row.text_sealed)
        answer = unseal(uc, row.customer_id, row.id, ANSWER, row.answer_sealed)
        uc.record(Action.COMPLAINT_READ, customer_id=row.customer_id, reason=f"opened {row.id}")
        uc.commit()
        return view(row, shop_day(uc), text, answer)


def count_complaints(uc: UseCase, start: datetime, end: datetime, today: date) -> ComplaintCounts:
    """For the compliance report, inside its use case: counts only, no text opened."""
    return uc.uow.complaints.counts(start, end, today)


def own_complaints(vault: Vault, actor: Actor, customer_id: str) -> list[ComplaintView]:
    """The portal's list: the signed-in customer's own questions and the answers, opened."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.COMPLAINT_READ)
        rows = uc.uow.complaints.listed(customer_id=row.id)
        today = shop_day(uc)
        shown = [
            view(r, today, answer=unseal(uc, r.customer_id, r.id, ANSWER, r.answer_sealed))
            for r in rows
        ]
        uc.record(Action.COMPLAINT_READ, customer_id=row.id, reason="own complaints")
        uc.commit()
    return shown
