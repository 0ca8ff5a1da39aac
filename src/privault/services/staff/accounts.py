"""Staff accounts: add (pending enrolment), change roles, reset, disable, unlock, and record
training and agreements."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from privault.crypto.passwords import hash_password
from privault.crypto.totp import new_secret, provisioning_uri
from privault.db.staff import StaffRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import TOTP_ROLES, Action, Actor, check_roles
from privault.domain.staff import (
    StaffMember,
    StaffStatus,
    TrainingRecord,
    clearance_gap,
    generate_password,
    needs_totp,
    parse_staff_name,
    training_expiry,
)
from privault.services.staff.enrolment_codes import (
    EnrolmentNotice,
    begin_enrolment,
    needs_enrolment,
    no_code,
    parse_staff_contact,
    sealed_contact,
    send_back,
    told,
)
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

FIRST_ACCOUNT_ROLES = frozenset({"privacy_officer", "admin"})


@dataclass(frozen=True)
class NewCredentials:
    """The first account's, shown once to the person running `init`, who is its holder; only
    hashes and sealed seeds stay. No later account's credentials are ever shown."""

    name: str
    password: str
    totp_secret: str | None
    totp_uri: str | None


@dataclass(frozen=True)
class StaffSummary:
    name: str
    display_name: str
    roles: list[str]
    stores: list[str]
    status: str
    has_totp: bool
    locked: bool
    cleared: bool
    clearance_gap: str | None
    training_expires_on: date | None


def actor_for(uc: UseCase, member: StaffMember) -> Actor:
    """The staff member as the policy sees them now: roles, stores and clearance today."""
    gap = uc.vault.clearances(uc.uow).gap(member.name, uc.now.date())
    return Actor(member.name, member.roles, member.stores, training_gap=gap)


def create_staff(
    vault: Vault,
    uow: UnitOfWork,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str],
    *,
    display_name: str | None,
    created_by: str,
    created_at: datetime | None = None,
) -> NewCredentials:
    """The first account only, made by `init` for the person running it (they are that person,
    so they see its password and seed). Every later account enrols itself (`add_staff`).
    `created_at`: the use case's clock reading (`init` is not a use case yet: it reads it)."""
    clean = parse_staff_name(name)
    wanted = _checked_roles(vault, uow, roles)
    password = generate_password()
    secret = new_secret() if needs_totp(wanted, TOTP_ROLES) else None
    sealed = vault.secret_box().seal(secret, clean) if secret else None
    _insert(
        uow,
        _member(clean, wanted, stores, display_name, created_at or vault.clock()),
        hash_password(password),
        sealed,
        created_by,
    )
    return NewCredentials(
        clean, password, secret, provisioning_uri(secret, clean) if secret else None
    )


def add_staff(
    vault: Vault,
    actor: Actor,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str] = (),
    *,
    mobile: str | None = None,
    email: str | None = None,
    display_name: str | None = None,
) -> EnrolmentNotice:
    """The account waits for its person: a code goes to their own mobile or email (after a
    second officer's countersignature, for a privileged role); nothing secret comes back."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        clean = parse_staff_name(name)
        wanted = _checked_roles(vault, uc.uow, roles)
        contact = parse_staff_contact(uc, mobile, email)
        member = _member(clean, wanted, stores, display_name, uc.now)
        unknown = hash_password(secrets.token_urlsafe(32))  # nobody's: enrolment sets one
        _insert(uc.uow, member, unknown, None, actor.name, **sealed_contact(vault, clean, contact))
        notice = begin_enrolment(uc, clean, wanted, contact)
        uc.record(Action.STAFF_MANAGE, reason=f"added {clean}; {told(notice)}")
        uc.commit()
        return notice


def _member(
    name: str,
    roles: frozenset[str],
    stores: Iterable[str],
    display_name: str | None,
    created_at: datetime,
) -> StaffMember:
    return StaffMember(
        name=name,
        display_name=_display_name(display_name, name),
        roles=roles,
        stores=_stores(stores),
        status=StaffStatus.ACTIVE,
        has_totp=False,
        failed_sign_ins=0,
        locked_until=None,
        created_at=created_at,
    )


def _insert(
    uow: UnitOfWork,
    member: StaffMember,
    password_hash: str,
    totp: bytes | None,
    created_by: str,
    **enrolment: object,
) -> None:
    if uow.staff.get(member.name) is not None:
        raise InvalidInputError(
            "a staff account named {name} exists already",
            field="name",
            params={"name": member.name},
        )
    uow.staff.add(
        member, password_hash=password_hash, totp_secret=totp, created_by=created_by, **enrolment
    )


def set_roles(
    vault: Vault,
    actor: Actor,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str] | None = None,
) -> EnrolmentNotice | None:
    """Roles that make the account privileged, or need a second factor it lacks, send it back
    to enrolment through its person's own contact (countersigned first when privileged)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        row = _existing(uc.uow, name)
        wanted = _checked_roles(vault, uc.uow, roles)
        if row.member.name == actor.name and not wanted & {"admin"}:
            raise InvalidInputError(
                "you would lose the admin role you are using; ask another admin", field="role"
            )
        changes: dict[str, object] = {"roles": wanted}
        if stores is not None:
            changes["stores"] = _stores(stores)
        uc.uow.staff.set(row.member.name, **changes)
        notice = send_back(uc, row, wanted) if needs_enrolment(row, wanted) else None
        what = f"roles of {row.member.name}: {' '.join(sorted(wanted))}"
        uc.record(Action.STAFF_MANAGE, reason=f"{what}; {told(notice)}" if notice else what)
        uc.commit()
        return notice


def _checked_roles(vault: Vault, uow: UnitOfWork, roles: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(r.strip() for r in roles if r.strip())
    problem = check_roles(wanted, vault.roles(uow))
    if problem:
        raise InvalidInputError(problem, field="role")
    return wanted


def set_status(vault: Vault, actor: Actor, name: str, status: StaffStatus) -> None:
    """Disabling ends the account's sessions at once."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        row = _existing(uc.uow, name)
        if row.member.name == actor.name and status is StaffStatus.DISABLED:
            raise InvalidInputError("you cannot disable your own account", field="name")
        if status is StaffStatus.ACTIVE and row.member.status is not StaffStatus.DISABLED:
            # Enabling is no way round enrolment or a countersignature.
            raise InvalidInputError(
                "only a disabled account is enabled; {name} is {status}",
                field="name",
                params={"name": row.member.name, "status": row.member.status.value},
            )
        retire = no_code() if status is StaffStatus.DISABLED else {}
        uc.uow.staff.set(row.member.name, status=status, **retire)
        if status is StaffStatus.DISABLED:
            uc.uow.staff.end_sessions(at=uc.now, name=row.member.name)
        uc.record(Action.STAFF_MANAGE, reason=f"{status.value} {row.member.name}")
        uc.commit()


def unlock(vault: Vault, actor: Actor, name: str) -> None:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        row = _existing(uc.uow, name)
        uc.uow.staff.set(row.member.name, failed_sign_ins=0, locked_until=None)
        uc.record(Action.STAFF_MANAGE, reason=f"unlocked {row.member.name}")
        uc.commit()


def reset_password(
    vault: Vault,
    actor: Actor,
    name: str,
    *,
    mobile: str | None = None,
    email: str | None = None,
) -> EnrolmentNotice:
    """A forgotten password (or a lost authenticator): the account enrols again through its
    person's own contact, or a new one given here; old sessions end; no password is shown.
    Whoever resets it is recorded, and may not approve for it afterwards."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        row = _existing(uc.uow, name)
        if row.member.name == actor.name:
            raise InvalidInputError(
                "another admin resets your account; change your own password with privault "
                "password",
                field="name",
            )
        given = parse_staff_contact(uc, mobile, email) if (mobile or email) else None
        notice = send_back(uc, row, row.member.roles, given)
        reason = f"reset the password of {row.member.name}; {told(notice)}"
        uc.record(Action.STAFF_MANAGE, reason=reason)
        uc.commit()
        return notice


def record_training(
    vault: Vault, actor: Actor, name: str, course: str, on: date | None = None
) -> TrainingRecord:
    clean_course = " ".join(course.split())
    if not clean_course or len(clean_course) > 200:
        raise InvalidInputError("name the course, up to 200 characters", field="course")
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        who = _existing(uc.uow, name).member.name
        completed = on or uc.now.date()
        if completed > uc.now.date():
            raise InvalidInputError("training cannot be recorded ahead of time", field="on")
        record = TrainingRecord(clean_course, completed, training_expiry(completed))
        uc.uow.staff.add_training(who, record, actor.name, uc.now)
        uc.record(Action.STAFF_MANAGE, reason=f"training of {who} until {record.expires_on}")
        uc.commit()
        return record


def sign_agreement(vault: Vault, actor: Actor, name: str, on: date | None = None) -> date:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        who = _existing(uc.uow, name).member.name
        signed = on or uc.now.date()
        if signed > uc.now.date():
            raise InvalidInputError("an agreement cannot be signed ahead of time", field="on")
        uc.uow.staff.add_agreement(who, signed, actor.name, uc.now)
        uc.record(Action.STAFF_MANAGE, reason=f"confidentiality agreement of {who}")
        uc.commit()
        return signed


def list_staff(vault: Vault, actor: Actor) -> list[StaffSummary]:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        rows = uc.uow.staff.everyone()
        names = [r.member.name for r in rows]
        training = uc.uow.staff.training(names)
        agreements = uc.uow.staff.agreements(names)
        summaries = [
            _summary(
                r.member, training.get(r.member.name, []), agreements.get(r.member.name, []), uc.now
            )
            for r in rows
        ]
        uc.record(Action.STAFF_READ, reason="listed staff")
        uc.commit()
        return summaries


def _summary(
    m: StaffMember, training: list[TrainingRecord], agreements: list[date], now: datetime
) -> StaffSummary:
    gap = clearance_gap(training, agreements, now.date())
    return StaffSummary(
        name=m.name,
        display_name=m.display_name,
        roles=sorted(m.roles),
        stores=sorted(m.stores),
        status=m.status.value,
        has_totp=m.has_totp,
        locked=m.locked_until is not None and m.locked_until > now,
        cleared=gap is None,
        clearance_gap=gap,
        training_expires_on=max((t.expires_on for t in training), default=None),
    )


def _existing(uow: UnitOfWork, name: str) -> StaffRow:
    row = uow.staff.get(name.strip().lower())
    if row is None:
        raise NotFoundError("no staff account named {name}", params={"name": name.strip()})
    return row


def _stores(stores: Iterable[str]) -> frozenset[str]:
    clean = frozenset(s.strip() for s in stores if s.strip())
    for store in clean:
        if len(store) > 64 or " " in store:
            raise InvalidInputError(
                "a store code has no spaces and at most 64 characters", field="store"
            )
    return clean


def _display_name(display_name: str | None, name: str) -> str:
    shown = " ".join((display_name or name).split())
    if len(shown) > 100:
        raise InvalidInputError("at most 100 characters", field="display_name")
    return shown
