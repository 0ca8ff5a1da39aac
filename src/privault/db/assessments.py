"""Impact assessments: stored whole, questions, risks and measures as JSON lists."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from privault.db.tables import assessments
from privault.domain.assessments import Assessment, AssessmentStatus, Question, Trigger


class AssessmentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, assessment: Assessment) -> None:
        self._c.execute(insert(assessments).values(**_values(assessment)))

    def save(self, assessment: Assessment) -> None:
        values = _values(assessment)
        del values["id"]
        query = update(assessments).where(assessments.c.id == assessment.id).values(**values)
        self._c.execute(query)

    def get(self, assessment_id: str, *, lock: bool = False) -> Assessment | None:
        query = select(assessments).where(assessments.c.id == assessment_id)
        row = self._c.execute(query.with_for_update() if lock else query).mappings().first()
        return None if row is None else _assessment(row)

    def all(self) -> list[Assessment]:
        a = assessments.c
        query = select(assessments).order_by(a.purpose, a.subject, a.created_at, a.id)
        return [_assessment(row) for row in self._c.execute(query).mappings()]

    def approved_for(self, purposes: list[str]) -> list[Assessment]:
        a = assessments.c
        query = select(assessments).where(
            a.purpose.in_(purposes), a.status == AssessmentStatus.APPROVED.value
        )
        return [_assessment(row) for row in self._c.execute(query).mappings()]

    def remove(self, assessment_id: str) -> None:
        self._c.execute(delete(assessments).where(assessments.c.id == assessment_id))


def _values(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.id,
        "purpose": a.purpose,
        "subject": a.subject,
        "title": a.title,
        "status": a.status.value,
        "triggers": " ".join(t.value for t in a.triggers),
        "questions": json.dumps([[q.question, q.answer] for q in a.questions], ensure_ascii=False),
        "risks": json.dumps(list(a.risks), ensure_ascii=False),
        "measures": json.dumps(list(a.measures), ensure_ascii=False),
        "created_at": a.created_at,
        "created_by": a.created_by,
        "updated_at": a.updated_at,
        "approved_at": a.approved_at,
        "approved_by": a.approved_by,
    }


def _assessment(row: RowMapping) -> Assessment:
    return Assessment(
        id=row["id"],
        purpose=row["purpose"],
        subject=row["subject"],
        title=row["title"],
        status=AssessmentStatus(row["status"]),
        triggers=tuple(Trigger(t) for t in row["triggers"].split()),
        questions=tuple(Question(q, a) for q, a in json.loads(row["questions"])),
        risks=tuple(json.loads(row["risks"])),
        measures=tuple(json.loads(row["measures"])),
        created_at=row["created_at"],
        created_by=row["created_by"],
        updated_at=row["updated_at"],
        approved_at=row["approved_at"],
        approved_by=row["approved_by"],
    )
