"""A booking's collection form (客户信息收集表): the server fills it on a device, or the collector
enters the paper form after the meal, and submits it to the booking desk; once the reviewed
items are on the card the desk confirms the entry, and a paper form is then due for the paper
destruction log (`link_paper_destruction` names its line there).

Every item is checked as it is entered (domain/collection.check_item): how it was obtained,
whose data it is, and whether a purpose of the catalog justifies it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from privault.db.unit_of_work import UnitOfWork
from privault.domain.bookings import Booking
from privault.domain.catalog import Catalog, serving_fields
from privault.domain.collection import (
    CollectedItem,
    CollectionForm,
    FormEntry,
    FormStatus,
    check_item,
    check_status,
    parse_item_text,
    parse_required,
    parse_review_hours,
)
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PrivaultError,
)
from privault.domain.free_text.screening import OnFound
from privault.domain.policy import Action, Actor
from privault.services.free_text.rule import on_found
from privault.services.service_day.form_values import seal_value
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

REQUIRED_KEY = "collection.required"
REVIEW_HOURS_KEY = "collection.review_hours"
MAX_ITEMS = 30


@dataclass(frozen=True)
class CollectionRules:
    required: tuple[str, ...]  # the business's required items (※)
    review_hours: int  # a submitted form waiting longer is overdue


def add_items(
    vault: Vault,
    actor: Actor,
    booking_id: str,
    items: Sequence[str],
    *,
    entry: str = FormEntry.DEVICE.value,
) -> CollectionForm:
    """`items`: KEY=VALUE:told|observed each. The booking's form is started on its first item;
    one refused item refuses them all, naming it, and changes nothing."""
    with use_case(vault, actor) as uc:
        booking = _booking(uc.uow, booking_id)
        customer = booking.draft.customer_id
        row = uc.uow.customers.get(customer) if customer else None
        uc.require(
            Action.FORM_COLLECT,
            customer_id=customer,
            store=booking.draft.store,
            customer_status=row.status if row else None,
        )
        try:
            parsed = _parsed(uc.catalog, items, uc.now.date(), on_found(uc.vault))
        except InvalidInputError as error:
            uc.refuse(Action.FORM_COLLECT, error, customer_id=customer)
        form = uc.uow.collection.of_booking(booking.id) or _start(uc, booking, entry)
        check_status(form, FormStatus.COLLECTING, "adding items")
        for item in parsed:
            sealed = seal_value(uc, form.id, form.key_owner, item.key, item.value)
            uc.uow.collection.put_item(form.id, item.key, item.source, sealed)
        reason = f"collection form {form.id} of booking {booking.id}: items added"
        uc.record(
            Action.FORM_COLLECT,
            customer_id=customer,
            fields=[i.key for i in parsed],
            reason=reason,
        )
        saved = existing_form(uc.uow, form.id)
        uc.commit()
    return saved


@dataclass(frozen=True)
class _Step:
    """One move of a form: who may make it, from which status to which, what it stamps."""

    action: Action
    before: FormStatus
    after: FormStatus
    doing: str
    stamp: str  # the column that records when
    by: str | None = None  # the column that records who


SUBMIT = _Step(
    Action.FORM_COLLECT, FormStatus.COLLECTING, FormStatus.SUBMITTED, "submitting", "submitted_at"
)
ENTER = _Step(
    Action.FORM_ENTER,
    FormStatus.REVIEWED,
    FormStatus.ENTERED,
    "confirming the entry onto the card",
    "entered_at",
    "entered_by",
)


def submit_form(vault: Vault, actor: Actor, form_id: str) -> CollectionForm:
    """To the booking desk, for review; a form without items has nothing to review."""
    return _move(vault, actor, form_id, SUBMIT)


def confirm_entry(vault: Vault, actor: Actor, form_id: str) -> CollectionForm:
    """The desk has written the reviewed items onto the card (due within 24 hours of review)."""
    return _move(vault, actor, form_id, ENTER)


def _move(vault: Vault, actor: Actor, form_id: str, step: _Step) -> CollectionForm:
    """A move from the wrong status is refused and the refusal audited."""
    with use_case(vault, actor) as uc:
        form = existing_form(uc.uow, form_id, lock=True)
        uc.require(step.action, customer_id=form.key_owner, store=form.store)
        try:
            check_status(form, step.before, step.doing)
            if not form.items:
                raise InvalidInputError("add at least one item before submitting", field="item")
        except PrivaultError as error:
            uc.refuse(step.action, error, customer_id=form.key_owner)
        stamps = {step.stamp: uc.now} | ({step.by: actor.name} if step.by else {})
        uc.uow.collection.update_form(form.id, status=step.after.value, **stamps)
        why = _why(form, step.after.value)
        uc.record(step.action, customer_id=form.key_owner, reason=why)
        saved = existing_form(uc.uow, form.id)
        uc.commit()
    return saved


def link_paper_destruction(
    vault: Vault, actor: Actor, form_id: str, destruction_id: int
) -> CollectionForm:
    """The entered paper form's line in the paper destruction log (one log, not a second)."""
    with use_case(vault, actor) as uc:
        form = existing_form(uc.uow, form_id, lock=True)
        uc.require(Action.PAPER_RECORD, store=form.store)
        check_status(form, FormStatus.ENTERED, "linking its paper destruction")
        if form.entry is not FormEntry.PAPER:
            raise ConflictError(
                "form {id} was filled on a device: no paper", params={"id": form_id}
            )
        if not any(d.id == destruction_id for d in uc.uow.paper.list()):
            raise InvalidInputError(
                "no paper destruction {id} is logged; record it first "
                "(privault paper-destruction add)",
                field="destruction",
                params={"id": destruction_id},
            )
        uc.uow.collection.update_form(form.id, paper_destruction_id=destruction_id)
        uc.record(Action.PAPER_RECORD, reason=_why(form, f"paper destroyed ({destruction_id})"))
        saved = existing_form(uc.uow, form.id)
        uc.commit()
    return saved


def collection_rules(uc: UseCase) -> CollectionRules:
    """Default: the catalog's serving fields are the required items; review twice a week."""
    stored = uc.uow.installation.get(REQUIRED_KEY)
    required = (
        tuple(json.loads(stored)) if stored else tuple(s.key for s in serving_fields(uc.catalog))
    )
    hours = uc.uow.installation.get(REVIEW_HOURS_KEY)
    return CollectionRules(required, parse_review_hours(hours or "84"))


def set_collection_rules(
    vault: Vault, actor: Actor, *, required: Sequence[str] | None, review_hours: str | None
) -> CollectionRules:
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        if required is not None:
            keys = parse_required(uc.catalog, required)
            uc.uow.installation.put(REQUIRED_KEY, json.dumps(list(keys)))
        if review_hours is not None:
            uc.uow.installation.put(REVIEW_HOURS_KEY, str(parse_review_hours(review_hours)))
        rules = collection_rules(uc)
        uc.record(Action.SHOP_SETTINGS, reason="collection form rules set")
        uc.commit()
    return rules


def existing_form(uow: UnitOfWork, form_id: str, *, lock: bool = False) -> CollectionForm:
    found = uow.collection.get(form_id.strip(), lock=lock)
    if found is None:
        raise NotFoundError("no collection form with id {id}", params={"id": form_id})
    return found


def form_customer(uow: UnitOfWork, form: CollectionForm) -> str | None:
    """The booking's customer now: a walk-in registered and linked since counts."""
    booking = uow.bookings.get(form.booking_id)
    return booking.draft.customer_id if booking else form.key_owner


def _parsed(
    catalog: Catalog, items: Sequence[str], today: date, found: OnFound
) -> list[CollectedItem]:
    if not items:
        raise InvalidInputError("give at least one item: KEY=VALUE:told", field="item")
    if len(items) > MAX_ITEMS:
        raise InvalidInputError("at most {limit} items", field="item", params={"limit": MAX_ITEMS})
    return [
        check_item(catalog, *parse_item_text(raw), today=today, on_found=found) for raw in items
    ]


def _start(uc: UseCase, booking: Booking, entry: str) -> CollectionForm:
    try:
        how = FormEntry(entry.strip().casefold())
    except ValueError:
        raise InvalidInputError("entry is device or paper", field="entry") from None
    form_id = str(uuid.uuid4())
    uc.uow.collection.add_form(
        {
            "id": form_id,
            "booking_id": booking.id,
            "store": booking.draft.store,
            "key_owner": booking.draft.customer_id,
            "collector": uc.actor.name,
            "entry": how.value,
            "status": FormStatus.COLLECTING.value,
            "created_at": uc.now,
        }
    )
    return existing_form(uc.uow, form_id)


def _booking(uow: UnitOfWork, booking_id: str) -> Booking:
    found = uow.bookings.get(booking_id.strip())
    if found is None:
        raise NotFoundError("no booking with id {id}", params={"id": booking_id})
    return found


def _why(form: CollectionForm, what: str) -> str:
    return f"collection form {form.id} of booking {form.booking_id}: {what}"
