"""The daily check: each question or complaint past its due date without an answer raises an
alert for the privacy officer, once a day each."""

from __future__ import annotations

from privault.domain.alerts import complaint_overdue
from privault.domain.policy import Action, Actor
from privault.services.requests.records import shop_day
from privault.services.use_case import use_case
from privault.services.vault import Vault


def alert_overdue_complaints(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.COMPLAINT_READ)
        today = shop_day(uc)
        late = uc.uow.complaints.overdue(today)
        raised = sum(
            uc.alert(complaint_overdue(r.id, r.received_by, r.due_on, today)) for r in late
        )
        uc.record(Action.COMPLAINT_READ, reason=f"overdue check: {len(late)} overdue")
        uc.commit()
    return {"overdue": len(late), "alerts_raised": raised}
