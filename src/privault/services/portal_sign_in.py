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
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.catalog import Catalog, SearchIndex, ValueKind
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
from privault.services import auditing
from privault.services.rate_limits import check_rate
from privault.services.refusals import ANONYMOUS
from privault.services.sealing import open_fields
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
    with vault.unit_of_work() as uow:
        typed = parse_contact(vault, vault.catalog(uow), contact)
    rate = _rate_key(vault, typed)
    check_rate(
        vault, f"portal-code:{client}", limit=CODE_REQUESTS_PER_CLIENT, window=CODE_REQUEST_WINDOW
    )
    check_rate(
        vault, f"portal-code:{rate}", limit=CODE_REQUESTS_PER_CONTACT, window=CODE_REQUEST_WINDOW
    )
    with vault.unit_of_work() as uow:
        customer_id = _owner(vault, uow, typed)
        if customer_id is None:
            uow.audit.append([_event(vault, ANONYMOUS, CODE_SENT, None, "no customer matched")])
            uow.commit()
            return
        actor = customer_actor(customer_id)
        now = vault.clock()
        try:
            check_can_send(uow.codes.sent_since(customer_id, now - SEND_WINDOW), now)
            address = _address_on_file(vault, uow, customer_id, typed)
        except (ConflictError, InvalidInputError) as error:
            uow.audit.append([_event(vault, actor, CODE_SENT, customer_id, error.message, False)])
            uow.commit()
            return
        code = generate_code()
        uow.codes.add(
            customer_id,
            None,
            typed.channel.value,
            _hash(vault, customer_id, code),
            now,
            expiry(now),
        )
        _deliver(vault, typed.channel, address, code)
        reason = f"sign-in code sent by {typed.channel.value}"
        uow.audit.append(
            [_event(vault, actor, CODE_SENT, customer_id, reason, fields=(typed.field,))]
        )
        uow.commit()


def sign_in_with_code(vault: Vault, contact: str, code: str, client: str) -> PortalSignIn:
    """A right, unused, unexpired code opens a 30-minute session; anything else is refused
    with the same words, and a wrong guess counts against the code."""
    with vault.unit_of_work() as uow:
        typed = parse_contact(vault, vault.catalog(uow), contact)
    rate = _rate_key(vault, typed)
    check_rate(
        vault, f"portal-sign-in:{client}", limit=CODE_TRIES_PER_CLIENT, window=CODE_TRY_WINDOW
    )
    check_rate(
        vault, f"portal-sign-in:{rate}", limit=CODE_TRIES_PER_CONTACT, window=CODE_TRY_WINDOW
    )
    try:
        typed_code = parse_code(code)
    except InvalidInputError:
        raise InvalidInputError("type the 6-digit code you received", field="code") from None
    with vault.unit_of_work() as uow:
        customer_id = _owner(vault, uow, typed)
        if customer_id is None:
            _refuse(vault, uow, ANONYMOUS, None, "no customer matched")
        actor = customer_actor(customer_id)
        _check_code(vault, uow, actor, customer_id, typed_code)
        token = secrets.token_urlsafe(32)
        now = vault.clock()
        uow.portal_sessions.add(_digest(token), customer_id, now, now + SESSION_TTL)
        uow.audit.append([_event(vault, actor, SIGN_IN, customer_id, "signed in with a code")])
        uow.commit()
    return PortalSignIn(token, customer_id, now + SESSION_TTL)


def resume_portal(vault: Vault, token: str) -> Actor:
    """The customer behind a portal session token, while it lasts and they are on record."""
    with vault.unit_of_work() as uow:
        session = uow.portal_sessions.get(_digest(token)) if token else None
        if session is None or session.ended_at is not None:
            raise AuthenticationError(NOT_SIGNED_IN)
        if session.expires_at <= vault.clock():
            raise AuthenticationError(f"the session ended after 30 minutes; {NOT_SIGNED_IN}")
        if uow.customers.get(session.customer_id) is None:
            raise AuthenticationError(NOT_SIGNED_IN)
        return customer_actor(session.customer_id)


def sign_out_portal(vault: Vault, token: str) -> None:
    with vault.unit_of_work() as uow:
        digest = _digest(token)
        session = uow.portal_sessions.get(digest)
        if session is None or not uow.portal_sessions.end(digest, vault.clock()):
            return
        actor = customer_actor(session.customer_id)
        uow.audit.append([_event(vault, actor, SIGN_OUT, session.customer_id, "signed out")])
        uow.commit()


def parse_contact(vault: Vault, catalog: Catalog, raw: str) -> Contact:
    """A mobile number or an email address, normalised as it was when registered."""
    channel = CodeChannel.EMAIL if "@" in raw else CodeChannel.SMS
    keys = [k for k, spec in catalog.fields.items() if spec.kind is _KINDS[channel]]
    if not raw.strip() or not keys:
        raise InvalidInputError("type your mobile number or email address", field="contact")
    key = min(keys, key=lambda k: (k != _KINDS[channel].value, k))
    try:
        value = normalise(catalog.fields[key], raw, today=vault.clock().date()).value
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


def _address_on_file(vault: Vault, uow: UnitOfWork, customer_id: str, typed: Contact) -> str:
    if typed.channel is CodeChannel.SMS and vault.sms is None:
        raise InvalidInputError("no SMS gateway is configured", field="contact")
    if typed.channel is CodeChannel.EMAIL and vault.mailer is None:
        raise InvalidInputError("no mail server is configured", field="contact")
    held = open_fields(vault, uow, [customer_id], only=[typed.field]).get(customer_id, {})
    if typed.field not in held:
        raise InvalidInputError("not on file", field="contact")
    return held[typed.field]


def _deliver(vault: Vault, channel: CodeChannel, to: str, code: str) -> None:
    subject, text = sign_in_message(vault.settings.shop_name or "privault", code)
    if channel is CodeChannel.SMS and vault.sms is not None:
        vault.sms.send(to, text)
    elif channel is CodeChannel.EMAIL and vault.mailer is not None:
        vault.mailer.send(to, subject, text)


def _check_code(vault: Vault, uow: UnitOfWork, actor: Actor, customer_id: str, typed: str) -> None:
    sent = uow.portal_sessions.latest_sign_in_code(customer_id)
    if sent is None:
        _refuse(vault, uow, actor, customer_id, "no sign-in code was sent")
    try:
        check_usable(
            CodeState(sent.sent_at, sent.expires_at, sent.attempts, sent.used_at), vault.clock()
        )
    except ConflictError as error:
        _refuse(vault, uow, actor, customer_id, error.message)
    if not hmac.compare_digest(sent.code_hash, _hash(vault, customer_id, typed)):
        # The wrong guess must count though the sign-in fails: committed with the refusal.
        uow.codes.count_wrong_attempt(sent.id)
        _refuse(vault, uow, actor, customer_id, "wrong code", keep=True)
    if not uow.codes.use(sent.id, vault.clock()):
        _refuse(vault, uow, actor, customer_id, "this code was used already")


def _refuse(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    customer_id: str | None,
    why: str,
    *,
    keep: bool = False,
) -> NoReturn:
    """The trail records why; the visitor reads the same words whatever the reason."""
    if not keep:
        uow.rollback()
    uow.audit.append([_event(vault, actor, SIGN_IN, customer_id, why, False)])
    uow.commit()
    raise AuthenticationError(REFUSED)


def _event(
    vault: Vault,
    actor: Actor,
    action: str,
    customer_id: str | None,
    reason: str,
    allowed: bool = True,
    *,
    fields: tuple[str, ...] = (),
) -> AuditEvent:
    outcome = Outcome.ALLOWED if allowed else Outcome.DENIED
    return auditing.event(
        vault, actor, action, customer_id=customer_id, fields=fields, outcome=outcome, reason=reason
    )


def _rate_key(vault: Vault, typed: Contact) -> str:
    return vault.indexer.digest(_RATE_KEY, f"{typed.channel.value}:{typed.value}").hex()


def _hash(vault: Vault, customer_id: str, code: str) -> bytes:
    """Bound to the customer and to the portal, so no request's code signs anyone in."""
    return vault.indexer.digest(_CODE_KEY, f"portal:{customer_id}:{code}")


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
