"""Unsubscribe links: one per customer and marketing channel, signed with a key of their own
(derived from the web forms' key), so a link can be neither guessed nor turned to another
customer or channel. Following one withdraws that marketing consent without signing in."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

from privault.domain.consents import Channel
from privault.domain.errors import ConfigurationError, PolicyDeniedError
from privault.domain.policy import Action
from privault.domain.portal import UNSUBSCRIBE_PURPOSES, customer_actor
from privault.services.consents.ledger import end_consents
from privault.services.customers.records import existing_customer
from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault

PATH = "/portal/unsubscribe/"
BAD_LINK = "this unsubscribe link is not valid; use the link in the message you received"


@dataclass(frozen=True)
class Unsubscribe:
    customer_id: str
    purpose: str
    was_active: bool  # False: the consent had been withdrawn already; nothing changed


def unsubscribe_token(vault: Vault, customer_id: str, purpose: str) -> str:
    if purpose not in UNSUBSCRIBE_PURPOSES:
        raise ConfigurationError("no unsubscribe link for {purpose}", params={"purpose": purpose})
    subject = f"{customer_id}:{purpose}"
    body = base64.urlsafe_b64encode(subject.encode()).decode().rstrip("=")
    return f"{body}.{_mac(vault, subject)}"


def unsubscribe_link(vault: Vault, customer_id: str, purpose: str) -> str:
    """The path a marketing message carries (the installation's public address goes before it)."""
    return PATH + unsubscribe_token(vault, customer_id, purpose)


def read_token(vault: Vault, token: str) -> tuple[str, str]:
    """The customer and channel a genuine link names; any other link is refused and audited."""
    found = _parse(vault, token)
    if found is None:
        with use_case(vault, ANONYMOUS) as uc:
            reason = "unsubscribe link with a bad signature"
            uc.refuse(Action.CONSENT, PolicyDeniedError(BAD_LINK), reason=reason)
    return found


def unsubscribe(vault: Vault, token: str) -> Unsubscribe:
    """One step: the consent for that channel is withdrawn, as the customer's own act."""
    customer_id, purpose = read_token(vault, token)
    with use_case(vault, customer_actor(customer_id)) as uc:
        row = existing_customer(uc.uow, customer_id)
        was_active = purpose in uc.uow.consents.active_for(row.id)
        if was_active:
            reason = "unsubscribe link"
            end_consents(uc, row.id, [purpose], channel=Channel.WEB, reason=reason)
        else:
            reason = "unsubscribe link: withdrawn already, nothing changed"
            uc.record(Action.CONSENT, customer_id=row.id, purpose=purpose, reason=reason)
        uc.commit()
    return Unsubscribe(row.id, purpose, was_active=was_active)


def _parse(vault: Vault, token: str) -> tuple[str, str] | None:
    body, _, mac = token.partition(".")
    try:
        subject = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not (vault.form_key and hmac.compare_digest(_mac(vault, subject), mac)):
        return None
    customer_id, _, purpose = subject.partition(":")
    return (customer_id, purpose) if purpose in UNSUBSCRIBE_PURPOSES else None


def _mac(vault: Vault, subject: str) -> str:
    # Its own key, derived from the forms' key: an anti-forgery token is never a link's MAC.
    key = hmac.new(vault.form_key, b"privault unsubscribe links", hashlib.sha256).digest()
    digest = hmac.new(key, subject.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
