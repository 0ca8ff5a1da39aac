"""Taking a privacy question or complaint in: staff at the desk or on the phone, for a customer
chosen from the profile; the customer in the portal. Each gets its answer's due date."""

from __future__ import annotations

import uuid

from privault.db.complaints import ComplaintRow
from privault.domain.complaints import (
    ComplaintChannel,
    ComplaintInput,
    ComplaintStatus,
    due_on,
    parse_channel,
    parse_kind,
    parse_language,
    parse_text,
)
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.complaints.records import ComplaintView, answer_days, view
from privault.services.complaints.sealing import TEXT, seal
from privault.services.customers.language import languages_of
from privault.services.customers.records import existing_customer
from privault.services.portal.own_record import own_customer
from privault.services.requests.records import shop_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

STAFF_CHANNELS = (ComplaintChannel.PHONE, ComplaintChannel.DESK)


def parse_input(kind: str, channel: str, text: str | None, language: str | None) -> ComplaintInput:
    return ComplaintInput(
        parse_kind(kind), parse_channel(channel), parse_text(text, "text"), parse_language(language)
    )


def record_complaint(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    kind: str,
    channel: str,
    text: str | None,
    language: str | None = None,
) -> ComplaintView:
    """Staff take it down at the desk or on the phone; the portal is the customer's own."""
    taken = parse_input(kind, channel, text, language)
    if taken.channel not in STAFF_CHANNELS:
        raise InvalidInputError(
            "staff record a complaint taken by phone or at the desk", field="channel"
        )
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(
            Action.COMPLAINT_RECORD,
            customer_id=row.id,
            store=row.store,
            customer_status=row.status,
        )
        return _take_in(uc, row.id, taken)


def submit_own_complaint(
    vault: Vault, actor: Actor, customer_id: str, kind: str, text: str | None, language: str | None
) -> ComplaintView:
    """The signed-in customer's own question or complaint, through the portal."""
    taken = parse_input(kind, ComplaintChannel.PORTAL.value, text, language)
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.COMPLAINT_RECORD)
        return _take_in(uc, row.id, taken)


def _take_in(uc: UseCase, customer_id: str, taken: ComplaintInput) -> ComplaintView:
    """Answered in the language named at intake, else the customer's own (or the shop's)."""
    complaint_id = str(uuid.uuid4())
    language = taken.language or languages_of(uc, [customer_id])[customer_id]
    today = shop_day(uc)
    row = ComplaintRow(
        id=complaint_id,
        customer_id=customer_id,
        kind=taken.kind,
        channel=taken.channel,
        language=language,
        text_sealed=seal(uc, customer_id, complaint_id, TEXT, taken.text),
        received_at=uc.now,
        received_by=uc.actor.name,
        due_on=due_on(today, answer_days(uc)),
        status=ComplaintStatus.OPEN,
    )
    uc.uow.complaints.add(row)
    uc.record(
        Action.COMPLAINT_RECORD,
        customer_id=customer_id,
        reason=f"{taken.kind.value} {complaint_id} by {taken.channel.value}, due {row.due_on}",
    )
    uc.commit()
    return view(row, today)
