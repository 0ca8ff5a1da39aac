"""Staff accounts: add, change roles, disable, unlock, and record training and agreements."""

from __future__ import annotations

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
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

FIRST_ACCOUNT_ROLES = frozenset({"privacy_officer", "admin"})


@dataclass(frozen=True)
class NewCredentials:
    """Shown once, to the person setting the account up; only hashes and sealed seeds stay."""

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
    gap = clearance_gap(
        uc.uow.staff.training([member.name]).get(member.name, []),
        uc.uow.staff.agreements([member.name]).get(member.name, []),
        uc.now.date(),
    )
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
    """Within the caller's transaction; used by `staff add` and by `init` for the first account.
    `created_at`: the use case's clock reading (`init` is not a use case yet: it reads it)."""
    clean = parse_staff_name(name)
    wanted = _checked_roles(vault, uow, roles)
    if uow.staff.get(clean) is not None:
        raise InvalidInputError(
            "a staff account named {name} exists already", field="name", params={"name": clean}
        )
    password = generate_password()
    secret = new_secret() if needs_totp(wanted, TOTP_ROLES) else None
    member = StaffMember(
        name=clean,
        display_name=_display_name(display_name, clean),
        roles=wanted,
        stores=_stores(stores),
        status=StaffStatus.ACTIVE,
        has_totp=secret is not None,
        failed_sign_ins=0,
        locked_until=None,
        created_at=created_at or vault.clock(),  # `init` opens no use case yet
    )
    sealed = vault.secret_box().seal(secret, clean) if secret else None
    uow.staff.add(
        member, password_hash=hash_password(password), totp_secret=sealed, created_by=created_by
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
    display_name: str | None = None,
) -> NewCredentials:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        created = create_staff(
            vault,
            uc.uow,
            name,
            roles,
            stores,
            display_name=display_name,
            created_by=actor.name,
            created_at=uc.now,
        )
        uc.record(Action.STAFF_MANAGE, reason=f"added {created.name}")
        uc.commit()
        return created


def set_roles(
    vault: Vault,
    actor: Actor,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str] | None = None,
) -> NewCredentials | None:
    """A role that needs a second factor gives the account a TOTP seed, shown once."""
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
        issued = _second_factor(vault, row, wanted, changes)
        uc.uow.staff.set(row.member.name, **changes)
        what = f"roles of {row.member.name}: {' '.join(sorted(wanted))}"
        uc.record(Action.STAFF_MANAGE, reason=what)
        uc.commit()
        return issued


def _checked_roles(vault: Vault, uow: UnitOfWork, roles: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(r.strip() for r in roles if r.strip())
    problem = check_roles(wanted, vault.roles(uow))
    if problem:
        raise InvalidInputError(problem, field="role")
    return wanted


def _second_factor(
    vault: Vault, row: StaffRow, wanted: frozenset[str], changes: dict[str, object]
) -> NewCredentials | None:
    """A TOTP seed (into `changes`, sealed) when the new roles need one and none is set up."""
    if not needs_totp(wanted, TOTP_ROLES) or row.totp_secret is not None:
        return None
    name = row.member.name
    secret = new_secret()
    changes["totp_secret"] = vault.secret_box().seal(secret, name)
    return NewCredentials(name, "", secret, provisioning_uri(secret, name))


def set_status(vault: Vault, actor: Actor, name: str, status: StaffStatus) -> None:
    """Disabling ends the account's sessions at once."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        row = _existing(uc.uow, name)
        if row.member.name == actor.name and status is StaffStatus.DISABLED:
            raise InvalidInputError("you cannot disable your own account", field="name")
        uc.uow.staff.set(row.member.name, status=status)
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


def reset_password(vault: Vault, actor: Actor, name: str) -> NewCredentials:
    """A forgotten password: an admin issues a new one, shown once; old sessions end."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        staff = uc.uow.staff
        who = _existing(uc.uow, name).member.name
        password = generate_password()
        hashed = hash_password(password)
        staff.set(who, password_hash=hashed, failed_sign_ins=0, locked_until=None)
        staff.end_sessions(at=uc.now, name=who)
        uc.record(Action.STAFF_MANAGE, reason=f"reset the password of {who}")
        uc.commit()
        return NewCredentials(who, password, None, None)


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
