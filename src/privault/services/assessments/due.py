"""The daily "assessment due" check: purposes that need an assessment and have no approved one
are told to the privacy officer, once each, instead of stopping the shop's work."""

from __future__ import annotations

from privault.domain.assessments import ACTIVATED_BY_SHOP, assessment_due
from privault.domain.policy import Action, Actor
from privault.services.assessments.templates import needing
from privault.services.use_case import use_case
from privault.services.vault import Vault


def check_assessments_due(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        needed = needing(uc)
        approved = {a.purpose for a in uc.uow.assessments.approved_for(sorted(needed))}
        due = [p for p in needed if p not in approved and p not in ACTIVATED_BY_SHOP]
        raised = sum(uc.alert(assessment_due(p, needed[p])) for p in due)
        uc.commit()
    return {"due": len(due), "alerts_raised": raised}
