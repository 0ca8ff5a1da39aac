"""Staff enrolment and four eyes between accounts: a new or reset account is finished by its own
person, through a code sent to their own phone or email; privileged accounts wait for a second
officer's countersignature first; nobody approves for an account they created or last reset.

Whoever sets an account up never sees its password, its second factor or its code, so they
cannot act through it (PIPL Art. 51: access control and security measures)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from privault.domain.catalog import Category, FieldClass, FieldSpec, MaskRule, ValueKind
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.masking import mask
from privault.domain.policy import TOTP_ROLES, Actor, Decision
from privault.domain.staff import StaffStatus

# The shop's owner: a second approver where one privacy officer works alone.
OWNER = "owner"
# Accounts that hold these roles are countersigned by a second officer before their code leaves.
PRIVILEGED_ROLES = frozenset({"privacy_officer", "admin"})
# Roles that sign in with a second factor, the owner's approvals included.
SECOND_FACTOR_ROLES = TOTP_ROLES | {OWNER}
# Who may give that countersignature (their matrix must grant staff.countersign as well).
COUNTERSIGNERS = frozenset({"privacy_officer", "admin", OWNER})
CODE_TTL = timedelta(hours=72)
MAX_ATTEMPTS = 5
# Three groups of four from an alphabet without look-alikes: 60 bits, typed from a phone.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS = 3

# Refusals, English templates the pages translate whole (staff_enrolment.po).
CREATOR_OF_REQUESTER = "{name} created the account of {requester}, who asked; another approver must"
RESETTER_OF_REQUESTER = (
    "{name} last reset the account of {requester}, who asked; another approver must"
)
COUNTERSIGN_OWN = (
    "{name} created or last reset the account {account}; another privacy officer, admin or "
    "owner countersigns it"
)
NOT_A_COUNTERSIGNER = (
    "only a privacy officer, an admin or the owner countersigns; {name} is not one"
)
NOTHING_TO_COUNTERSIGN = "the account {account} awaits no countersignature"
CODE_REFUSED = "the enrolment code is wrong, used or expired; ask an admin for a new one"

_CONTACT_SPECS = {
    "sms": FieldSpec(
        "mobile", "手机", "mobile", Category.CONTACT, FieldClass.GENERAL, ValueKind.MOBILE,
        MaskRule.MOBILE, (),
    ),
    "email": FieldSpec(
        "email", "邮箱", "email", Category.CONTACT, FieldClass.GENERAL, ValueKind.EMAIL,
        MaskRule.EMAIL, (),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class StaffContact:
    """Where a staff member's own codes go: `sms` or `email`, and the normalised value."""

    channel: str
    value: str

    @property
    def masked(self) -> str:
        return mask(_CONTACT_SPECS[self.channel].mask, self.value)

    def spec(self) -> FieldSpec:
        return _CONTACT_SPECS[self.channel]


def contact_spec(channel: str) -> FieldSpec:
    return _CONTACT_SPECS[channel]


def choose_contact(mobile: str | None, email: str | None) -> tuple[str, str]:
    """Exactly one of the two: the channel and the raw value (normalised by domain/values)."""
    given = [(c, v.strip()) for c, v in (("sms", mobile), ("email", email)) if v and v.strip()]
    if len(given) != 1:
        raise InvalidInputError(
            "give the person's own mobile or email (one of them): the enrolment code goes there",
            field="contact",
        )
    return given[0]


def generate_code() -> str:
    """e.g. k7mq-x2ta-9fhe."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(_GROUPS))
    return "-".join(groups)


def clean_code(raw: str) -> str:
    """The code as typed, dashes and spaces and case aside."""
    return "".join(ch for ch in raw.lower() if ch.isalnum())


def code_expiry(sent_at: datetime) -> datetime:
    return sent_at + CODE_TTL


def is_privileged(roles: frozenset[str]) -> bool:
    return bool(roles & PRIVILEGED_ROLES)


def needs_second_factor(roles: frozenset[str]) -> bool:
    return bool(roles & SECOND_FACTOR_ROLES)


def first_status(roles: frozenset[str]) -> StaffStatus:
    """A privileged account waits for a countersignature; any other gets its code at once."""
    return StaffStatus.AWAITING if is_privileged(roles) else StaffStatus.ENROLLING


def check_code_usable(expires_at: datetime | None, attempts: int, now: datetime) -> None:
    """One code, 72 hours, five wrong tries; after enrolment none is left."""
    if expires_at is None or attempts >= MAX_ATTEMPTS or now >= expires_at:
        raise ConflictError(CODE_REFUSED)


def countersign_refusal(
    signer: Actor, created_by: str, last_reset_by: str | None, status: StaffStatus, account: str
) -> Decision | None:
    """A person holding a countersigning role, who neither created nor last reset the account."""
    if status is not StaffStatus.AWAITING:
        return Decision(False, NOTHING_TO_COUNTERSIGN, {"account": account})
    if not signer.roles & COUNTERSIGNERS:
        return Decision(False, NOT_A_COUNTERSIGNER, {"name": signer.name})
    if signer.name in (created_by, last_reset_by):
        return Decision(False, COUNTERSIGN_OWN, {"name": signer.name, "account": account})
    return None


def account_approver_refusal(
    approver: str, requester: str, created_by: str | None, last_reset_by: str | None
) -> Decision | None:
    """Whoever set up or reset the requester's account could have acted through it."""
    params: dict[str, object] = {"name": approver, "requester": requester}
    if created_by is not None and approver == created_by:
        return Decision(False, CREATOR_OF_REQUESTER, params)
    if last_reset_by is not None and approver == last_reset_by:
        return Decision(False, RESETTER_OF_REQUESTER, params)
    return None


def enrolment_message(shop: str, name: str, code: str, expires_at: datetime) -> tuple[str, str]:
    """Subject and text: the account, the code and how to use it; nothing else."""
    until = f"{expires_at:%Y-%m-%d %H:%M} UTC"
    subject = f"{shop} 员工账号开通码 / staff enrolment code"
    text = (
        f"【{shop}】员工账号 {name} 的开通码是 {code}，{until} 前有效，只能使用一次，请勿告诉他人。"
        f"在控制台 /staff/enrol 或 privault staff enrol {name} 设置您自己的密码。\n"
        f"{shop}: the enrolment code of staff account {name} is {code}, valid once until "
        f"{until}. Do not share it. Set your own password at /staff/enrol or with "
        f"privault staff enrol {name}."
    )
    return subject, text
