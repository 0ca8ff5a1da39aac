"""Answering a request: acknowledge receipt, extend by notice, refuse with grounds, fulfil."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from privault.db.requests import SubjectRequest
from privault.db.unit_of_work import UnitOfWork
from privault.domain.deadlines import extend
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
from privault.services import auditing
from privault.services.fulfilment import Fulfilment, FulfilmentInput, carry_out
from privault.services.request_records import (
    RequestView,
    check_open,
    deadlines_json,
    deadlines_of,
    load,
    refuse_step,
    shop_today,
    step_event,
    view,
)
from privault.services.subject_data import remove_written
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
    with vault.unit_of_work() as uow:
        row = load(uow, request_id)
        _require(vault, uow, actor, row.customer_id, row.store)
        check_open(row)
        today = shop_today(vault, uow)
        deadlines = deadlines_of(row)
        for regime in chosen:
            if regime.value not in row.regimes.split():
                raise InvalidInputError(
                    "request {id} is under {regimes} only, not {regime}",
                    field="regime",
                    params={"id": row.id, "regimes": row.regimes, "regime": regime},
                )
            deadlines = extend(deadlines, regime, today)
        uow.requests.extend(
            row.id,
            deadlines=deadlines_json(deadlines),
            due_on=deadlines.due_on,
            on=today,
            reason=why,
        )
        extended = ", ".join(f"{r} to {deadlines.for_regime(r).due_on.isoformat()}" for r in chosen)
        step = f"extended {extended} by notice on {today.isoformat()}"
        uow.audit.append([step_event(vault, actor, EXTEND, row, step)])
        uow.commit()
        updated = uow.requests.get(row.id)
        return view(updated or row, today)


def acknowledge_request(vault: Vault, actor: Actor, request_id: str) -> RequestView:
    """California asks for a confirmation of receipt within 10 business days."""
    with vault.unit_of_work() as uow:
        row = load(uow, request_id)
        auditing.require(
            vault, uow, actor, Action.REQUEST_OPEN, customer_id=row.customer_id, store=row.store
        )
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
        today = shop_today(vault, uow)
        uow.requests.acknowledge(row.id, today)
        step = f"receipt acknowledged on {today.isoformat()} (due by {row.acknowledge_by})"
        uow.audit.append([step_event(vault, actor, ACKNOWLEDGE, row, step)])
        uow.commit()
        return view(row._replace(acknowledged_on=today), today)


def refuse_request(
    vault: Vault,
    actor: Actor,
    request_id: str,
    reason: RefusalReason | str | None,
    note: str | None = None,
) -> RefusedRequest:
    """A refusal names one of the listed legal grounds and where the customer may complain."""
    ground = parse_refusal_reason(reason)
    with vault.unit_of_work() as uow:
        row = load(uow, request_id)
        _require(vault, uow, actor, row.customer_id, row.store)
        check_open(row)
        check_transition(RequestStatus(row.status), RequestStatus.REFUSED, RequestType(row.type))
        refusal = refuse(ground, parse_regimes(row.regimes), note)
        outcome = _file(row.outcome, f"refused ({ground.value}): {refusal.grounds}", refusal.note)
        now = vault.clock()
        uow.requests.close(
            row.id,
            status=RequestStatus.REFUSED.value,
            at=now,
            by=actor.name,
            outcome=outcome,
            refusal_reason=ground.value,
        )
        uow.audit.append([step_event(vault, actor, REFUSE, row, f"refused: {ground.value}")])
        uow.commit()
        closed = row._replace(
            status=RequestStatus.REFUSED.value,
            closed_at=now,
            closed_by=actor.name,
            refusal_reason=ground.value,
            outcome=outcome,
        )
        shown = view(closed, shop_today(vault, uow))
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
    with vault.unit_of_work() as uow:
        row = load(uow, request_id)
        _require(vault, uow, actor, row.customer_id, row.store)
        check_open(row)
        request_type, status = RequestType(row.type), RequestStatus(row.status)
        if needs_verification(request_type) and status is RequestStatus.RECEIVED:
            error = ConflictError(
                "verify the requester's identity first: privault requests send-code {id}, "
                "then privault requests verify {id}",
                params={"id": row.id},
            )
            refuse_step(vault, uow, actor, Action.REQUEST_FULFIL.value, row, error)
        check_transition(status, RequestStatus.COMPLETED, request_type)
        job = FulfilmentInput(
            row.id, row.customer_id, request_type, dict(changes or {}), tuple(purposes), out_dir
        )
        done = carry_out(vault, uow, actor, job)
        try:
            closed = _record_fulfilment(vault, uow, actor, row, done)
            uow.commit()
        except BaseException:
            remove_written(done.files)  # an answer that was not recorded is not handed out
            raise
        shown = view(closed, shop_today(vault, uow))
    return FulfilledRequest(shown, done.summary, done.files, done.fields, done.evidence_sha256)


def _record_fulfilment(
    vault: Vault, uow: UnitOfWork, actor: Actor, row: SubjectRequest, done: Fulfilment
) -> SubjectRequest:
    now = vault.clock()
    outcome = _file(row.outcome, f"completed: {done.summary}", None)
    closed = row._replace(
        status=RequestStatus.COMPLETED.value,
        closed_at=now,
        closed_by=actor.name,
        outcome=outcome,
        evidence_sha256=done.evidence_sha256,
    )
    uow.requests.close(
        row.id,
        status=closed.status,
        at=now,
        by=actor.name,
        outcome=outcome,
        evidence_sha256=done.evidence_sha256,
    )
    step = f"{row.type} fulfilled" + (
        f", evidence sha256 {done.evidence_sha256}" if done.evidence_sha256 else ""
    )
    uow.audit.append(
        [step_event(vault, actor, Action.REQUEST_FULFIL.value, row, step, fields=done.fields)]
    )
    return closed


def _require(vault: Vault, uow: UnitOfWork, actor: Actor, customer_id: str, store: str) -> None:
    """Extending, refusing and fulfilling are the privacy officer's answer."""
    auditing.require(vault, uow, actor, Action.REQUEST_FULFIL, customer_id=customer_id, store=store)


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
