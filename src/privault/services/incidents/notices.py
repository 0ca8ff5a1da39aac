"""Notices to the customers an incident affected, by SMS (the outbox) or email, each recorded;
and the regulator's report, drafted in Chinese or English from the record."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError
from privault.domain.incident_notices import SUBJECTS, customer_notice_in, regulator_report
from privault.domain.incidents import Incident
from privault.domain.policy import Action, Actor
from privault.infra.printing.incident_report import incident_report_pdf
from privault.infra.printing.watermark import PrintedFor
from privault.services.consents.notices import shop_identity
from privault.services.customers.language import languages_of
from privault.services.customers.sealing import open_fields
from privault.services.incidents.register import existing_incident, incident_view, open_incident
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

CHANNELS = (("sms", "mobile"), ("email", "email"))  # SMS first: it reaches a phone at once
REPORT_LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Notice:
    """One message to send after the commit; holds a contact value, so never logged."""

    channel: str
    to: str
    text: str
    language: str  # the customer's own (zh or en): one language, never both


@dataclass(frozen=True)
class NoticeRun:
    sent: dict[str, int]  # per channel
    unreachable: int  # affected customers with no contact a gateway can reach
    already: int  # told before


def notify_affected(vault: Vault, actor: Actor, incident_id: str) -> NoticeRun:
    """Everyone affected and not yet told gets the notice once; the contact opened for it is
    recorded per customer, and nothing leaves unless the use case commits."""
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_NOTIFY)
        incident = open_incident(uc.uow, incident_id)
        _check_response(incident)
        waiting = [a.customer_id for a in uc.uow.incidents.affected(incident.id)]
        told = {a.customer_id for a in uc.uow.incidents.affected(incident.id) if a.notified_at}
        pending = [cid for cid in waiting if cid not in told]
        notices = _notices(uc, incident, pending)
        uc.uow.incidents.mark_notified(
            incident.id, {c: n.channel for c, n in notices.items()}, uc.now
        )
        uc.record_all(
            Entry(Action.INCIDENT_NOTIFY, cid, (dict(CHANNELS)[n.channel],), None,
                  f"incident {incident.id} notice by {n.channel} in {n.language}")
            for cid, n in notices.items()
        )  # fmt: skip
        uc.commit()
    _send(vault, list(notices.values()))
    sent = Counter(n.channel for n in notices.values())
    return NoticeRun(dict(sent), len(pending) - len(notices), len(told))


def _check_response(incident: Incident) -> None:
    for name in ("measures", "advice", "contact"):
        if not getattr(incident, name):
            raise InvalidInputError(
                "describe what was done, what people can do and whom they contact before "
                "notifying them",
                field=name,
            )


def _notices(uc: UseCase, incident: Incident, ids: list[str]) -> dict[str, Notice]:
    gateways = {"sms": uc.vault.sms, "email": uc.vault.mailer}
    fields = [f for ch, f in CHANNELS if gateways[ch] is not None]
    opened = open_fields(uc.vault, uc.uow, ids, only=fields) if ids and fields else {}
    specs = [uc.catalog.fields[f] for f in incident.data_fields if f in uc.catalog.fields]
    shop = shop_identity(uc.uow).business_name
    texts = {
        "zh": customer_notice_in(incident, shop, [f.label_zh for f in specs], "zh"),
        "en": customer_notice_in(incident, shop, [f.label_en for f in specs], "en"),
    }
    languages = languages_of(uc, ids)
    found: dict[str, Notice] = {}
    for cid in ids:
        contact, lang = opened.get(cid, {}), languages[cid]
        for channel, field in CHANNELS:
            if gateways[channel] is not None and contact.get(field):
                found[cid] = Notice(channel, contact[field], texts[lang], lang)
                break
    return found


def _send(vault: Vault, notices: list[Notice]) -> None:
    for notice in notices:
        if notice.channel == "sms" and vault.sms is not None:
            vault.sms.send(notice.to, notice.text)
        elif notice.channel == "email" and vault.mailer is not None:
            vault.mailer.send(notice.to, SUBJECTS[notice.language], notice.text)


def draft_regulator_report(vault: Vault, actor: Actor, incident_id: str, language: str) -> str:
    """The CAC's report in Chinese, another authority's in English, from the record alone."""
    return _drafted(vault, actor, incident_id, language, "")[0]


def regulator_report_pdf(vault: Vault, actor: Actor, incident_id: str, language: str) -> bytes:
    """The same report as a PDF through the product's printing module, for the reader named
    in its watermark; the read is recorded as a PDF."""
    text, printed = _drafted(vault, actor, incident_id, language, " PDF")
    return incident_report_pdf(text, incident_id.strip(), printed, language)


def _drafted(
    vault: Vault, actor: Actor, incident_id: str, language: str, kind: str
) -> tuple[str, PrintedFor]:
    if language not in REPORT_LANGUAGES:
        raise InvalidInputError("choose zh or en", field="language")
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_READ)
        view = incident_view(uc, existing_incident(uc.uow, incident_id))
        text = regulator_report(
            view.incident,
            view.clocks,
            view.people_by_regime,
            shop=shop_identity(uc.uow).business_name,
            zone=view.zone,
            language=language,
        )
        why = f"incident {view.incident.id} report ({language}){kind}"
        uc.record(Action.INCIDENT_READ, reason=why)
        uc.commit()
        return text, PrintedFor(uc.actor.name, uc.now, ZoneInfo(view.zone))
