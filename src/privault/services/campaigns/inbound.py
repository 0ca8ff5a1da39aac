"""Replies to marketing SMS: T or TD from a number withdraws the SMS marketing consent of the
customers holding it, as their own act. Anything else, or an unknown number, changes nothing,
and the number is never written to a log or the audit trail."""

from __future__ import annotations

import json
import logging
from enum import StrEnum

from privault.domain.campaigns import PURPOSE, MarketingChannel, is_stop_reply
from privault.domain.catalog import SearchIndex, index_name
from privault.domain.consents import Channel
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action
from privault.domain.portal import customer_actor
from privault.domain.values import normalise
from privault.infra.sms_http import is_genuine_webhook
from privault.services.consents.ledger import end_consents
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

log = logging.getLogger(__name__)
MOBILE = "mobile"
MAX_HOLDERS = 10
SMS_PURPOSE = PURPOSE[MarketingChannel.SMS]


class ReplyResult(StrEnum):
    WITHDRAWN = "withdrawn"
    NOT_ACTIVE = "not_active"  # the number's customers held no SMS marketing consent
    UNKNOWN_NUMBER = "unknown_number"
    NOT_A_STOP = "not_a_stop"


def handle_sms_reply(vault: Vault, number: str, text: str) -> ReplyResult:
    if not is_stop_reply(text):
        return ReplyResult.NOT_A_STOP
    with use_case(vault, ANONYMOUS) as uc:
        holders = _holders(uc, number)
        if not holders:
            # Logged and audited without the number: an unknown sender is nobody's data here.
            log.info("an SMS stop reply from an unknown number was ignored")
            uc.record(Action.CONSENT, purpose=SMS_PURPOSE, reason="SMS stop reply: unknown number")
            uc.commit()
            return ReplyResult.UNKNOWN_NUMBER
    done = [_withdraw(vault, cid) for cid in holders]
    return ReplyResult.WITHDRAWN if any(done) else ReplyResult.NOT_ACTIVE


def _holders(uc: UseCase, number: str) -> list[str]:
    spec = uc.catalog.fields.get(MOBILE)
    if spec is None:
        return []
    try:
        value = normalise(spec, number, today=uc.now.date()).value
    except InvalidInputError:
        return []
    name = index_name(MOBILE, SearchIndex.EXACT)
    digest = uc.vault.indexer.digest(name, value)
    return uc.uow.customers.find(name, digest, limit=MAX_HOLDERS)


def _withdraw(vault: Vault, customer_id: str) -> bool:
    """One use case per customer, acting as that customer (the reply is their act)."""
    with use_case(vault, customer_actor(customer_id)) as uc:
        if SMS_PURPOSE not in uc.uow.consents.active_for(customer_id):
            return False
        end_consents(uc, customer_id, [SMS_PURPOSE], channel=Channel.PHONE, reason="SMS reply T")
        uc.commit()
    return True


BAD_SIGNATURE = "an SMS gateway call without a genuine signature"


def receive_sms_webhook(vault: Vault, timestamp: str, body: bytes, signature: str) -> ReplyResult:
    """The gateway's call with a reply: refused (and audited) unless signed with the shared
    secret within the last minutes; a body that is no reply changes nothing."""
    secret = vault.settings.sms_webhook_secret
    if not is_genuine_webhook(secret, timestamp, body, signature, vault.clock()):
        with use_case(vault, ANONYMOUS) as uc:
            uc.refuse(Action.CONSENT, PolicyDeniedError(BAD_SIGNATURE))
    try:
        sent = json.loads(body)
        number, text = str(sent["from"]), str(sent["text"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInputError("a JSON object with from and text", field="body") from None
    return handle_sms_reply(vault, number, text)
