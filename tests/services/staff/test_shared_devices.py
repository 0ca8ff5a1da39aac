"""Shared front-desk tablets: a store manager marks a browser for a store; desk staff of that
store switch on it with their own PIN (argon2, 4-6 digits, locked after 5 wrong ones); the
session ends after the store's idle time since its last request; officers, owners and auditors
never switch by PIN; every mark, switch, lock and failed PIN is audited, and a refusal never
says whether the account exists."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import AuthenticationError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.staff.pins import has_pin, lock, set_pin, switch_by_pin
from privault.services.staff.sessions import resume
from privault.services.staff.shared_devices import (
    Device,
    colleagues,
    device_of,
    digest,
    keep_alive,
    list_devices,
    mark_device,
    unmark_device,
)
from privault.services.stores.registry import add_store
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import Enrolled, enrolled_staff

ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
READER = Actor("trail.reader", frozenset({"auditor"}))
MANAGER = Actor("manager.east", frozenset({"store_manager"}), frozenset({"east"}))


@pytest.fixture
def tablet(vault: Vault) -> Device:
    add_store(vault, ADMIN, "east", {"name": "东门店", "idle_seconds": "60"})
    add_store(vault, ADMIN, "west", {"name": "西门店"})
    device = device_of(vault, mark_device(vault, MANAGER, "east", "前台平板 1"))
    assert device is not None
    return device


def _with_pin(vault: Vault, name: str, roles: list[str], stores: list[str], pin: str) -> Enrolled:
    person = enrolled_staff(vault, ADMIN, name, roles, stores)
    set_pin(vault, Actor(name, frozenset(roles), frozenset(stores)), person.password, pin)
    return person


def _events(vault: Vault, action: Action) -> list[tuple[str, str, str]]:
    found = list_audit_events(vault, READER, limit=500)
    return [
        (e.actor, e.outcome.value, e.reason or "") for e in reversed(found) if e.action == action
    ]


def test_two_desk_staff_switch_with_their_pins_and_each_switch_and_lock_is_audited(
    vault: Vault, tablet: Device
) -> None:
    _with_pin(vault, "desk.chen", ["front_desk"], ["east"], "1234")
    _with_pin(vault, "tech.li", ["service_staff"], [], "98765")

    first = switch_by_pin(vault, tablet, "desk.chen", "1234")
    assert resume(vault, first.token).name == "desk.chen"
    lock(vault, tablet, first.token, is_idle=False)
    second = switch_by_pin(vault, tablet, " Tech.Li ", "98765")
    lock(vault, tablet, second.token, is_idle=True)

    assert _events(vault, Action.SIGN_IN)[-2:] == [
        ("desk.chen", "allowed", "PIN switch on a shared device of store east"),
        ("tech.li", "allowed", "PIN switch on a shared device of store east"),
    ]
    assert _events(vault, Action.SIGN_OUT)[-2:] == [
        ("desk.chen", "allowed", "shared device of store east locked to switch"),
        ("tech.li", "allowed", "shared device of store east locked when idle"),
    ]
    with pytest.raises(AuthenticationError):
        resume(vault, second.token)


def test_the_session_ends_after_the_idle_time_since_its_last_request(
    vault: Vault, tablet: Device, clock: FrozenClock
) -> None:
    _with_pin(vault, "desk.chen", ["front_desk"], ["east"], "1234")
    session = switch_by_pin(vault, tablet, "desk.chen", "1234")
    assert tablet.idle_seconds == 60

    clock.advance(seconds=50)
    keep_alive(vault, tablet, digest(session.token))  # a request: the clock starts again
    clock.advance(seconds=50)
    assert resume(vault, session.token).name == "desk.chen"
    clock.advance(seconds=11)
    with pytest.raises(AuthenticationError, match="expired"):
        resume(vault, session.token)
    keep_alive(vault, tablet, digest(session.token))  # too late: it stays expired
    with pytest.raises(AuthenticationError, match="expired"):
        resume(vault, session.token)


@pytest.mark.parametrize(
    ("name", "roles", "stores"),
    [
        ("po.wang", ["privacy_officer"], []),  # needs password and TOTP
        ("owner.li", ["owner"], []),
        ("audit.zhao", ["auditor"], []),
        ("desk.west", ["front_desk"], ["west"]),  # another store's
        ("nobody.here", None, None),  # no such account
    ],
)
def test_who_may_not_switch_gets_the_same_answer_as_a_wrong_pin(
    vault: Vault, tablet: Device, name: str, roles: list[str] | None, stores: list[str] | None
) -> None:
    if roles is not None:
        enrolled_staff(vault, ADMIN, name, roles, stores or [])
    _with_pin(vault, "desk.chen", ["front_desk"], ["east"], "1234")
    wrong = pytest.raises(AuthenticationError)
    with wrong as caught_wrong:
        switch_by_pin(vault, tablet, "desk.chen", "0000")
    with pytest.raises(AuthenticationError) as caught:
        switch_by_pin(vault, tablet, name, "1234")
    assert str(caught.value) == str(caught_wrong.value)
    [denied] = [e for e in _events(vault, Action.SIGN_IN) if e[0] == name]
    assert denied[1] == "denied"
    assert name not in [c.name for c in colleagues(vault, tablet)]


def test_the_lock_page_names_only_the_stores_desk_staff(vault: Vault, tablet: Device) -> None:
    for name, roles, stores in (
        ("desk.chen", ["front_desk"], ["east"]),
        ("tech.li", ["service_staff"], []),
        ("desk.west", ["front_desk"], ["west"]),
        ("po.wang", ["privacy_officer"], []),
    ):
        enrolled_staff(vault, ADMIN, name, roles, stores)
    assert sorted(c.name for c in colleagues(vault, tablet)) == ["desk.chen", "tech.li"]


def test_five_wrong_pins_lock_the_pin_until_its_owner_sets_a_new_one(
    vault: Vault, tablet: Device
) -> None:
    person = _with_pin(vault, "desk.chen", ["front_desk"], ["east"], "1234")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            switch_by_pin(vault, tablet, "desk.chen", "1111")
    with pytest.raises(AuthenticationError):
        switch_by_pin(vault, tablet, "desk.chen", "1234")  # right, but locked

    reasons = [r for a, o, r in _events(vault, Action.SIGN_IN) if a == "desk.chen"]
    assert reasons[:5] == [f"wrong PIN; {left} tries left" for left in (4, 3, 2, 1, 0)]
    assert reasons[5] == "PIN locked after wrong PINs"
    actor = Actor("desk.chen", frozenset({"front_desk"}), frozenset({"east"}))
    set_pin(vault, actor, person.password, "4321")
    assert switch_by_pin(vault, tablet, "desk.chen", "4321").staff_name == "desk.chen"


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", ""])
def test_a_pin_is_four_to_six_digits_and_needs_the_password(vault: Vault, pin: str) -> None:
    person = enrolled_staff(vault, ADMIN, "desk.chen", ["front_desk"], ["east"])
    actor = Actor("desk.chen", frozenset({"front_desk"}), frozenset({"east"}))
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as caught:
        set_pin(vault, actor, person.password, pin)
    assert caught.value.field == "pin"
    with pytest.raises(AuthenticationError):
        set_pin(vault, actor, "not-the-password", "1234")
    assert not has_pin(vault, actor)
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }


def test_an_officer_may_not_set_a_pin(vault: Vault) -> None:
    officer = enrolled_staff(vault, ADMIN, "po.wang", ["privacy_officer"])
    actor = Actor("po.wang", frozenset({"privacy_officer"}))
    with pytest.raises(InvalidInputError, match="password and second factor"):
        set_pin(vault, actor, officer.password, "1234")


def test_devices_are_marked_for_the_managers_own_active_store_and_unmarked(
    vault: Vault, tablet: Device
) -> None:
    with pytest.raises(PolicyDeniedError):
        mark_device(vault, MANAGER, "west", "后台")
    with pytest.raises(InvalidInputError) as caught:
        mark_device(vault, MANAGER, "south", "后台")
    assert caught.value.field == "store"
    with pytest.raises(PolicyDeniedError):
        mark_device(vault, Actor("desk.chen", frozenset({"front_desk"})), "east", "x")
    assert device_of(vault, "forged.cookie") is None

    [listed] = list_devices(vault, MANAGER)
    assert (listed.device.store, listed.device.name, listed.idle_seconds) == (
        "east",
        "前台平板 1",
        60,
    )
    unmark_device(vault, MANAGER, listed.id)
    assert list_devices(vault, MANAGER) == []
    assert [r for _, _, r in _events(vault, Action.DEVICES_MANAGE) if r.startswith("shared")] == [
        "shared device marked for store east",
        "shared device unmarked for store east",
    ]
