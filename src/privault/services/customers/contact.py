"""Contact data confirmed (issue 17, 定期更新): when a customer's contact fields were last
confirmed (on registration, on a change of one of them, or by the desk with the customer), how
long that holds (a setting), and which customers are due to be asked again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from privault.domain.contact_freshness import (
    FRESH_DAYS_KEY,
    ConfirmedBy,
    days_since,
    is_stale,
    parse_fresh_days,
    stored_fresh_days,
)
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class ContactState:
    customer_id: str
    confirmed_at: datetime
    days_since: int
    is_stale: bool
    fresh_days: int


def fresh_days(uc: UseCase) -> int:
    return stored_fresh_days(uc.vault.setting(uc.uow, FRESH_DAYS_KEY))


def mark_confirmed(uc: UseCase, ids: Iterable[str], how: ConfirmedBy) -> None:
    """In the caller's use case, which records the change it confirms."""
    wanted = sorted({cid for cid in ids if cid})
    if wanted:
        uc.uow.contact_confirmations.confirm(wanted, uc.now, uc.actor.name, how.value)


def stale_among(uc: UseCase, ids: Iterable[str | None]) -> frozenset[str]:
    """The customers among `ids` the desk should confirm contact data with: a date, no value."""
    wanted = [cid for cid in ids if cid]
    if not wanted:
        return frozenset()
    days = fresh_days(uc)
    confirmed = uc.uow.contact_confirmations.confirmed_at(wanted)
    return frozenset(cid for cid, at in confirmed.items() if is_stale(at, uc.now, days))


def contact_state(uc: UseCase, customer_id: str) -> ContactState:
    days = fresh_days(uc)
    at = uc.uow.contact_confirmations.confirmed_at([customer_id])[customer_id]
    return ContactState(customer_id, at, days_since(at, uc.now), is_stale(at, uc.now, days), days)


def get_contact_fresh_days(vault: Vault, actor: Actor) -> int:
    with use_case(vault, actor) as uc:
        uc.require(Action.CONTACT_SETTINGS)
        return fresh_days(uc)


def set_contact_fresh_days(vault: Vault, actor: Actor, days: int | str) -> int:
    """Contact data not confirmed within this many days is stale (default 365)."""
    parsed = parse_fresh_days(days)
    with use_case(vault, actor) as uc:
        uc.require(Action.CONTACT_SETTINGS)
        before = fresh_days(uc)
        uc.uow.installation.put(FRESH_DAYS_KEY, str(parsed))
        reason = f"contact data fresh for {parsed} days (was {before})"
        uc.record(Action.CONTACT_SETTINGS, reason=reason)
        uc.commit()
        return parsed
