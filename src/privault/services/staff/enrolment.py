"""A new or reset staff account is finished by its own person: the code sent to their phone or
email sets the password they chose, and a role with a second factor gets its authenticator seed
then, shown to them alone, and is active once one authenticator code matches. A privileged
account's code leaves only after a second officer countersigned it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import NoReturn

from privault.crypto.passwords import hash_password, verify_password
from privault.crypto.totp import matching_step, new_secret, provisioning_uri
from privault.db.staff import StaffRow
from privault.domain.enrolment import (
    CODE_REFUSED,
    OWNER,
    check_code_usable,
    countersign_refusal,
    needs_second_factor,
)
from privault.domain.errors import AuthenticationError, ConflictError
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus, check_password
from privault.services.staff.accounts import _existing, add_staff
from privault.services.staff.enrolment_codes import (
    EnrolmentNotice,
    code_digest,
    contact_of,
    no_code,
    send_code,
)
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

ENROL = "staff.enrol"  # recorded, never granted: the code decides, not a role
CONFIRM_REFUSED = (
    "the password or the authenticator code is wrong, or {name} has no authenticator to confirm"
)


@dataclass(frozen=True)
class EnrolmentStep:
    """For the person enrolling only: the seed of their authenticator, when their roles need one
    (the account is `confirming` until one of its codes matches), else the account is active."""

    name: str
    status: str
    totp_secret: str | None = None
    totp_uri: str | None = None


def enrol(vault: Vault, name: str, code: str, password: str) -> EnrolmentStep:
    """The outstanding code, once, within 72 hours; a wrong one counts (five kill it). The
    password follows the usual rules; the code is spent only when the password is accepted."""
    with use_case(vault, ANONYMOUS) as uc:
        row = _claimed(uc, name)
        _check_code(uc, row, code)
        check_password(password, row.member.name)
        step, changes = _second_factor(uc.vault, row)
        uc.uow.staff.set(
            row.member.name,
            password_hash=hash_password(password),
            failed_sign_ins=0,
            locked_until=None,
            **no_code(),
            **changes,
        )
        uc.record(ENROL, reason=f"chose a password; {step.status}")
        uc.commit()
        return step


def _claimed(uc: UseCase, name: str) -> StaffRow:
    """Nobody is signed in: the account named acts, as it does when signing in."""
    clean = name.strip().lower()
    row = uc.uow.staff.get(clean, for_update=True)
    uc.act_as(Actor(clean[:64] or "unknown", row.member.roles if row else frozenset()))
    if row is None:
        _refuse_code(uc, "no staff account by that name")
    return row


def _check_code(uc: UseCase, row: StaffRow, code: str) -> None:
    kept = row.enrolment
    if row.member.status is not StaffStatus.ENROLLING or kept.code_hash is None:
        _refuse_code(uc, f"no enrolment code outstanding ({row.member.status.value})")
    try:
        check_code_usable(kept.code_expires_at, kept.code_attempts, uc.now)
    except ConflictError:
        _refuse_code(uc, "the enrolment code expired or was tried too often")
    if not hmac.compare_digest(code_digest(uc.vault, row.member.name, code), kept.code_hash):
        # The wrong guess must count though the enrolment fails: committed with the refusal.
        uc.uow.staff.set(row.member.name, enrolment_attempts=kept.code_attempts + 1)
        _refuse_code(uc, "wrong enrolment code", keep=True)


def _second_factor(vault: Vault, row: StaffRow) -> tuple[EnrolmentStep, dict[str, object]]:
    name = row.member.name
    if not needs_second_factor(row.member.roles):
        return EnrolmentStep(name, StaffStatus.ACTIVE.value), {"status": StaffStatus.ACTIVE}
    secret = new_secret()
    changes: dict[str, object] = {
        "status": StaffStatus.CONFIRMING,
        "totp_secret": vault.secret_box().seal(secret, name),
        "totp_last_step": None,
    }
    uri = provisioning_uri(secret, name)
    return EnrolmentStep(name, StaffStatus.CONFIRMING.value, secret, uri), changes


def confirm_second_factor(vault: Vault, name: str, password: str, totp: str) -> EnrolmentStep:
    """The password just chosen and one code of the new authenticator make the account active;
    failures count like failed sign-ins (the web page also limits them per client)."""
    with use_case(vault, ANONYMOUS) as uc:
        row = _claimed(uc, name)
        who = row.member.name
        if row.member.status is not StaffStatus.CONFIRMING or row.totp_secret is None:
            _refuse_confirm(uc, who, f"nothing to confirm ({row.member.status.value})")
        if not verify_password(row.password_hash, password):
            _count_and_refuse(uc, row, "wrong password")
        secret = uc.vault.secret_box().open(row.totp_secret, who)
        # The step is not kept as used: confirming opens no session, and the person signs in
        # right after with the code their app shows, often the same one.
        if matching_step(secret, totp, uc.now, after=None) is None:
            _count_and_refuse(uc, row, "wrong authenticator code")
        uc.uow.staff.set(who, status=StaffStatus.ACTIVE, failed_sign_ins=0)
        uc.record(ENROL, reason="confirmed the authenticator; active")
        uc.commit()
        return EnrolmentStep(who, StaffStatus.ACTIVE.value)


def _count_and_refuse(uc: UseCase, row: StaffRow, why: str) -> NoReturn:
    uc.uow.staff.set(row.member.name, failed_sign_ins=row.member.failed_sign_ins + 1)
    _refuse_confirm(uc, row.member.name, why, keep=True)


def _refuse_confirm(uc: UseCase, name: str, why: str, *, keep: bool = False) -> NoReturn:
    refusal = AuthenticationError(CONFIRM_REFUSED, params={"name": name})
    uc.refuse(ENROL, refusal, reason=why, keep=keep)


def _refuse_code(uc: UseCase, why: str, *, keep: bool = False) -> NoReturn:
    """The trail records why; the person reads the same words whatever the reason."""
    uc.refuse(ENROL, AuthenticationError(CODE_REFUSED), reason=why, keep=keep)


def countersign(vault: Vault, actor: Actor, name: str) -> EnrolmentNotice:
    """A second officer vouches for a privileged account (its roles, its person's contact);
    then its code goes out. Not whoever created or last reset it."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_COUNTERSIGN)
        row = _existing(uc.uow, name)
        kept = row.enrolment
        refusal = countersign_refusal(
            actor, kept.created_by, kept.last_reset_by, row.member.status, row.member.name
        )
        if refusal is not None:
            uc.refuse(Action.STAFF_COUNTERSIGN, refusal.error())
        contact = contact_of(vault, row)
        if contact is None:  # an awaiting account always has one: add and reset keep it
            raise ConflictError("{name} has no contact on file", params={"name": name})
        uc.uow.staff.set(row.member.name, countersigned_by=actor.name)
        notice = send_code(uc, row.member.name, contact)
        reason = f"countersigned {row.member.name}; enrolment code sent by {notice.via}"
        uc.record(Action.STAFF_COUNTERSIGN, reason=reason)
        uc.commit()
        return notice


def add_second_approver(
    vault: Vault, actor: Actor, name: str, contact: str, *, display_name: str | None = None
) -> EnrolmentNotice:
    """The owner: a second approver of exports (and countersigner) where one privacy officer
    works alone. `actor` is an account that manages staff (at `init`, the first account);
    `contact` is the owner's own mobile or email, where their enrolment code goes."""
    by_email = "@" in contact
    return add_staff(
        vault,
        actor,
        name,
        [OWNER],
        mobile=None if by_email else contact,
        email=contact if by_email else None,
        display_name=display_name,
    )
