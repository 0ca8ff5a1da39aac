"""`privault partners|agreements|disclosures ...`: the privacy officer's register of partners and
agreements, and disclosures through the one service that checks each customer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, record, table
from privault.db.partners import DisclosureRow
from privault.domain.partners import AgreementTerms, Partner, parse_date, parse_route, split_fields
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.partners.history import disclosure_customers, list_disclosures
from privault.services.partners.registry import (
    AgreementView,
    PartnerForm,
    add_agreement,
    add_partner,
    get_agreement,
    list_agreements,
    list_partners,
    record_deletion_certificate,
    terminate_agreement,
)

app = typer.Typer(help="Partners (合作方): processors and other controllers that receive data.")
agreements = typer.Typer(help="Agreements with partners: purpose, fields, terms and dates.")
disclosures = typer.Typer(
    help="Disclosures: customer data sent to a partner, checked per customer."
)
AgreementId = Annotated[str, typer.Argument(help="The agreement's id.")]
Opt = typer.Option


@app.command("add")
def add(
    name: Annotated[str, Opt(help="The partner's legal name.")],
    role: Annotated[str, Opt(help="processor (PIPL Art. 21) or controller (Art. 23).")],
    country: Annotated[str, Opt(help="Two-letter country code; not CN: a transfer abroad.")],
    contact: Annotated[str, Opt(help="Whom to reach at the partner.")],
    as_json: Json = False,
) -> None:
    """Add a partner."""
    with context.vault() as vault:
        partner = add_partner(vault, context.actor(), PartnerForm(name, role, country, contact))
    _show_partners([partner], as_json)


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Every partner."""
    with context.vault() as vault:
        found = list_partners(vault, context.actor())
    _show_partners(found, as_json)


def _show_partners(found: list[Partner], as_json: bool) -> None:
    if as_json:
        emit_json(found)
        return
    rows = [(p.id, p.name, p.role.value, p.country, p.contact) for p in found]
    table("partners", ["id", "name", "role", "country", "contact"], rows)


@agreements.command("add")
def add_agreement_(
    partner_id: Annotated[str, typer.Argument(help="The partner's id.")],
    purpose: Annotated[str, Opt(help="The catalog purpose the data is given for.")],
    fields: Annotated[str, Opt(help="Catalog field keys, comma-separated.")],
    scope: Annotated[str, Opt(help="What the partner does with the data.")],
    confidentiality: Annotated[str, Opt(help="The confidentiality terms (clause).")],
    security: Annotated[str, Opt(help="The security terms (clause).")],
    starts: Annotated[str, Opt(help="First day, 2026-12-01.")],
    expires: Annotated[str, Opt(help="Last day, 2027-11-30.")],
    route: Annotated[str | None, Opt(help="Abroad: the legal route of the transfer.")] = None,
    assessment: Annotated[str | None, Opt(help="Abroad: the impact assessment's ref.")] = None,
    assessment_approved: Annotated[str | None, Opt(help="Abroad: its approval date.")] = None,
    keeps_data: Annotated[bool, Opt(help="The partner need not delete at the end.")] = False,
    as_json: Json = False,
) -> None:
    """Add an agreement; refused unless usable as written."""
    terms = AgreementTerms(
        purpose=purpose,
        fields=split_fields(fields),
        scope=scope,
        confidentiality=confidentiality,
        security=security,
        starts_on=parse_date(starts, "starts"),
        expires_on=parse_date(expires, "expires"),
        deletes_on_termination=not keeps_data,
        route=parse_route(route),
        assessment_ref=assessment,
        assessment_approved_on=_date(assessment_approved, "assessment_approved"),
    )
    with context.vault() as vault:
        actor = context.actor()
        made = add_agreement(vault, actor, partner_id, terms)
        _show_agreement(get_agreement(vault, actor, made.id), as_json)


def _date(value: str | None, field: str) -> date | None:
    return None if value is None else parse_date(value, field)


@agreements.command("list")
def list_agreements_(
    partner: Annotated[str | None, Opt(help="Only this partner's.")] = None,
    as_json: Json = False,
) -> None:
    """Agreements with their status (pending, active, expired, terminated)."""
    with context.vault() as vault:
        found = list_agreements(vault, context.actor(), partner)
    if as_json:
        emit_json([_agreement_record(v) for v in found])
        return
    rows = [
        (
            v.agreement.id,
            v.partner.name,
            v.agreement.terms.purpose,
            v.status.value,
            v.agreement.terms.expires_on,
        )
        for v in found
    ]
    table("agreements", ["id", "partner", "purpose", "status", "expires"], rows)


@agreements.command("show")
def show_agreement(agreement_id: AgreementId, as_json: Json = False) -> None:
    """One agreement and its terms."""
    with context.vault() as vault:
        _show_agreement(get_agreement(vault, context.actor(), agreement_id), as_json)


@agreements.command("terminate")
def terminate(agreement_id: AgreementId, as_json: Json = False) -> None:
    """End an agreement today; the partner's deletion certificate is then due."""
    with context.vault() as vault:
        actor = context.actor()
        terminate_agreement(vault, actor, agreement_id)
        _show_agreement(get_agreement(vault, actor, agreement_id), as_json)


@agreements.command("certificate")
def certificate(
    agreement_id: AgreementId,
    reference: Annotated[str, Opt(help="The certificate's reference.")],
    received: Annotated[str, Opt(help="When it was received, 2026-12-01.")],
    as_json: Json = False,
) -> None:
    """Record the partner's deletion certificate after the agreement ended."""
    with context.vault() as vault:
        actor = context.actor()
        on = parse_date(received, "received")
        record_deletion_certificate(vault, actor, agreement_id, reference, on)
        _show_agreement(get_agreement(vault, actor, agreement_id), as_json)


def _agreement_record(view: AgreementView) -> dict[str, object]:
    a = view.agreement
    return {
        "id": a.id,
        "partner": {"id": view.partner.id, "name": view.partner.name},
        "status": view.status.value,
        "terms": a.terms,
        "terminated_on": a.terminated_on,
        "certificate_ref": a.certificate_ref,
        "certificate_on": a.certificate_on,
    }


def _show_agreement(view: AgreementView, as_json: bool) -> None:
    shown = _agreement_record(view)
    if as_json:
        emit_json(shown)
        return
    t = view.agreement.terms
    pairs = [(k, v) for k, v in shown.items() if k != "terms"]
    pairs += [("purpose", t.purpose), ("fields", ", ".join(t.fields)), ("expires", t.expires_on)]
    record("agreement", pairs)


@disclosures.command("send")
def send(
    agreement_id: AgreementId,
    purpose: Annotated[str, Opt(help="The agreement's purpose.")],
    fields: Annotated[str, Opt(help="Field keys, comma-separated, all in the agreement.")],
    customers: Annotated[Path, Opt(help="A file with one customer id a line.")],
    out: Annotated[Path | None, Opt(help="Write the partner's CSV here.")] = None,
    as_json: Json = False,
) -> None:
    """Disclose to the agreement's partner; customers failing a check are skipped, with why."""
    ids = customers.read_text(encoding="utf-8").split()
    with context.vault() as vault:
        result = disclose_to_partner(
            vault, context.actor(), agreement_id, purpose, fields, ids, out
        )
    if as_json:
        emit_json({**_disclosure_record(result.disclosure), "skipped": result.skipped})
        return
    record("disclosure", [("id", result.disclosure.id), ("sent", len(result.sent))])
    table("skipped", ["customer", "reason"], sorted(result.skipped.items()))


@disclosures.command("list")
def list_disclosures_(as_json: Json = False) -> None:
    """Disclosures, newest first: partner, purpose, fields, how many sent and skipped."""
    with context.vault() as vault:
        found = list_disclosures(vault, context.actor()).disclosures
    if as_json:
        emit_json([_disclosure_record(d) for d in found])
        return
    rows = [
        (d.id, d.at, d.partner_id, d.purpose, " ".join(d.fields), d.sent, d.skipped) for d in found
    ]
    table("disclosures", ["id", "at", "partner", "purpose", "fields", "sent", "skipped"], rows)


@disclosures.command("customers")
def customers_(
    disclosure_id: Annotated[str, typer.Argument(help="The disclosure's id.")],
    as_json: Json = False,
) -> None:
    """The customers a disclosure sent, by id (the read is audited)."""
    with context.vault() as vault:
        ids = disclosure_customers(vault, context.actor(), disclosure_id)
    if as_json:
        emit_json(ids)
        return
    table("customers", ["customer"], [(c,) for c in ids])


def _disclosure_record(row: DisclosureRow) -> dict[str, object]:
    return {**row._asdict(), "fields": list(row.fields)}
