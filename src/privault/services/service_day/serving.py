"""The serving fields of a booking's customer, opened inside the caller's use case after its
policy check (today's list, the information card, the service sheet); the caller records the
access as the service of that booking."""

from __future__ import annotations

from privault.domain.catalog import serving_fields
from privault.domain.serving import ServingView, serving_view
from privault.services.customers.sealing import open_fields
from privault.services.use_case import UseCase


def open_serving(uc: UseCase, customer_id: str) -> ServingView:
    """An erased customer opens nothing; a restricted one is the caller's to refuse first."""
    keys = [spec.key for spec in serving_fields(uc.catalog)]
    opened = open_fields(uc.vault, uc.uow, [customer_id], only=keys).get(customer_id, {})
    active = frozenset(uc.uow.consents.active_for(customer_id))
    return serving_view(uc.catalog, opened, active)
