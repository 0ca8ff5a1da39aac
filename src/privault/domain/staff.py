"""Staff accounts: names, password rules, lockout, training and confidentiality clearance."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from privault.domain.errors import InvalidInputError

MAX_FAILED_SIGN_INS = 5  # then the account locks
LOCK_MINUTES = 15  # or until an admin unlocks it
SESSION_HOURS = 12  # one working day; sign in again the next
TRAINING_MONTHS = 12
PASSWORD_MIN = 10
PASSWORD_MAX = 128

_NAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
# The passwords a shop would pick first; a long list belongs in a breach corpus, not here.
_COMMON = frozenset(
    {
        "1234567890",
        "0123456789",
        "12345678910",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou123",
        "admin12345",
        "administrator",
        "woaini1314",
        "a123456789",
        "aa123456789",
        "abc1234567",
        "abcd123456",
        "qq123456789",
        "88888888888",
        "66666666666",
        "5201314520",
        "1314520520",
    }
)
# Ambiguous characters (0/O, 1/l/I) left out: initial passwords are read aloud and typed.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class StaffStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    # Enrolment (domain/enrolment.py): a privileged account awaits a second officer's
    # countersignature, then its person's code; a second factor is confirmed last.
    AWAITING = "awaiting"
    ENROLLING = "enrolling"
    CONFIRMING = "confirming"


@dataclass(frozen=True)
class StaffMember:
    name: str
    display_name: str
    roles: frozenset[str]
    stores: frozenset[str]
    status: StaffStatus
    has_totp: bool
    failed_sign_ins: int
    locked_until: datetime | None
    created_at: datetime
    language: str | None = None  # the console language chosen, on every device


# The languages of the console and the portal: Chinese first.
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class TrainingRecord:
    course: str
    completed_on: date
    expires_on: date


def parse_staff_name(raw: str) -> str:
    name = raw.strip().lower()
    if not _NAME.match(name):
        raise InvalidInputError(
            "use 2 to 32 lowercase letters, digits, dot, dash or underscore, starting with a "
            "letter (e.g. li.na)",
            field="name",
        )
    return name


def check_password(password: str, name: str) -> None:
    """Long rather than complex (NIST SP 800-63B): a shop can remember a phrase."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInputError(
            "use at least {limit} characters; a short phrase is easier than symbols",
            field="password",
            params={"limit": PASSWORD_MIN},
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInputError(
            "use at most {limit} characters", field="password", params={"limit": PASSWORD_MAX}
        )
    folded = password.casefold()
    if name.casefold() in folded:
        raise InvalidInputError("must not contain the account name", field="password")
    if folded in _COMMON or len(set(folded)) < 4:
        raise InvalidInputError("is too easy to guess; choose another", field="password")


def generate_password() -> str:
    """Four groups of four, e.g. k7mq-x2ta-9fhe-pw3c: 80 bits, easy to read out."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def needs_totp(roles: Iterable[str], totp_roles: frozenset[str]) -> bool:
    return any(r in totp_roles for r in roles)


def training_expiry(completed_on: date, months: int = TRAINING_MONTHS) -> date:
    """The same day `months` later (the last day of the month when that day does not exist)."""
    month = completed_on.month - 1 + months
    year, month = completed_on.year + month // 12, month % 12 + 1
    for day in (completed_on.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def clearance_gap(
    training: Iterable[TrainingRecord], agreements: Iterable[date], today: date
) -> str | None:
    """Why the staff member may see masked data only, or None when cleared."""
    records = sorted(training, key=lambda t: t.expires_on)
    if not records:
        return "no privacy training on record (privault staff train NAME --course ...)"
    if records[-1].expires_on < today:
        return (
            f"privacy training expired on {records[-1].expires_on.isoformat()} "
            "(privault staff train NAME --course ...)"
        )
    if not any(signed <= today for signed in agreements):
        return "no signed confidentiality agreement (privault staff sign-agreement NAME)"
    return None


@dataclass(frozen=True)
class Clearances:
    """Every account's privacy training and signed confidentiality agreements, by account:
    what a worker keeps against the settings stamp (recording either moves it), so a signed-in
    request resolves its clearance without reading them."""

    training: Mapping[str, list[TrainingRecord]]
    agreements: Mapping[str, list[date]]

    def gap(self, name: str, today: date) -> str | None:
        return clearance_gap(self.training.get(name, []), self.agreements.get(name, []), today)


def lock_deadline(now: datetime) -> datetime:
    return now + timedelta(minutes=LOCK_MINUTES)
