"""The one gate every photo use case passes: role, the customer's store and status, training;
or, for serving staff, an open booking of theirs today with the customer."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.domain.photos import photo_field
from privault.domain.policy import Action
from privault.services.service_day.today import serving_booking
from privault.services.use_case import UseCase

# The technician of an appointment sees and takes its before/after photos; publishing one
# stays with the roles that hold it.
BY_BOOKING = frozenset({Action.PHOTO_VIEW, Action.PHOTO_ADD})


def require_photo_access(
    uc: UseCase, action: Action, customer: CustomerRow, photo_ids: list[str] | None = None
) -> None:
    """A role holding the action reaches the customers of its stores; serving staff without it
    reach the photos of a customer only while serving them (their open booking of today)."""
    fields = [photo_field(p) for p in photo_ids or ()]
    booking = (
        None if uc.holds(action) or action not in BY_BOOKING else serving_booking(uc, customer.id)
    )
    uc.require(
        action if booking is None else Action.SERVICE_TODAY,
        customer_id=customer.id,
        store=customer.store if booking is None else booking.draft.store,
        customer_status=customer.status,
        fields=fields,
    )
