"""The per-customer checks of a disclosure and the small-volume count, as pure rules."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.catalog import Catalog, LawfulBasis, Purpose
from privault.domain.partners import (
    Agreement,
    AgreementTerms,
    Partner,
    PartnerRole,
    TransferRoute,
)
from privault.domain.partners_checks import (
    Facts,
    nears_threshold,
    passes_small_volume,
    skip_parts,
    skip_reason,
)


def _purpose(key: str, basis: LawfulBasis, separate: bool) -> Purpose:
    return Purpose(key, key, key, basis, separate, 365)


CATALOG = Catalog(
    "salon",
    {},
    {
        "service": _purpose("service", LawfulBasis.CONTRACT, False),
        "marketing_sms": _purpose("marketing_sms", LawfulBasis.CONSENT, False),
        "partner_sharing": _purpose("partner_sharing", LawfulBasis.CONSENT, True),
        "cross_border_transfer": _purpose("cross_border_transfer", LawfulBasis.CONSENT, True),
    },
)


def _agreement(purpose: str) -> Agreement:
    terms = AgreementTerms(purpose, ("name",), "s", "c", "s", date(2026, 1, 1), date(2027, 1, 1))
    return Agreement("a", "p", terms)


def _why(role: PartnerRole, country: str, purpose: str, facts: Facts | None) -> str | None:
    return skip_reason(facts, Partner("p", "n", role, country, "c"), _agreement(purpose), CATALOG)


ACTIVE = Facts("active", False, {"service", "partner_sharing", "cross_border_transfer"})


@pytest.mark.parametrize(
    ("role", "country", "purpose", "facts", "why"),
    [
        (PartnerRole.CONTROLLER, "CN", "partner_sharing", ACTIVE, None),
        (PartnerRole.CONTROLLER, "CN", "partner_sharing", None, "no such customer"),
        (
            PartnerRole.CONTROLLER, "CN", "partner_sharing", Facts("active", False, {"service"}),
            "no separate consent to partner_sharing",
        ),
        (
            PartnerRole.CONTROLLER, "CN", "partner_sharing", Facts("active", True, ACTIVE.consents),
            "opted out of sale or sharing (CCPA §1798.120)",
        ),
        (
            PartnerRole.CONTROLLER, "CN", "partner_sharing",
            Facts("restricted", False, ACTIVE.consents),
            "processing is restricted (PIPL Art. 44, GDPR Art. 18)",
        ),
        (PartnerRole.PROCESSOR, "CN", "service", Facts("active", False, set()), None),
        (
            PartnerRole.PROCESSOR, "CN", "marketing_sms", Facts("active", False, {"service"}),
            "no consent to marketing_sms",
        ),
        (
            PartnerRole.PROCESSOR, "SG", "service", Facts("active", False, {"service"}),
            "no separate consent to cross_border_transfer",
        ),
    ],
)  # fmt: skip
def test_each_customer_passes_or_is_left_out_with_the_reason(
    role: PartnerRole, country: str, purpose: str, facts: Facts | None, why: str | None
) -> None:
    assert _why(role, country, purpose, facts) == why


def test_a_reason_comes_apart_into_its_template_and_values_for_translation() -> None:
    assert skip_parts("no separate consent to partner_sharing") == (
        "no separate consent to {purpose}",
        {"purpose": "partner_sharing"},
    )
    assert skip_parts("no such customer") == ("no such customer", {})
    assert skip_parts("something else") == ("something else", {})


def test_the_small_volume_exemption_holds_below_its_limit_and_alerts_from_80_percent() -> None:
    assert passes_small_volume(TransferRoute.SMALL_VOLUME, 99_999)
    assert not passes_small_volume(TransferRoute.SMALL_VOLUME, 100_000)
    assert passes_small_volume(TransferRoute.STANDARD_CONTRACT, 500_000)
    assert not nears_threshold(79_999)
    assert nears_threshold(80_000)
