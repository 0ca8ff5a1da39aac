"""Shared steps of the campaign tests: consented customers, a planned and approved campaign."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from privault.domain.policy import Actor
from privault.infra.senders import Outcome, Outgoing, Receipt
from privault.infra.sms import FileOutbox
from privault.services.campaigns.planning import CampaignDraft, approve_campaign, plan_campaign
from privault.services.vault import Vault
from tests.factories import register, unique_mobile

MARKETING = Actor("marketing.main", frozenset({"marketing"}), frozenset({"main"}))
MANAGER = Actor("marketing.manager", frozenset({"marketing_manager"}), frozenset({"main"}))
SMS_TEXT = "新品烫染八折，本周有效。回T退订"


def customers(vault: Vault, actor: Actor, count: int, *purposes: str) -> list[str]:
    return [
        register(
            vault, actor, {"name": "欧阳娜娜", "mobile": unique_mobile()}, ("service", *purposes)
        )
        for _ in range(count)
    ]


def sms_draft(**terms: str) -> CampaignDraft:
    """An SMS campaign to everyone in reach; `terms` change its text fields."""
    return replace(CampaignDraft("秋季烫染", "sms", SMS_TEXT), **terms)  # type: ignore[arg-type]


def approved(vault: Vault, draft: CampaignDraft | None = None) -> str:
    planned = plan_campaign(vault, MARKETING, draft or sms_draft())
    approve_campaign(vault, MANAGER, planned.campaign.id)
    return planned.campaign.id


def outbox(vault: Vault) -> FileOutbox:
    assert isinstance(vault.sms, FileOutbox)
    return vault.sms


@dataclass
class FlakyGateway:
    """A gateway that takes `answers` messages, then loses the answer for the rest."""

    answers: int
    keeps_idempotency_keys: bool = False
    taken: list[Outgoing] = field(default_factory=list)

    def send_batch(self, batch: Sequence[Outgoing]) -> list[Receipt]:
        receipts = []
        for message in batch:
            self.taken.append(message)
            done = len(self.taken) <= self.answers
            receipts.append(Receipt(message.key, Outcome.SENT if done else Outcome.LOST))
        return receipts


def holds(vault: Vault, customer_id: str, purpose: str) -> bool:
    with vault.unit_of_work() as uow:
        return purpose in uow.consents.active_for(customer_id)
