"""Rights requests the customer opens and follows in the privacy portal. Opening goes through
the same intake as staff (the customer's regimes, the earliest due date), with the portal as the
channel; the privacy officer handles the request like any other."""

from __future__ import annotations

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.requests import (
    RequestChannel,
    RequestStatus,
    parse_regimes,
    parse_request_type,
)
from privault.services import auditing
from privault.services.portal import own_customer
from privault.services.request_intake import add_request, check_note, due_dates_for, new_request_row
from privault.services.request_records import RequestView, shop_today, view
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
    with vault.unit_of_work() as uow:
        row = own_customer(vault, uow, actor, customer_id, Action.REQUEST_OPEN)
        if len(uow.requests.list(customer_id=row.id, open_only=True)) >= OPEN_LIMIT:
            raise InvalidInputError(
                "you have {limit} open requests; wait for an answer first",
                field="type",
                params={"limit": OPEN_LIMIT},
            )
        today = shop_today(vault, uow)
        deadlines = due_dates_for(uow, today, parse_regimes(row.regimes), request_type)
        new = new_request_row(
            vault, actor, row.id, row.store, request_type, RequestChannel.PORTAL, deadlines, cleaned
        )
        # The portal session was opened with a one-time code sent to the phone or email on
        # file: the same proof staff ask for, so the request starts verified.
        new = new._replace(
            status=RequestStatus.IDENTITY_VERIFIED.value,
            verified_at=vault.clock(),
            verified_by=actor.name,
            verification="code",
            verification_note=PORTAL_PROOF,
        )
        add_request(vault, uow, actor, new)
        uow.commit()
        return view(new, today)


def own_requests(vault: Vault, actor: Actor, customer_id: str) -> list[RequestView]:
    with vault.unit_of_work() as uow:
        row = own_customer(vault, uow, actor, customer_id, Action.REQUEST_READ)
        rows = uow.requests.list(customer_id=row.id)
        today = shop_today(vault, uow)
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.REQUEST_READ,
                    customer_id=row.id,
                    reason=f"own requests listed ({len(rows)})",
                )
            ]
        )
        uow.commit()
        return [view(r, today) for r in rows]
