"""Verifying a requester's identity: a one-time code to the phone or email on file, or in person."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from privault.db.requests import SubjectRequest
from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import Outcome
from privault.domain.catalog import Catalog, ValueKind
from privault.domain.errors import ConfigurationError, ConflictError, InvalidInputError
from privault.domain.masking import mask
from privault.domain.policy import Action, Actor
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
from privault.services import auditing
from privault.services.customers import existing_customer
from privault.services.request_records import (
    RequestView,
    check_open,
    load,
    refuse_step,
    shop_today,
    step_event,
    view,
)
from privault.services.sealing import open_fields
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
    with vault.unit_of_work() as uow:
        row = _verifiable(vault, uow, actor, request_id)
        now = vault.clock()
        try:
            check_can_send(uow.codes.sent_since(row.customer_id, now - SEND_WINDOW), now)
        except ConflictError as error:
            refuse_step(vault, uow, actor, VERIFY, row, error)
        _check_gateway(vault, channel)
        catalog = vault.catalog(uow)
        key = _contact_field(catalog, channel)
        address = open_fields(vault, uow, [row.customer_id], only=[key]).get(row.customer_id, {})
        if key not in address:
            raise InvalidInputError(
                "the customer has no {field} on file; send the code another way or verify in "
                "person",
                field="via",
                params={"field": key},
            )
        code = generate_code()
        uow.codes.add(
            row.customer_id, row.id, channel.value, _hash(vault, row.id, code), now, expiry(now)
        )
        _deliver(vault, channel, address[key], vault.settings.shop_name or row.store, code)
        step = f"code sent by {channel.value}"
        uow.audit.append([step_event(vault, actor, VERIFY, row, step, fields=(key,))])
        uow.commit()
    masked = mask(catalog.fields[key].mask, address[key], vault.masking)
    return SentCode(row.id, channel, masked, expiry(now))


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
    with vault.unit_of_work() as uow:
        row = _verifiable(vault, uow, actor, request_id)
        if typed is not None:
            _check_code(vault, uow, actor, row, typed)
        now = vault.clock()
        uow.requests.verify(
            row.id,
            status=RequestStatus.IDENTITY_VERIFIED.value,
            at=now,
            by=actor.name,
            method=chosen.value,
            note=cleaned,
        )
        step = f"identity verified {'in person' if cleaned else 'by code'}"
        uow.audit.append([step_event(vault, actor, VERIFY, row, step)])
        uow.commit()
        verified = row._replace(
            status=RequestStatus.IDENTITY_VERIFIED.value,
            verified_at=now,
            verified_by=actor.name,
            verification=chosen.value,
            verification_note=cleaned,
        )
        return view(verified, shop_today(vault, uow))


def _verifiable(vault: Vault, uow: UnitOfWork, actor: Actor, request_id: str) -> SubjectRequest:
    row = load(uow, request_id)
    customer = existing_customer(uow, row.customer_id)
    auditing.require(
        vault, uow, actor, Action.REQUEST_VERIFY, customer_id=row.customer_id, store=customer.store
    )
    check_open(row)
    if row.status != RequestStatus.RECEIVED.value:
        raise ConflictError(
            "request {id} is {status} already", params={"id": row.id, "status": row.status}
        )
    check_transition(
        RequestStatus(row.status), RequestStatus.IDENTITY_VERIFIED, RequestType(row.type)
    )
    return row


def _check_code(
    vault: Vault, uow: UnitOfWork, actor: Actor, row: SubjectRequest, typed: str
) -> None:
    sent = uow.codes.latest(row.id)
    if sent is None:
        error = ConflictError(
            "no code was sent for this request: privault requests send-code {id}",
            params={"id": row.id},
        )
        refuse_step(vault, uow, actor, VERIFY, row, error)
    state = CodeState(sent.sent_at, sent.expires_at, sent.attempts, sent.used_at)
    try:
        check_usable(state, vault.clock())
    except ConflictError as error:
        refuse_step(vault, uow, actor, VERIFY, row, error)
    if not hmac.compare_digest(sent.code_hash, _hash(vault, row.id, typed)):
        # The wrong attempt must count even though the step fails: commit it with the refusal.
        uow.codes.count_wrong_attempt(sent.id)
        left = attempts_left(state) - 1
        message = f"wrong code; {left} attempts left" if left else "wrong code; the code is dead"
        uow.audit.append([step_event(vault, actor, VERIFY, row, message, outcome=Outcome.DENIED)])
        uow.commit()
        if left:
            raise InvalidInputError(
                "wrong code; {left} attempts left", field="code", params={"left": left}
            )
        raise InvalidInputError(
            "wrong code; the code is dead: privault requests send-code {id}",
            field="code",
            params={"id": row.id},
        )
    if not uow.codes.use(sent.id, vault.clock()):
        refuse_step(vault, uow, actor, VERIFY, row, ConflictError("this code was used already"))


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
