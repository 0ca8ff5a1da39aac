"""Opt-out of sale or sharing (CCPA §1798.120; PIPL Art. 23 separate consent): a flag every
sharing path honours, and the end of the consents to purposes that hand data to a third party."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.consents import Channel
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.consents import withdraw
from privault.services.vault import Vault

OPTED_OUT = "opted out of sale or sharing"


def opt_out(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    row: CustomerRow,
    *,
    channel: Channel,
    request_id: str,
) -> list[str]:
    """In the caller's transaction. Returns the sharing purposes withdrawn."""
    catalog = vault.catalog(uow)
    active = uow.consents.active_for(row.id)
    sharing = sorted(p for p in active if p in catalog.purposes and catalog.purposes[p].is_sharing)
    uow.subject_data.set_sharing_opted_out(row.id, True, vault.clock())
    uow.audit.append(
        [
            auditing.event(
                vault,
                actor,
                Action.CONSENT,
                customer_id=row.id,
                purpose=",".join(sharing) or None,
                reason=f"{OPTED_OUT} (request {request_id})",
            )
        ]
    )
    if sharing:
        withdraw(
            vault,
            uow,
            actor,
            row.id,
            sharing,
            channel=channel,
            evidence=f"data-subject request {request_id}",
            reason=OPTED_OUT,
        )
    return sharing
