"""A partner abroad: the customer's separate consent to the transfer, an impact assessment on
the agreement, a recorded legal route, and the people sent this year counted and alerted on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from privault.db.inspection import table_counts
from privault.domain import partners_checks
from privault.domain.assessments import AssessmentStatus
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError
from privault.domain.partners import CROSS_BORDER_PURPOSE, TransferRoute
from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.partners.abroad import people_abroad_this_year
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.use_case import use_case
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.services.partners.conftest import OFFICER, partner_with_agreement, terms

ABROAD = (*MEMBER, "partner_sharing", "cross_border_transfer")


def _people(vault: Vault) -> int:
    with use_case(vault, OFFICER, read_only=True) as uc:
        return people_abroad_this_year(uc)


@pytest.mark.legal("PIPL Art. 39")
def test_a_customer_without_the_separate_transfer_consent_is_skipped(
    vault: Vault, operator: Actor, abroad_agreement: str
) -> None:
    both = register(vault, operator, purposes=ABROAD)
    sharing_only = register(vault, operator, purposes=(*MEMBER, "partner_sharing"))

    result = disclose_to_partner(
        vault, OFFICER, abroad_agreement, "partner_sharing", "name", [both, sharing_only]
    )

    assert result.sent == (both,)
    assert result.skipped == {sharing_only: "no separate consent to cross_border_transfer"}
    assert result.disclosure.is_abroad
    assert _people(vault) == 1


@pytest.mark.legal("PIPL Art. 38")
def test_a_transfer_without_a_recorded_route_is_refused_and_nothing_kept(
    vault: Vault, operator: Actor
) -> None:
    no_route = terms(assessment_ref="PIA-1", assessment_approved_on=date(2026, 11, 1))
    agreement = partner_with_agreement(vault, "controller", "DE", no_route)
    customer = register(vault, operator, purposes=ABROAD)
    before = table_counts(vault.database)["disclosures"]

    with pytest.raises(InvalidInputError, match="no legal route") as refused:
        disclose_to_partner(vault, OFFICER, agreement, "partner_sharing", "name", [customer])

    assert refused.value.field == "route"
    assert table_counts(vault.database)["disclosures"] == before == 0


@pytest.mark.legal("PIPL Art. 55", "PIPL Art. 39")
def test_an_agreement_abroad_needs_an_approved_impact_assessment(vault: Vault) -> None:
    with pytest.raises(InvalidInputError) as refused:
        partner_with_agreement(vault, "processor", "SG", terms("service"))
    assert refused.value.field == "assessment_ref"
    assert table_counts(vault.database)["agreements"] == 0


@pytest.mark.legal("PIPL Art. 38")
def test_the_yearly_count_alerts_near_the_limit_and_refuses_past_it_under_the_exemption(
    vault: Vault, operator: Actor, abroad_agreement: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partners_checks, "SMALL_VOLUME_LIMIT", 5)
    first = [register(vault, operator, purposes=ABROAD) for _ in range(4)]
    later = [register(vault, operator, purposes=ABROAD) for _ in range(2)]

    disclose_to_partner(vault, OFFICER, abroad_agreement, "partner_sharing", "name", first)
    again = disclose_to_partner(vault, OFFICER, abroad_agreement, "partner_sharing", "name", first)
    with pytest.raises(InvalidInputError, match="past the"):
        disclose_to_partner(vault, OFFICER, abroad_agreement, "partner_sharing", "name", later)

    assert again.sent == tuple(first)  # the same people again: still four this year
    assert _people(vault) == 4
    kinds = [a.kind for a in list_alerts(vault, OFFICER)]
    assert kinds.count("cross_border_threshold") == 1


@pytest.mark.legal("PIPL Art. 55")
def test_an_agreement_abroad_needs_an_assessment_approved_in_the_register(vault: Vault) -> None:
    with vault.unit_of_work() as uow:  # setup: the shop's transfer assessment is back in draft
        for approved in uow.assessments.approved_for([CROSS_BORDER_PURPOSE]):
            uow.assessments.save(replace(approved, status=AssessmentStatus.DRAFT))
        uow.commit()
    foreign = terms(
        route=TransferRoute.SMALL_VOLUME,
        assessment_ref="PIA-2026-07",
        assessment_approved_on=date(2026, 11, 1),
    )

    with pytest.raises(InvalidInputError) as refused:
        partner_with_agreement(vault, "controller", "HK", foreign)

    assert refused.value.field == "assessment_ref"
    assert "in the register" in refused.value.message


READER = Actor("audit.reader", frozenset({"auditor"}))


def _abroad_with(vault: Vault, route: TransferRoute) -> str:
    foreign = terms(
        fields=("name", "allergies"),
        route=route,
        assessment_ref="PIA-2026-07",
        assessment_approved_on=date(2026, 11, 1),
    )
    return partner_with_agreement(vault, "controller", "HK", foreign)


@pytest.mark.legal("PIPL Art. 38")
def test_sensitive_fields_are_refused_under_the_small_volume_exemption_and_the_refusal_audited(
    vault: Vault, operator: Actor
) -> None:
    agreement = _abroad_with(vault, TransferRoute.SMALL_VOLUME)
    customer = register(vault, operator, purposes=ABROAD)

    with pytest.raises(InvalidInputError, match="only non-sensitive") as refused:
        disclose_to_partner(
            vault, OFFICER, agreement, "partner_sharing", "name allergies", [customer]
        )

    assert refused.value.field == "fields"
    assert refused.value.params == {"fields": "allergies"}
    assert table_counts(vault.database)["disclosures"] == 0
    assert _people(vault) == 0
    denied = [
        (e.outcome, e.reason or "")
        for e in list_audit_events(vault, READER)
        if e.action == "partners.disclose"
    ]
    assert len(denied) == 1
    assert denied[0][0] is Outcome.DENIED
    assert "allergies sensitive" in denied[0][1]
    # the non-sensitive field alone still goes under the exemption
    result = disclose_to_partner(vault, OFFICER, agreement, "partner_sharing", "name", [customer])
    assert result.sent == (customer,)


@pytest.mark.legal("PIPL Art. 38")
def test_sensitive_fields_go_abroad_under_a_standard_contract(
    vault: Vault, operator: Actor
) -> None:
    agreement = _abroad_with(vault, TransferRoute.STANDARD_CONTRACT)
    customer = register(vault, operator, purposes=ABROAD)

    result = disclose_to_partner(
        vault, OFFICER, agreement, "partner_sharing", "name allergies", [customer]
    )

    assert result.sent == (customer,)
    assert result.disclosure.fields == ("name", "allergies")
    assert _people(vault) == 1


@pytest.mark.legal("PIPL Art. 38")
def test_the_yearly_count_follows_the_shops_new_year_in_shanghai_not_utc(
    vault: Vault,
    operator: Actor,
    abroad_agreement: str,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(partners_checks, "SMALL_VOLUME_LIMIT", 3)
    old_year = [register(vault, operator, purposes=ABROAD) for _ in range(2)]
    new_year = [register(vault, operator, purposes=ABROAD) for _ in range(2)]
    clock.now = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 on 31 December in Shanghai
    disclose_to_partner(vault, OFFICER, abroad_agreement, "partner_sharing", "name", old_year)
    assert _people(vault) == 2

    clock.now = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 there
    result = disclose_to_partner(
        vault, OFFICER, abroad_agreement, "partner_sharing", "name", new_year
    )

    assert result.sent == tuple(new_year)  # four in UTC's 2026 would pass the limit of three
    assert _people(vault) == 2
    clock.now = datetime(2026, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 on 31 December there
    assert _people(vault) == 2
    with pytest.raises(InvalidInputError, match="in 2026 to 3"):
        disclose_to_partner(
            vault, OFFICER, abroad_agreement, "partner_sharing", "name", new_year[:1]
        )
