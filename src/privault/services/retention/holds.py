"""Legal holds: placed and lifted by the privacy officer with a reason; they block erasure and
retention for the customer they cover."""

from __future__ import annotations

import uuid

from privault.db.holds import LegalHold
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

MAX_REASON = 500  # the legal_holds columns


def place_hold(vault: Vault, actor: Actor, customer_id: str, reason: str) -> LegalHold:
    reason = _reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.HOLD_MANAGE, customer_id=customer_id, store=row.store)
        hold = LegalHold(str(uuid.uuid4()), customer_id, reason, actor.name, uc.now)
        uc.uow.holds.add(hold)
        # The reason may name a case or a person: the trail keeps only the hold's id.
        uc.record(Action.HOLD_MANAGE, customer_id=customer_id, reason=f"hold {hold.id} placed")
        uc.commit()
        return hold


def lift_hold(vault: Vault, actor: Actor, hold_id: str, reason: str) -> LegalHold:
    reason = _reason(reason)
    with use_case(vault, actor) as uc:
        hold = _active_hold(uc, hold_id)
        uc.uow.holds.lift(hold_id, actor.name, uc.now, reason)
        uc.record(Action.HOLD_MANAGE, customer_id=hold.customer_id, reason=f"hold {hold_id} lifted")
        uc.commit()
        return hold._replace(lifted_by=actor.name, lifted_at=uc.now, lift_reason=reason)


def _active_hold(uc: UseCase, hold_id: str) -> LegalHold:
    """The hold to lift, once the actor may manage it (its customer may be erased already)."""
    hold = uc.uow.holds.get(hold_id)
    if hold is None:
        raise NotFoundError(
            "no legal hold with id {id} (privault holds list --all)", params={"id": hold_id}
        )
    row = uc.uow.customers.get(hold.customer_id)
    store = None if row is None else row.store
    uc.require(Action.HOLD_MANAGE, customer_id=hold.customer_id, store=store)
    if not hold.is_active:
        raise ConflictError(
            "hold {id} was lifted already, on {lifted_at:%Y-%m-%d} by {name}",
            params={"id": hold_id, "lifted_at": hold.lifted_at, "name": hold.lifted_by},
        )
    return hold


def list_holds(
    vault: Vault, actor: Actor, customer_id: str | None = None, include_lifted: bool = False
) -> list[LegalHold]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOLD_READ, customer_id=customer_id)
        found = uc.uow.holds.list(customer_id=customer_id, active_only=not include_lifted)
        uc.record(Action.HOLD_READ, customer_id=customer_id, reason=f"{len(found)} holds listed")
        uc.commit()
        return found


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned.isprintable():
        raise InvalidInputError("must not contain control characters", field="reason")
    if not cleaned:
        raise InvalidInputError("say why the hold is placed or lifted", field="reason")
    if len(cleaned) > MAX_REASON:
        raise InvalidInputError(
            "at most {limit} characters", field="reason", params={"limit": MAX_REASON}
        )
    return cleaned
