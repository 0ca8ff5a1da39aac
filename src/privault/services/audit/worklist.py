"""What waits for a staff member today, for the console's home page: counts within the areas and
stores their roles reach, never a personal value (so reading it is not an access to record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privault.domain.bookings import BookingStatus
from privault.domain.deadlines import NEARLY_DUE_DAYS, days_left
from privault.domain.policy import Action, Actor, store_scope
from privault.services.requests.records import local_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

_NOT_COMING = (BookingStatus.CANCELLED.value, BookingStatus.NO_SHOW.value)
_ARRIVED = (BookingStatus.ARRIVED.value, BookingStatus.IN_SERVICE.value, BookingStatus.DONE.value)


@dataclass(frozen=True)
class WorkItem:
    label: str  # English msgid; the page translates it
    count: int
    path: str  # the page where the work is done
    is_urgent: bool = False  # shown first and marked: overdue, or waiting on this person


@dataclass(frozen=True)
class Worklist:
    day: date  # the shop's today
    items: tuple[WorkItem, ...]


def show_worklist(vault: Vault, actor: Actor) -> Worklist:
    with use_case(vault, actor, read_only=True) as uc:
        today = local_day(uc.vault, uc.uow, uc.now)
        items = [*_service_day(uc, today), *_privacy(uc, today), *_entry_review(uc)]
    return Worklist(today, tuple(sorted(items, key=lambda item: not item.is_urgent)))


def _service_day(uc: UseCase, today: date) -> list[WorkItem]:
    items = []
    if uc.holds(Action.BOOKING_READ):
        stores = store_scope(uc.actor, uc.roles, Action.BOOKING_READ)
        counts = uc.uow.worklist.bookings_by_status(today, stores)
        expected = sum(n for status, n in counts.items() if status not in _NOT_COMING)
        arrived = sum(counts.get(status, 0) for status in _ARRIVED)
        items.append(WorkItem("Bookings today", expected, "/service-day"))
        items.append(WorkItem("Arrived so far", arrived, "/service-day"))
    if uc.holds(Action.SERVICE_TODAY):
        served = uc.uow.worklist.bookings_served_by(today, uc.actor.name)
        items.append(WorkItem("On your list today", served, "/today"))
    if uc.holds(Action.CARD_REGISTER):
        stores = store_scope(uc.actor, uc.roles, Action.CARD_REGISTER)
        out = uc.uow.worklist.cards_out(today, stores)
        items.append(WorkItem("Cards not yet returned", out, "/cards", is_urgent=out > 0))
    return items


def _privacy(uc: UseCase, today: date) -> list[WorkItem]:
    items = []
    if uc.holds(Action.REQUEST_READ):
        stores = store_scope(uc.actor, uc.roles, Action.REQUEST_READ)
        left = [days_left(due, today) for due in uc.uow.dashboard.open_request_due_dates(stores)]
        overdue = sum(1 for days in left if days < 0)
        due_soon = sum(1 for days in left if 0 <= days <= NEARLY_DUE_DAYS)
        items.append(WorkItem("Requests overdue", overdue, "/requests", is_urgent=overdue > 0))
        items.append(WorkItem("Requests nearly due", due_soon, "/requests", due_soon > 0))
    if uc.holds(Action.ALERT_READ):
        alerts = uc.uow.worklist.open_alerts()
        items.append(WorkItem("Alerts to acknowledge", alerts, "/alerts", is_urgent=alerts > 0))
    if uc.holds(Action.EXPORT_APPROVE):
        waiting = uc.uow.worklist.exports_waiting()
        items.append(WorkItem("Exports awaiting approval", waiting, "/exports", waiting > 0))
    return items


def _entry_review(uc: UseCase) -> list[WorkItem]:
    """New records from reviewed channels (issue 17), in the actor's stores; shown only when
    some wait, so a shop that reviews nothing is not told of it every day."""
    if not uc.holds(Action.ENTRY_REVIEW_READ):
        return []
    stores = store_scope(uc.actor, uc.roles, Action.ENTRY_REVIEW_READ)
    waiting = uc.uow.entry_review.count_pending(stores)
    return [WorkItem("New records waiting for review", waiting, "/review")] if waiting else []
