"""Whether a request's customer is still on file or was erased: ids and dates, no values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.domain.policy import Action, Actor
from privault.services.requests.records import load
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class SubjectState:
    customer_id: str
    is_on_file: bool
    erased_at: datetime | None  # set once a deletion (or retention) shredded the customer


def subject_state(vault: Vault, actor: Actor, request_id: str) -> SubjectState:
    with use_case(vault, actor) as uc:
        uow = uc.uow
        row = load(uow, request_id)
        uc.require(Action.REQUEST_READ, customer_id=row.customer_id, store=row.store)
        on_file = uow.customers.get(row.customer_id) is not None
        stone = None if on_file else uow.erasure.tombstone(row.customer_id)
        return SubjectState(row.customer_id, on_file, stone.erased_at if stone else None)
