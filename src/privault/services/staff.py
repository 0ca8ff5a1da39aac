"""Staff accounts: add, change roles, disable, unlock, and record training and agreements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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
from privault.services import auditing
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


def actor_for(vault: Vault, uow: UnitOfWork, member: StaffMember) -> Actor:
    """The staff member as the policy sees them now: roles, stores and clearance today."""
    today = vault.clock().date()
    gap = clearance_gap(
        uow.staff.training([member.name]).get(member.name, []),
        uow.staff.agreements([member.name]).get(member.name, []),
        today,
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
) -> NewCredentials:
    """Within the caller's transaction; used by `staff add` and by `init` for the first account."""
    clean = parse_staff_name(name)
    wanted = frozenset(r.strip() for r in roles if r.strip())
    problem = check_roles(wanted, vault.roles(uow))
    if problem:
        raise InvalidInputError(problem, field="role")
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
        created_at=vault.clock(),
    )
    uow.staff.add(
        member,
        password_hash=hash_password(password),
        totp_secret=vault.secret_box().seal(secret, clean) if secret else None,
        created_by=created_by,
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
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        created = create_staff(
            vault, uow, name, roles, stores, display_name=display_name, created_by=actor.name
        )
        _audit(vault, uow, actor, f"added {created.name}")
        uow.commit()
        return created


def set_roles(
    vault: Vault,
    actor: Actor,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str] | None = None,
) -> NewCredentials | None:
    """A role that needs a second factor gives the account a TOTP seed, shown once."""
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        wanted = frozenset(r.strip() for r in roles if r.strip())
        problem = check_roles(wanted, vault.roles(uow))
        if problem:
            raise InvalidInputError(problem, field="role")
        if row.member.name == actor.name and not wanted & {"admin"}:
            raise InvalidInputError(
                "you would lose the admin role you are using; ask another admin", field="role"
            )
        changes: dict[str, object] = {"roles": wanted}
        if stores is not None:
            changes["stores"] = _stores(stores)
        issued = None
        if needs_totp(wanted, TOTP_ROLES) and row.totp_secret is None:
            secret = new_secret()
            changes["totp_secret"] = vault.secret_box().seal(secret, row.member.name)
            issued = NewCredentials(
                row.member.name, "", secret, provisioning_uri(secret, row.member.name)
            )
        uow.staff.set(row.member.name, **changes)
        _audit(vault, uow, actor, f"roles of {row.member.name}: {' '.join(sorted(wanted))}")
        uow.commit()
        return issued


def set_status(vault: Vault, actor: Actor, name: str, status: StaffStatus) -> None:
    """Disabling ends the account's sessions at once."""
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        if row.member.name == actor.name and status is StaffStatus.DISABLED:
            raise InvalidInputError("you cannot disable your own account", field="name")
        uow.staff.set(row.member.name, status=status)
        if status is StaffStatus.DISABLED:
            uow.staff.end_sessions(at=vault.clock(), name=row.member.name)
        _audit(vault, uow, actor, f"{status.value} {row.member.name}")
        uow.commit()


def unlock(vault: Vault, actor: Actor, name: str) -> None:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        uow.staff.set(row.member.name, failed_sign_ins=0, locked_until=None)
        _audit(vault, uow, actor, f"unlocked {row.member.name}")
        uow.commit()


def reset_password(vault: Vault, actor: Actor, name: str) -> NewCredentials:
    """A forgotten password: an admin issues a new one, shown once; old sessions end."""
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        password = generate_password()
        uow.staff.set(
            row.member.name,
            password_hash=hash_password(password),
            failed_sign_ins=0,
            locked_until=None,
        )
        uow.staff.end_sessions(at=vault.clock(), name=row.member.name)
        _audit(vault, uow, actor, f"reset the password of {row.member.name}")
        uow.commit()
        return NewCredentials(row.member.name, password, None, None)


def record_training(
    vault: Vault, actor: Actor, name: str, course: str, on: date | None = None
) -> TrainingRecord:
    clean_course = " ".join(course.split())
    if not clean_course or len(clean_course) > 200:
        raise InvalidInputError("name the course, up to 200 characters", field="course")
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        today = vault.clock().date()
        completed = on or today
        if completed > today:
            raise InvalidInputError("training cannot be recorded ahead of time", field="on")
        record = TrainingRecord(clean_course, completed, training_expiry(completed))
        uow.staff.add_training(row.member.name, record, actor.name, vault.clock())
        _audit(vault, uow, actor, f"training of {row.member.name} until {record.expires_on}")
        uow.commit()
        return record


def sign_agreement(vault: Vault, actor: Actor, name: str, on: date | None = None) -> date:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_MANAGE)
        row = _existing(uow, name)
        signed = on or vault.clock().date()
        if signed > vault.clock().date():
            raise InvalidInputError("an agreement cannot be signed ahead of time", field="on")
        uow.staff.add_agreement(row.member.name, signed, actor.name, vault.clock())
        _audit(vault, uow, actor, f"confidentiality agreement of {row.member.name}")
        uow.commit()
        return signed


def list_staff(vault: Vault, actor: Actor) -> list[StaffSummary]:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.STAFF_READ)
        rows = uow.staff.everyone()
        names = [r.member.name for r in rows]
        training = uow.staff.training(names)
        agreements = uow.staff.agreements(names)
        now = vault.clock()
        summaries = []
        for r in rows:
            m = r.member
            gap = clearance_gap(training.get(m.name, []), agreements.get(m.name, []), now.date())
            latest = max((t.expires_on for t in training.get(m.name, [])), default=None)
            summaries.append(
                StaffSummary(
                    name=m.name,
                    display_name=m.display_name,
                    roles=sorted(m.roles),
                    stores=sorted(m.stores),
                    status=m.status.value,
                    has_totp=m.has_totp,
                    locked=m.locked_until is not None and m.locked_until > now,
                    cleared=gap is None,
                    clearance_gap=gap,
                    training_expires_on=latest,
                )
            )
        _audit(vault, uow, actor, "listed staff", action=Action.STAFF_READ)
        uow.commit()
        return summaries


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


def _audit(
    vault: Vault, uow: UnitOfWork, actor: Actor, what: str, *, action: Action = Action.STAFF_MANAGE
) -> None:
    uow.audit.append([auditing.event(vault, actor, action, reason=what)])
