"""The shipped assessment templates, and the drafts a new installation starts from them."""

from __future__ import annotations

import uuid
from functools import cache

from privault.domain.assessments import (
    Assessment,
    AssessmentStatus,
    Question,
    Template,
    Trigger,
    parse_templates,
    purposes_needing,
)
from privault.domain.policy import Action
from privault.presets import load_assessment_templates
from privault.services.use_case import UseCase


@cache
def shipped_templates() -> dict[str, Template]:
    return parse_templates(load_assessment_templates())


def needing(uc: UseCase) -> dict[str, tuple[Trigger, ...]]:
    """Purpose -> triggers, for this installation's purposes that need an assessment."""
    return purposes_needing(uc.catalog, shipped_templates())


def start_draft(uc: UseCase, purpose: str, subject: str = "") -> Assessment:
    """A draft from the purpose's template (or an empty one), recorded; the caller commits."""
    draft = _draft(uc, purpose, subject)
    uc.record(Action.ASSESSMENT_EDIT, purpose=purpose, reason=f"assessment {draft.id} started")
    return draft


def start_preset_drafts(uc: UseCase) -> list[Assessment]:
    """At setup: a draft for each of the preset's purposes that needs one, for the officer to
    review, answer and approve before the purpose is used; one event tells of them all."""
    drafts = [_draft(uc, purpose, "") for purpose in needing(uc)]
    if drafts:
        purposes = ",".join(d.purpose for d in drafts)
        reason = f"{len(drafts)} assessment drafts started from the preset's templates"
        uc.record(Action.ASSESSMENT_EDIT, purpose=purposes, reason=reason)
    return drafts


def _draft(uc: UseCase, purpose: str, subject: str) -> Assessment:
    triggers = needing(uc).get(purpose, ())
    template = shipped_templates().get(purpose)
    name = uc.catalog.purpose(purpose).name_zh
    draft = Assessment(
        id=str(uuid.uuid4()),
        purpose=purpose,
        subject=subject,
        title=template.title if template else f"{name}影响评估",
        status=AssessmentStatus.DRAFT,
        triggers=triggers,
        questions=tuple(Question(q) for q in (template.questions if template else ())),
        risks=template.risks if template else (),
        measures=template.measures if template else (),
        created_at=uc.now,
        created_by=uc.actor.name,
        updated_at=uc.now,
    )
    uc.uow.assessments.add(draft)
    return draft
