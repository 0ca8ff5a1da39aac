"""What every request step shares: loading a request, its stored clocks, its view, its audit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from privault.db.requests import SubjectRequest
from privault.db.unit_of_work import UnitOfWork
from privault.domain.deadlines import (
    CN_DAYS,
    Deadlines,
    RegimeDeadline,
    Urgency,
    days_left,
    status_colour,
    urgency,
)
from privault.domain.errors import ConflictError, NotFoundError, PrivaultError
from privault.domain.requests import (
    DEFAULT_REGIMES_KEY,
    Regime,
    RequestStatus,
    RequestType,
    is_open,
    parse_regimes,
)
from privault.services.use_case import UseCase
from privault.services.vault import Vault

# Installation keys of the Chinese clock (GB/T 35273 §8.7 allows a shorter promise than 30 days).
CN_DAYS_KEY = "cn_request_days"
CN_WORKING_DAYS_KEY = "cn_working_days"


@dataclass(frozen=True)
class RegimeDue:
    regime: Regime
    due_on: date
    acknowledge_by: date | None
    is_extended: bool
    is_provisional: bool
    days_left: int | None  # None once the request is closed
    urgency: Urgency | None


@dataclass(frozen=True)
class RequestView:
    """A request as staff see it; ids, dates and reasons only, never a personal value."""

    id: str
    customer_id: str
    type: RequestType
    channel: str
    status: RequestStatus
    regimes: tuple[Regime, ...]
    received_on: date
    due_on: date
    acknowledge_by: date | None
    acknowledged_on: date | None
    days_left: int | None
    urgency: Urgency | None
    colour: str  # red, amber, green; grey once closed
    deadlines: tuple[RegimeDue, ...]
    is_open: bool
    store: str
    opened_at: datetime
    opened_by: str
    verification: str | None
    verified_at: datetime | None
    verified_by: str | None
    verification_note: str | None
    extended_on: date | None
    extension_reason: str | None
    closed_at: datetime | None
    closed_by: str | None
    refusal_reason: str | None
    outcome: str | None
    evidence_sha256: str | None
    requester: str | None = None  # None: the customer; close_relative, authorised_agent
    requester_note: str | None = None  # the relation or permission, and the proof seen


def shop_day(uc: UseCase) -> date:
    """Legal days are the shop's days, not UTC's: the use case's day at the shop."""
    return local_day(uc.vault, uc.uow, uc.now)


def local_day(vault: Vault, uow: UnitOfWork, at: datetime) -> date:
    return date.fromisoformat(vault.opening_hours(uow).local_date(at))


def cn_clock(uow: UnitOfWork) -> tuple[int, bool]:
    days = uow.installation.get(CN_DAYS_KEY)
    return int(days) if days else CN_DAYS, uow.installation.get(CN_WORKING_DAYS_KEY) == "true"


def default_regimes(uow: UnitOfWork) -> tuple[Regime, ...]:
    return parse_regimes(uow.installation.get(DEFAULT_REGIMES_KEY) or Regime.CN.value)


def load(uow: UnitOfWork, request_id: str) -> SubjectRequest:
    row = uow.requests.get(request_id.strip())
    if row is None:
        raise NotFoundError(
            "no request with id {id}; see privault requests list", params={"id": request_id}
        )
    return row


def check_open(row: SubjectRequest) -> None:
    if not is_open(RequestStatus(row.status)):
        raise ConflictError(
            "request {id} is {status} already; nothing more can change",
            params={"id": row.id, "status": row.status},
        )


def deadlines_json(deadlines: Deadlines) -> str:
    return json.dumps(
        {
            d.regime.value: {
                "due_on": d.due_on.isoformat(),
                "acknowledge_by": d.acknowledge_by.isoformat() if d.acknowledge_by else None,
                "is_extended": d.is_extended,
                "is_provisional": d.is_provisional,
            }
            for d in deadlines.per_regime
        }
    )


def deadlines_of(row: SubjectRequest) -> Deadlines:
    stored = json.loads(row.deadlines)
    per_regime = tuple(
        RegimeDeadline(
            Regime(regime),
            date.fromisoformat(d["due_on"]),
            date.fromisoformat(d["acknowledge_by"]) if d["acknowledge_by"] else None,
            bool(d["is_extended"]),
            bool(d["is_provisional"]),
        )
        for regime, d in stored.items()
    )
    return Deadlines(row.received_on, RequestType(row.type), per_regime)


def view(row: SubjectRequest, today: date) -> RequestView:
    status = RequestStatus(row.status)
    live = is_open(status)
    return RequestView(
        id=row.id,
        customer_id=row.customer_id,
        type=RequestType(row.type),
        channel=row.channel,
        status=status,
        regimes=parse_regimes(row.regimes),
        received_on=row.received_on,
        due_on=row.due_on,
        acknowledge_by=row.acknowledge_by,
        acknowledged_on=row.acknowledged_on,
        days_left=days_left(row.due_on, today) if live else None,
        urgency=urgency(row.due_on, today) if live else None,
        colour=status_colour(row.due_on, today) if live else "grey",
        deadlines=_regime_dues(row, today, live),
        is_open=live,
        store=row.store,
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        verification=row.verification,
        verified_at=row.verified_at,
        verified_by=row.verified_by,
        verification_note=row.verification_note,
        extended_on=row.extended_on,
        extension_reason=row.extension_reason,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        refusal_reason=row.refusal_reason,
        outcome=row.outcome,
        evidence_sha256=row.evidence_sha256,
        requester=row.requester,
        requester_note=row.requester_note,
    )


def _regime_dues(row: SubjectRequest, today: date, live: bool) -> tuple[RegimeDue, ...]:
    """Each regime's clock; days left and urgency only while the request is open."""
    return tuple(
        RegimeDue(
            d.regime,
            d.due_on,
            d.acknowledge_by,
            d.is_extended,
            d.is_provisional,
            days_left(d.due_on, today) if live else None,
            urgency(d.due_on, today) if live else None,
        )
        for d in deadlines_of(row).per_regime
    )


def step_reason(row: SubjectRequest, step: str) -> str:
    """The trail names the request and the step; the values stay out."""
    return f"request {row.id}: {step}"[:300]


def record_step(
    uc: UseCase, action: str, row: SubjectRequest, step: str, *, fields: tuple[str, ...] = ()
) -> None:
    uc.record(action, customer_id=row.customer_id, fields=fields, reason=step_reason(row, step))


def refuse_step(
    uc: UseCase,
    action: str,
    row: SubjectRequest,
    error: PrivaultError,
    *,
    step: str | None = None,
    keep: bool = False,
) -> NoReturn:
    """Undo the step (unless `keep`), record the refusal on its own, and raise it. `step`: the
    refusal in the trail's words, when they differ from the error's."""
    reason = step_reason(row, step or error.message)
    uc.refuse(action, error, customer_id=row.customer_id, reason=reason, keep=keep)
