"""Telling customers that the privacy notice changed (PIPL Art. 14(2), Art. 17): the portal
shows it from the ledger; customers who consented to messages also get an SMS or an email."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.installation import StoredNotice
from privault.domain.policy import RESTRICTED, Action
from privault.domain.portal import UNSUBSCRIBE_PURPOSES
from privault.services.customers.sealing import open_fields
from privault.services.use_case import Entry, UseCase
from privault.services.vault import Vault

# Marketing consent per channel → the field the message goes to.
CHANNEL_FIELDS = {"marketing_sms": "mobile", "marketing_email": "email"}
SUBJECT = "隐私政策更新 / Privacy notice updated"
MATERIAL = (
    "【{shop}】我们的隐私政策已更新（版本 {version}）：处理目的、方式或信息种类有变化，"
    "相关用途在您重新同意前暂停。请登录隐私自助页面查看并重新确认。"
)
NOTIFIED = "【{shop}】我们的隐私政策已更新（版本 {version}），详情请见隐私自助页面。"


@dataclass(frozen=True)
class Tell:
    """One message to send after the commit; holds a contact value, so never logged."""

    purpose: str
    to: str
    text: str


def who_to_tell(uc: UseCase, stored: StoredNotice, shop: str) -> list[Tell]:
    """Recorded in the publishing use case: whose contact was opened, for which channel."""
    purposes = [p for p in UNSUBSCRIBE_PURPOSES if p in uc.catalog.purposes and _can(uc, p)]
    ids = uc.uow.consents.granted_any(purposes)
    consented = uc.uow.consents.active(ids, awaiting=True)
    rows = uc.uow.customers.get_many(ids)
    reachable = [cid for cid in ids if cid in rows and rows[cid].status != RESTRICTED]
    opened = open_fields(uc.vault, uc.uow, reachable, only=CHANNEL_FIELDS.values())
    template = MATERIAL if stored.is_material else NOTIFIED
    text = template.format(shop=shop, version=stored.version)
    tells: list[tuple[str, Tell]] = [
        (cid, Tell(p, opened[cid][CHANNEL_FIELDS[p]], text))
        for cid in reachable
        for p in purposes
        if p in consented.get(cid, ()) and CHANNEL_FIELDS[p] in opened.get(cid, {})
    ]
    reason = f"told of notice {stored.version}"
    uc.record_all(
        Entry(Action.NOTICE_PUBLISH, cid, (CHANNEL_FIELDS[t.purpose],), t.purpose, reason)
        for cid, t in tells
    )
    return [t for _, t in tells]


def _can(uc: UseCase, purpose: str) -> bool:
    gateway = uc.vault.sms if purpose == "marketing_sms" else uc.vault.mailer
    return gateway is not None


def tell_customers(vault: Vault, tells: list[Tell]) -> None:
    """After the commit: a message never leaves for a notice that was not published."""
    for tell in tells:
        if tell.purpose == "marketing_sms" and vault.sms is not None:
            vault.sms.send(tell.to, tell.text)
        elif tell.purpose == "marketing_email" and vault.mailer is not None:
            vault.mailer.send(tell.to, SUBJECT, tell.text)
