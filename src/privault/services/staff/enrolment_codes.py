"""A staff account's enrolment code: where it goes (the person's own contact, sealed like TOTP
seeds), how it is kept (a keyed digest, never the code) and sent. Called inside the accounts'
and the enrolment's use cases; the code reaches the person only, never the caller."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from privault.crypto.passwords import hash_password
from privault.db.staff import StaffRow
from privault.domain.enrolment import (
    StaffContact,
    choose_contact,
    clean_code,
    code_expiry,
    contact_spec,
    enrolment_message,
    generate_code,
    is_privileged,
    needs_second_factor,
)
from privault.domain.errors import InvalidInputError
from privault.domain.staff import StaffStatus
from privault.domain.values import normalise
from privault.services.use_case import UseCase
from privault.services.vault import Vault

_CODE_KEY = "staff-enrolment-code"  # the code-hashing key; it lives with the index keys


@dataclass(frozen=True)
class EnrolmentNotice:
    """What whoever set an account up or reset it learns: where the code went (masked) or that
    a countersignature comes first. Never the code, a password or a second factor."""

    name: str
    status: str
    via: str  # sms or email
    sent_to: str  # masked
    code_sent: bool


def parse_staff_contact(uc: UseCase, mobile: str | None, email: str | None) -> StaffContact:
    """The person's own mobile or email, validated like a customer's, on a configured gateway."""
    channel, raw = choose_contact(mobile, email)
    value = normalise(contact_spec(channel), raw, today=uc.now.date()).value
    if channel == "sms" and uc.vault.sms is None:
        raise InvalidInputError("no SMS gateway is configured; give an email", field="contact")
    if channel == "email" and uc.vault.mailer is None:
        raise InvalidInputError(
            "no mail server is configured (PRIVAULT_SMTP_HOST); give a mobile", field="contact"
        )
    return StaffContact(channel, value)


def sealed_contact(vault: Vault, name: str, contact: StaffContact) -> dict[str, object]:
    """The columns that keep a contact; bound to the account, so it opens for no other."""
    sealed = vault.secret_box().seal(contact.value, _context(name))
    return {"contact_channel": contact.channel, "contact": sealed}


def contact_of(vault: Vault, row: StaffRow) -> StaffContact | None:
    kept = row.enrolment
    if kept.contact is None or kept.contact_channel is None:
        return None
    return StaffContact(
        kept.contact_channel, vault.secret_box().open(kept.contact, _context(row.member.name))
    )


def begin_enrolment(
    uc: UseCase, name: str, roles: frozenset[str], contact: StaffContact
) -> EnrolmentNotice:
    """A privileged account waits for a second officer's countersignature; any other gets its
    code now. Either way no earlier code works any more."""
    if not is_privileged(roles):
        return send_code(uc, name, contact)
    uc.uow.staff.set(name, status=StaffStatus.AWAITING, countersigned_by=None, **no_code())
    return EnrolmentNotice(name, StaffStatus.AWAITING.value, contact.channel, contact.masked, False)


def send_code(uc: UseCase, name: str, contact: StaffContact) -> EnrolmentNotice:
    """A new single-use code, valid 72 hours, replaces any before it."""
    code = generate_code()
    expires = code_expiry(uc.now)
    uc.uow.staff.set(
        name,
        status=StaffStatus.ENROLLING,
        enrolment_code_hash=code_digest(uc.vault, name, code),
        enrolment_expires_at=expires,
        enrolment_attempts=0,
    )
    subject, text = enrolment_message(uc.vault.sender_name(uc.uow), name, code, expires)
    if contact.channel == "sms" and uc.vault.sms is not None:
        uc.vault.sms.send(contact.value, text)
    elif contact.channel == "email" and uc.vault.mailer is not None:
        uc.vault.mailer.send(contact.value, subject, text)
    return EnrolmentNotice(name, StaffStatus.ENROLLING.value, contact.channel, contact.masked, True)


def no_code() -> dict[str, object]:
    """The columns that retire the code outstanding."""
    return {"enrolment_code_hash": None, "enrolment_expires_at": None, "enrolment_attempts": None}


def code_digest(vault: Vault, name: str, code: str) -> bytes:
    """Keyed and bound to the account: a copy of the database enrols nobody."""
    return vault.indexer.digest(_CODE_KEY, f"{name}:{clean_code(code)}")


def _context(name: str) -> str:
    return f"staff-contact:{name}"


def told(notice: EnrolmentNotice) -> str:
    """The audit reason's tail: the channel, never the contact or the code."""
    if notice.code_sent:
        return f"enrolment code sent by {notice.via}"
    return "awaits a second officer's countersignature"


def needs_enrolment(row: StaffRow, wanted: frozenset[str]) -> bool:
    """An account still enrolling gets the seed its roles need when its person enrols."""
    if row.member.status is StaffStatus.AWAITING:
        return False
    if is_privileged(wanted) and not is_privileged(row.member.roles):
        return True
    enrolling = row.member.status is StaffStatus.ENROLLING
    return not enrolling and needs_second_factor(wanted) and row.totp_secret is None


def send_back(
    uc: UseCase, row: StaffRow, roles: frozenset[str], contact: StaffContact | None = None
) -> EnrolmentNotice:
    """Back to enrolment: a password nobody knows, no second factor, no session; the code (or
    the wait for a countersignature) as for a new account. `contact`: a new one to keep."""
    name = row.member.name
    if row.member.status is StaffStatus.DISABLED:
        raise InvalidInputError(
            "{name} is disabled; enable the account first", field="name", params={"name": name}
        )
    reach = contact or contact_of(uc.vault, row)
    if reach is None:
        raise InvalidInputError(
            "{name} has no mobile or email on file for the enrolment code: "
            "privault staff reset-password {name} --mobile ... (or --email ...)",
            field="contact",
            params={"name": name},
        )
    kept = sealed_contact(uc.vault, name, contact) if contact else {}
    uc.uow.staff.set(
        name,
        password_hash=hash_password(secrets.token_urlsafe(32)),
        totp_secret=None,
        totp_last_step=None,
        failed_sign_ins=0,
        locked_until=None,
        last_reset_by=uc.actor.name,
        **kept,
    )
    uc.uow.staff.end_sessions(at=uc.now, name=name)
    return begin_enrolment(uc, name, roles, reach)
