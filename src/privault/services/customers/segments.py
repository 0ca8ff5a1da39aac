"""Marketing's view: how many customers each consent-based purpose may reach, never who."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.policy import Action, Actor, store_scope
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class Audience:
    purpose: str
    name_zh: str
    name_en: str
    customers: int  # who consented and may be processed (restricted customers left out)


def count_audiences(vault: Vault, actor: Actor) -> tuple[Audience, ...]:
    """Counts within the actor's stores; asking is audited."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SEGMENT_COUNT)
        stores = store_scope(actor, uc.roles, Action.SEGMENT_COUNT)
        granted = uc.uow.dashboard.consented_customers(stores, processable_only=True)
        found = tuple(
            Audience(key, p.name_zh, p.name_en, granted.get(key, 0))
            for key, p in uc.catalog.purposes.items()
            # Consent-based purposes a campaign can serve; sensitive ones are nobody's audience.
            if p.needs_consent and not p.needs_separate_consent
        )
        uc.record(Action.SEGMENT_COUNT, reason="audience counts")
        uc.commit()
    return found
