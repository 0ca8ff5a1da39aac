"""Verifying a requester's identity: a one-time code to the phone or email on file, or in person."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from privault.db.requests import SubjectRequest
from privault.domain.catalog import Catalog, ValueKind
from privault.domain.errors import ConfigurationError, ConflictError, InvalidInputError
from privault.domain.masking import mask
from privault.domain.policy import Action, Actor
from privault.domain.requesters import Requester
from privault.domain.requests import RequestStatus, RequestType, check_transition
from privault.domain.verification import (
    SEND_WINDOW,
    CodeChannel,
    CodeState,
    Method,
    attempts_left,
    check_can_send,
    check_in_person_note,
    check_usable,
    code_message,
    expiry,
    generate_code,
    parse_channel,
    parse_code,
    parse_method,
)
from privault.services.customers.records import existing_customer
from privault.services.customers.sealing import open_fields
from privault.services.requests.records import (
    RequestView,
    check_open,
    load,
    record_step,
    refuse_step,
    shop_day,
    view,
)
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

VERIFY = Action.REQUEST_VERIFY.value
_KINDS = {CodeChannel.SMS: ValueKind.MOBILE, CodeChannel.EMAIL: ValueKind.EMAIL}
# The blind-index key family gives each job its own HMAC key; this one hashes codes.
_CODE_KEY = "one-time-code"


@dataclass(frozen=True)
class SentCode:
    request_id: str
    via: CodeChannel
    to: str  # masked: the customer can tell which phone or mailbox, staff learn nothing new
    expires_at: datetime


def send_code(vault: Vault, actor: Actor, request_id: str, via: CodeChannel | str) -> SentCode:
    """At most five codes an hour per customer; a new code retires the request's older ones."""
    channel = parse_channel(via)
    with use_case(vault, actor) as uc:
        row = verifiable(uc, request_id)
        _check_sendable(row)
        _check_rate(uc, row)
        _check_gateway(vault, channel)
        key = _contact_field(uc.catalog, channel)
        address = _address(uc, row, key)
        code = generate_code()
        code_hash = _hash(vault, row.id, code)
        uc.uow.codes.add(row.customer_id, row.id, channel.value, code_hash, uc.now, expiry(uc.now))
        _deliver(vault, channel, address, vault.sender_name(uc.uow), code)
        record_step(uc, VERIFY, row, f"code sent by {channel.value}", fields=(key,))
        uc.commit()
        masked = mask(uc.catalog.fields[key].mask, address, vault.masking)
    return SentCode(row.id, channel, masked, expiry(uc.now))


def _check_sendable(row: SubjectRequest) -> None:
    """A code to the deceased's phone proves nothing about the relative who asks."""
    if row.requester == Requester.CLOSE_RELATIVE.value:
        raise InvalidInputError(
            "a close relative's request is verified in person, with the proof of the death "
            "and of the relation",
            field="via",
        )


def _check_rate(uc: UseCase, row: SubjectRequest) -> None:
    try:
        check_can_send(uc.uow.codes.sent_since(row.customer_id, uc.now - SEND_WINDOW), uc.now)
    except ConflictError as error:
        refuse_step(uc, VERIFY, row, error)


def _address(uc: UseCase, row: SubjectRequest, key: str) -> str:
    """The phone number or mailbox on file the code goes to."""
    found = open_fields(uc.vault, uc.uow, [row.customer_id], only=[key]).get(row.customer_id, {})
    if key not in found:
        raise InvalidInputError(
            "the customer has no {field} on file; send the code another way or verify in person",
            field="via",
            params={"field": key},
        )
    return found[key]


def verify_request(
    vault: Vault,
    actor: Actor,
    request_id: str,
    method: Method | str = Method.CODE,
    *,
    code: str | None = None,
    note: str | None = None,
) -> RequestView:
    """A wrong, expired, used or dead code is refused and the refusal audited; success moves
    the request to identity_verified."""
    chosen = parse_method(method)
    typed = parse_code(code) if chosen is Method.CODE else None
    cleaned = check_in_person_note(note) if chosen is Method.IN_PERSON else None
    with use_case(vault, actor) as uc:
        row = verifiable(uc, request_id)
        if typed is not None:
            _check_code(uc, row, typed)
        verified = row._replace(
            status=RequestStatus.IDENTITY_VERIFIED.value,
            verified_at=uc.now,
            verified_by=actor.name,
            verification=chosen.value,
            verification_note=cleaned,
        )
        _store_verification(uc, verified, chosen)
        record_step(uc, VERIFY, row, f"identity verified {'in person' if cleaned else 'by code'}")
        uc.commit()
        return view(verified, shop_day(uc))


def _store_verification(uc: UseCase, verified: SubjectRequest, method: Method) -> None:
    uc.uow.requests.verify(
        verified.id,
        status=verified.status,
        at=uc.now,
        by=uc.actor.name,
        method=method.value,
        note=verified.verification_note,
    )


def verifiable(uc: UseCase, request_id: str) -> SubjectRequest:
    """A request the actor may verify, still waiting for its verification."""
    row = load(uc.uow, request_id)
    customer = existing_customer(uc.uow, row.customer_id)
    uc.require(Action.REQUEST_VERIFY, customer_id=row.customer_id, store=customer.store)
    check_open(row)
    if row.status != RequestStatus.RECEIVED.value:
        raise ConflictError(
            "request {id} is {status} already", params={"id": row.id, "status": row.status}
        )
    check_transition(
        RequestStatus(row.status), RequestStatus.IDENTITY_VERIFIED, RequestType(row.type)
    )
    return row


def _check_code(uc: UseCase, row: SubjectRequest, typed: str) -> None:
    sent = uc.uow.codes.latest(row.id)
    if sent is None:
        error = ConflictError(
            "no code was sent for this request: privault requests send-code {id}",
            params={"id": row.id},
        )
        refuse_step(uc, VERIFY, row, error)
    state = CodeState(sent.sent_at, sent.expires_at, sent.attempts, sent.used_at)
    try:
        check_usable(state, uc.now)
    except ConflictError as error:
        refuse_step(uc, VERIFY, row, error)
    if not hmac.compare_digest(sent.code_hash, _hash(uc.vault, row.id, typed)):
        _refuse_wrong_code(uc, row, sent.id, attempts_left(state) - 1)
    if not uc.uow.codes.use(sent.id, uc.now):
        refuse_step(uc, VERIFY, row, ConflictError("this code was used already"))


def _refuse_wrong_code(uc: UseCase, row: SubjectRequest, code_id: int, left: int) -> NoReturn:
    # The wrong attempt must count even though the step fails: it is kept with the refusal.
    uc.uow.codes.count_wrong_attempt(code_id)
    if left:
        message = f"wrong code; {left} attempts left"
        error = InvalidInputError(
            "wrong code; {left} attempts left", field="code", params={"left": left}
        )
    else:
        message = "wrong code; the code is dead"
        error = InvalidInputError(
            "wrong code; the code is dead: privault requests send-code {id}",
            field="code",
            params={"id": row.id},
        )
    refuse_step(uc, VERIFY, row, error, step=message, keep=True)


def _contact_field(catalog: Catalog, channel: CodeChannel) -> str:
    kind = _KINDS[channel]
    keys = [key for key, spec in catalog.fields.items() if spec.kind is kind]
    if not keys:
        raise InvalidInputError(
            "this installation's catalog has no {kind} field; verify in person",
            field="via",
            params={"kind": kind.value},
        )
    return min(keys, key=lambda k: (k != kind.value, k))


def _check_gateway(vault: Vault, channel: CodeChannel) -> None:
    """Before the address on file is read: no reason to open it if nothing can be sent."""
    if channel is CodeChannel.SMS and vault.sms is None:
        raise ConfigurationError("no SMS gateway is configured (PRIVAULT_SMS_OUTBOX)")
    if channel is CodeChannel.EMAIL and vault.mailer is None:
        raise ConfigurationError(
            "email codes need a mail server: set PRIVAULT_SMTP_HOST (and PRIVAULT_SMTP_FROM)"
        )


def _deliver(vault: Vault, channel: CodeChannel, to: str, shop: str, code: str) -> None:
    subject, text = code_message(shop, code)
    if channel is CodeChannel.SMS and vault.sms is not None:
        vault.sms.send(to, text)
    elif channel is CodeChannel.EMAIL and vault.mailer is not None:
        vault.mailer.send(to, subject, text)


def _hash(vault: Vault, request_id: str, code: str) -> bytes:
    return vault.indexer.digest(_CODE_KEY, f"{request_id}:{code}")
