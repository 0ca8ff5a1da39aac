"""Answering a request: acknowledge receipt, extend by notice, refuse with grounds, fulfil."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from privault.db.requests import SubjectRequest
from privault.domain.deadlines import Deadlines, extend
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.requests import (
    MAX_NOTE,
    RefusalReason,
    Regime,
    RequestStatus,
    RequestType,
    check_transition,
    needs_verification,
    parse_refusal_reason,
    parse_regimes,
    refuse,
)
from privault.services.requests.fulfilment import Fulfilment, FulfilmentInput, fulfil
from privault.services.requests.records import (
    RequestView,
    check_open,
    deadlines_json,
    deadlines_of,
    load,
    record_step,
    refuse_step,
    shop_day,
    view,
)
from privault.services.requests.subject_data import remove_written
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

EXTEND = "request.extend"
ACKNOWLEDGE = "request.acknowledge"
REFUSE = "request.refuse"


@dataclass(frozen=True)
class RefusedRequest:
    request: RequestView
    reason: RefusalReason
    grounds: str
    complaint_routes: tuple[str, ...]  # one per regime: quote them in the answer
    note: str | None


@dataclass(frozen=True)
class FulfilledRequest:
    request: RequestView
    summary: str
    files: tuple[Path, ...]
    fields: tuple[str, ...]
    evidence_sha256: str | None


def extend_request(
    vault: Vault, actor: Actor, request_id: str, regimes: Regime | str | Iterable[str], reason: str
) -> RequestView:
    """EU and CA only, once, by a notice recorded today, no later than the first due date."""
    chosen = parse_regimes([regimes] if isinstance(regimes, str) else regimes)
    why = _text(reason, "reason", "say why more time is needed; the customer is told")
    with use_case(vault, actor) as uc:
        row = _answerable(uc, request_id)
        today = shop_day(uc)
        deadlines = _extended(row, chosen, today)
        uc.uow.requests.extend(
            row.id,
            deadlines=deadlines_json(deadlines),
            due_on=deadlines.due_on,
            on=today,
            reason=why,
        )
        extended = ", ".join(f"{r} to {deadlines.for_regime(r).due_on.isoformat()}" for r in chosen)
        record_step(uc, EXTEND, row, f"extended {extended} by notice on {today.isoformat()}")
        uc.commit()
        updated = uc.uow.requests.get(row.id)
        return view(updated or row, today)


def _extended(row: SubjectRequest, chosen: tuple[Regime, ...], today: date) -> Deadlines:
    deadlines = deadlines_of(row)
    for regime in chosen:
        if regime.value not in row.regimes.split():
            raise InvalidInputError(
                "request {id} is under {regimes} only, not {regime}",
                field="regime",
                params={"id": row.id, "regimes": row.regimes, "regime": regime},
            )
        deadlines = extend(deadlines, regime, today)
    return deadlines


def acknowledge_request(vault: Vault, actor: Actor, request_id: str) -> RequestView:
    """California asks for a confirmation of receipt within 10 business days."""
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        uc.require(Action.REQUEST_OPEN, customer_id=row.customer_id, store=row.store)
        _check_acknowledgeable(row)
        today = shop_day(uc)
        uc.uow.requests.acknowledge(row.id, today)
        step = f"receipt acknowledged on {today.isoformat()} (due by {row.acknowledge_by})"
        record_step(uc, ACKNOWLEDGE, row, step)
        uc.commit()
        return view(row._replace(acknowledged_on=today), today)


def _check_acknowledgeable(row: SubjectRequest) -> None:
    check_open(row)
    if row.acknowledge_by is None:
        raise InvalidInputError(
            "request {id} is under {regimes}: no regime asks for an acknowledgement",
            field="regime",
            params={"id": row.id, "regimes": row.regimes},
        )
    if row.acknowledged_on is not None:
        raise ConflictError(
            "request {id} was acknowledged on {acknowledged_on}",
            params={"id": row.id, "acknowledged_on": row.acknowledged_on},
        )


def refuse_request(
    vault: Vault,
    actor: Actor,
    request_id: str,
    reason: RefusalReason | str | None,
    note: str | None = None,
) -> RefusedRequest:
    """A refusal names one of the listed legal grounds and where the customer may complain."""
    ground = parse_refusal_reason(reason)
    with use_case(vault, actor) as uc:
        row = _answerable(uc, request_id)
        check_transition(RequestStatus(row.status), RequestStatus.REFUSED, RequestType(row.type))
        refusal = refuse(ground, parse_regimes(row.regimes), note)
        outcome = _file(row.outcome, f"refused ({ground.value}): {refusal.grounds}", refusal.note)
        closed = row._replace(
            status=RequestStatus.REFUSED.value,
            closed_at=uc.now,
            closed_by=actor.name,
            refusal_reason=ground.value,
            outcome=outcome,
        )
        _close(uc, closed)
        record_step(uc, REFUSE, row, f"refused: {ground.value}")
        uc.commit()
        shown = view(closed, shop_day(uc))
    return RefusedRequest(shown, ground, refusal.grounds, refusal.complaint_routes, refusal.note)


def fulfil_request(
    vault: Vault,
    actor: Actor,
    request_id: str,
    *,
    changes: Mapping[str, str] | None = None,
    purposes: Iterable[str] = (),
    out_dir: Path | None = None,
) -> FulfilledRequest:
    """Nothing is disclosed or changed before the requester's identity is verified."""
    with use_case(vault, actor) as uc:
        row = _answerable(uc, request_id)
        request_type = RequestType(row.type)
        _check_verified(uc, row)
        check_transition(RequestStatus(row.status), RequestStatus.COMPLETED, request_type)
        job = FulfilmentInput(
            row.id, row.customer_id, request_type, dict(changes or {}), tuple(purposes), out_dir
        )
        done = fulfil(uc, job)
        try:
            closed = _record_fulfilment(uc, row, done)
            uc.commit()
        except BaseException:
            remove_written(done.files)  # an answer that was not recorded is not handed out
            raise
        shown = view(closed, shop_day(uc))
    return FulfilledRequest(shown, done.summary, done.files, done.fields, done.evidence_sha256)


def _check_verified(uc: UseCase, row: SubjectRequest) -> None:
    status = RequestStatus(row.status)
    if needs_verification(RequestType(row.type)) and status is RequestStatus.RECEIVED:
        error = ConflictError(
            "verify the requester's identity first: privault requests send-code {id}, "
            "then privault requests verify {id}",
            params={"id": row.id},
        )
        refuse_step(uc, Action.REQUEST_FULFIL.value, row, error)


def _record_fulfilment(uc: UseCase, row: SubjectRequest, done: Fulfilment) -> SubjectRequest:
    closed = row._replace(
        status=RequestStatus.COMPLETED.value,
        closed_at=uc.now,
        closed_by=uc.actor.name,
        outcome=_file(row.outcome, f"completed: {done.summary}", None),
        evidence_sha256=done.evidence_sha256,
    )
    _close(uc, closed)
    step = f"{row.type} fulfilled" + (
        f", evidence sha256 {done.evidence_sha256}" if done.evidence_sha256 else ""
    )
    record_step(uc, Action.REQUEST_FULFIL.value, row, step, fields=done.fields)
    return closed


def _close(uc: UseCase, closed: SubjectRequest) -> None:
    """Stores the closing of a request, as `closed` shows it."""
    uc.uow.requests.close(
        closed.id,
        status=closed.status,
        at=uc.now,
        by=uc.actor.name,
        outcome=closed.outcome or "",
        refusal_reason=closed.refusal_reason,
        evidence_sha256=closed.evidence_sha256,
    )


def _answerable(uc: UseCase, request_id: str) -> SubjectRequest:
    """Extending, refusing and fulfilling are the privacy officer's answer, to an open request."""
    row = load(uc.uow, request_id)
    uc.require(Action.REQUEST_FULFIL, customer_id=row.customer_id, store=row.store)
    check_open(row)
    return row


def _text(raw: str | None, field: str, missing: str) -> str:
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise InvalidInputError(missing, field=field)
    if len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field=field, params={"limit": MAX_NOTE}
        )
    return cleaned


def _file(before: str | None, line: str, note: str | None) -> str:
    """The request's file in words: the opening note, then what was done and why."""
    return "\n".join(part for part in (before, line, f"note: {note}" if note else None) if part)
