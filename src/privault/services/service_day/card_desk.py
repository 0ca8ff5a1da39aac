"""The card register page's one read (issue 15): the store's register of the day, the
service-day alerts of the actor's duties and, for whoever issues cards, the day's open bookings
of registered customers to offer on the issue form, in one use case (one transaction, one
audit append) where the page used three. Each part is required and audited as on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privault.domain.bookings import Booking, parse_day
from privault.domain.policy import Action, Actor
from privault.domain.transactions import parse_store
from privault.services.service_day.alerts import ServiceAlert, read_service_alerts
from privault.services.service_day.bookings import read_day
from privault.services.service_day.card_register import Register, read_register
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class CardDesk:
    register: Register
    alerts: list[ServiceAlert]
    bookings: list[Booking]  # open, of registered customers; none without the issue right


def open_card_desk(vault: Vault, actor: Actor, store: str | None, day: str | None) -> CardDesk:
    """`day`: none or empty for today in the shop's calendar."""
    with use_case(vault, actor) as uc:
        where = parse_store(store) or uc.vault.settings.default_store
        on = parse_day(day) if day else _today(uc)
        register = read_register(uc, where, on)
        alerts = read_service_alerts(uc)
        offered = _offered(uc, where, on) if uc.holds(Action.CARD_ISSUE) else []
        uc.commit()
    return CardDesk(register, alerts, offered)


def _offered(uc: UseCase, where: str, on: date) -> list[Booking]:
    view = read_day(uc, where, on)
    found = [e.booking for group in view.groups.values() for e in group]
    return [b for b in found if b.is_open and b.draft.customer_id]


def _today(uc: UseCase) -> date:
    return date.fromisoformat(uc.vault.opening_hours(uc.uow).local_date(uc.now))
