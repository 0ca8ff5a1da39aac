"""A new purpose that needs an assessment is refused until one is approved; a purpose in use
before assessments keeps working; a purpose that needs none is never asked (PIPL Art. 55)."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.assessments import GRANDFATHERED
from privault.domain.errors import ConflictError
from privault.domain.policy import Action
from privault.services.assessments.coverage import is_assessed
from privault.services.assessments.due import check_assessments_due
from privault.services.assessments.register import (
    approve_assessment,
    edit_assessment,
    list_assessments,
)
from privault.services.consents.ledger import grant_consents
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.factories import MEMBER, NOTICE, register
from tests.services.assessments.conftest import OFFICER, events

CONSENT = Action.CONSENT.value


def approve(vault: Vault, purpose: str) -> None:
    [draft] = [a for a in list_assessments(vault, OFFICER) if a.purpose == purpose]
    answers = {i + 1: "是" for i in range(len(draft.questions))}
    edit_assessment(vault, OFFICER, draft.id, answers=answers)
    approve_assessment(vault, OFFICER, draft.id)


@pytest.mark.legal("PIPL Art. 55")
def test_a_sensitive_purpose_without_an_approved_assessment_cannot_be_granted(
    drafts_only: Vault,
) -> None:
    vault = drafts_only
    customer = register(vault, OFFICER, None, MEMBER)
    before = table_counts(vault.database)

    with pytest.raises(ConflictError, match="sensitive_care needs an approved impact assessment"):
        grant_consents(
            vault, OFFICER, customer, ["sensitive_care"], channel="store", notice_version=NOTICE
        )

    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    assert events(vault, CONSENT)[-1][:3] == (CONSENT, "denied", "sensitive_care")
    approve(vault, "sensitive_care")
    granted = grant_consents(
        vault, OFFICER, customer, ["sensitive_care"], channel="store", notice_version=NOTICE
    )
    assert granted == ["sensitive_care"]


@pytest.mark.legal("PIPL Art. 55")
def test_registering_with_an_unassessed_purpose_is_refused_and_registers_nobody(
    drafts_only: Vault,
) -> None:
    before = table_counts(drafts_only.database)["customers"]
    with pytest.raises(ConflictError, match="personalisation needs an approved"):
        register(drafts_only, OFFICER, None, (*MEMBER, "personalisation"))
    assert table_counts(drafts_only.database)["customers"] == before


def test_a_purpose_that_needs_no_assessment_is_never_held_back(drafts_only: Vault) -> None:
    customer = register(drafts_only, OFFICER, None, (*MEMBER, "marketing_sms"))
    assert customer


def test_a_purpose_in_use_before_assessments_keeps_working(drafts_only: Vault) -> None:
    with drafts_only.unit_of_work() as uow:
        uow.installation.put(GRANDFATHERED, "sensitive_care personalisation")
        uow.commit()
    customer = register(drafts_only, OFFICER, None, (*MEMBER, "personalisation"))
    assert grant_consents(
        drafts_only, OFFICER, customer, ["sensitive_care"], channel="store", notice_version=NOTICE
    ) == ["sensitive_care"]


def test_other_areas_ask_whether_a_purpose_or_a_subject_is_covered(drafts_only: Vault) -> None:
    vault = drafts_only
    assert not is_assessed(vault, OFFICER, "photo_publication")
    approve(vault, "photo_publication")
    assert is_assessed(vault, OFFICER, "photo_publication")
    assert is_assessed(vault, OFFICER, "photo_publication", "某社交平台")
    assert not is_assessed(vault, OFFICER, "sensitive_care")


@pytest.mark.legal("PIPL Art. 23", "PIPL Art. 39", "PIPL Art. 55")
@pytest.mark.parametrize("purpose", ["partner_sharing", "cross_border_transfer"])
def test_a_shipped_partner_purpose_is_unused_until_the_shop_approves_its_assessment(
    vault: Vault, purpose: str
) -> None:
    """Test installations approve the preset's assessments except these two, as a shop would."""
    customer = register(vault, OFFICER, None, MEMBER)
    before = table_counts(vault.database)

    with pytest.raises(ConflictError, match=f"{purpose} needs an approved impact assessment"):
        grant_consents(vault, OFFICER, customer, [purpose], channel="store", notice_version=NOTICE)

    assert table_counts(vault.database) == {**before, "audit_events": before["audit_events"] + 1}
    assert events(vault, CONSENT)[-1][:3] == (CONSENT, "denied", purpose)
    assert check_assessments_due(vault, SYSTEM) == {"due": 0, "alerts_raised": 0}
    approve(vault, purpose)
    granted = grant_consents(
        vault, OFFICER, customer, [purpose], channel="store", notice_version=NOTICE
    )
    assert granted == [purpose]
