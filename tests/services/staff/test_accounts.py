"""Staff accounts: adding, roles, disabling, unlocking, password resets, training and
agreements, each limited to admins and audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import reveal_field
from privault.services.staff.accounts import (
    StaffSummary,
    add_staff,
    list_staff,
    record_training,
    reset_password,
    set_roles,
    set_status,
    sign_agreement,
    unlock,
)
from privault.services.staff.enrolment import enrol
from privault.services.staff.enrolment_codes import EnrolmentNotice
from privault.services.staff.sessions import resume, sign_in
from privault.services.vault import Vault
from tests.conftest import OFFICER, FrozenClock
from tests.factories import (
    STAFF_PASSWORD,
    enrol_staff,
    enrolled_staff,
    enrolment_code,
    register,
)

ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
AUDITOR = Actor("checker", frozenset({"auditor"}))
MOBILE = "13812345678"


def _member(vault: Vault, name: str) -> StaffSummary:
    [found] = [m for m in list_staff(vault, ADMIN) if m.name == name]
    return found


def _trail(vault: Vault, action: Action) -> list[tuple[str, str, str | None]]:
    """(actor, outcome, reason) of one action's events, oldest first."""
    events = list_audit_events(vault, AUDITOR, limit=1000)
    return [(e.actor, e.outcome.value, e.reason) for e in reversed(events) if e.action == action]


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {table: after[table] - n for table, n in before.items() if after[table] != n}


def test_a_front_desk_account_waits_for_its_person_and_shows_no_password(vault: Vault) -> None:
    notice = add_staff(
        vault, ADMIN, " Li.Na ", ["front_desk"], ["nanshan"], mobile=MOBILE, display_name="李娜"
    )
    assert notice == EnrolmentNotice("li.na", "enrolling", "sms", "138****5678", True)
    assert _member(vault, "li.na") == StaffSummary(
        name="li.na",
        display_name="李娜",
        roles=["front_desk"],
        stores=["nanshan"],
        status="enrolling",
        has_totp=False,
        locked=False,
        cleared=False,
        clearance_gap="no privacy training on record (privault staff train NAME --course ...)",
        training_expires_on=None,
    )
    assert ("boss", "allowed", "added li.na; enrolment code sent by sms") in _trail(
        vault, Action.STAFF_MANAGE
    )
    enrolled = enrol_staff(vault, "li.na", MOBILE)
    assert enrolled.totp_secret is None
    assert sign_in(vault, "li.na", enrolled.password).staff_name == "li.na"


def test_the_chosen_password_is_kept_only_as_an_argon2_hash_and_the_contact_sealed(
    vault: Vault,
) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    code = enrolment_code(vault, MOBILE)
    enrolled = enrol_staff(vault, "li.na", MOBILE)
    # Read from the store: the stored password hash and contact show nowhere else.
    with vault.unit_of_work() as uow:
        row = uow.staff.get("li.na")
    assert row is not None
    assert row.password_hash.startswith("$argon2id$")
    assert enrolled.password not in row.password_hash
    assert row.enrolment.contact is not None
    assert MOBILE.encode() not in row.enrolment.contact
    assert row.enrolment.code_hash is None  # spent
    events = list_audit_events(vault, AUDITOR, limit=1000)
    for secret in (enrolled.password, code, MOBILE):
        assert all(secret not in (e.reason or "") for e in events)


@pytest.mark.parametrize("role", ["store_manager", "owner"])
def test_a_second_factor_role_gets_its_seed_at_enrolment_only(vault: Vault, role: str) -> None:
    add_staff(vault, ADMIN, "wang.wu", [role], mobile=MOBILE)
    assert not _member(vault, "wang.wu").has_totp
    enrolled = enrol_staff(vault, "wang.wu", MOBILE)
    assert enrolled.totp_secret is not None
    member = _member(vault, "wang.wu")
    assert (member.has_totp, member.status) == (True, "active")
    # Read from the store: the stored (encrypted) TOTP secret shows nowhere else.
    with vault.unit_of_work() as uow:
        row = uow.staff.get("wang.wu")
    assert row is not None
    assert row.totp_secret is not None
    assert enrolled.totp_secret.encode() not in row.totp_secret


@pytest.mark.parametrize("role", ["front_desk", "service_staff", "marketing", "auditor"])
def test_the_other_roles_sign_in_without_a_second_factor(vault: Vault, role: str) -> None:
    add_staff(vault, ADMIN, "wang.wu", [role], mobile=MOBILE)
    assert enrol_staff(vault, "wang.wu", MOBILE).totp_secret is None
    assert not _member(vault, "wang.wu").has_totp


@pytest.mark.parametrize(
    ("name", "roles", "stores", "display_name", "field", "why"),
    [
        (OFFICER, ["front_desk"], [], None, "name", "exists already"),
        ("Li Na", ["front_desk"], [], None, "name", "lowercase letters"),
        ("li.na", ["cashier"], [], None, "role", "unknown role cashier"),
        ("li.na", [" "], [], None, "role", "at least one role"),
        ("li.na", ["auditor", "front_desk"], [], None, "role", "separation of duties"),
        ("li.na", ["front_desk"], ["nan shan"], None, "store", "no spaces"),
        ("li.na", ["front_desk"], ["s" * 65], None, "store", "64 characters"),
        ("li.na", ["front_desk"], [], "娜" * 101, "display_name", "100 characters"),
        ("li.na", ["front_desk"], [], "", "contact", "mobile or email"),
    ],
)
def test_a_bad_account_is_refused_naming_the_field_and_changes_nothing(
    vault: Vault,
    name: str,
    roles: list[str],
    stores: list[str],
    display_name: str | None,
    field: str,
    why: str,
) -> None:
    before = table_counts(vault.database)
    mobile = None if display_name == "" else MOBILE
    with pytest.raises(InvalidInputError) as refused:
        add_staff(vault, ADMIN, name, roles, stores, mobile=mobile, display_name=display_name)
    assert refused.value.field == field
    assert why in refused.value.reason
    assert table_counts(vault.database) == before


def _staff_calls() -> list[tuple[str, Callable[[Vault, Actor], object]]]:
    return [
        ("add", lambda v, a: add_staff(v, a, "li.na", ["front_desk"], mobile=MOBILE)),
        ("set-roles", lambda v, a: set_roles(v, a, OFFICER, ["admin"])),
        ("disable", lambda v, a: set_status(v, a, OFFICER, StaffStatus.DISABLED)),
        ("unlock", lambda v, a: unlock(v, a, OFFICER)),
        ("reset", lambda v, a: reset_password(v, a, OFFICER, mobile=MOBILE)),
        ("train", lambda v, a: record_training(v, a, OFFICER, "PIPL basics")),
        ("agreement", lambda v, a: sign_agreement(v, a, OFFICER)),
    ]


@pytest.mark.parametrize(("what", "call"), _staff_calls(), ids=[c[0] for c in _staff_calls()])
def test_only_an_admin_manages_staff_and_a_refusal_is_audited(
    vault: Vault, operator: Actor, what: str, call: Callable[[Vault, Actor], object]
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError) as refused:
        call(vault, operator)
    assert "may not staff.manage" in refused.value.message
    assert _changed(before, table_counts(vault.database)) == {"audit_events": 1}
    assert _trail(vault, Action.STAFF_MANAGE)[-1][:2] == (operator.name, "denied")


def test_staff_are_listed_by_officers_and_auditors_but_not_front_desk(vault: Vault) -> None:
    assert [m.name for m in list_staff(vault, AUDITOR)] == [OFFICER]
    assert [m.name for m in list_staff(vault, Actor("po", frozenset({"privacy_officer"})))] == [
        OFFICER
    ]
    with pytest.raises(PolicyDeniedError):
        list_staff(vault, Actor("li.na", frozenset({"front_desk"})))
    assert ("checker", "allowed", "listed staff") in _trail(vault, Action.STAFF_READ)


def test_a_new_totp_role_sends_the_account_back_to_its_person_to_enrol(vault: Vault) -> None:
    enrolled = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"], ["nanshan"])
    notice = set_roles(vault, ADMIN, "li.na", ["front_desk", "store_manager"])
    assert notice is not None
    assert (notice.name, notice.status, notice.code_sent) == ("li.na", "enrolling", True)
    member = _member(vault, "li.na")
    assert (member.roles, member.stores, member.has_totp, member.status) == (
        ["front_desk", "store_manager"],
        ["nanshan"],
        False,
        "enrolling",
    )
    with pytest.raises(AuthenticationError):
        sign_in(vault, "li.na", enrolled.password)
    with vault.unit_of_work() as uow:
        row = uow.staff.get("li.na")
    assert row is not None
    assert row.enrolment.last_reset_by == "boss"
    assert set_roles(vault, ADMIN, "li.na", ["store_manager"], ["futian", "luohu"]) is None
    member = _member(vault, "li.na")
    assert (member.roles, member.stores) == (["store_manager"], ["futian", "luohu"])
    assert ("boss", "allowed", "roles of li.na: store_manager") in _trail(
        vault, Action.STAFF_MANAGE
    )


def test_an_auditor_cannot_also_hold_an_operating_role(vault: Vault) -> None:
    add_staff(vault, ADMIN, "checker", ["auditor"], mobile=MOBILE)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        set_roles(vault, ADMIN, "checker", ["auditor", "front_desk"])
    assert refused.value.field == "role"
    assert "separation of duties" in refused.value.reason
    assert table_counts(vault.database) == before
    assert _member(vault, "checker").roles == ["auditor"]


def test_an_admin_cannot_remove_their_own_admin_role_or_disable_themselves(vault: Vault) -> None:
    me = Actor(OFFICER, frozenset({"admin", "privacy_officer"}))
    with pytest.raises(InvalidInputError, match="lose the admin role"):
        set_roles(vault, me, OFFICER, ["privacy_officer"])
    with pytest.raises(InvalidInputError, match="cannot disable your own account"):
        set_status(vault, me, OFFICER, StaffStatus.DISABLED)
    owner = _member(vault, OFFICER)
    assert (owner.roles, owner.status) == (["admin", "privacy_officer"], "active")


@pytest.mark.parametrize(
    "call",
    [
        lambda v: set_roles(v, ADMIN, "nobody", ["front_desk"]),
        lambda v: set_status(v, ADMIN, "nobody", StaffStatus.DISABLED),
        lambda v: unlock(v, ADMIN, "nobody"),
        lambda v: reset_password(v, ADMIN, "nobody", mobile=MOBILE),
        lambda v: record_training(v, ADMIN, "nobody", "PIPL basics"),
        lambda v: sign_agreement(v, ADMIN, "nobody"),
    ],
)
def test_managing_an_unknown_account_is_refused(
    vault: Vault, call: Callable[[Vault], object]
) -> None:
    with pytest.raises(NotFoundError, match="no staff account named nobody"):
        call(vault)


def test_a_disabled_account_cannot_sign_in_until_enabled_again(vault: Vault) -> None:
    created = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    session = sign_in(vault, "li.na", created.password)
    set_status(vault, ADMIN, "li.na", StaffStatus.DISABLED)
    assert _member(vault, "li.na").status == "disabled"
    with pytest.raises(AuthenticationError, match="no session"):
        resume(vault, session.token)
    with pytest.raises(AuthenticationError, match="disabled"):
        sign_in(vault, "li.na", created.password)
    set_status(vault, ADMIN, "li.na", StaffStatus.ACTIVE)
    assert _member(vault, "li.na").status == "active"
    with pytest.raises(AuthenticationError):
        resume(vault, session.token)  # ended sessions stay ended
    assert resume(vault, sign_in(vault, "li.na", created.password).token).name == "li.na"
    assert [r for _, _, r in _trail(vault, Action.STAFF_MANAGE)][-2:] == [
        "disabled li.na",
        "active li.na",
    ]


def test_enabling_is_no_way_round_enrolment(vault: Vault) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    with pytest.raises(InvalidInputError, match="only a disabled account is enabled"):
        set_status(vault, ADMIN, "li.na", StaffStatus.ACTIVE)
    code = enrolment_code(vault, MOBILE)
    set_status(vault, ADMIN, "li.na", StaffStatus.DISABLED)
    with pytest.raises(AuthenticationError, match="enrolment code is wrong, used or expired"):
        enrol(vault, "li.na", code, STAFF_PASSWORD)  # disabling retired the code


def test_a_reset_sends_a_code_to_the_person_ends_sessions_and_lifts_a_lock(
    vault: Vault,
) -> None:
    created = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    session = sign_in(vault, "li.na", created.password)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(vault, "li.na", "not the password")
    assert _member(vault, "li.na").locked
    notice = reset_password(vault, ADMIN, "li.na", mobile=MOBILE)
    assert notice == EnrolmentNotice("li.na", "enrolling", "sms", "138****5678", True)
    assert not _member(vault, "li.na").locked
    with pytest.raises(AuthenticationError):
        resume(vault, session.token)
    with pytest.raises(AuthenticationError, match="name or password is wrong"):
        sign_in(vault, "li.na", created.password)
    renewed = enrol_staff(vault, "li.na", MOBILE, "another long phrase 77")
    assert sign_in(vault, "li.na", renewed.password).staff_name == "li.na"
    assert (
        "boss",
        "allowed",
        "reset the password of li.na; enrolment code sent by sms",
    ) in _trail(vault, Action.STAFF_MANAGE)
    with vault.unit_of_work() as uow:
        row = uow.staff.get("li.na")
    assert row is not None
    assert (row.enrolment.created_by, row.enrolment.last_reset_by) == ("boss", "boss")


def test_an_admin_unlocks_a_locked_account(vault: Vault) -> None:
    created = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(vault, "li.na", "not the password")
    assert _member(vault, "li.na").locked
    with pytest.raises(AuthenticationError, match="locked"):
        sign_in(vault, "li.na", created.password)
    unlock(vault, ADMIN, "li.na")
    assert not _member(vault, "li.na").locked
    assert sign_in(vault, "li.na", created.password).staff_name == "li.na"
    assert ("boss", "allowed", "unlocked li.na") in _trail(vault, Action.STAFF_MANAGE)


def test_training_and_an_agreement_clear_a_staff_member_for_clear_data(
    vault: Vault, clock: FrozenClock
) -> None:
    created = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    customer_id = register(vault, Actor("li.na", frozenset({"front_desk"})))
    with pytest.raises(PolicyDeniedError, match="may see masked data only: no privacy training"):
        reveal_field(
            vault,
            resume(vault, sign_in(vault, "li.na", created.password).token),
            customer_id,
            "mobile",
            "service",
        )

    record = record_training(vault, ADMIN, "li.na", "  PIPL   basics ")
    assert (record.course, record.completed_on, record.expires_on) == (
        "PIPL basics",
        date(2026, 11, 23),
        date(2027, 11, 23),
    )
    member = _member(vault, "li.na")
    assert (member.cleared, member.training_expires_on) == (False, date(2027, 11, 23))
    assert member.clearance_gap is not None
    assert "confidentiality agreement" in member.clearance_gap

    assert sign_agreement(vault, ADMIN, "li.na") == date(2026, 11, 23)
    member = _member(vault, "li.na")
    assert (member.cleared, member.clearance_gap) == (True, None)
    actor = resume(vault, sign_in(vault, "li.na", created.password).token)
    assert actor.is_trained
    assert reveal_field(vault, actor, customer_id, "mobile", "service")
    reasons = [r for _, _, r in _trail(vault, Action.STAFF_MANAGE)]
    assert "training of li.na until 2027-11-23" in reasons
    assert "confidentiality agreement of li.na" in reasons


def test_training_lapses_after_twelve_months_and_a_new_course_renews_it(
    vault: Vault, clock: FrozenClock
) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    record_training(vault, ADMIN, "li.na", "PIPL basics", date(2025, 11, 23))
    sign_agreement(vault, ADMIN, "li.na", date(2025, 11, 23))
    assert _member(vault, "li.na").cleared  # the last valid day

    clock.advance(days=1)
    member = _member(vault, "li.na")
    assert not member.cleared
    assert member.clearance_gap == (
        "privacy training expired on 2026-11-23 (privault staff train NAME --course ...)"
    )

    record_training(vault, ADMIN, "li.na", "PIPL refresher")
    member = _member(vault, "li.na")
    assert (member.cleared, member.training_expires_on) == (True, date(2027, 11, 24))


@pytest.mark.parametrize(
    ("course", "on", "field"),
    [
        ("   ", None, "course"),
        ("x" * 201, None, "course"),
        ("PIPL basics", date(2026, 11, 24), "on"),
    ],
)
def test_bad_training_records_are_refused_and_change_nothing(
    vault: Vault, course: str, on: date | None, field: str
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        record_training(vault, ADMIN, OFFICER, course, on)
    assert refused.value.field == field
    assert table_counts(vault.database) == before


def test_an_agreement_cannot_be_signed_ahead_of_time(vault: Vault) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        sign_agreement(vault, ADMIN, OFFICER, date(2026, 11, 23) + timedelta(days=1))
    assert refused.value.field == "on"
    assert table_counts(vault.database) == before


def test_an_owner_holding_every_operating_role_and_many_stores_is_audited_whole(
    vault: Vault,
) -> None:
    """The audit row keeps all of the actor's roles and stores (PostgreSQL enforces widths)."""
    owner = Actor(
        "owner.of.everything",
        frozenset({"admin", "privacy_officer", "store_manager", "front_desk"}),
        frozenset(f"store-{n:02d}-{'x' * 20}" for n in range(8)),
    )
    record_training(vault, owner, OFFICER, "PIPL")
    event = next(e for e in list_audit_events(vault, ADMIN) if e.actor == owner.name)
    assert event.role == owner.role
    assert event.store == owner.store
    assert len(owner.role) > 32
    assert owner.store is not None
    assert len(owner.store) > 64
