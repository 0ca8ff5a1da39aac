"""Opening a request someone asks for on the customer's behalf (a close relative, an authorised
agent): the customer's regimes and clocks as for any request, and who asks, with the proof seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privault.db.customers import CustomerRow
from privault.db.requests import SubjectRequest
from privault.domain.policy import Action
from privault.domain.requesters import Requester
from privault.domain.requests import (
    RequestChannel,
    RequestType,
    check_received_on,
    parse_regimes,
)
from privault.services.customers.records import existing_customer
from privault.services.requests.intake import Opening, due_dates_for, file_request, request_row
from privault.services.requests.records import shop_day
from privault.services.use_case import UseCase


@dataclass(frozen=True)
class OnBehalf:
    requester: Requester
    note: str  # the relation or permission, and the proof seen; no document numbers


def customer_for_request(uc: UseCase, customer_id: str) -> CustomerRow:
    customer = existing_customer(uc.uow, customer_id.strip())
    uc.require(Action.REQUEST_OPEN, customer_id=customer.id, store=customer.store)
    return customer


def file_on_behalf(
    uc: UseCase,
    customer: CustomerRow,
    kind: tuple[RequestType, RequestChannel],
    by: OnBehalf,
    *,
    received_on: date | None,
    note: str | None,
) -> SubjectRequest:
    """In the caller's transaction, after `customer_for_request`; `note` is a cleaned one."""
    today = shop_day(uc)
    received = check_received_on(received_on or today, today)
    deadlines = due_dates_for(uc.uow, received, parse_regimes(customer.regimes), kind[0])
    opened = Opening(uc.actor.name, uc.now, customer.id, customer.store)
    row = request_row(opened, kind[0], kind[1], deadlines, note)._replace(
        requester=by.requester.value, requester_note=by.note
    )
    file_request(uc, row)
    return row
