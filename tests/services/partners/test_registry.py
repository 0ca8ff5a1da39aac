"""The register: partners and agreements kept only when usable as written, each change in the
trail; termination, and the deletion certificate after it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.partners import AgreementStatus
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.partners.registry import (
    PartnerForm,
    add_agreement,
    add_partner,
    get_agreement,
    list_agreements,
    list_partners,
    record_deletion_certificate,
    terminate_agreement,
)
from privault.services.vault import Vault
from tests.services.partners.conftest import OFFICER, terms

READER = Actor("audit.reader", frozenset({"auditor"}))


def _trail(vault: Vault) -> list[str]:
    events = list_audit_events(vault, READER)
    return [e.reason or "" for e in reversed(events) if e.action == "partners.manage"]


def test_a_partner_and_its_agreement_are_kept_and_recorded(vault: Vault) -> None:
    partner = add_partner(vault, OFFICER, PartnerForm("Acme Spa", "controller", "cn", "dpo@acme"))
    agreement = add_agreement(vault, OFFICER, partner.id, terms())

    assert [p.country for p in list_partners(vault, OFFICER)] == ["CN"]
    view = get_agreement(vault, OFFICER, agreement.id)
    assert (view.partner.name, view.status) == ("Acme Spa", AgreementStatus.ACTIVE)
    assert _trail(vault) == [
        f"partner {partner.id} added: controller, CN",
        f"agreement {agreement.id} with partner {partner.id} from 2026-11-16 to 2027-11-15",
    ]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (PartnerForm("", "controller", "CN", "x"), "name"),
        (PartnerForm("Acme", "friend", "CN", "x"), "role"),
        (PartnerForm("Acme", "processor", "China", "x"), "country"),
        (PartnerForm("Acme", "processor", "CN", "a\x00b"), "contact"),
    ],
)
def test_a_partner_with_bad_input_is_refused_naming_the_field(
    vault: Vault, form: PartnerForm, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        add_partner(vault, OFFICER, form)
    assert refused.value.field == field
    assert table_counts(vault.database)["partners"] == 0


@pytest.mark.legal("PIPL Art. 23")
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": "marketing_sms"}, "purpose"),  # no separate consent: not for a controller
        ({"purpose": "no_such"}, "purpose"),
        ({"fields": ("name", "shoe_size")}, "shoe_size"),
        ({"fields": ()}, "fields"),
        ({"expires_on": date(2026, 1, 1)}, "expires_on"),
        ({"scope": " "}, "scope"),
    ],
)
def test_an_agreement_that_cannot_be_used_as_written_is_refused(
    vault: Vault, changes: dict[str, Any], field: str
) -> None:
    partner = add_partner(vault, OFFICER, PartnerForm("Acme", "controller", "CN", "dpo@acme"))
    with pytest.raises(InvalidInputError) as refused:
        add_agreement(vault, OFFICER, partner.id, terms(**changes))
    assert refused.value.field == field
    assert table_counts(vault.database)["agreements"] == 0


def test_a_terminated_agreement_takes_its_deletion_certificate(
    vault: Vault, controller_agreement: str
) -> None:
    with pytest.raises(InvalidInputError, match="still in force"):
        record_deletion_certificate(
            vault, OFFICER, controller_agreement, "CERT-1", date(2026, 11, 23)
        )
    ended = terminate_agreement(vault, OFFICER, controller_agreement)
    with pytest.raises(InvalidInputError, match="terminated on 2026-11-23 already"):
        terminate_agreement(vault, OFFICER, controller_agreement)
    done = record_deletion_certificate(
        vault, OFFICER, controller_agreement, "CERT-1", date(2026, 11, 23)
    )

    assert ended.terminated_on == date(2026, 11, 23)
    assert (done.certificate_ref, done.certificate_on) == ("CERT-1", date(2026, 11, 23))
    assert [v.status for v in list_agreements(vault, OFFICER)] == [AgreementStatus.TERMINATED]
    assert _trail(vault)[-2:] == [
        f"agreement {controller_agreement} terminated",
        f"deletion certificate for agreement {controller_agreement} received 2026-11-23",
    ]


def test_the_register_is_the_privacy_officers(vault: Vault) -> None:
    manager = Actor("manager.wu", frozenset({"store_manager"}))
    with pytest.raises(PolicyDeniedError):
        add_partner(vault, manager, PartnerForm("Acme", "processor", "CN", "x"))
    with pytest.raises(PolicyDeniedError):
        list_partners(vault, manager)
