"""The one gate every photo use case passes: role, the customer's store and status, training."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.domain.photos import photo_field
from privault.domain.policy import Action
from privault.services.use_case import UseCase


def require_photo_access(
    uc: UseCase, action: Action, customer: CustomerRow, photo_ids: list[str] | None = None
) -> None:
    """Serving staff reach every customer of their stores for now; the work on today's list
    narrows them to the customers of their own appointments here, in one place."""
    uc.require(
        action,
        customer_id=customer.id,
        store=customer.store,
        customer_status=customer.status,
        fields=[photo_field(p) for p in photo_ids or ()],
    )
