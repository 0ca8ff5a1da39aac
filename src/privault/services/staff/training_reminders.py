"""Reminders before a staff member's privacy training lapses (and masked data follows)."""

from __future__ import annotations

from privault.domain.alerts import training_expiring
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.services.staff.accounts import list_staff
from privault.services.use_case import use_case
from privault.services.vault import Vault


def remind_expiring_training(vault: Vault, actor: Actor) -> dict[str, int]:
    """One alert per active staff member whose training lapses within a month or has lapsed."""
    staff = list_staff(vault, actor)
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        today = uc.now.date()
        due = [
            alert
            for member in staff
            if member.status == StaffStatus.ACTIVE.value
            and (alert := training_expiring(member.name, member.training_expires_on, today))
        ]
        raised = sum(uc.alert(alert) for alert in due)
        uc.commit()
    return {"expiring": len(due), "alerts_raised": raised}
