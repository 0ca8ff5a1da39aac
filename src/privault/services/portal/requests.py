"""Rights requests the customer opens and follows in the privacy portal. Opening goes through
the same intake as staff (the customer's regimes, the earliest due date), with the portal as the
channel; the privacy officer handles the request like any other."""

from __future__ import annotations

from privault.db.customers import CustomerRow
from privault.db.requests import SubjectRequest
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.requests import (
    RequestChannel,
    RequestStatus,
    parse_regimes,
    parse_request_type,
)
from privault.services.portal.own_record import own_customer
from privault.services.requests.intake import (
    Opening,
    check_note,
    due_dates_for,
    file_request,
    request_row,
)
from privault.services.requests.records import RequestView, shop_day, view
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

PORTAL_PROOF = "signed in to the privacy portal with a one-time code to the contact on file"
OPEN_LIMIT = 20  # open requests per customer: more is a mistake or abuse, not a need


def open_own_request(
    vault: Vault, actor: Actor, customer_id: str, type: str, note: str | None = None
) -> RequestView:
    """Received today through the portal; identity is checked by the privacy officer as for any
    request (the sign-in code already went to the phone or email on file)."""
    request_type = parse_request_type(type)
    cleaned = check_note(note)
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.REQUEST_OPEN)
        _check_open_limit(uc, row)
        today = shop_day(uc)
        deadlines = due_dates_for(uc.uow, today, parse_regimes(row.regimes), request_type)
        opened = Opening(actor.name, uc.now, row.id, row.store)
        new = request_row(opened, request_type, RequestChannel.PORTAL, deadlines, cleaned)
        new = _verified_by_sign_in(uc, new)
        file_request(uc, new)
        uc.commit()
        return view(new, today)


def _check_open_limit(uc: UseCase, row: CustomerRow) -> None:
    if len(uc.uow.requests.list(customer_id=row.id, open_only=True)) >= OPEN_LIMIT:
        raise InvalidInputError(
            "you have {limit} open requests; wait for an answer first",
            field="type",
            params={"limit": OPEN_LIMIT},
        )


def _verified_by_sign_in(uc: UseCase, new: SubjectRequest) -> SubjectRequest:
    """The portal session was opened with a one-time code sent to the phone or email on file:
    the same proof staff ask for, so the request starts verified."""
    return new._replace(
        status=RequestStatus.IDENTITY_VERIFIED.value,
        verified_at=uc.now,
        verified_by=uc.actor.name,
        verification="code",
        verification_note=PORTAL_PROOF,
    )


def own_requests(vault: Vault, actor: Actor, customer_id: str) -> list[RequestView]:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.REQUEST_READ)
        rows = uc.uow.requests.list(customer_id=row.id)
        today = shop_day(uc)
        reason = f"own requests listed ({len(rows)})"
        uc.record(Action.REQUEST_READ, customer_id=row.id, reason=reason)
        uc.commit()
        return [view(r, today) for r in rows]
