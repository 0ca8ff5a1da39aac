"""Delivery reports from the SMS gateway (issue 16): each names a message by our delivery key
(or the gateway's message id) and says whether it reached the phone. The delivery's state
follows (delivered, failed), audited by customer id only; a report on a message never handed
over, already settled, or unknown to us changes nothing. Reports carry no number, and nothing
of one is logged. The webhook is signed like the replies' (`inbound.py`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from privault.db.campaigns import Reported
from privault.domain.campaigns import REPORTABLE, DeliveryStatus, reported_status
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action
from privault.infra.sms_http import is_genuine_webhook
from privault.services.campaigns.inbound import BAD_SIGNATURE
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

MAX_REPORTS = 1000  # per call; a provider batches its reports


@dataclass(frozen=True)
class DeliveryReport:
    key: str  # our delivery id, sent to the gateway with the message
    ref: str  # the gateway's message id
    state: str  # delivered, failed, ... as the gateway words it
    code: str = ""  # the gateway's error code, never its text


@dataclass(frozen=True)
class ReportsTaken:
    settled: int
    ignored: int


Change = tuple[Reported, DeliveryStatus, str | None]


def record_delivery_reports(vault: Vault, reports: Sequence[DeliveryReport]) -> ReportsTaken:
    """One use case for the call: every delivery it settles, audited, or nothing."""
    with use_case(vault, ANONYMOUS) as uc:
        changes = _changes(uc, reports)
        uc.uow.campaigns.settle_reports(
            [{"key": d.id, "status": s.value, "error": code} for d, s, code in changes]
        )
        _audit(uc, changes)
        taken = ReportsTaken(len(changes), len(reports) - len(changes))
        reason = f"delivery reports: {taken.settled} settled, {taken.ignored} ignored"
        uc.record(Action.CAMPAIGN_SEND, reason=reason)
        uc.commit()
    return taken


def _changes(uc: UseCase, reports: Sequence[DeliveryReport]) -> list[Change]:
    keys = [r.key for r in reports if r.key]
    found = uc.uow.campaigns.reported_on(keys, [r.ref for r in reports if r.ref])
    by_key = {d.id: d for d in found}
    by_ref = {d.provider_ref: d for d in found if d.provider_ref}
    changes: dict[str, Change] = {}
    for report in reports:
        delivery = by_key.get(report.key) or by_ref.get(report.ref)
        status = reported_status(report.state)
        if delivery is None or status is None or delivery.id in changes:
            continue
        if DeliveryStatus(delivery.status) in REPORTABLE:
            code = report.code[:64] or None if status is DeliveryStatus.FAILED else None
            changes[delivery.id] = (delivery, status, code)
    return list(changes.values())


def _audit(uc: UseCase, changes: Iterable[Change]) -> None:
    grouped: dict[tuple[str, DeliveryStatus], list[str]] = {}
    for delivery, status, _ in changes:
        if delivery.customer_id:  # an erased recipient is named by no event
            grouped.setdefault((delivery.campaign_id, status), []).append(delivery.customer_id)
    for (campaign_id, status), ids in sorted(grouped.items()):
        reason = f"campaign {campaign_id}: delivery {status.value}"
        uc.record_each(Action.CAMPAIGN_SEND, ids, reason=reason)


def receive_delivery_reports(
    vault: Vault, timestamp: str, body: bytes, signature: str
) -> ReportsTaken:
    """The gateway's call with delivery reports: refused (and audited) unless signed with the
    shared secret within the last minutes."""
    secret = vault.settings.sms_webhook_secret
    if not is_genuine_webhook(secret, timestamp, body, signature, vault.clock()):
        with use_case(vault, ANONYMOUS) as uc:
            uc.refuse(Action.CAMPAIGN_SEND, PolicyDeniedError(BAD_SIGNATURE))
    return record_delivery_reports(vault, parse_reports(body))


def parse_reports(body: bytes) -> list[DeliveryReport]:
    try:
        sent = json.loads(body)["reports"]
        if not isinstance(sent, list) or len(sent) > MAX_REPORTS:
            raise TypeError
        return [
            DeliveryReport(
                str(r.get("id") or ""),
                str(r.get("message_id") or ""),
                str(r["status"]),
                str(r.get("code") or ""),
            )
            for r in sent
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInputError(
            "a JSON object with reports: at most {limit}, each with id or message_id and status",
            field="body",
            params={"limit": MAX_REPORTS},
        ) from None
