"""The serving fields of a booking's customer, opened inside the caller's use case after its
policy check (today's list, the information card, the service sheet); the caller records the
access as the service of that booking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.domain.catalog import general_identity, serving_fields
from privault.domain.masking import mask
from privault.domain.policy import RESTRICTED
from privault.domain.serving import ServingView, serving_view
from privault.services.customers.sealing import open_fields, open_sealed
from privault.services.use_case import UseCase


@dataclass(frozen=True)
class Guest:
    """A booking's customer as their serving staff see them: masked, with the serving fields."""

    identity: dict[str, str]
    serving: ServingView


def open_serving(uc: UseCase, customer_id: str) -> ServingView:
    """An erased customer opens nothing; a restricted one is the caller's to refuse first."""
    keys = [spec.key for spec in serving_fields(uc.catalog)]
    opened = open_fields(uc.vault, uc.uow, [customer_id], only=keys).get(customer_id, {})
    active = frozenset(uc.uow.consents.active_for(customer_id))
    return serving_view(uc.catalog, opened, active)


def open_guests(uc: UseCase, ids: list[str]) -> dict[str, Guest]:
    """A whole list's guests in one read: rows and sealed records in one query, each record
    opened once, the consents of all of them in one more. A restricted or erased customer is
    left out: they open nothing."""
    identity = general_identity(uc.catalog)
    wanted = identity | {spec.key for spec in serving_fields(uc.catalog)}
    found = uc.uow.customers.get_sealed(ids)
    sealed = {cid: fields for cid, (row, fields) in found.items() if row.status != RESTRICTED}
    opened = open_sealed(uc.vault, uc.uow, sealed, wanted)
    consents = uc.uow.consents.active(list(opened))
    return {
        cid: Guest(
            _masked(uc, {k: v for k, v in values.items() if k in identity}),
            _for_actor(uc, serving_view(uc.catalog, values, frozenset(consents.get(cid, ())))),
        )
        for cid, values in opened.items()
    }


def _for_actor(uc: UseCase, view: ServingView) -> ServingView:
    """Clear values need privacy training on record, as a reveal does (PIPL Art. 51)."""
    return view.withheld() if uc.actor.training_gap else view


def _masked(uc: UseCase, values: Mapping[str, str]) -> dict[str, str]:
    fields = uc.catalog.fields
    return {k: mask(fields[k].mask, v, uc.vault.masking) for k, v in sorted(values.items()) if v}
