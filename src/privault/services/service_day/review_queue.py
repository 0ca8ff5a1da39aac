"""What awaits review, entry onto the card or paper destruction, and for how long; and the
scheduled check that raises an alert for a review overdue by the business's rule (default
twice a week) and for reviewed items not entered onto the card within 24 hours, and discards a
form never submitted within three days of being started (its values were never reviewed, so
nothing may keep them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from privault.domain.alerts import card_entry_late, form_review_overdue
from privault.domain.collection import (
    CollectionForm,
    FormEntry,
    FormStatus,
    entry_late,
    review_overdue,
)
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import shop_time
from privault.services.customers.records import masked_identities
from privault.services.service_day.collection import collection_rules, form_customer
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

WAITING = (FormStatus.SUBMITTED, FormStatus.REVIEWED, FormStatus.ENTERED)
ABANDONED_AFTER = timedelta(hours=72)


@dataclass(frozen=True)
class QueueEntry:
    """One form waiting; a registered customer by masked identity only, never contact data."""

    form: CollectionForm
    customer_id: str | None
    waiting_since: datetime
    hours_waiting: float
    is_overdue: bool  # review past the business's rule, or entry past 24 hours
    identity: dict[str, str] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        """review, entry, or paper (an entered paper form not yet in the destruction log)."""
        return {FormStatus.SUBMITTED: "review", FormStatus.REVIEWED: "entry"}.get(
            self.form.status, "paper"
        )


@dataclass(frozen=True)
class ReviewQueue:
    entries: tuple[QueueEntry, ...]
    review_hours: int
    zone: str  # the shop's time zone, for showing the times


def list_pending_forms(vault: Vault, actor: Actor, store: str | None = None) -> ReviewQueue:
    """Forms awaiting review or entry, and paper forms awaiting destruction, oldest first."""
    with use_case(vault, actor) as uc:
        uc.require(Action.FORM_READ, store=store)
        rules = collection_rules(uc)
        forms = [f for f in uc.uow.collection.with_status(WAITING) if _waiting(f)]
        if store or actor.stores:
            wanted = {store} if store else actor.stores
            forms = [f for f in forms if f.store in wanted]
        owners = {f.id: form_customer(uc.uow, f) for f in forms}
        ids = sorted({c for c in owners.values() if c})
        identities = masked_identities(uc, ids)
        reason = f"collection forms awaiting review or entry ({len(forms)})"
        uc.record_all(
            [Entry(Action.FORM_READ, reason=reason)]
            + [Entry(Action.FORM_READ, c, identities.get(c, {}), reason=reason) for c in ids]
        )
        zone = uc.vault.opening_hours(uc.uow).zone
        now = uc.now
        uc.commit()
    entries = tuple(_entry(f, owners[f.id], identities, now, rules.review_hours) for f in forms)
    return ReviewQueue(entries, rules.review_hours, zone)


def check_collection_deadlines(vault: Vault, actor: Actor) -> dict[str, int]:
    """One alert per form: its review overdue, or its entry onto the card late."""
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        hours = collection_rules(uc).review_hours
        zone = uc.vault.opening_hours(uc.uow).zone
        forms = uc.uow.collection.with_status((FormStatus.SUBMITTED, FormStatus.REVIEWED))
        overdue = [
            form_review_overdue(f.id, f.store, shop_time(f.submitted_at, zone), hours)
            for f in forms
            if f.submitted_at
            and f.status is FormStatus.SUBMITTED
            and review_overdue(f.submitted_at, uc.now, hours)
        ]
        late = [
            card_entry_late(f.id, f.store, shop_time(f.reviewed_at, zone))
            for f in forms
            if f.reviewed_at and entry_late(f.reviewed_at, uc.now)
        ]
        raised = sum(uc.alert(alert) for alert in [*overdue, *late])
        discarded = _discard_abandoned(uc)
        uc.commit()
    counts = {"reviews_overdue": len(overdue), "entries_late": len(late), "alerts_raised": raised}
    return counts | {"forms_discarded": discarded}


def _discard_abandoned(uc: UseCase) -> int:
    forms = uc.uow.collection.with_status((FormStatus.COLLECTING,))
    stale = [f for f in forms if uc.now - f.created_at >= ABANDONED_AFTER]
    for form in stale:
        uc.uow.collection.discard(form.id)
    reason = "collection form {id} discarded: not submitted within 72 hours of being started"
    uc.record_all(
        [Entry(Action.HOUSEKEEPING, f.key_owner, reason=reason.format(id=f.id)) for f in stale]
    )
    return len(stale)


def _waiting(form: CollectionForm) -> bool:
    if form.status is FormStatus.ENTERED:
        return form.entry is FormEntry.PAPER and form.paper_destruction_id is None
    return True


def _entry(
    form: CollectionForm,
    customer: str | None,
    identities: dict[str, dict[str, str]],
    now: datetime,
    review_hours: int,
) -> QueueEntry:
    since = form.reviewed_at if form.status is FormStatus.REVIEWED else form.submitted_at
    since = since or form.created_at
    if form.status is FormStatus.ENTERED:
        since = form.entered_at or since
    overdue = (
        review_overdue(since, now, review_hours)
        if form.status is FormStatus.SUBMITTED
        else form.status is FormStatus.REVIEWED and entry_late(since, now)
    )
    hours = round((now - since).total_seconds() / 3600, 1)
    return QueueEntry(form, customer, since, hours, overdue, identities.get(customer or "", {}))
