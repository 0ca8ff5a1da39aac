"""The privacy officer's assessments: list, open, start, edit, approve, delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from privault.domain.assessments import (
    Assessment,
    AssessmentStatus,
    answer_questions,
    check_approvable,
    check_deletable,
    check_editable,
    parse_lines,
    parse_title,
)
from privault.domain.errors import ConflictError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.assessments.templates import start_draft
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def list_assessments(vault: Vault, actor: Actor) -> list[Assessment]:
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_READ)
        return uc.uow.assessments.all()


def get_assessment(vault: Vault, actor: Actor, assessment_id: str) -> Assessment:
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_READ)
        return existing(uc, assessment_id)


def start_assessment(vault: Vault, actor: Actor, purpose: str, subject: str = "") -> Assessment:
    """A draft from the purpose's template; `subject` narrows it (a partner, a transfer)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_EDIT)
        draft = start_draft(uc, uc.catalog.purpose(purpose.strip()).key, " ".join(subject.split()))
        uc.commit()
    return draft


def edit_assessment(
    vault: Vault,
    actor: Actor,
    assessment_id: str,
    *,
    title: str | None = None,
    answers: Mapping[int, str] | None = None,
    risks: str | Sequence[str] | None = None,
    measures: str | Sequence[str] | None = None,
) -> Assessment:
    """What is given replaces what was there; every value is checked before anything is kept."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_EDIT)
        current = existing(uc, assessment_id, lock=True)
        check_editable(current)
        changed = replace(
            current,
            title=current.title if title is None else parse_title(title),
            questions=answer_questions(current.questions, answers or {}),
            risks=current.risks if risks is None else parse_lines(risks, "risks"),
            measures=current.measures if measures is None else parse_lines(measures, "measures"),
            updated_at=uc.now,
        )
        uc.uow.assessments.save(changed)
        _record(uc, Action.ASSESSMENT_EDIT, changed, "edited")
        uc.commit()
    return changed


def approve_assessment(vault: Vault, actor: Actor, assessment_id: str) -> Assessment:
    """The approver is the signed-in officer, named on the assessment and in the trail."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_APPROVE)
        current = existing(uc, assessment_id, lock=True)
        check_approvable(current)
        approved = replace(
            current,
            status=AssessmentStatus.APPROVED,
            approved_at=uc.now,
            approved_by=actor.name,
            updated_at=uc.now,
        )
        uc.uow.assessments.save(approved)
        _record(uc, Action.ASSESSMENT_APPROVE, approved, "approved")
        uc.commit()
    return approved


def delete_assessment(vault: Vault, actor: Actor, assessment_id: str) -> None:
    """Refused, and recorded as refused, while an approved assessment is within its three years."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_EDIT)
        current = existing(uc, assessment_id, lock=True)
        try:
            check_deletable(current, uc.now.date())
        except ConflictError as error:
            uc.refuse(Action.ASSESSMENT_EDIT, error, purpose=current.purpose)
        uc.uow.assessments.remove(current.id)
        _record(uc, Action.ASSESSMENT_EDIT, current, "deleted")
        uc.commit()


def existing(uc: UseCase, assessment_id: str, *, lock: bool = False) -> Assessment:
    found = uc.uow.assessments.get(assessment_id.strip(), lock=lock)
    if found is None:
        raise NotFoundError("no assessment {id}", params={"id": assessment_id.strip()[:36]})
    return found


def _record(uc: UseCase, action: Action, a: Assessment, what: str) -> None:
    uc.record(action, purpose=a.purpose, reason=f"assessment {a.id} {what}")
