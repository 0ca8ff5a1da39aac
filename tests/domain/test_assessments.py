"""Which purposes need an impact assessment, what approval and deletion require (PIPL Art.
55-56), and that every preset purpose needing one ships a template."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from privault.domain.assessments import (
    Assessment,
    AssessmentStatus,
    Question,
    Trigger,
    check_approvable,
    check_deletable,
    parse_lines,
    parse_templates,
    purposes_needing,
    triggers_of,
)
from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import ConflictError, InvalidInputError
from privault.presets import INDUSTRIES, load_assessment_templates, load_preset

TEMPLATES = parse_templates(load_assessment_templates())
AT = datetime(2028, 2, 29, 9, 0, tzinfo=UTC)


def catalog_of(industry: str, **extra: dict[str, object]) -> Catalog:
    preset = load_preset(industry)
    preset["purposes"] |= extra
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def assessment(**changes: object) -> Assessment:
    base = Assessment(
        id="a1",
        purpose="sensitive_care",
        subject="",
        title="t",
        status=AssessmentStatus.DRAFT,
        triggers=(Trigger.SENSITIVE,),
        questions=(Question("q", "a"),),
        risks=("r",),
        measures=("m",),
        created_at=AT,
        created_by="officer",
        updated_at=AT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.legal("PIPL Art. 55")
def test_the_salon_needs_assessments_for_allergies_published_photos_and_classes() -> None:
    needing = purposes_needing(catalog_of("salon"), TEMPLATES)
    assert needing == {
        "personalisation": (Trigger.AUTOMATED_DECISIONS,),
        "sensitive_care": (Trigger.SENSITIVE,),
        "photo_publication": (Trigger.SENSITIVE, Trigger.PUBLIC_DISCLOSURE),
        "partner_sharing": (Trigger.SENSITIVE, Trigger.PROVISION),
        "cross_border_transfer": (Trigger.SENSITIVE, Trigger.CROSS_BORDER),
    }


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_preset_purpose_that_needs_an_assessment_ships_a_template(industry: str) -> None:
    assert set(purposes_needing(catalog_of(industry), TEMPLATES)) <= set(TEMPLATES)


def test_a_purpose_sharing_with_a_third_party_needs_one_for_provision_to_others() -> None:
    offers = {
        "name_zh": "合作伙伴优惠",
        "name_en": "Partner offers",
        "lawful_basis": "consent",
        "retention_days": 365,
        "shares_with": "Acme Spa Ltd",
    }
    catalog = catalog_of("salon", partner_offers=offers)
    assert triggers_of(catalog, catalog.purposes["partner_offers"]) == {Trigger.PROVISION}
    assert triggers_of(catalog, catalog.purposes["marketing_sms"]) == set()


def test_approval_needs_every_answer_a_risk_and_a_measure() -> None:
    check_approvable(assessment())
    with pytest.raises(InvalidInputError, match=r"answer question\(s\) 2"):
        check_approvable(assessment(questions=(Question("q", "a"), Question("q2"))))
    with pytest.raises(InvalidInputError) as raised:
        check_approvable(assessment(measures=()))
    assert raised.value.field == "measures"


@pytest.mark.legal("PIPL Art. 56")
def test_an_approved_assessment_is_kept_three_years_from_approval_a_leap_day_to_28_february() -> (
    None
):
    approved = assessment(status=AssessmentStatus.APPROVED, approved_at=AT, approved_by="o")
    assert approved.keep_until == date(2031, 2, 28)
    with pytest.raises(ConflictError, match="must be kept until 2031-02-28"):
        check_deletable(approved, date(2031, 2, 27))
    check_deletable(approved, date(2031, 2, 28))
    check_deletable(assessment(), AT.date())  # a draft never approved


def test_lines_are_trimmed_blank_ones_dropped_and_too_many_refused() -> None:
    assert parse_lines(" a \n\n b  c ", "risks") == ("a", "b c")
    with pytest.raises(InvalidInputError) as raised:
        parse_lines(["x"] * 41, "measures")
    assert raised.value.field == "measures"
