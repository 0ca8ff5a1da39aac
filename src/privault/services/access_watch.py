"""The access alert rules (off hours, bulk access), run in the transaction of the access."""

from __future__ import annotations

from typing import TYPE_CHECKING

from privault.domain.alerts import (
    BULK_CUSTOMERS,
    BULK_WINDOW,
    bulk_access,
    bulk_access_key,
    off_hours,
)
from privault.domain.policy import Action

if TYPE_CHECKING:
    from privault.services.use_case import UseCase

WINDOW = BULK_WINDOW

# Opening a customer's record counts towards the bulk-access rule.
_OPENS = (Action.SEARCH.value, Action.VIEW_MASKED.value, Action.REVEAL.value)


def watch(uc: UseCase, action: Action, *, customer_id: str | None = None) -> None:
    """The customer opened now counts towards bulk access: its own event is written after
    this check."""
    alert = off_hours(uc.actor.name, uc.now, uc.vault.opening_hours(uc.uow))
    if alert is not None:
        uc.alert(alert)
    # A search learns its customers later: it calls watch_bulk after recording their events.
    if action.value in _OPENS and action is not Action.SEARCH:
        watch_bulk(uc, including=customer_id)


def watch_bulk(uc: UseCase, *, including: str | None = None) -> None:
    if uc.has_alert(bulk_access_key(uc.actor.name, uc.now)):
        return  # raised already this hour: no need to count again
    touched = uc.uow.activity.customers_touched(
        uc.actor.name, _OPENS, uc.now - BULK_WINDOW, cap=BULK_CUSTOMERS + 1, including=including
    )
    alert = bulk_access(uc.actor.name, touched, uc.now)
    if alert is not None:
        uc.alert(alert)
