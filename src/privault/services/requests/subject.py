"""Who a request is about, as staff may see it: still on file (with the masked name) or erased
(the tombstone's date); ids, dates and masked values only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from privault.domain.policy import Action, Actor
from privault.services.customers.records import masked_identities
from privault.services.requests.records import load
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NAME = "name"  # the one field request pages show, masked


@dataclass(frozen=True)
class SubjectState:
    customer_id: str
    is_on_file: bool
    erased_at: datetime | None  # set once a deletion (or retention) shredded the customer
    masked_name: str = ""  # empty when erased, restricted or beyond the viewer's roles


def subject_state(vault: Vault, actor: Actor, request_id: str) -> SubjectState:
    with use_case(vault, actor) as uc:
        uow = uc.uow
        row = load(uow, request_id)
        uc.require(Action.REQUEST_READ, customer_id=row.customer_id, store=row.store)
        on_file = uow.customers.get(row.customer_id) is not None
        stone = None if on_file else uow.erasure.tombstone(row.customer_id)
        name = _names(uc, [row.customer_id]).get(row.customer_id, "") if on_file else ""
        uc.commit()
        return SubjectState(row.customer_id, on_file, stone.erased_at if stone else None, name)


def masked_subjects(vault: Vault, actor: Actor, customer_ids: Iterable[str]) -> dict[str, str]:
    """The masked names of the customers a list of requests is about, so that no one needs an
    internal id to tell them apart; erased customers have none."""
    with use_case(vault, actor) as uc:
        uc.require(Action.REQUEST_READ)
        names = _names(uc, sorted(set(customer_ids)))
        uc.commit()
        return names


def _names(uc: UseCase, ids: list[str]) -> dict[str, str]:
    found = {
        cid: fields[NAME] for cid, fields in masked_identities(uc, ids).items() if NAME in fields
    }
    if found:
        uc.record(Action.REQUEST_READ, reason=f"masked names of {len(found)} request subjects")
    return found
