"""The member's own membership in the privacy portal: their number, level and why they hold it.
Only the signed-in customer's own id passes; another is refused and the refusal audited."""

from __future__ import annotations

from privault.domain.errors import PolicyDeniedError
from privault.domain.members import MemberStatus
from privault.domain.policy import Action, Actor
from privault.domain.portal import refusal
from privault.services.members.membership import MemberView, view_of
from privault.services.use_case import use_case
from privault.services.vault import Vault

OWN_VIEW = "the member's own membership, in the privacy portal"


def own_membership(vault: Vault, actor: Actor, customer_id: str) -> MemberView | None:
    """None when the customer holds no open membership."""
    with use_case(vault, actor) as uc:
        why = refusal(uc.actor, customer_id)
        if why is not None:
            uc.refuse(Action.MEMBERS_READ, PolicyDeniedError(why))
        found = uc.uow.members.of_customer(customer_id.strip())
        if found is None or found.status is MemberStatus.CLOSED:
            return None
        uc.record(Action.MEMBERS_READ, customer_id=found.customer_id, reason=OWN_VIEW)
        view = view_of(uc, found)
        uc.commit()
    return view
