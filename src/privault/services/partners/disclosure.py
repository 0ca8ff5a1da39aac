"""The one door through which customer data leaves for a partner (PIPL Art. 21, 23, 38-39;
CCPA §1798.120; GDPR Art. 18): the agreement must be in force and cover the purpose and fields,
and each customer is checked, those failing skipped with their reason. The disclosure is kept
(partner, purpose, fields, customers, time) and each customer's event is in the trail."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from privault.db.partners import DisclosureRow
from privault.domain.errors import InvalidInputError
from privault.domain.partners import Agreement, AgreementStatus, Partner, split_fields
from privault.domain.partners_checks import Facts, skip_reason
from privault.domain.policy import Action, Actor
from privault.services.partners.abroad import check_abroad
from privault.services.partners.disclosure_file import write_disclosure_file
from privault.services.partners.registry import existing_agreement, existing_partner, shop_today
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class DisclosureResult:
    disclosure: DisclosureRow
    sent: tuple[str, ...]
    skipped: dict[str, str]  # customer id -> why they were left out


def disclose_to_partner(
    vault: Vault,
    actor: Actor,
    agreement_id: str,
    purpose: str,
    fields: str | Iterable[str],
    customer_ids: Sequence[str],
    out: Path | None = None,
) -> DisclosureResult:
    """Refused whole (and nothing kept) when the agreement is not in force or does not cover
    the purpose or a field, or abroad without a legal route; otherwise per customer."""
    wanted = split_fields(fields)
    ids = list(dict.fromkeys(c.strip() for c in customer_ids if c.strip()))
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_DISCLOSE)
        agreement = existing_agreement(uc, agreement_id)
        partner = existing_partner(uc, agreement.partner_id)
        _check_cover(uc, agreement, purpose.strip(), wanted, ids)
        sent, skipped = _checked(uc, partner, agreement, ids)
        if partner.is_foreign:
            check_abroad(uc, agreement, wanted, sent)
        row = _kept(uc, partner, agreement, wanted, sent, len(skipped))
        if out is not None:
            write_disclosure_file(uc, row, sent, out)
        _record(uc, row, sent, skipped)
        uc.commit()
    return DisclosureResult(row, tuple(sent), skipped)


def _check_cover(
    uc: UseCase, agreement: Agreement, purpose: str, fields: tuple[str, ...], ids: list[str]
) -> None:
    status = agreement.status(shop_today(uc))
    problem: InvalidInputError | None = None
    if status is not AgreementStatus.ACTIVE:
        problem = InvalidInputError(
            "is {status} (in force {starts} to {ends}); nothing was shared",
            field="agreement",
            params=_period(agreement, status),
        )
    elif purpose != agreement.terms.purpose:
        problem = InvalidInputError(
            "{purpose} is not covered by the agreement, which allows only {allowed}; nothing "
            "was shared",
            field="purpose",
            params={"purpose": purpose, "allowed": agreement.terms.purpose},
        )
    else:
        problem = _fields_problem(agreement, fields) or _ids_problem(ids)
    if problem is not None:
        uc.refuse(Action.PARTNERS_DISCLOSE, problem, fields=fields, purpose=purpose)


def _period(agreement: Agreement, status: AgreementStatus) -> dict[str, object]:
    t = agreement.terms
    return {"status": status.value, "starts": t.starts_on, "ends": t.expires_on}


def _fields_problem(agreement: Agreement, fields: tuple[str, ...]) -> InvalidInputError | None:
    if not fields:
        return InvalidInputError("name at least one field to share", field="fields")
    uncovered = [f for f in fields if f not in agreement.terms.fields]
    if not uncovered:
        return None
    return InvalidInputError(
        "{fields} not covered by the agreement, which allows {allowed}; nothing was shared",
        field="fields",
        params={"fields": ", ".join(uncovered), "allowed": ", ".join(agreement.terms.fields)},
    )


def _ids_problem(ids: list[str]) -> InvalidInputError | None:
    if ids:
        return None
    return InvalidInputError("name at least one customer to share", field="customers")


def _checked(
    uc: UseCase, partner: Partner, agreement: Agreement, ids: list[str]
) -> tuple[list[str], dict[str, str]]:
    """Each customer passes or is left out with a reason; read in chunks, no value opened."""
    sent: list[str] = []
    skipped: dict[str, str] = {}
    catalog = uc.catalog
    renewals = uc.uow.consents.renewals()
    size = uc.uow.partners.batch
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        rows = uc.uow.partners.sharing_facts(chunk)
        consents = uc.uow.partners.active_consents(chunk, renewals)
        for cid in chunk:
            row = rows.get(cid)
            facts = None if row is None else Facts(*row, consents.get(cid, set()))
            why = skip_reason(facts, partner, agreement, catalog)
            if why is None:
                sent.append(cid)
            else:
                skipped[cid] = why
    return sent, skipped


def _kept(
    uc: UseCase,
    partner: Partner,
    agreement: Agreement,
    fields: tuple[str, ...],
    sent: list[str],
    skipped: int,
) -> DisclosureRow:
    row = DisclosureRow(
        str(uuid.uuid4()),
        agreement.id,
        partner.id,
        agreement.terms.purpose,
        fields,
        uc.now,
        uc.actor.name,
        len(sent),
        skipped,
        partner.is_foreign,
    )
    uc.uow.partners.add_disclosure(row, sent)
    return row


def _record(uc: UseCase, row: DisclosureRow, sent: list[str], skipped: dict[str, str]) -> None:
    """One event per customer sent; those left out counted per reason, as an export does (the
    result names each with their reason)."""
    done = f"disclosure {row.id} to partner {row.partner_id} under agreement {row.agreement_id}"
    entries = [Entry(Action.PARTNERS_DISCLOSE, c, row.fields, row.purpose, done) for c in sent]
    for why, count in sorted(Counter(skipped.values()).items()):
        left_out = f"disclosure {row.id}: {count} customers left out, {why}"
        entries.append(Entry(Action.PARTNERS_DISCLOSE, None, row.fields, row.purpose, left_out))
    uc.record_all(entries)
