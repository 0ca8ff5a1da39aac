"""Requests by the close relatives of a deceased customer (PIPL Art. 49): opened with the relation
and the proof they give, verified in person, and refused at once, with the grounds and where to
complain, when the customer arranged otherwise while alive (that arrangement is recorded here)."""

from __future__ import annotations

from datetime import date

from privault.db.requests import SubjectRequest
from privault.domain.policy import Action, Actor
from privault.domain.requesters import (
    Requester,
    check_arrangement,
    check_proof,
    check_relative_type,
    parse_relation,
)
from privault.domain.requests import (
    RefusalReason,
    RequestStatus,
    parse_channel,
    parse_regimes,
    parse_request_type,
    refuse,
)
from privault.services.customers.records import existing_customer
from privault.services.requests.intake import check_note
from privault.services.requests.on_behalf import OnBehalf, customer_for_request, file_on_behalf
from privault.services.requests.records import RequestView, record_step, shop_day, view
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

PROOF_EXAMPLE = "death certificate and household register seen at the counter"
ARRANGED = RefusalReason.DECEASED_ARRANGED_OTHERWISE


def record_posthumous_arrangement(
    vault: Vault, actor: Actor, customer_id: str, arrangement: str
) -> None:
    """The customer's own instruction, taken like a consent; a later one replaces it."""
    text = check_arrangement(arrangement)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.CONSENT, customer_id=row.id, store=row.store)
        uc.uow.requests.arrange_posthumously(row.id, text, uc.now, actor.name)
        reason = "arrangement for after death recorded (PIPL Art. 49)"
        uc.record(Action.CONSENT, customer_id=row.id, reason=reason)
        uc.commit()


def open_relative_request(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    type: str,
    channel: str,
    *,
    relation: str,
    proof: str,
    received_on: date | None = None,
    note: str | None = None,
) -> RequestView:
    """Access, copy, correction or deletion only; `proof` names the documents of the death and
    of the relation that were seen, never their numbers."""
    request_type = check_relative_type(parse_request_type(type))
    request_channel = parse_channel(channel)
    requester_note = (
        f"{parse_relation(relation)}; proof: {check_proof(proof, 'proof', PROOF_EXAMPLE)}"
    )
    cleaned = check_note(note, vault)
    by = OnBehalf(Requester.CLOSE_RELATIVE, requester_note)
    with use_case(vault, actor) as uc:
        customer = customer_for_request(uc, customer_id)
        kind = (request_type, request_channel)
        row = file_on_behalf(uc, customer, kind, by, received_on=received_on, note=cleaned)
        if uc.uow.requests.posthumous_arrangement(customer.id) is not None:
            row = _refused_as_arranged(uc, row)
        uc.commit()
        return view(row, shop_day(uc))


def _refused_as_arranged(uc: UseCase, row: SubjectRequest) -> SubjectRequest:
    refusal = refuse(ARRANGED, parse_regimes(row.regimes))
    routes = " ".join(refusal.complaint_routes)
    outcome = "\n".join(
        p for p in (row.outcome, f"refused ({ARRANGED.value}): {refusal.grounds}; {routes}") if p
    )
    refused = row._replace(
        status=RequestStatus.REFUSED.value,
        closed_at=uc.now,
        closed_by=uc.actor.name,
        refusal_reason=ARRANGED.value,
        outcome=outcome,
    )
    uc.uow.requests.close(
        row.id,
        status=refused.status,
        at=uc.now,
        by=uc.actor.name,
        outcome=outcome,
        refusal_reason=ARRANGED.value,
    )
    record_step(uc, "request.refuse", row, f"refused: {ARRANGED.value}")
    return refused
