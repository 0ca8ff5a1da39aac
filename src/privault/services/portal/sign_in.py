"""Customers sign in to the privacy portal with a one-time code sent to the phone or email on
file. Nothing a visitor sees says whether a number or address is on file: every refusal of a
code reads the same, and a code request always answers the same way."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import Outcome
from privault.domain.catalog import SearchIndex, ValueKind
from privault.domain.errors import AuthenticationError, ConflictError, InvalidInputError
from privault.domain.policy import Actor
from privault.domain.portal import SESSION_TTL, customer_actor, sign_in_message
from privault.domain.values import normalise
from privault.domain.verification import (
    SEND_WINDOW,
    CodeChannel,
    CodeState,
    check_can_send,
    check_usable,
    expiry,
    generate_code,
    parse_code,
)
from privault.services.customers.sealing import open_fields
from privault.services.staff.rate_limits import check_rate, count_failure, refuse_if_limited
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

SIGN_IN = "portal.sign_in"
SIGN_OUT = "portal.sign_out"
CODE_SENT = "portal.code_sent"
# The same words for every refusal of a code, so that they say nothing about the number.
REFUSED = "the code is wrong or no longer valid; check it, or ask for a new code"
NOT_SIGNED_IN = "sign in to the privacy portal first"
# Per client address: slows one place from trying many numbers; per number or address: stops
# a stranger flooding someone's phone (MAX_SENDS per customer stands behind it as well).
CODE_REQUESTS_PER_CLIENT = 10
CODE_REQUESTS_PER_CONTACT = 5
CODE_REQUEST_WINDOW = timedelta(hours=1)
CODE_TRIES_PER_CLIENT = 20
CODE_TRIES_PER_CONTACT = 10
CODE_TRY_WINDOW = timedelta(minutes=15)
_CODE_KEY = "one-time-code"  # the code-hashing key of services/verification
_RATE_KEY = "portal-rate"  # rate-limit keys hold a keyed digest, never the number itself
_KINDS = {CodeChannel.SMS: ValueKind.MOBILE, CodeChannel.EMAIL: ValueKind.EMAIL}


@dataclass(frozen=True)
class Contact:
    channel: CodeChannel
    field: str
    value: str  # normalised


@dataclass(frozen=True)
class PortalSignIn:
    token: str
    customer_id: str
    expires_at: datetime


def request_code(vault: Vault, contact: str, client: str) -> None:
    """Sends a code when the number or address belongs to a customer; says nothing either way."""
    typed = _typed_contact(vault, contact)
    limits = (CODE_REQUESTS_PER_CLIENT, CODE_REQUESTS_PER_CONTACT, CODE_REQUEST_WINDOW)
    _check_rates(vault, "portal-code", client, typed, *limits)
    with use_case(vault, ANONYMOUS) as uc:
        customer_id = _owner(vault, uc.uow, typed)
        if customer_id is None:
            uc.record(CODE_SENT, reason="no customer matched")
        else:
            uc.act_as(customer_actor(customer_id))  # the number is on file: the customer asks
            _send_code(uc, customer_id, typed)
        uc.commit()


def _send_code(uc: UseCase, customer_id: str, typed: Contact) -> None:
    """A code that cannot be sent (too many, nothing on file) is recorded, never shown."""
    try:
        check_can_send(uc.uow.codes.sent_since(customer_id, uc.now - SEND_WINDOW), uc.now)
        address = _address_on_file(uc, customer_id, typed)
    except (ConflictError, InvalidInputError) as error:
        uc.record(CODE_SENT, customer_id=customer_id, reason=error.message, outcome=Outcome.DENIED)
        return
    code = generate_code()
    code_hash = _hash(uc.vault, customer_id, code)
    uc.uow.codes.add(customer_id, None, typed.channel.value, code_hash, uc.now, expiry(uc.now))
    _deliver(uc, typed.channel, address, code)
    reason = f"sign-in code sent by {typed.channel.value}"
    uc.record(CODE_SENT, customer_id=customer_id, fields=(typed.field,), reason=reason)


def sign_in_with_code(vault: Vault, contact: str, code: str, client: str) -> PortalSignIn:
    """A right, unused, unexpired code opens a 30-minute session; anything else is refused
    with the same words, and a wrong guess counts against the code. Only failures count
    against the address and the number: a shop's tablet signs many customers in."""
    typed = _typed_contact(vault, contact)
    keys = _rate_keys(vault, "portal-sign-in", client, typed)
    for key, limit in zip(keys, (CODE_TRIES_PER_CLIENT, CODE_TRIES_PER_CONTACT), strict=True):
        refuse_if_limited(vault, key, limit=limit, window=CODE_TRY_WINDOW)
    try:
        return _sign_in(vault, typed, code)
    except (AuthenticationError, InvalidInputError):
        for key in keys:
            count_failure(vault, key, window=CODE_TRY_WINDOW)
        raise


def _sign_in(vault: Vault, typed: Contact, code: str) -> PortalSignIn:
    typed_code = _six_digits(code)
    with use_case(vault, ANONYMOUS) as uc:
        customer_id = _owner(vault, uc.uow, typed)
        if customer_id is None:
            _refuse(uc, None, "no customer matched")
        uc.act_as(customer_actor(customer_id))  # the number is on file: the customer signs in
        _check_code(uc, customer_id, typed_code)
        signed_in = _open_session(uc, customer_id)
        uc.record(SIGN_IN, customer_id=customer_id, reason="signed in with a code")
        uc.commit()
    return signed_in


def _open_session(uc: UseCase, customer_id: str) -> PortalSignIn:
    token = secrets.token_urlsafe(32)
    expires_at = uc.now + SESSION_TTL
    uc.uow.portal_sessions.add(_digest(token), customer_id, uc.now, expires_at)
    return PortalSignIn(token, customer_id, expires_at)


def _six_digits(code: str) -> str:
    try:
        return parse_code(code)
    except InvalidInputError:
        raise InvalidInputError("type the 6-digit code you received", field="code") from None


def resume_portal(vault: Vault, token: str) -> Actor:
    """The customer behind a portal session token, while it lasts and they are on record."""
    with use_case(vault, ANONYMOUS) as uc:  # who it is, the session tells
        session = uc.uow.portal_sessions.get(_digest(token)) if token else None
        if session is None or session.ended_at is not None:
            raise AuthenticationError(NOT_SIGNED_IN)
        if session.expires_at <= uc.now:
            raise AuthenticationError(f"the session ended after 30 minutes; {NOT_SIGNED_IN}")
        if uc.uow.customers.get(session.customer_id) is None:
            raise AuthenticationError(NOT_SIGNED_IN)
        return customer_actor(session.customer_id)


def sign_out_portal(vault: Vault, token: str) -> None:
    with use_case(vault, ANONYMOUS) as uc:  # who it is, the session tells
        digest = _digest(token)
        session = uc.uow.portal_sessions.get(digest)
        if session is None or not uc.uow.portal_sessions.end(digest, uc.now):
            return
        uc.act_as(customer_actor(session.customer_id))
        uc.record(SIGN_OUT, customer_id=session.customer_id, reason="signed out")
        uc.commit()


def _typed_contact(vault: Vault, raw: str) -> Contact:
    with use_case(vault, ANONYMOUS) as uc:
        return parse_contact(uc, raw)


def parse_contact(uc: UseCase, raw: str) -> Contact:
    """A mobile number or an email address, normalised as it was when registered."""
    channel = CodeChannel.EMAIL if "@" in raw else CodeChannel.SMS
    catalog = uc.catalog
    keys = [k for k, spec in catalog.fields.items() if spec.kind is _KINDS[channel]]
    if not raw.strip() or not keys:
        raise InvalidInputError("type your mobile number or email address", field="contact")
    key = min(keys, key=lambda k: (k != _KINDS[channel].value, k))
    try:
        value = normalise(catalog.fields[key], raw, today=uc.now.date()).value
    except InvalidInputError:
        raise InvalidInputError(
            "type your mobile number (11 digits) or your email address", field="contact"
        ) from None
    return Contact(channel, key, value)


def _owner(vault: Vault, uow: UnitOfWork, typed: Contact) -> str | None:
    """The one customer holding the number: a number shared by a guardian and a child belongs
    to the guardian, who claimed it; otherwise a number on several records signs in no one."""
    spec = vault.catalog(uow).fields[typed.field]
    if SearchIndex.EXACT not in spec.search:
        return None
    digest = vault.indexer.digest(typed.field, typed.value)
    owner = uow.customers.claimed_by(typed.field, [digest]).get(digest)
    if owner is not None:
        return owner
    found = uow.customers.find(typed.field, digest, limit=2)
    return found[0] if len(found) == 1 else None


def _address_on_file(uc: UseCase, customer_id: str, typed: Contact) -> str:
    if typed.channel is CodeChannel.SMS and uc.vault.sms is None:
        raise InvalidInputError("no SMS gateway is configured", field="contact")
    if typed.channel is CodeChannel.EMAIL and uc.vault.mailer is None:
        raise InvalidInputError("no mail server is configured", field="contact")
    held = open_fields(uc.vault, uc.uow, [customer_id], only=[typed.field]).get(customer_id, {})
    if typed.field not in held:
        raise InvalidInputError("not on file", field="contact")
    return held[typed.field]


def _deliver(uc: UseCase, channel: CodeChannel, to: str, code: str) -> None:
    subject, text = sign_in_message(uc.vault.sender_name(uc.uow), code)
    if channel is CodeChannel.SMS and uc.vault.sms is not None:
        uc.vault.sms.send(to, text)
    elif channel is CodeChannel.EMAIL and uc.vault.mailer is not None:
        uc.vault.mailer.send(to, subject, text)


def _check_code(uc: UseCase, customer_id: str, typed: str) -> None:
    sent = uc.uow.portal_sessions.latest_sign_in_code(customer_id)
    if sent is None:
        _refuse(uc, customer_id, "no sign-in code was sent")
    try:
        check_usable(CodeState(sent.sent_at, sent.expires_at, sent.attempts, sent.used_at), uc.now)
    except ConflictError as error:
        _refuse(uc, customer_id, error.message)
    if not hmac.compare_digest(sent.code_hash, _hash(uc.vault, customer_id, typed)):
        # The wrong guess must count though the sign-in fails: committed with the refusal.
        uc.uow.codes.count_wrong_attempt(sent.id)
        _refuse(uc, customer_id, "wrong code", keep=True)
    if not uc.uow.codes.use(sent.id, uc.now):
        _refuse(uc, customer_id, "this code was used already")


def _refuse(uc: UseCase, customer_id: str | None, why: str, *, keep: bool = False) -> NoReturn:
    """The trail records why; the visitor reads the same words whatever the reason."""
    uc.refuse(SIGN_IN, AuthenticationError(REFUSED), customer_id=customer_id, reason=why, keep=keep)


def _check_rates(
    vault: Vault,
    what: str,
    client: str,
    typed: Contact,
    per_client: int,
    per_contact: int,
    window: timedelta,
) -> None:
    by_client, by_contact = _rate_keys(vault, what, client, typed)
    check_rate(vault, by_client, limit=per_client, window=window)
    check_rate(vault, by_contact, limit=per_contact, window=window)


def _rate_keys(vault: Vault, what: str, client: str, typed: Contact) -> tuple[str, str]:
    return f"{what}:{client}", f"{what}:{_rate_key(vault, typed)}"


def _rate_key(vault: Vault, typed: Contact) -> str:
    return vault.indexer.digest(_RATE_KEY, f"{typed.channel.value}:{typed.value}").hex()


def _hash(vault: Vault, customer_id: str, code: str) -> bytes:
    """Bound to the customer and to the portal, so no request's code signs anyone in."""
    return vault.indexer.digest(_CODE_KEY, f"portal:{customer_id}:{code}")


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
