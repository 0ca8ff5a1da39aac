"""Staff enrolment: the code reaches the new person only, once, for 72 hours; privileged
accounts wait for a second officer's countersignature; whoever created or last reset an account
never approves what it asks for; the owner is the second approver of a one-officer shop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict

import pyotp
import pytest

from privault.config import Settings
from privault.domain.errors import AuthenticationError, InvalidInputError, PolicyDeniedError
from privault.domain.exports import SMALL_EXPORT_ROWS, ExportStatus
from privault.domain.policy import Action, Actor
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import decide_export, request_export
from privault.services.staff.accounts import add_staff, list_staff, reset_password, set_roles
from privault.services.staff.enrolment import (
    ENROL,
    add_second_approver,
    confirm_second_factor,
    countersign,
    enrol,
)
from privault.services.staff.sessions import sign_in
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import STAFF_PASSWORD, enrol_staff, enrolment_code, register
from tests.smtp_server import Inbox, smtp  # noqa: F401 -- the fixture

ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
SECOND = Actor("po.qian", frozenset({"privacy_officer"}))
AUDITOR = Actor("checker", frozenset({"auditor"}))
MOBILE = "13812345678"
EMAIL = "wang.wu@example.com"


def _outbox(vault: Vault) -> list[dict[str, str]]:
    assert isinstance(vault.sms, FileOutbox)
    return vault.sms.messages()


def _trail(vault: Vault, action: str) -> list[tuple[str, str, str | None]]:
    events = list_audit_events(vault, AUDITOR, limit=1000)
    return [(e.actor, e.outcome.value, e.reason) for e in reversed(events) if e.action == action]


def _status(vault: Vault, name: str) -> str:
    [found] = [m.status for m in list_staff(vault, ADMIN) if m.name == name]
    return found


@pytest.mark.legal("PIPL Art. 51")
def test_the_code_goes_to_the_persons_phone_and_to_no_output_of_add(vault: Vault) -> None:
    notice = add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile="+86 138-1234-5678")
    [message] = _outbox(vault)
    assert message["to"] == MOBILE
    code = enrolment_code(vault, MOBILE)
    assert "li.na" in message["text"]
    assert message["text"].startswith("【三丰美发工作室】")  # the shop signs its texts
    assert code not in repr(asdict(notice))
    assert MOBILE not in repr(asdict(notice))
    events = list_audit_events(vault, AUDITOR, limit=1000)
    assert all(code not in repr(e) and MOBILE not in repr(e) for e in events)
    with vault.unit_of_work() as uow:
        row = uow.staff.get("li.na")
    assert row is not None
    assert row.enrolment.code_hash is not None
    assert code.encode() not in row.enrolment.code_hash


@pytest.mark.legal("PIPL Art. 51")
def test_whoever_added_the_account_cannot_enrol_without_the_code_and_wrong_tries_kill_it(
    vault: Vault,
) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    right = enrolment_code(vault, MOBILE)
    for guess in ("aaaa-bbbb-cccc", "2345-6789-abcd", "", "x", "zzzz-zzzz-zzzz"):
        with pytest.raises(AuthenticationError, match="wrong, used or expired"):
            enrol(vault, "li.na", guess, STAFF_PASSWORD)
    with pytest.raises(AuthenticationError, match="wrong, used or expired"):
        enrol(vault, "li.na", right, STAFF_PASSWORD)  # five wrong tries killed it
    refusals = [r for _, outcome, r in _trail(vault, ENROL) if outcome == "denied"]
    assert refusals.count("wrong enrolment code") == 5
    assert refusals[-1] == "the enrolment code expired or was tried too often"
    assert _status(vault, "li.na") == "enrolling"


def test_an_expired_or_used_code_is_refused(vault: Vault, clock: FrozenClock) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    add_staff(vault, ADMIN, "zhao.liu", ["front_desk"], mobile="13912345678")
    late = enrolment_code(vault, "13912345678")
    code = enrolment_code(vault, MOBILE)
    assert enrol(vault, "li.na", code, STAFF_PASSWORD).status == "active"
    with pytest.raises(AuthenticationError, match="wrong, used or expired"):
        enrol(vault, "li.na", code, "yet another long phrase")
    assert sign_in(vault, "li.na", STAFF_PASSWORD).staff_name == "li.na"
    clock.advance(hours=72)
    with pytest.raises(AuthenticationError, match="wrong, used or expired"):
        enrol(vault, "zhao.liu", late, STAFF_PASSWORD)


def test_a_weak_password_is_refused_and_leaves_the_code_unspent(vault: Vault) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    code = enrolment_code(vault, MOBILE)
    with pytest.raises(InvalidInputError) as refused:
        enrol(vault, "li.na", code, "short")
    assert refused.value.field == "password"
    assert enrol(vault, "li.na", code.upper(), STAFF_PASSWORD).status == "active"


@pytest.mark.parametrize(
    ("mobile", "email", "why"),
    [
        (None, None, "mobile or email"),
        (MOBILE, EMAIL, "mobile or email"),
        ("12812345678", None, "valid mobile"),
        ("14012345678", None, "IoT"),
        (None, EMAIL, "no mail server"),
    ],
)
def test_a_bad_or_missing_contact_is_refused_and_nothing_is_sent(
    vault: Vault, mobile: str | None, email: str | None, why: str
) -> None:
    with pytest.raises(InvalidInputError, match=why) as refused:
        add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=mobile, email=email)
    assert refused.value.field in ("contact", "mobile", "email")
    assert _outbox(vault) == []
    assert "li.na" not in [m.name for m in list_staff(vault, ADMIN)]


@pytest.mark.legal("PIPL Art. 51")
def test_a_privileged_account_needs_another_officers_countersignature_and_a_second_factor(
    vault: Vault, clock: FrozenClock
) -> None:
    notice = add_staff(vault, ADMIN, "po.zhao", ["privacy_officer"], mobile=MOBILE)
    assert (notice.status, notice.code_sent) == ("awaiting", False)
    assert _outbox(vault) == []
    with pytest.raises(
        PolicyDeniedError, match=re.escape("boss created or last reset the account po.zhao")
    ):
        countersign(vault, ADMIN, "po.zhao")
    with pytest.raises(PolicyDeniedError, match=re.escape("may not staff.countersign")):
        countersign(vault, Actor("li.na", frozenset({"front_desk"})), "po.zhao")
    assert _outbox(vault) == []
    assert countersign(vault, SECOND, "po.zhao").code_sent
    assert [(a, o) for a, o, _ in _trail(vault, Action.STAFF_COUNTERSIGN)] == [
        ("boss", "denied"),
        ("li.na", "denied"),
        ("po.qian", "allowed"),
    ]

    step = enrol(vault, "po.zhao", enrolment_code(vault, MOBILE), STAFF_PASSWORD)
    assert step.status == "confirming"
    assert step.totp_secret is not None
    totp = pyotp.TOTP(step.totp_secret)
    with pytest.raises(AuthenticationError, match="has not finished enrolment"):
        sign_in(vault, "po.zhao", STAFF_PASSWORD, totp.at(clock.now))
    with pytest.raises(AuthenticationError, match="authenticator code is wrong"):
        confirm_second_factor(vault, "po.zhao", STAFF_PASSWORD, "000000")
    with pytest.raises(AuthenticationError, match="authenticator code is wrong"):
        confirm_second_factor(vault, "po.zhao", "not the password", totp.at(clock.now))
    assert confirm_second_factor(vault, "po.zhao", STAFF_PASSWORD, totp.at(clock.now)).status == (
        "active"
    )
    clock.advance(seconds=30)
    with pytest.raises(AuthenticationError, match="TOTP code"):
        sign_in(vault, "po.zhao", STAFF_PASSWORD)
    assert sign_in(vault, "po.zhao", STAFF_PASSWORD, totp.at(clock.now)).staff_name == "po.zhao"


def test_the_last_resetter_may_not_countersign_a_privileged_reset(vault: Vault) -> None:
    add_staff(vault, ADMIN, "po.zhao", ["privacy_officer"], mobile=MOBILE)
    countersign(vault, SECOND, "po.zhao")
    enrol_staff(vault, "po.zhao", MOBILE)
    resetter = Actor("adm.sun", frozenset({"admin"}))
    assert reset_password(vault, resetter, "po.zhao").status == "awaiting"
    with pytest.raises(PolicyDeniedError, match=re.escape("adm.sun created or last reset")):
        countersign(vault, resetter, "po.zhao")
    assert countersign(vault, SECOND, "po.zhao").status == "enrolling"


def _requester(vault: Vault, operator: Actor) -> Actor:
    """A store manager account added by boss, with a large export waiting."""
    add_staff(vault, ADMIN, "mgr.li", ["store_manager"], ["main"], mobile=MOBILE)
    for i in range(SMALL_EXPORT_ROWS + 1):
        register(vault, operator, {"name": "顾客", "mobile": f"1380000{i:04d}"}, store="main")
    return Actor("mgr.li", frozenset({"store_manager"}), frozenset({"main"}))


@pytest.mark.legal("PIPL Art. 51")
def test_an_approval_by_the_requester_creator_or_last_resetter_is_refused_and_audited(
    vault: Vault, operator: Actor
) -> None:
    manager = _requester(vault, operator)
    made = request_export(vault, manager, ["name"], purpose="service")
    assert made.status is ExportStatus.PENDING
    with pytest.raises(PolicyDeniedError, match=re.escape("boss created the account of mgr.li")):
        decide_export(vault, ADMIN, made.id, approve=True)
    resetter = Actor("adm.sun", frozenset({"admin", "privacy_officer"}))
    reset_password(vault, resetter, "mgr.li")
    with pytest.raises(
        PolicyDeniedError, match=re.escape("adm.sun last reset the account of mgr.li")
    ):
        decide_export(vault, resetter, made.id, approve=True)
    both = Actor("mgr.li", frozenset({"store_manager", "privacy_officer"}))
    with pytest.raises(PolicyDeniedError, match="nobody approves their own export"):
        decide_export(vault, both, made.id, approve=True)
    denied = [
        (actor, reason)
        for actor, outcome, reason in _trail(vault, Action.EXPORT_APPROVE)
        if outcome == "denied"
    ]
    assert denied == [
        ("boss", "boss created the account of mgr.li, who asked; another approver must"),
        ("adm.sun", "adm.sun last reset the account of mgr.li, who asked; another approver must"),
        ("mgr.li", "nobody approves their own export; another privacy officer must"),
    ]
    assert decide_export(vault, SECOND, made.id, approve=True).status is ExportStatus.APPROVED


def test_the_owner_approves_exports_as_the_second_approver(vault: Vault, operator: Actor) -> None:
    notice = add_second_approver(vault, ADMIN, "shop.owner", "139 0000 1111")
    assert (notice.status, notice.code_sent, notice.sent_to) == ("enrolling", True, "139****1111")
    owner = enrol_staff(vault, "shop.owner", "13900001111")
    assert owner.totp_secret is not None  # the owner signs in with a second factor
    manager = _requester(vault, operator)
    made = request_export(vault, manager, ["name"], purpose="service")
    as_owner = Actor("shop.owner", frozenset({"owner"}))
    assert decide_export(vault, as_owner, made.id, approve=True).decided_by == "shop.owner"


@pytest.fixture
def mailing(settings: Settings, clock: FrozenClock, smtp: tuple[int, Inbox]) -> Iterator[Vault]:  # noqa: F811 -- the imported fixture
    configured = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp[0], "smtp_from": "shop@example.com"}
    )
    vault = open_vault(configured, clock=clock)
    yield vault
    vault.close()


def test_the_code_can_go_by_email_over_smtp(
    mailing: Vault,
    smtp: tuple[int, Inbox],  # noqa: F811 -- the imported fixture
) -> None:
    notice = add_staff(mailing, ADMIN, "wang.wu", ["front_desk"], email="Wang.Wu@Example.com")
    assert (notice.via, notice.sent_to) == ("email", "w******@example.com")
    [mail] = smtp[1].messages
    assert mail["To"] == EMAIL
    found = re.search(r"\b([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\b", mail.get_content())
    assert found is not None
    assert enrol(mailing, "wang.wu", found.group(1), STAFF_PASSWORD).status == "active"


@pytest.mark.legal("PIPL Art. 51")
def test_promoting_an_account_to_privacy_officer_needs_a_countersignature_and_a_new_enrolment(
    vault: Vault,
) -> None:
    """Otherwise an admin could enrol a clerk on their own phone and then promote it."""
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    desk = enrol_staff(vault, "li.na", MOBILE)
    notice = set_roles(vault, ADMIN, "li.na", ["privacy_officer"])
    assert notice is not None
    assert (notice.status, notice.code_sent) == ("awaiting", False)
    with pytest.raises(AuthenticationError):
        sign_in(vault, "li.na", desk.password)
    with pytest.raises(PolicyDeniedError, match=re.escape("boss created or last reset")):
        countersign(vault, ADMIN, "li.na")
    countersign(vault, SECOND, "li.na")
    assert enrol_staff(vault, "li.na", MOBILE).totp_secret is not None
    assert _status(vault, "li.na") == "active"
