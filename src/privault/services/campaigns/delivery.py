"""Sending a due campaign: recipients chosen now (active consent at send time, frequency cap),
queued per recipient, handed to the channel's gateway in batches, each delivery audited.

A batch is marked handed over and committed before the gateway is called, and its answers are
recorded after; so a crash or a lost answer leaves every delivery sent, failed, queued (never
handed over, or safe to resend under its idempotency key) or unknown for a person to decide.
Nothing is ever sent twice blindly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from privault.db.campaigns import Campaign, Queued
from privault.domain.campaigns import (
    CONTACT_FIELD,
    CampaignStatus,
    DeliveryStatus,
    MarketingChannel,
    Template,
    parse_cap,
    render,
)
from privault.domain.entry_review import NOT_FOR_MARKETING
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.segments import parse_segment
from privault.infra.senders import Outcome, Outgoing, Receipt, Sender, unanswered
from privault.services.campaigns.audience import audience, consents_now
from privault.services.campaigns.planning import Approval, approve_campaign, existing_campaign
from privault.services.consents.notices import shop_identity
from privault.services.customers.sealing import open_fields
from privault.services.portal.unsubscribe import unsubscribe_link
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

BATCH = 500
NAME_FIELD = "name"
# A lost answer: resent under its key where the gateway keeps keys, else a person decides.
AFTER_LOSS = {True: DeliveryStatus.QUEUED, False: DeliveryStatus.UNKNOWN}
SETTLED = {
    Outcome.SENT: DeliveryStatus.SENT,
    Outcome.FAILED: DeliveryStatus.FAILED,
    Outcome.NOT_SENT: DeliveryStatus.QUEUED,
}


@dataclass(frozen=True)
class Handover:
    campaign: Campaign
    batch: list[Outgoing]


def deliver_campaign(vault: Vault, actor: Actor, campaign_id: str, *, batch: int = BATCH) -> int:
    """Queues a due approved campaign, then sends batch after batch; returns how many were sent
    in this run. A gateway that stops answering ends the run: the next one carries on."""
    sender = sender_for(vault, _channel_of(vault, actor, campaign_id))
    queue_recipients(vault, actor, campaign_id, sender)
    sent = 0
    while (handover := hand_over(vault, actor, campaign_id, batch)) is not None:
        receipts = _answers(sender, handover.batch)
        sent += record_answers(vault, actor, handover.campaign, receipts, sender)
        if any(r.outcome in (Outcome.NOT_SENT, Outcome.LOST) for r in receipts):
            break
    finish_if_done(vault, actor, campaign_id)
    return sent


def sender_for(vault: Vault, channel: MarketingChannel) -> Sender:
    sender = vault.senders.get(channel.value)
    if sender is None:
        raise ConfigurationError(
            "no {channel} gateway is configured for campaigns", params={"channel": channel.value}
        )
    return sender


def queue_recipients(vault: Vault, actor: Actor, campaign_id: str, sender: Sender) -> int:
    """Once, when the approved campaign falls due: one queued delivery per recipient holding
    the consent now and under the frequency cap. Deliveries an interrupted run left handed
    over are settled first (queued again only where the gateway keeps keys)."""
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id, lock=True)
        uc.require(Action.CAMPAIGN_SEND, stores=campaign.stores or None)
        _settle_interrupted(uc, campaign, sender)
        if campaign.status is not CampaignStatus.APPROVED or campaign.send_at > uc.now:
            uc.commit()
            return 0
        segment = parse_segment(campaign.segment)
        ids = audience(uc, campaign.stores, segment, campaign.purposes)
        cap = parse_cap(vault.settings.campaign_cap)
        recent = uc.uow.campaigns.recently_sent(ids, cap.since(uc.now))
        chosen = [cid for cid in ids if cap.allows(recent.get(cid, 0))]
        uc.uow.campaigns.queue([_queued(campaign, cid, uc.now) for cid in chosen])
        capped = len(ids) - len(chosen)
        uc.uow.campaigns.set_status(campaign.id, CampaignStatus.SENDING, capped=capped)
        reason = f"campaign {campaign.id}: {len(chosen)} queued, {capped} over the frequency cap"
        uc.record(Action.CAMPAIGN_SEND, purpose=_purpose(campaign), reason=reason)
        uc.commit()
    return len(chosen)


def hand_over(vault: Vault, actor: Actor, campaign_id: str, size: int) -> Handover | None:
    """The next batch: consent checked again per recipient (withdrawn since queueing: not
    sent), contacts opened, the batch marked handed over and committed."""
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id, lock=True)
        uc.require(Action.CAMPAIGN_SEND, stores=campaign.stores or None)
        queued = uc.uow.campaigns.with_status(campaign.id, DeliveryStatus.QUEUED, size)
        if campaign.status is not CampaignStatus.SENDING or not queued:
            return None
        contacts = _contacts(uc, campaign, queued)
        gone = [q.id for q in queued if q.id not in contacts]
        uc.uow.campaigns.move(gone, DeliveryStatus.WITHDRAWN)
        uc.uow.campaigns.move(contacts, DeliveryStatus.SENDING, handed_at=uc.now)
        batch = _messages(uc, campaign, queued, contacts)
        uc.commit()
    return Handover(campaign, batch)


def record_answers(
    vault: Vault, actor: Actor, campaign: Campaign, receipts: Sequence[Receipt], sender: Sender
) -> int:
    """Each delivery's status from the gateway's answer, each audited by customer id only."""
    with use_case(vault, actor) as uc:
        uc.require(Action.CAMPAIGN_SEND, stores=campaign.stores or None)
        settled = {r.key: _settled(r, sender) for r in receipts}
        uc.uow.campaigns.record_results([_result(r, settled[r.key], uc.now) for r in receipts])
        owners = uc.uow.campaigns.owners(list(settled))
        field = CONTACT_FIELD[MarketingChannel(campaign.channel)]
        for status in sorted(set(settled.values())):
            ids = [owners[k] for k, s in settled.items() if s is status and owners.get(k)]
            reason = f"campaign {campaign.id}: delivery {status.value}"
            uc.record_each(
                Action.CAMPAIGN_SEND, ids, fields=[field], purpose=_purpose(campaign), reason=reason
            )
        uc.commit()
    return sum(1 for s in settled.values() if s is DeliveryStatus.SENT)


def finish_if_done(vault: Vault, actor: Actor, campaign_id: str) -> None:
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id, lock=True)
        open_rows = [DeliveryStatus.QUEUED.value, DeliveryStatus.SENDING.value]
        counts = uc.uow.campaigns.statuses(campaign.id)
        if campaign.status is CampaignStatus.SENDING and not any(counts.get(s) for s in open_rows):
            uc.uow.campaigns.set_status(campaign.id, CampaignStatus.DONE)
            uc.record(Action.CAMPAIGN_SEND, reason=f"campaign {campaign.id}: done")
            uc.commit()


def send_due_campaigns(vault: Vault, actor: Actor, now: datetime | None = None) -> dict[str, int]:
    """The scheduler's part: every approved campaign whose time has come."""
    with use_case(vault, actor) as uc:
        due = uc.uow.campaigns.due(now or uc.now)
    sent = sum(deliver_campaign(vault, actor, cid) for cid in due)
    return {"campaigns": len(due), "sent": sent}


def _channel_of(vault: Vault, actor: Actor, campaign_id: str) -> MarketingChannel:
    with use_case(vault, actor) as uc:
        return MarketingChannel(existing_campaign(uc, campaign_id).channel)


def _answers(sender: Sender, batch: list[Outgoing]) -> list[Receipt]:
    """An adapter that breaks without answering: nothing is known of the batch."""
    try:
        receipts = sender.send_batch(batch)
    except Exception:
        return unanswered(batch, Outcome.LOST)
    answered = {r.key for r in receipts}
    return receipts + unanswered([m for m in batch if m.key not in answered], Outcome.LOST)


def _settled(receipt: Receipt, sender: Sender) -> DeliveryStatus:
    if receipt.outcome is Outcome.LOST:
        return AFTER_LOSS[sender.keeps_idempotency_keys]
    return SETTLED[receipt.outcome]


def _result(receipt: Receipt, status: DeliveryStatus, now: datetime) -> dict[str, object]:
    return {
        "key": receipt.key,
        "status": status.value,
        "sent_at": now if status in (DeliveryStatus.SENT, DeliveryStatus.UNKNOWN) else None,
        "provider_ref": receipt.ref[:64] or None,
        "error": receipt.error[:64] or None,
    }


def _settle_interrupted(uc: UseCase, campaign: Campaign, sender: Sender) -> None:
    handed = uc.uow.campaigns.with_status(campaign.id, DeliveryStatus.SENDING)
    if handed:
        status = AFTER_LOSS[sender.keeps_idempotency_keys]
        uc.uow.campaigns.move([q.id for q in handed], status)
        reason = f"campaign {campaign.id}: {len(handed)} interrupted deliveries now {status.value}"
        uc.record(Action.CAMPAIGN_SEND, reason=reason)


def _contacts(uc: UseCase, campaign: Campaign, queued: list[Queued]) -> dict[str, tuple[str, str]]:
    """Delivery id → (contact, name), for recipients who still hold every consent (and are
    not restricted since) and a contact on file."""
    ids = [q.customer_id for q in queued if q.customer_id]
    active = consents_now(uc, ids)
    rows = uc.uow.campaigns.stores_of(ids)
    holding = [
        c
        for c in ids
        if campaign.purposes <= active.get(c, set()) and rows[c][1] not in NOT_FOR_MARKETING
    ]
    field = CONTACT_FIELD[MarketingChannel(campaign.channel)]
    opened = open_fields(uc.vault, uc.uow, holding, only=[field, NAME_FIELD])
    found = {c: (v[field], v.get(NAME_FIELD, "")) for c, v in opened.items() if field in v}
    return {q.id: found[q.customer_id] for q in queued if q.customer_id in found}


def _messages(
    uc: UseCase, campaign: Campaign, queued: list[Queued], contacts: dict[str, tuple[str, str]]
) -> list[Outgoing]:
    channel = MarketingChannel(campaign.channel)
    shop = shop_identity(uc.uow).business_name
    template = Template(campaign.body, campaign.subject)
    owners = {q.id: q.customer_id or "" for q in queued}
    batch = []
    for key, (to, name) in contacts.items():
        message = render(template, channel, shop, name)
        link = _unsubscribe(uc, channel, owners[key])
        batch.append(Outgoing(key, to, message.subject, message.body, link))
    return batch


def _unsubscribe(uc: UseCase, channel: MarketingChannel, customer_id: str) -> str:
    if channel is not MarketingChannel.EMAIL:
        return ""
    base = uc.vault.settings.public_url.rstrip("/")
    if not base.startswith("https://"):
        raise ConfigurationError(
            "marketing email needs PRIVAULT_PUBLIC_URL, the https:// address customers reach "
            "for the one-click unsubscribe link (RFC 8058)"
        )
    return base + unsubscribe_link(uc.vault, customer_id, "marketing_email")


def _queued(campaign: Campaign, customer_id: str, now: datetime) -> dict[str, object]:
    return {
        "id": str(uuid4()),
        "campaign_id": campaign.id,
        "customer_id": customer_id,
        "channel": campaign.channel,
        "status": DeliveryStatus.QUEUED.value,
        "queued_at": now,
    }


def _purpose(campaign: Campaign) -> str:
    return " ".join(sorted(campaign.purposes))


@dataclass(frozen=True)
class Sending:
    approval: Approval | None  # None: it was approved before
    sent: int  # in this run; none when its time has not come (the scheduler sends it then)


def send_campaign(vault: Vault, actor: Actor, campaign_id: str) -> Sending:
    """The marketing manager's send: a planned campaign is approved first (recounted, quiet
    hours applied), then sent at once if its time has come."""
    with use_case(vault, actor) as uc:
        status = existing_campaign(uc, campaign_id).status
    approval = None
    if status is CampaignStatus.PLANNED:
        approval = approve_campaign(vault, actor, campaign_id)
    return Sending(approval, deliver_campaign(vault, actor, campaign_id))


DECISIONS = {
    "sent": DeliveryStatus.SENT,  # the gateway's records show it went out
    "failed": DeliveryStatus.FAILED,  # it did not, and is not to be tried again
    "resend": DeliveryStatus.QUEUED,  # it did not: the next run sends it (consent checked again)
}


def decide_unknown(vault: Vault, actor: Actor, campaign_id: str, decision: str) -> int:
    """A person's answer for the deliveries whose gateway answer was lost, after checking the
    gateway's own records; returns how many it settled. Nothing is resent without it."""
    status = DECISIONS.get(decision.strip().lower())
    if status is None:
        raise InvalidInputError(
            "choose one of {choices}", field="decision", params={"choices": ", ".join(DECISIONS)}
        )
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id, lock=True)
        uc.require(Action.CAMPAIGN_SEND, stores=campaign.stores or None)
        unknown = [q.id for q in uc.uow.campaigns.with_status(campaign.id, DeliveryStatus.UNKNOWN)]
        uc.uow.campaigns.move(unknown, status)
        if status is DeliveryStatus.QUEUED and unknown:
            uc.uow.campaigns.set_status(campaign.id, CampaignStatus.SENDING)
        reason = f"campaign {campaign.id}: {len(unknown)} unknown deliveries decided {status.value}"
        uc.record(Action.CAMPAIGN_SEND, reason=reason)
        uc.commit()
    return len(unknown)
