"""Typed factories for test data; everything goes through the services."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

import pyotp

from privault.domain.policy import Actor
from privault.infra.sms import FileOutbox
from privault.services.customers.records import RegistrationForm, register_customer
from privault.services.staff.accounts import add_staff
from privault.services.staff.enrolment import confirm_second_factor, countersign, enrol
from privault.services.vault import Vault

NOTICE = "2026.1"
PHONE_SCRIPT = "2026.1"
_numbers = count(1)


def unique_mobile() -> str:
    return f"139{next(_numbers):08d}"


def form(
    values: dict[str, str] | None = None,
    purposes: tuple[str, ...] = ("service",),
    *,
    channel: str = "store",
    notice: str = NOTICE,
    guardian_name: str | None = None,
    guardian_relation: str | None = None,
    store: str | None = None,
    script_version: str | None = None,
) -> RegistrationForm:
    chosen = {"name": "张三丰", "mobile": unique_mobile()} if values is None else values
    return RegistrationForm(
        chosen,
        purposes,
        channel,
        notice,
        guardian_name,
        guardian_relation,
        "paper form in folder 2026-11",
        store,
        # A phone registration names the consent script read (issue 17): a default one here.
        script_version or (PHONE_SCRIPT if channel == "phone" else None),
    )


def register(
    vault: Vault,
    actor: Actor,
    values: dict[str, str] | None = None,
    purposes: tuple[str, ...] = ("service",),
    **kwargs: str,
) -> str:
    return register_customer(vault, actor, form(values, purposes, **kwargs))


MEMBER = ("service", "membership")
EVERYTHING_SALON = (
    "service",
    "membership",
    "marketing_sms",
    "marketing_email",
    "birthday_offers",
    "personalisation",
    "sensitive_care",
)


# --- staff -------------------------------------------------------------------------------------

# A second privacy officer who countersigns the privileged accounts the factories add.
COUNTERSIGNER = Actor("second.officer", frozenset({"privacy_officer"}))
_ENROLMENT_CODE = re.compile(r"\b([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\b")
STAFF_PASSWORD = "a long staff phrase 2026"


@dataclass(frozen=True)
class Enrolled:
    """What the person who enrolled holds (the one who added the account never sees it)."""

    name: str
    password: str
    totp_secret: str | None


def enrolment_code(vault: Vault, to: str | None = None) -> str:
    """The last enrolment code in the SMS outbox (sent to `to`, when given)."""
    assert isinstance(vault.sms, FileOutbox)
    sent = [m for m in vault.sms.messages() if to is None or m["to"] == to]
    found = _ENROLMENT_CODE.search(sent[-1]["text"]) if sent else None
    assert found, "no enrolment code was sent"
    return found.group(1)


def enrol_staff(vault: Vault, name: str, mobile: str, password: str = STAFF_PASSWORD) -> Enrolled:
    """The person reads the code on their phone, chooses a password and, when their roles need
    one, confirms their authenticator with its current code."""
    step = enrol(vault, name, enrolment_code(vault, mobile), password)
    if step.totp_secret is not None:
        now = pyotp.TOTP(step.totp_secret).at(vault.clock())
        confirm_second_factor(vault, name, password, now)
    return Enrolled(step.name, password, step.totp_secret)


def enrolled_staff(
    vault: Vault,
    actor: Actor,
    name: str,
    roles: Iterable[str],
    stores: Iterable[str] = (),
    *,
    countersigner: Actor = COUNTERSIGNER,
) -> Enrolled:
    """Added by `actor`, countersigned when privileged, enrolled by its person."""
    mobile = unique_mobile()
    notice = add_staff(vault, actor, name, list(roles), list(stores), mobile=mobile)
    if not notice.code_sent:
        countersign(vault, countersigner, name)
    return enrol_staff(vault, notice.name, mobile)


def approve_preset_assessments(vault: Vault) -> None:
    """Test installations start as the officer leaves setup: the preset's impact assessments
    answered and approved (written directly, so no test's trail holds these steps)."""
    from dataclasses import replace as _replace

    from privault.domain.assessments import ACTIVATED_BY_SHOP, AssessmentStatus, Question

    with vault.unit_of_work() as uow:
        for draft in uow.assessments.all():
            if draft.purpose in ACTIVATED_BY_SHOP:
                continue  # shipped unused: a test that shares activates them itself
            answered = tuple(Question(q.question, q.answer or "yes") for q in draft.questions)
            approved = _replace(
                draft,
                questions=answered,
                status=AssessmentStatus.APPROVED,
                approved_at=draft.created_at,
                approved_by=draft.created_by,
            )
            uow.assessments.save(approved)
        uow.commit()


def approve_assessment_for(vault: Vault, purpose: str) -> None:
    """A purpose added to a test's catalog after setup, already assessed and approved."""
    import uuid

    from privault.domain.assessments import Assessment, AssessmentStatus, Question

    now = vault.clock()
    approved = Assessment(
        id=str(uuid.uuid4()),
        purpose=purpose,
        subject="",
        title=f"{purpose} assessment",
        status=AssessmentStatus.APPROVED,
        triggers=(),
        questions=(Question("lawful, proper, necessary?", "yes"),),
        risks=("a leak",),
        measures=("encryption",),
        created_at=now,
        created_by="owner",
        updated_at=now,
        approved_at=now,
        approved_by="owner",
    )
    with vault.unit_of_work() as uow:
        uow.assessments.add(approved)
        uow.commit()
