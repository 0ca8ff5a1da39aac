"""Personal information protection impact assessments (个人信息保护影响评估, PIPL Art. 55-56):
which purposes need one, what an assessment holds, when it may be approved and deleted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from privault.domain.alerts import ASSESSMENT_DUE_DETAIL, Alert, AlertKind
from privault.domain.catalog import Catalog, Category, Purpose
from privault.domain.errors import ConflictError, InvalidInputError

KEEP_YEARS = 3  # PIPL Art. 56: the report and the handling record are kept at least three years
# Purposes in use before assessments existed: they keep working and raise "assessment due"
# alerts instead of refusing (written once, at the upgrade that brought assessments).
GRANDFATHERED = "assessments.grandfathered"
# Purposes every preset ships unused (provision to another controller, PIPL Art. 23; transfer
# abroad, Art. 39): the shop activates one by approving its assessment once an agreement exists.
# Until then no consent to it is taken, and its draft is no "assessment due" alert: nothing is late.
ACTIVATED_BY_SHOP = frozenset({"partner_sharing", "cross_border_transfer"})
MAX_ITEMS = 40
MAX_TEXT = 2000
MAX_TITLE = 200


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class Trigger(StrEnum):
    """PIPL Art. 55: the processing that needs an assessment beforehand."""

    SENSITIVE = "sensitive"
    MINORS = "minors"
    AUTOMATED_DECISIONS = "automated_decisions"
    ENTRUSTED = "entrusted"
    PROVISION = "provision"
    PUBLIC_DISCLOSURE = "public_disclosure"
    CROSS_BORDER = "cross_border"


@dataclass(frozen=True)
class Question:
    question: str
    answer: str = ""


@dataclass(frozen=True)
class Assessment:
    id: str
    purpose: str
    subject: str  # "" covers the purpose as a whole; else e.g. a partner or a transfer
    title: str
    status: AssessmentStatus
    triggers: tuple[Trigger, ...]
    questions: tuple[Question, ...]
    risks: tuple[str, ...]
    measures: tuple[str, ...]
    created_at: datetime
    created_by: str
    updated_at: datetime
    approved_at: datetime | None = None
    approved_by: str | None = None

    @property
    def is_approved(self) -> bool:
        return self.status is AssessmentStatus.APPROVED

    def covers(self, purpose: str, subject: str = "") -> bool:
        return self.is_approved and self.purpose == purpose and self.subject in ("", subject)

    @property
    def keep_until(self) -> date:
        """Three years from the later of its making and its approval."""
        start = (self.approved_at or self.created_at).date()
        return _years_after(start, KEEP_YEARS)


@dataclass(frozen=True)
class Template:
    purpose: str
    title: str
    triggers: tuple[Trigger, ...]  # declared: what the catalog alone cannot tell
    questions: tuple[str, ...]
    risks: tuple[str, ...]
    measures: tuple[str, ...]


def triggers_of(
    catalog: Catalog, purpose: Purpose, declared: Iterable[Trigger] = ()
) -> set[Trigger]:
    """What the catalog tells of a purpose, with what its template declares."""
    found = set(declared)
    justified = [s for s in catalog.fields.values() if purpose.key in s.purposes]
    if purpose.needs_separate_consent or any(s.is_sensitive for s in justified):
        found.add(Trigger.SENSITIVE)
    if any(s.category is Category.MINOR for s in justified):
        found.add(Trigger.MINORS)
    if purpose.is_sharing:
        found.add(Trigger.PROVISION)
    return found


def purposes_needing(
    catalog: Catalog, templates: Mapping[str, Template]
) -> dict[str, tuple[Trigger, ...]]:
    """Purpose -> its triggers, for every purpose of the catalog that needs an assessment."""
    needing = {}
    for purpose in catalog.purposes.values():
        declared = templates[purpose.key].triggers if purpose.key in templates else ()
        found = triggers_of(catalog, purpose, declared)
        if found:
            needing[purpose.key] = tuple(t for t in Trigger if t in found)
    return needing


def parse_templates(document: Mapping[str, Any]) -> dict[str, Template]:
    """The shipped templates, keyed by purpose; a malformed one is a programming error."""
    return {key: _template(key, raw) for key, raw in dict(document["templates"]).items()}


def _template(key: str, raw: Mapping[str, Any]) -> Template:
    return Template(
        purpose=key,
        title=str(raw["title"]),
        triggers=tuple(Trigger(t) for t in raw.get("triggers", ())),
        questions=tuple(str(q) for q in raw["questions"]),
        risks=tuple(str(r) for r in raw["risks"]),
        measures=tuple(str(m) for m in raw["measures"]),
    )


def parse_title(text: str | None) -> str:
    title = " ".join((text or "").split())
    if not title or len(title) > MAX_TITLE:
        raise InvalidInputError(
            "give a title of 1 to {limit} characters", field="title", params={"limit": MAX_TITLE}
        )
    return title


def parse_lines(text: str | Sequence[str] | None, field: str) -> tuple[str, ...]:
    """One item per line (or per list entry); blank lines dropped."""
    lines = text.splitlines() if isinstance(text, str) else list(text or ())
    items = tuple(" ".join(str(line).split()) for line in lines)
    items = tuple(item for item in items if item)
    if len(items) > MAX_ITEMS or any(len(item) > MAX_TEXT for item in items):
        raise InvalidInputError(
            "at most {count} items of at most {limit} characters each",
            field=field,
            params={"count": MAX_ITEMS, "limit": MAX_TEXT},
        )
    return items


def answer_questions(
    questions: Sequence[Question], answers: Mapping[int, str]
) -> tuple[Question, ...]:
    """Answers by question number (1-based); an unknown number is refused."""
    for number in answers:
        if not 1 <= number <= len(questions):
            raise InvalidInputError(
                "no question {number}; the assessment has {count}",
                field="answer",
                params={"number": number, "count": len(questions)},
            )
    return tuple(
        replace(q, answer=_answer(answers[i + 1])) if i + 1 in answers else q
        for i, q in enumerate(questions)
    )


def _answer(text: str) -> str:
    answer = " ".join(text.split())
    if len(answer) > MAX_TEXT:
        raise InvalidInputError(
            "an answer has at most {limit} characters", field="answer", params={"limit": MAX_TEXT}
        )
    return answer


def check_editable(assessment: Assessment) -> None:
    if assessment.is_approved:
        raise ConflictError(
            "assessment {id} is approved and kept as approved; start a new one to change it",
            params={"id": assessment.id},
        )


def check_approvable(assessment: Assessment) -> None:
    """An approval vouches for a complete document: every question answered, risks named,
    measures against them."""
    check_editable(assessment)
    unanswered = [str(i + 1) for i, q in enumerate(assessment.questions) if not q.answer]
    if unanswered:
        raise InvalidInputError(
            "answer question(s) {numbers} before approving",
            field="answer",
            params={"numbers": ", ".join(unanswered)},
        )
    for name, items in (("risks", assessment.risks), ("measures", assessment.measures)):
        if not items:
            raise InvalidInputError("name at least one before approving", field=name)


def check_deletable(assessment: Assessment, today: date) -> None:
    """PIPL Art. 56: kept at least three years; a draft never approved may go at once."""
    if assessment.is_approved and today < assessment.keep_until:
        raise ConflictError(
            "assessment {id} must be kept until {until} (PIPL Art. 56: three years)",
            params={"id": assessment.id, "until": assessment.keep_until.isoformat()},
        )


def _years_after(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def assessment_due(purpose: str, triggers: Iterable[Trigger]) -> Alert:
    """Once per purpose: the officer hears it until an assessment is approved."""
    return Alert(
        AlertKind.ASSESSMENT_DUE,
        "system",
        ASSESSMENT_DUE_DETAIL.format(purpose=purpose, triggers=", ".join(triggers)),
        f"assessment_due:{purpose}",
    )
