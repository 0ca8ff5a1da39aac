"""Staff accounts, their training and agreements, and sign-in sessions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from privault.db.installation import SETTINGS_STAMP, stamp_of
from privault.db.tables import staff, staff_agreements, staff_sessions, staff_training
from privault.domain.staff import StaffMember, StaffStatus, TrainingRecord


@dataclass(frozen=True)
class Enrolment:
    """Who set the account up or last reset it, where its codes go, and the code outstanding."""

    created_by: str = ""
    last_reset_by: str | None = None
    contact_channel: str | None = None
    contact: bytes | None = None  # sealed
    code_hash: bytes | None = None
    code_expires_at: datetime | None = None
    code_attempts: int = 0
    countersigned_by: str | None = None


@dataclass(frozen=True)
class StaffRow:
    member: StaffMember
    password_hash: str
    totp_secret: bytes | None
    totp_last_step: int | None
    enrolment: Enrolment = Enrolment()


@dataclass(frozen=True)
class SessionRow:
    staff_name: str
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class SessionAndStaff:
    session: SessionRow
    staff: StaffRow | None  # None: the account is gone
    settings_stamp: int


_s = staff_sessions.c
# Built once (the console's hot path); the session's columns labelled apart from staff's.
_SESSION_AND_STAFF = (
    select(
        _s.staff_name.label("session_staff"),
        _s.expires_at.label("session_expires"),
        _s.ended_at.label("session_ended"),
        staff,
        SETTINGS_STAMP,
    )
    .select_from(staff_sessions.outerjoin(staff, staff.c.name == _s.staff_name))
    .where(_s.token_hash == bindparam("token_hash"))
)


def _words(value: str) -> frozenset[str]:
    return frozenset(value.split())


def _row(r: Any) -> StaffRow:
    m = r._mapping
    return StaffRow(
        StaffMember(
            name=m["name"],
            display_name=m["display_name"],
            roles=_words(m["roles"]),
            stores=_words(m["stores"]),
            status=StaffStatus(m["status"]),
            has_totp=m["totp_secret"] is not None,
            failed_sign_ins=m["failed_logins"],
            locked_until=m["locked_until"],
            created_at=m["created_at"],
            language=m["language"],
        ),
        m["password_hash"],
        m["totp_secret"],
        m["totp_last_step"],
        Enrolment(
            m["created_by"],
            m["last_reset_by"],
            m["contact_channel"],
            m["contact"],
            m["enrolment_code_hash"],
            m["enrolment_expires_at"],
            m["enrolment_attempts"] or 0,
            m["countersigned_by"],
        ),
    )


class StaffRepository:
    def __init__(self, connection: Connection, kept_changed: Callable[[], None]) -> None:
        """`kept_changed`: moves the settings stamp: workers keep every account's training
        and agreements (Vault.clearances)."""
        self._c = connection
        self._kept_changed = kept_changed

    def add(
        self,
        member: StaffMember,
        *,
        password_hash: str,
        totp_secret: bytes | None,
        created_by: str,
        **enrolment: Any,
    ) -> None:
        """`enrolment`: further columns (contact, the code outstanding) as they are named."""
        self._c.execute(
            insert(staff).values(
                **enrolment,
                name=member.name,
                display_name=member.display_name,
                roles=" ".join(sorted(member.roles)),
                stores=" ".join(sorted(member.stores)),
                status=member.status.value,
                password_hash=password_hash,
                totp_secret=totp_secret,
                failed_logins=0,
                created_at=member.created_at,
                created_by=created_by,
            )
        )

    def get(self, name: str, *, for_update: bool = False) -> StaffRow | None:
        query = select(staff).where(staff.c.name == name)
        if for_update:
            query = query.with_for_update()
        found = self._c.execute(query).first()
        return _row(found) if found else None

    def everyone(self) -> list[StaffRow]:
        return [_row(r) for r in self._c.execute(select(staff).order_by(staff.c.name))]

    def set(self, name: str, **values: Any) -> None:
        """Column values; `roles` and `stores` as sets of words."""
        for key in ("roles", "stores"):
            if key in values:
                values[key] = " ".join(sorted(values[key]))
        if "status" in values:
            values["status"] = StaffStatus(values["status"]).value
        if "failed_sign_ins" in values:
            values["failed_logins"] = values.pop("failed_sign_ins")
        self._c.execute(update(staff).where(staff.c.name == name).values(**values))

    def add_training(self, name: str, record: TrainingRecord, by: str, at: datetime) -> None:
        self._c.execute(
            insert(staff_training).values(
                staff_name=name,
                course=record.course,
                completed_on=record.completed_on,
                expires_on=record.expires_on,
                recorded_by=by,
                recorded_at=at,
            )
        )
        self._kept_changed()

    def training(self, names: list[str] | None = None) -> dict[str, list[TrainingRecord]]:
        """Of `names`, or of every account."""
        t = staff_training.c
        found: dict[str, list[TrainingRecord]] = defaultdict(list)
        query = select(t.staff_name, t.course, t.completed_on, t.expires_on)
        if names is not None:
            query = query.where(t.staff_name.in_(names))
        for name, course, done, expires in self._c.execute(query.order_by(t.id)):
            found[name].append(TrainingRecord(course, done, expires))
        return found

    def add_agreement(self, name: str, signed_on: date, by: str, at: datetime) -> None:
        self._c.execute(
            insert(staff_agreements).values(
                staff_name=name, signed_on=signed_on, recorded_by=by, recorded_at=at
            )
        )
        self._kept_changed()

    def agreements(self, names: list[str] | None = None) -> dict[str, list[date]]:
        """Of `names`, or of every account."""
        a = staff_agreements.c
        found: dict[str, list[date]] = defaultdict(list)
        query = select(a.staff_name, a.signed_on)
        if names is not None:
            query = query.where(a.staff_name.in_(names))
        for name, signed in self._c.execute(query):
            found[name].append(signed)
        return found

    def add_session(
        self, token_hash: bytes, name: str, created_at: datetime, expires_at: datetime
    ) -> None:
        self._c.execute(
            insert(staff_sessions).values(
                token_hash=token_hash, staff_name=name, created_at=created_at, expires_at=expires_at
            )
        )

    def session(self, token_hash: bytes) -> SessionRow | None:
        s = staff_sessions.c
        found = self._c.execute(
            select(s.staff_name, s.expires_at, s.ended_at).where(s.token_hash == token_hash)
        ).first()
        return SessionRow(*found) if found else None

    def session_and_staff(self, token_hash: bytes) -> SessionAndStaff | None:
        """A session, its account and the settings stamp in one round trip: every console
        page asks."""
        found = self._c.execute(_SESSION_AND_STAFF, {"token_hash": token_hash}).first()
        if found is None:
            return None
        m = found._mapping
        return SessionAndStaff(
            SessionRow(m["session_staff"], m["session_expires"], m["session_ended"]),
            _row(found) if m["name"] is not None else None,
            stamp_of(m["settings_stamp"]),
        )

    def end_sessions(
        self, *, at: datetime, token_hash: bytes | None = None, name: str = ""
    ) -> None:
        s = staff_sessions.c
        where = s.token_hash == token_hash if token_hash is not None else s.staff_name == name
        self._c.execute(
            update(staff_sessions).where(where, s.ended_at.is_(None)).values(ended_at=at)
        )
