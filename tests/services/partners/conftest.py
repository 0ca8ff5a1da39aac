"""A salon with a domestic controller, a processor and a partner abroad, each with an agreement
in force from a week ago for a year."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.partners import AgreementTerms, TransferRoute
from privault.domain.policy import Actor
from privault.services.partners.registry import PartnerForm, add_agreement, add_partner
from privault.services.vault import Vault

OFFICER = Actor("officer.li", frozenset({"privacy_officer"}))
STARTS, EXPIRES = date(2026, 11, 16), date(2027, 11, 15)


def terms(purpose: str = "partner_sharing", **changes: object) -> AgreementTerms:
    values: dict[str, object] = {
        "purpose": purpose,
        "fields": ("name", "mobile"),
        "scope": "loyalty offers at the partner's spa",
        "confidentiality": "clause 7: no disclosure to others",
        "security": "clause 8: encrypted at rest, access logged",
        "starts_on": STARTS,
        "expires_on": EXPIRES,
    }
    return AgreementTerms(**(values | changes))  # type: ignore[arg-type]


def partner_with_agreement(
    vault: Vault, role: str, country: str = "CN", agreement: AgreementTerms | None = None
) -> str:
    partner = add_partner(vault, OFFICER, PartnerForm("Acme Spa Ltd", role, country, "dpo@acme"))
    return add_agreement(vault, OFFICER, partner.id, agreement or terms()).id


@pytest.fixture
def controller_agreement(vault: Vault) -> str:
    return partner_with_agreement(vault, "controller")


@pytest.fixture
def processor_agreement(vault: Vault) -> str:
    return partner_with_agreement(vault, "processor", agreement=terms("service"))


@pytest.fixture
def abroad_agreement(vault: Vault) -> str:
    foreign = terms(
        route=TransferRoute.SMALL_VOLUME,
        assessment_ref="PIA-2026-07",
        assessment_approved_on=date(2026, 11, 1),
    )
    return partner_with_agreement(vault, "controller", "HK", foreign)
