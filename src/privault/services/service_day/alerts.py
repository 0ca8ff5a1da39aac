"""The service day's own alerts for the people who act on them: a card not back by closing time
and a late entry onto a card reach whoever keeps the card register (the store manager), an
overdue review and a late entry whoever reviews the collection forms (the marketing manager).
The privacy officer sees them with every other alert."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.alerts import AlertKind
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import shop_time
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

KINDS_BY_DUTY = {
    Action.CARD_REGISTER: frozenset({AlertKind.CARD_UNRETURNED, AlertKind.CARD_ENTRY_LATE}),
    Action.FORM_REVIEW: frozenset({AlertKind.FORM_REVIEW_OVERDUE, AlertKind.CARD_ENTRY_LATE}),
}
LIMIT = 50


@dataclass(frozen=True)
class ServiceAlert:
    kind: AlertKind
    at_shown: str  # in the shop's time zone, the zone named
    detail: str  # card numbers, booking ids and times: never a customer's value


def list_service_alerts(vault: Vault, actor: Actor) -> list[ServiceAlert]:
    """The open alerts of the duties the actor holds, newest first; none held is refused."""
    with use_case(vault, actor) as uc:
        alerts = read_service_alerts(uc)
        uc.commit()
    return alerts


def read_service_alerts(uc: UseCase) -> list[ServiceAlert]:
    """Inside the caller's use case (the card register page's one read)."""
    duties = [action for action in KINDS_BY_DUTY if uc.holds(action)]
    if not duties:
        uc.require(Action.CARD_REGISTER)
    kinds = frozenset().union(*(KINDS_BY_DUTY[d] for d in duties))
    found = uc.uow.alerts.recent(open_only=True, limit=LIMIT, kinds=kinds)
    zone = uc.vault.opening_hours(uc.uow).zone
    uc.record(duties[0], reason=f"service-day alerts read ({len(found)} open)")
    return [ServiceAlert(AlertKind(a.kind), shop_time(a.at, zone), a.detail) for a in found]
