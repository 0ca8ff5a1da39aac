"""Disclosure to a partner: only under an agreement in force covering the purpose and the
fields; per customer the separate consent (controller), no opt-out, no restriction; those failing
are skipped with a reason; the disclosure and each customer's event are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.domain.portal import customer_actor
from privault.domain.requests import RequestType
from privault.services.audit.events import list_audit_events
from privault.services.compliance.report import issue_compliance_report
from privault.services.customers.restriction import restrict_customer
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.portal.privacy_choices import opt_out_own
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.services.partners.conftest import OFFICER
from tests.services.requests.test_fulfilment import answer, run

SHARING = (*MEMBER, "partner_sharing")
READER = Actor("audit.reader", frozenset({"auditor"}))


def _disclosure_events(vault: Vault, customer_id: str) -> list[tuple[str, str, str]]:
    return [
        (e.outcome.value, ",".join(e.fields), (e.reason or "").split(": ", 1)[-1])
        for e in list_audit_events(vault, READER, customer_id=customer_id)
        if e.action == "partners.disclose"
    ]


@pytest.mark.legal("PIPL Art. 23")
def test_a_controller_receives_only_customers_with_separate_consent(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    consented = register(vault, operator, purposes=SHARING)
    not_asked = register(vault, operator, purposes=MEMBER)

    result = disclose_to_partner(
        vault,
        OFFICER,
        controller_agreement,
        "partner_sharing",
        "name mobile",
        [consented, not_asked],
    )

    assert result.sent == (consented,)
    assert result.skipped == {not_asked: "no separate consent to partner_sharing"}
    assert (result.disclosure.sent, result.disclosure.skipped) == (1, 1)
    assert _disclosure_events(vault, consented)[0][:2] == ("allowed", "mobile,name")
    assert _disclosure_events(vault, not_asked) == []
    summary = [
        e.reason
        for e in list_audit_events(vault, READER)
        if e.action == "partners.disclose" and e.customer_id is None
    ]
    assert summary == [
        f"disclosure {result.disclosure.id}: 1 customers left out, "
        "no separate consent to partner_sharing"
    ]


@pytest.mark.legal("PIPL Art. 21")
def test_an_entrusted_processor_needs_the_agreement_and_not_a_consent(
    vault: Vault, operator: Actor, processor_agreement: str
) -> None:
    customer = register(vault, operator, purposes=MEMBER)
    result = disclose_to_partner(vault, OFFICER, processor_agreement, "service", "name", [customer])
    assert result.sent == (customer,)
    assert result.skipped == {}


@pytest.mark.legal("CCPA §1798.120")
def test_a_customer_who_opted_out_of_sharing_is_skipped_and_the_reason_stated(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    set_customer_regimes(vault, operator, customer, "CA")
    opt_out_own(vault, customer_actor(customer), customer)

    result = disclose_to_partner(
        vault, OFFICER, controller_agreement, "partner_sharing", "name", [customer]
    )

    assert result.sent == ()
    assert result.skipped == {customer: "opted out of sale or sharing (CCPA §1798.120)"}


@pytest.mark.legal("GDPR Art. 18", "PIPL Art. 44")
def test_a_restricted_customer_is_skipped(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    restrict_customer(vault, operator, customer, reason="accuracy contested")
    result = disclose_to_partner(
        vault, OFFICER, controller_agreement, "partner_sharing", "name", [customer]
    )
    assert result.skipped == {customer: "processing is restricted (PIPL Art. 44, GDPR Art. 18)"}


@pytest.mark.legal("PIPL Art. 21")
@pytest.mark.parametrize(
    ("purpose", "fields", "field"),
    [
        ("marketing_sms", "name", "purpose"),
        ("partner_sharing", "name birth_date", "fields"),
        ("partner_sharing", "", "fields"),
    ],
)
def test_a_purpose_or_field_the_agreement_does_not_cover_is_refused_and_nothing_kept(
    vault: Vault,
    operator: Actor,
    controller_agreement: str,
    purpose: str,
    fields: str,
    field: str,
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        disclose_to_partner(vault, OFFICER, controller_agreement, purpose, fields, [customer])
    assert refused.value.field == field
    after = table_counts(vault.database)
    assert after["disclosures"] == before["disclosures"] == 0
    assert after["disclosure_customers"] == 0


@pytest.mark.legal("PIPL Art. 21")
def test_sharing_under_an_expired_agreement_is_refused_with_its_dates(
    vault: Vault, operator: Actor, controller_agreement: str, clock: FrozenClock
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    clock.advance(days=400)
    with pytest.raises(InvalidInputError, match="is expired") as refused:
        disclose_to_partner(
            vault, OFFICER, controller_agreement, "partner_sharing", "name", [customer]
        )
    assert "2027-11-15" in refused.value.message
    assert table_counts(vault.database)["disclosures"] == 0
    denied = [e for e in list_audit_events(vault, READER) if e.action == "partners.disclose"]
    assert [e.outcome for e in denied] == [Outcome.DENIED]


def test_only_the_privacy_officer_discloses(
    vault: Vault, controller_agreement: str, operator: Actor
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    manager = Actor("manager.wu", frozenset({"store_manager"}))
    with pytest.raises(PolicyDeniedError):
        disclose_to_partner(
            vault, manager, controller_agreement, "partner_sharing", "name", [customer]
        )


def test_the_partners_file_holds_the_shared_fields_in_clear_for_those_sent_only(
    vault: Vault, operator: Actor, controller_agreement: str, tmp_path: Path
) -> None:
    sent = register(vault, operator, {"name": "林晓梅", "mobile": "13900001111"}, SHARING)
    skipped = register(vault, operator, purposes=MEMBER)
    out = tmp_path / "acme.csv"

    result = disclose_to_partner(
        vault, OFFICER, controller_agreement, "partner_sharing", "name,mobile", [sent, skipped], out
    )

    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1] == f"{result.disclosure.id},{sent},林晓梅,13900001111"


@pytest.mark.legal("PIPL Art. 45", "PIPL Art. 23")
def test_the_customers_access_package_names_the_partner_as_a_recipient(
    vault: Vault, operator: Actor, controller_agreement: str, tmp_path: Path
) -> None:
    customer = register(vault, operator, purposes=SHARING)
    disclose_to_partner(vault, OFFICER, controller_agreement, "partner_sharing", "name", [customer])

    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)

    recipients = json.loads(answer(vault, operator, customer, tmp_path / "data.json"))["recipients"]
    assert "Acme Spa Ltd" in recipients["third_parties"]
    assert [(d["partner"], d["purpose"], d["fields"]) for d in recipients["disclosures"]] == [
        ("Acme Spa Ltd", "partner_sharing", ["name"])
    ]


@pytest.mark.legal("PIPL Art. 54")
def test_the_compliance_report_counts_the_years_disclosures(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    sent = [register(vault, operator, purposes=SHARING) for _ in range(2)]
    disclose_to_partner(vault, OFFICER, controller_agreement, "partner_sharing", "name", sent)

    report = issue_compliance_report(vault, operator, 2026).pack["report"]

    assert isinstance(report, dict)
    assert report["disclosures"] == {"disclosures": 1, "customers": 2, "cross_border": 0}
