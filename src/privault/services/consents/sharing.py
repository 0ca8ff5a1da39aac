"""Opt-out of sale or sharing (CCPA §1798.120; PIPL Art. 23 separate consent): a flag every
sharing path honours, and the end of the consents to purposes that hand data to a third party."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.domain.consents import Channel
from privault.domain.policy import Action
from privault.services.consents.ledger import end_consents
from privault.services.use_case import UseCase

OPTED_OUT = "opted out of sale or sharing"


def opt_out_of_sharing(
    uc: UseCase, row: CustomerRow, *, channel: Channel, request_id: str
) -> list[str]:
    """In the caller's use case. Returns the sharing purposes withdrawn."""
    purposes = uc.catalog.purposes
    active = uc.uow.consents.active_for(row.id)
    sharing = sorted(p for p in active if p in purposes and purposes[p].is_sharing)
    uc.uow.subject_data.set_sharing_opted_out(row.id, True, uc.now)
    uc.record(
        Action.CONSENT,
        customer_id=row.id,
        purpose=",".join(sharing) or None,
        reason=f"{OPTED_OUT} (request {request_id})",
    )
    if sharing:
        end_consents(
            uc,
            row.id,
            sharing,
            channel=channel,
            evidence=f"data-subject request {request_id}",
            reason=OPTED_OUT,
        )
    return sharing
