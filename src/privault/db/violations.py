"""Staff violations and the sanctions imposed for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from privault.db.tables import audit_events, sanctions, violations
from privault.domain.violations import Sanction, SanctionKind, Violation


class ViolationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, v: Violation) -> None:
        values = vars(v).copy()
        values["alert_ids"] = ",".join(str(i) for i in v.alert_ids)
        values["event_ids"] = ",".join(str(i) for i in v.event_ids)
        self._c.execute(insert(violations).values(**values))

    def get(self, violation_id: str) -> Violation | None:
        row = self._c.execute(select(violations).where(violations.c.id == violation_id)).first()
        return None if row is None else _violation(row._mapping)

    def of_staff(self, staff_name: str) -> list[Violation]:
        v = violations.c
        query = select(violations).where(v.staff_name == staff_name).order_by(v.occurred_on)
        return [_violation(r._mapping) for r in self._c.execute(query)]

    def newest(self, limit: int) -> list[Violation]:
        query = select(violations).order_by(violations.c.recorded_at.desc()).limit(limit)
        return [_violation(r._mapping) for r in self._c.execute(query)]

    def existing_events(self, ids: Iterable[int]) -> set[int]:
        wanted = list(ids)
        if not wanted:
            return set()
        query = select(audit_events.c.id).where(audit_events.c.id.in_(wanted))
        return {int(i) for i in self._c.execute(query).scalars()}

    def add_sanction(self, s: Sanction) -> None:
        values = vars(s).copy()
        values["kind"] = s.kind.value
        self._c.execute(insert(sanctions).values(**values))

    def sanctions_of(self, staff_name: str) -> list[Sanction]:
        s = sanctions.c
        query = select(sanctions).where(s.staff_name == staff_name).order_by(s.starts_on)
        return [_sanction(r._mapping) for r in self._c.execute(query)]

    def sanctions_for(self, violation_ids: list[str]) -> list[Sanction]:
        s = sanctions.c
        query = select(sanctions).where(s.violation_id.in_(violation_ids)).order_by(s.starts_on)
        return [_sanction(r._mapping) for r in self._c.execute(query)]

    def suspensions_ended(self, today: date) -> list[Sanction]:
        """Suspensions whose last day has passed and whose account was not enabled since."""
        s = sanctions.c
        query = select(sanctions).where(
            s.kind == SanctionKind.SUSPENSION.value, s.ends_on < today, s.lifted_at.is_(None)
        )
        return [_sanction(r._mapping) for r in self._c.execute(query.order_by(s.ends_on))]

    def sanctioned_staff(self) -> list[str]:
        """Staff with a suspension or dismissal not yet lifted."""
        s = sanctions.c
        query = (
            select(s.staff_name)
            .where(s.kind != SanctionKind.WARNING.value, s.lifted_at.is_(None))
            .distinct()
        )
        return sorted(str(n) for n in self._c.execute(query).scalars())

    def mark_lifted(self, sanction_id: str, at: datetime) -> None:
        self._c.execute(update(sanctions).where(sanctions.c.id == sanction_id).values(lifted_at=at))


def _ids(raw: str) -> tuple[int, ...]:
    return tuple(int(i) for i in raw.split(",") if i)


def _violation(r: RowMapping) -> Violation:
    values = dict(r)
    values["alert_ids"] = _ids(r["alert_ids"])
    values["event_ids"] = _ids(r["event_ids"])
    return Violation(**values)


def _sanction(r: RowMapping) -> Sanction:
    values = dict(r)
    values["kind"] = SanctionKind(r["kind"])
    return Sanction(**values)
