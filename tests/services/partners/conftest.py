"""A salon whose two partner purposes (shipped unused by every preset) the shop has activated,
naming its partner, and a domestic controller, a processor and a partner
abroad, each with an agreement in force from a week ago for a year."""

from __future__ import annotations

import json
from datetime import date

import pytest

from privault.domain.partners import AgreementTerms, TransferRoute
from privault.domain.policy import Actor
from privault.presets import load_preset
from privault.services.partners.registry import PartnerForm, add_agreement, add_partner
from privault.services.vault import Vault
from tests.factories import approve_assessment_for

OFFICER = Actor("officer.li", frozenset({"privacy_officer"}))
STARTS, EXPIRES = date(2026, 11, 16), date(2027, 11, 15)


# Separate consent for provision to another controller (PIPL Art. 23) and for a transfer abroad
# (Art. 39), as a shop activates them: its partner named, each assessment approved.
PARTNER_PURPOSES = {
    "partner_sharing": {
        "name_zh": "向合作方提供",
        "name_en": "Sharing with partners",
        "lawful_basis": "consent",
        "separate_consent": True,
        "retention_days": 730,
        "shares_with": "Acme Spa Ltd",
    },
    "cross_border_transfer": {
        "name_zh": "向境外提供",
        "name_en": "Transfer abroad",
        "lawful_basis": "consent",
        "separate_consent": True,
        "retention_days": 730,
    },
}


def with_partner_purposes(vault: Vault) -> None:
    document = load_preset("salon")
    document["purposes"] |= PARTNER_PURPOSES
    with vault.unit_of_work() as uow:
        uow.installation.put("catalog", json.dumps(document, ensure_ascii=False))
        uow.commit()
    vault.forget_catalog()
    # Both need an approved impact assessment before use (PIPL Art. 55): the shop that adds
    # them assesses them, as the assessments area requires.
    for purpose in PARTNER_PURPOSES:
        approve_assessment_for(vault, purpose)


@pytest.fixture(autouse=True)
def partner_purposes(vault: Vault) -> None:
    with_partner_purposes(vault)


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
