"""The officer's assessments: started from the purpose's template, answered, approved by a
named approver, kept as approved, and kept three years before deletion (PIPL Art. 55-56)."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.assessments import AssessmentStatus
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.policy import Action
from privault.services.assessments.register import (
    approve_assessment,
    delete_assessment,
    edit_assessment,
    get_assessment,
    list_assessments,
    start_assessment,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.assessments.conftest import OFFICER, events

EDIT, APPROVE = Action.ASSESSMENT_EDIT.value, Action.ASSESSMENT_APPROVE.value


def answered(vault: Vault, assessment_id: str) -> None:
    count = len(get_assessment(vault, OFFICER, assessment_id).questions)
    edit_assessment(vault, OFFICER, assessment_id, answers={i: "是" for i in range(1, count + 1)})


def test_a_new_installation_has_a_draft_for_each_preset_purpose_that_needs_one(
    drafts_only: Vault,
) -> None:
    found = {a.purpose: a for a in list_assessments(drafts_only, OFFICER)}
    assert set(found) == {
        "sensitive_care",
        "photo_publication",
        "personalisation",
        "partner_sharing",
        "cross_border_transfer",
    }
    assert all(a.status is AssessmentStatus.DRAFT for a in found.values())
    assert "public_disclosure" in found["photo_publication"].triggers
    assert found["sensitive_care"].questions[0].question.startswith("处理目的")


def test_starting_an_assessment_copies_the_template_and_is_recorded(vault: Vault) -> None:
    started = start_assessment(vault, OFFICER, "sensitive_care", "  新门店  ")
    assert started.subject == "新门店"
    assert started.status is AssessmentStatus.DRAFT
    assert len(started.questions) == 4
    assert started.risks[0] == "健康信息泄露导致歧视或人身伤害"
    assert len(started.measures) == 3
    assert events(vault, EDIT)[-1] == (
        EDIT,
        "allowed",
        "sensitive_care",
        f"assessment {started.id} started",
    )


def test_an_unknown_purpose_is_refused_naming_the_field(vault: Vault) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="unknown purpose 'nope'") as raised:
        start_assessment(vault, OFFICER, "nope")
    assert raised.value.field == "purpose"
    assert table_counts(vault.database) == before


def test_answers_risks_and_measures_are_kept_and_the_edit_recorded(vault: Vault) -> None:
    draft = start_assessment(vault, OFFICER, "sensitive_care")
    changed = edit_assessment(
        vault,
        OFFICER,
        draft.id,
        title=" 过敏  评估 ",
        answers={1: "合法、必要", 2: "可能造成歧视"},
        risks="泄露\n\n误用",
        measures=["加密", " 培训 "],
    )
    assert changed.title == "过敏 评估"
    assert [q.answer for q in changed.questions[:2]] == ["合法、必要", "可能造成歧视"]
    assert changed.risks == ("泄露", "误用")
    assert changed.measures == ("加密", "培训")
    assert get_assessment(vault, OFFICER, draft.id) == changed
    assert events(vault, EDIT)[-1][3] == f"assessment {draft.id} edited"


def test_an_answer_to_a_question_it_does_not_have_is_refused_and_nothing_changes(
    vault: Vault,
) -> None:
    draft = start_assessment(vault, OFFICER, "sensitive_care")
    with pytest.raises(InvalidInputError, match="no question 9") as raised:
        edit_assessment(vault, OFFICER, draft.id, answers={1: "是", 9: "是"}, risks="新风险")
    assert raised.value.field == "answer"
    assert get_assessment(vault, OFFICER, draft.id) == draft


@pytest.mark.legal("PIPL Art. 56")
def test_approval_needs_every_question_answered_and_names_the_approver(
    vault: Vault, clock: FrozenClock
) -> None:
    draft = start_assessment(vault, OFFICER, "sensitive_care")
    with pytest.raises(InvalidInputError, match=r"answer question\(s\) 1, 2, 3, 4"):
        approve_assessment(vault, OFFICER, draft.id)
    assert get_assessment(vault, OFFICER, draft.id).status is AssessmentStatus.DRAFT
    answered(vault, draft.id)

    approved = approve_assessment(vault, OFFICER, draft.id)

    assert approved.status is AssessmentStatus.APPROVED
    assert (approved.approved_by, approved.approved_at) == (OFFICER.name, clock())
    assert approved.keep_until.isoformat() == "2029-11-23"
    assert events(vault, APPROVE)[-1] == (
        APPROVE,
        "allowed",
        "sensitive_care",
        f"assessment {draft.id} approved",
    )


def test_an_approved_assessment_is_not_edited_again(vault: Vault) -> None:
    draft = start_assessment(vault, OFFICER, "sensitive_care")
    answered(vault, draft.id)
    approved = approve_assessment(vault, OFFICER, draft.id)
    with pytest.raises(ConflictError, match="is approved and kept as approved"):
        edit_assessment(vault, OFFICER, draft.id, risks="改")
    assert get_assessment(vault, OFFICER, draft.id) == approved


@pytest.mark.legal("PIPL Art. 56")
def test_an_approved_assessment_is_kept_three_years_and_its_deletion_refused_before(
    vault: Vault, clock: FrozenClock
) -> None:
    draft = start_assessment(vault, OFFICER, "sensitive_care")
    answered(vault, draft.id)
    approve_assessment(vault, OFFICER, draft.id)
    rows = table_counts(vault.database)["assessments"]

    with pytest.raises(ConflictError, match="must be kept until 2029-11-23"):
        delete_assessment(vault, OFFICER, draft.id)

    assert table_counts(vault.database)["assessments"] == rows
    assert events(vault, EDIT)[-1][:3] == (EDIT, "denied", "sensitive_care")
    clock.advance(days=3 * 366)
    delete_assessment(vault, OFFICER, draft.id)
    with pytest.raises(NotFoundError):
        get_assessment(vault, OFFICER, draft.id)
    assert events(vault, EDIT)[-1][3] == f"assessment {draft.id} deleted"


def test_a_draft_never_approved_may_be_deleted_at_once(vault: Vault) -> None:
    draft = start_assessment(vault, OFFICER, "personalisation")
    delete_assessment(vault, OFFICER, draft.id)
    assert draft.id not in {a.id for a in list_assessments(vault, OFFICER)}
