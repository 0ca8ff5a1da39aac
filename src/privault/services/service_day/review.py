"""The review of a collection form (评审): the marketing manager, with the server or section head
named on the review, accepts, corrects or rejects each item.

Accepted items enter the customer's record through the registration rules (the update path of
customers/changes: a purpose that justifies the field, the customer's consent, separate consent
for dietary and other health data); one item without its basis refuses the whole review, naming
it, and the form stays under review. A rejected item's value is deleted and the rejection
audited. A walk-in must be registered (and linked to the booking) before anything is accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from privault.db.customers import CustomerRow
from privault.domain.collection import (
    CollectionForm,
    Decision,
    FormStatus,
    ItemStatus,
    check_status,
    parse_decision,
)
from privault.domain.errors import ConflictError, InvalidInputError, PrivaultError
from privault.domain.policy import Action, Actor
from privault.domain.transactions import short_text
from privault.services.customers.changes import apply_changes
from privault.services.customers.records import masked_identities
from privault.services.service_day.collection import (
    collection_rules,
    existing_form,
    form_customer,
)
from privault.services.service_day.form_values import open_values
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

WALK_IN = (
    "booking {booking} is a walk-in's: register the customer first, with their consent "
    "(privault customers add), and link them to the booking (privault bookings link), then "
    "accept items"
)


@dataclass(frozen=True)
class FormUnderReview:
    """What the reviewer sees: the items' values and a masked identity, never contact data."""

    form: CollectionForm
    values: dict[str, str]
    customer_id: str | None
    identity: dict[str, str] = field(default_factory=dict)
    missing_required: tuple[str, ...] = ()  # the business's ※ items the form lacks


@dataclass(frozen=True)
class ReviewDecision:
    decision: Decision
    value: str | None = None  # a correction's value


def open_for_review(vault: Vault, actor: Actor, form_id: str) -> FormUnderReview:
    with use_case(vault, actor) as uc:
        form = existing_form(uc.uow, form_id)
        customer = _customer_of(uc, form)
        uc.require(Action.FORM_REVIEW, customer_id=customer, store=form.store)
        values = open_values(uc, form.id, form.key_owner)
        identity = masked_identities(uc, [customer]).get(customer, {}) if customer else {}
        held = {item.key for item in form.items}
        missing = tuple(k for k in collection_rules(uc).required if k not in held)
        reason = f"collection form {form.id} opened for review"
        uc.record(Action.FORM_READ, customer_id=customer, fields=sorted(values), reason=reason)
        uc.commit()
    return FormUnderReview(form, values, customer, identity, missing)


def parse_decisions(
    decisions: Mapping[str, str], corrections: Mapping[str, str]
) -> dict[str, ReviewDecision]:
    """KEY=accept|reject, and KEY=VALUE for a correction (which accepts the corrected value)."""
    parsed = {key: ReviewDecision(parse_decision(key, raw)) for key, raw in decisions.items()}
    for key, value in corrections.items():
        if not value.strip():
            raise InvalidInputError(
                "{item}: give the corrected value", field=key, params={"item": key}
            )
        parsed[key] = ReviewDecision(Decision.CORRECT, value)
    if not parsed:
        raise InvalidInputError("decide at least one item", field="decision")
    return parsed


def review_form(
    vault: Vault,
    actor: Actor,
    form_id: str,
    decisions: Mapping[str, ReviewDecision],
    review_with: str,
) -> CollectionForm:
    with use_case(vault, actor) as uc:
        form = existing_form(uc.uow, form_id, lock=True)
        customer = _customer_of(uc, form)
        row = uc.uow.customers.get(customer) if customer else None
        uc.require(
            Action.FORM_REVIEW,
            customer_id=customer,
            store=form.store,
            customer_status=row.status if row else None,
        )
        try:
            colleague = _checked(form, decisions, review_with)
            _apply(uc, form, row, decisions)
        except PrivaultError as error:
            uc.refuse(Action.FORM_REVIEW, error, customer_id=customer)
        _close_review(uc, form, colleague)
        reviewed = existing_form(uc.uow, form.id)
        uc.commit()
    return reviewed


def _checked(form: CollectionForm, decisions: Mapping[str, ReviewDecision], with_: str) -> str:
    check_status(form, FormStatus.SUBMITTED, "a review")
    colleague = short_text(with_, "review_with", 64)
    if colleague is None:
        raise InvalidInputError(
            "name the server or section head who reviews with you", field="review_with"
        )
    pending = {item.key for item in form.pending}
    for key in decisions:
        if key not in pending:
            raise InvalidInputError(
                "{item} is not an item awaiting review on this form (awaiting: {pending})",
                field=key,
                params={"item": key, "pending": ", ".join(sorted(pending)) or "none"},
            )
    return colleague


def _apply(
    uc: UseCase,
    form: CollectionForm,
    row: CustomerRow | None,
    decisions: Mapping[str, ReviewDecision],
) -> None:
    values = open_values(uc, form.id, form.key_owner)
    taken = {
        key: d.value if d.decision is Decision.CORRECT and d.value else values.get(key, "")
        for key, d in decisions.items()
        if d.decision is not Decision.REJECT
    }
    if taken and row is None:
        booking = form.booking_id
        raise ConflictError(WALK_IN, params={"booking": booking})
    if taken and row is not None:
        apply_changes(uc, row, taken, reason=f"accepted on collection form {form.id}")
    for key, d in decisions.items():
        status = _STATUS[d.decision]
        uc.uow.collection.decide(form.id, key, status, uc.now, uc.actor.name)
    rejected = sorted(k for k, d in decisions.items() if d.decision is Decision.REJECT)
    if rejected:
        reason = f"collection form {form.id}: rejected and discarded"
        uc.record(
            Action.FORM_REVIEW, customer_id=row.id if row else None, fields=rejected, reason=reason
        )


_STATUS = {
    Decision.ACCEPT: ItemStatus.ACCEPTED,
    Decision.CORRECT: ItemStatus.CORRECTED,
    Decision.REJECT: ItemStatus.REJECTED,
}


def _close_review(uc: UseCase, form: CollectionForm, colleague: str) -> None:
    """The form is reviewed once no item awaits a decision; until then it stays submitted."""
    after = existing_form(uc.uow, form.id)
    done = not after.pending
    if done:
        uc.uow.collection.update_form(
            form.id,
            status=FormStatus.REVIEWED.value,
            reviewed_at=uc.now,
            reviewed_by=uc.actor.name,
            review_with=colleague,
        )
    state = "reviewed" if done else "partly reviewed"
    reason = f"collection form {form.id} {state} with {colleague}"
    uc.record(Action.FORM_REVIEW, customer_id=_customer_of(uc, form), reason=reason)


def _customer_of(uc: UseCase, form: CollectionForm) -> str | None:
    return form_customer(uc.uow, form)
