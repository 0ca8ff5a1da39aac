"""Restricting a customer's processing (stored, not processed: PIPL Art. 44/47, GDPR Art. 18)
and lifting it again; the policy refuses every other use of a restricted customer's data."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import RESTRICTED, Action, Actor
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

MAX_REASON = 250  # the audit reason column, with room for its prefix


def restrict_customer(vault: Vault, actor: Actor, customer_id: str, *, reason: str) -> str:
    """The privacy officer restricts, e.g. while a legal hold blocks an erasure."""
    why = check_reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.RESTRICT, customer_id=customer_id, store=row.store)
        restrict(uc, row, reason=why)
        uc.commit()
        return RESTRICTED


def restrict(uc: UseCase, row: CustomerRow, *, reason: str) -> None:
    """In the caller's transaction, after its policy check. Restricting twice is harmless."""
    if row.status != RESTRICTED:
        uc.uow.subject_data.restrict(row.id, row.status, uc.now)
    uc.record(Action.RESTRICT, customer_id=row.id, reason=f"restricted: {reason}")


def lift_restriction(vault: Vault, actor: Actor, customer_id: str, *, reason: str) -> str:
    """Processing resumes in the status the restriction replaced (a customer awaiting entry
    review goes back to the review queue); the reason is audited."""
    why = check_reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.RESTRICT, customer_id=customer_id, store=row.store)
        if row.status != RESTRICTED:
            raise ConflictError(
                "customer {id} is {status}, not restricted",
                params={"id": customer_id, "status": row.status},
            )
        status = uc.uow.subject_data.lift_restriction(customer_id, uc.now)
        uc.record(Action.RESTRICT, customer_id=customer_id, reason=f"restriction lifted: {why}")
        uc.commit()
        return status


def check_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise InvalidInputError("say why (e.g. the customer contests the data)", field="reason")
    if len(cleaned) > MAX_REASON:
        raise InvalidInputError(
            "at most {limit} characters", field="reason", params={"limit": MAX_REASON}
        )
    return cleaned
