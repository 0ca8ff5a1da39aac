"""Signing in and out: passwords, TOTP codes used once, lockout, sessions and their expiry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import AuthenticationError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.staff.accounts import (
    list_staff,
    record_training,
    set_status,
    sign_agreement,
    unlock,
)
from privault.services.staff.sessions import change_password, resume, sign_in, sign_out
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff

ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
AUDITOR = Actor("checker", frozenset({"auditor"}))


@dataclass(frozen=True)
class Account:
    name: str
    password: str
    totp: pyotp.TOTP | None


@pytest.fixture
def desk(vault: Vault) -> Account:
    """A front desk account: password only."""
    created = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    return Account(created.name, created.password, None)


@pytest.fixture
def manager(vault: Vault) -> Account:
    """A store manager: password and TOTP code."""
    created = enrolled_staff(vault, ADMIN, "wang.wu", ["store_manager"], ["nanshan"])
    assert created.totp_secret is not None
    return Account(created.name, created.password, pyotp.TOTP(created.totp_secret))


def _code(account: Account, clock: FrozenClock, seconds: int = 0) -> str:
    assert account.totp is not None
    return account.totp.at(clock.now + timedelta(seconds=seconds))


def _sign_ins(vault: Vault) -> list[tuple[str, str, str | None]]:
    """(actor, outcome, reason) of each sign-in attempt, oldest first."""
    events = list_audit_events(vault, AUDITOR, limit=1000)
    return [
        (e.actor, e.outcome.value, e.reason) for e in reversed(events) if e.action == Action.SIGN_IN
    ]


def _failures(vault: Vault, name: str) -> int:
    # Read from the store: no service shows the failed sign-in counter below the lockout.
    with vault.unit_of_work() as uow:
        row = uow.staff.get(name)
    assert row is not None
    return row.member.failed_sign_ins


def _failed_sign_in_alerts(vault: Vault) -> list[tuple[str, str]]:
    found = list_alerts(vault, ADMIN, include_acked=True)
    return sorted((a.staff_name, a.detail) for a in found if a.kind == "failed_sign_ins")


def _refused(vault: Vault, name: str, password: str, totp: str | None = None) -> str:
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, name, password, totp)
    return refused.value.message


def test_a_front_desk_signs_in_with_a_password_for_twelve_hours(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    session = sign_in(vault, " LI.NA ", desk.password)
    assert session.staff_name == "li.na"
    assert session.expires_at == clock.now + timedelta(hours=12)
    assert len(session.token) >= 40
    actor = resume(vault, session.token)
    assert (actor.name, actor.roles, actor.stores) == (
        "li.na",
        frozenset({"front_desk"}),
        frozenset(),
    )
    assert _sign_ins(vault) == [("li.na", "allowed", None)]
    # Read from the store: only a lookup by the clear token shows it is not what is kept.
    with vault.unit_of_work() as uow:
        stored = uow.staff.session(session.token.encode())
    assert stored is None  # only the token's digest is kept


def test_a_manager_signs_in_with_a_password_and_a_totp_code(
    vault: Vault, manager: Account, clock: FrozenClock
) -> None:
    session = sign_in(vault, manager.name, manager.password, _code(manager, clock))
    actor = resume(vault, session.token)
    assert (actor.roles, actor.stores) == (frozenset({"store_manager"}), frozenset({"nanshan"}))


def test_a_code_from_the_previous_window_is_accepted_for_clock_drift(
    vault: Vault, manager: Account, clock: FrozenClock
) -> None:
    sign_in(vault, manager.name, manager.password, _code(manager, clock, -30))
    clock.advance(minutes=5)
    message = _refused(vault, manager.name, manager.password, _code(manager, clock, -60))
    assert "wrong or already used TOTP code" in message


WRONG = (
    "the account name or password is wrong; after 5 failed sign-ins in a row an account is "
    "locked for 15 minutes"
)


@dataclass(frozen=True)
class Refusal:
    name: str
    why: str
    counts_as_failure: bool


def _wrong_password(vault: Vault, desk: Account, manager: Account, clock: FrozenClock) -> Refusal:
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, desk.name, desk.password + "x")
    assert refused.value.message == WRONG
    return Refusal(desk.name, "wrong password", True)


def _unknown(vault: Vault, desk: Account, manager: Account, clock: FrozenClock) -> Refusal:
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, "zhao.liu", desk.password)
    assert refused.value.message == WRONG  # the same words: no hint that the name is free
    return Refusal("zhao.liu", "no staff account", False)


def _wrong_totp(vault: Vault, desk: Account, manager: Account, clock: FrozenClock) -> Refusal:
    near = {_code(manager, clock, seconds) for seconds in (-30, 0, 30)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in near)
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, manager.name, manager.password, wrong)
    assert "wrong or already used TOTP code for wang.wu" in refused.value.message
    return Refusal(manager.name, "TOTP code", True)


def _missing_totp(vault: Vault, desk: Account, manager: Account, clock: FrozenClock) -> Refusal:
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, manager.name, manager.password, " ")
    assert refused.value.message == "wang.wu signs in with a TOTP code: add --totp CODE"
    return Refusal(manager.name, "TOTP code", False)


def _disabled(vault: Vault, desk: Account, manager: Account, clock: FrozenClock) -> Refusal:
    set_status(vault, ADMIN, desk.name, StaffStatus.DISABLED)
    with pytest.raises(AuthenticationError) as refused:
        sign_in(vault, desk.name, desk.password)
    assert refused.value.message == "the account li.na is disabled; ask an admin"
    return Refusal(desk.name, "disabled", False)


@pytest.mark.parametrize(
    "attempt",
    [_wrong_password, _unknown, _wrong_totp, _missing_totp, _disabled],
    ids=["wrong password", "unknown staff", "wrong TOTP", "missing TOTP", "disabled"],
)
def test_a_refused_sign_in_names_why_is_audited_and_changes_only_the_failure_count(
    vault: Vault,
    desk: Account,
    manager: Account,
    clock: FrozenClock,
    attempt: Callable[[Vault, Account, Account, FrozenClock], Refusal],
) -> None:
    before = table_counts(vault.database)
    refusal = attempt(vault, desk, manager, clock)
    after = table_counts(vault.database)
    assert after["staff_sessions"] == before["staff_sessions"]
    assert after["alerts"] == before["alerts"]
    assert after["audit_events"] > before["audit_events"]
    assert {t for t in before if after[t] != before[t]} == {"audit_events"}
    actor, outcome, reason = _sign_ins(vault)[-1]
    assert (actor, outcome) == (refusal.name, "denied")
    assert reason is not None
    assert refusal.why in reason
    if refusal.name != "zhao.liu":
        assert _failures(vault, refusal.name) == (1 if refusal.counts_as_failure else 0)


def test_a_totp_code_works_once(vault: Vault, manager: Account, clock: FrozenClock) -> None:
    code = _code(manager, clock)
    sign_in(vault, manager.name, manager.password, code)
    sessions = table_counts(vault.database)["staff_sessions"]
    clock.advance(seconds=5)
    message = _refused(vault, manager.name, manager.password, code)
    assert "wrong or already used TOTP code for wang.wu" in message
    assert table_counts(vault.database)["staff_sessions"] == sessions
    assert _sign_ins(vault)[-1][:2] == ("wang.wu", "denied")
    clock.advance(seconds=30)
    sign_in(vault, manager.name, manager.password, _code(manager, clock))
    assert table_counts(vault.database)["staff_sessions"] == sessions + 1


def test_five_failures_lock_the_account_for_fifteen_minutes(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    messages = [_refused(vault, desk.name, "not the password") for _ in range(5)]
    assert set(messages) == {WRONG}
    [member] = [m for m in list_staff(vault, ADMIN) if m.name == desk.name]
    assert member.locked

    before = table_counts(vault.database)
    clock.advance(minutes=14, seconds=59)
    message = _refused(vault, desk.name, desk.password)
    assert message == (
        "the account li.na is locked after 5 failed sign-ins until 2026-11-23 09:45 UTC; "
        "an admin can unlock it now: privault staff unlock li.na"
    )
    assert _sign_ins(vault)[-1] == ("li.na", "denied", message)
    assert {t for t, n in table_counts(vault.database).items() if n != before[t]} == {
        "audit_events"
    }

    clock.advance(seconds=1)
    assert sign_in(vault, desk.name, desk.password).staff_name == "li.na"
    assert _failures(vault, desk.name) == 0


def test_failed_sign_ins_alert_at_three_and_at_the_lockout_only(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    for _ in range(2):
        _refused(vault, desk.name, "not the password")
    assert _failed_sign_in_alerts(vault) == []
    _refused(vault, desk.name, "not the password")
    assert _failed_sign_in_alerts(vault) == [
        ("li.na", "3 failed sign-ins in a row (not locked yet)")
    ]
    _refused(vault, desk.name, "not the password")
    assert len(_failed_sign_in_alerts(vault)) == 1
    _refused(vault, desk.name, "not the password")
    assert _failed_sign_in_alerts(vault) == [
        ("li.na", "3 failed sign-ins in a row (not locked yet)"),
        ("li.na", "5 failed sign-ins in a row (account locked)"),
    ]
    _refused(vault, desk.name, desk.password)  # refused while locked: no new alert
    unlock(vault, ADMIN, desk.name)
    for _ in range(5):
        _refused(vault, desk.name, "not the password")
    assert len(_failed_sign_in_alerts(vault)) == 2  # the same day's alerts are not repeated


def test_a_successful_sign_in_resets_the_failure_count(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    for _ in range(4):
        _refused(vault, desk.name, "not the password")
    sign_in(vault, desk.name, desk.password)
    assert _failures(vault, desk.name) == 0
    _refused(vault, desk.name, "not the password")
    assert _failures(vault, desk.name) == 1


def test_a_session_ends_after_twelve_hours(vault: Vault, desk: Account, clock: FrozenClock) -> None:
    session = sign_in(vault, desk.name, desk.password)
    clock.advance(hours=11, minutes=59)
    assert resume(vault, session.token).name == "li.na"
    clock.advance(minutes=1)
    with pytest.raises(AuthenticationError) as refused:
        resume(vault, session.token)
    assert refused.value.message == (
        "the session expired; sign in first: privault login NAME --password-stdin"
    )


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_token_is_no_session(vault: Vault, token: str) -> None:
    with pytest.raises(AuthenticationError, match="no session; sign in first"):
        resume(vault, token)


def test_signing_out_ends_only_that_session_and_is_audited(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    first = sign_in(vault, desk.name, desk.password)
    second = sign_in(vault, desk.name, desk.password)
    assert first.token != second.token
    assert sign_out(vault, first.token) == "li.na"
    with pytest.raises(AuthenticationError, match="no session"):
        resume(vault, first.token)
    assert resume(vault, second.token).name == "li.na"
    assert sign_out(vault, first.token) is None
    assert sign_out(vault, "not-a-token") is None
    events = list_audit_events(vault, AUDITOR, limit=1000)
    assert [(e.actor, e.role) for e in events if e.action == Action.SIGN_OUT] == [
        ("li.na", "front_desk")
    ]


def test_disabling_an_account_ends_its_sessions_at_once(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    session = sign_in(vault, desk.name, desk.password)
    set_status(vault, ADMIN, desk.name, StaffStatus.DISABLED)
    with pytest.raises(AuthenticationError):
        resume(vault, session.token)


def test_resume_computes_clearance_at_the_vault_clock(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    actor = resume(vault, sign_in(vault, desk.name, desk.password).token)
    assert actor.training_gap is not None
    assert actor.training_gap.startswith("no privacy training")
    record_training(vault, ADMIN, desk.name, "PIPL basics", date(2025, 12, 1))
    session = sign_in(vault, desk.name, desk.password)
    gap = resume(vault, session.token).training_gap
    assert gap is not None
    assert gap.startswith("no signed confidentiality agreement")
    sign_agreement(vault, ADMIN, desk.name)
    assert resume(vault, session.token).is_trained  # the same session sees the change

    clock.now = clock.now.replace(month=12, day=2)
    later = sign_in(vault, desk.name, desk.password)
    gap = resume(vault, later.token).training_gap
    assert gap is not None
    assert gap.startswith("privacy training expired on 2026-12-01")
    record_training(vault, ADMIN, desk.name, "PIPL refresher")
    assert resume(vault, later.token).is_trained


def test_clearance_recorded_through_one_worker_counts_at_anothers_next_request(
    vault: Vault, settings: Settings, desk: Account, clock: FrozenClock
) -> None:
    other = open_vault(settings, clock=clock)  # another server worker, keeping clearances
    try:
        session = sign_in(vault, desk.name, desk.password)
        assert resume(other, session.token).training_gap is not None
        record_training(vault, ADMIN, desk.name, "PIPL basics", date(2025, 12, 1))
        sign_agreement(vault, ADMIN, desk.name)
        assert resume(other, session.token).is_trained
    finally:
        other.close()


def test_a_password_is_changed_with_the_current_one(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    me = resume(vault, sign_in(vault, desk.name, desk.password).token)
    change_password(vault, me, desk.password, "green tea at noon")
    _refused(vault, desk.name, desk.password)
    assert sign_in(vault, desk.name, "green tea at noon").staff_name == "li.na"
    events = list_audit_events(vault, AUDITOR, limit=1000)
    assert ("li.na", "allowed", "changed own password") in [
        (e.actor, e.outcome.value, e.reason) for e in events if e.action == Action.STAFF_MANAGE
    ]


def test_a_wrong_current_password_refuses_the_change_and_is_audited(
    vault: Vault, desk: Account
) -> None:
    me = Actor(desk.name, frozenset({"front_desk"}))
    before = table_counts(vault.database)
    with pytest.raises(AuthenticationError, match="the current password is wrong"):
        change_password(vault, me, "not the password", "green tea at noon")
    assert {t for t, n in table_counts(vault.database).items() if n != before[t]} == {
        "audit_events"
    }
    events = list_audit_events(vault, AUDITOR, limit=1000)
    assert ("li.na", "denied", "the current password is wrong") in [
        (e.actor, e.outcome.value, e.reason) for e in events if e.action == Action.STAFF_MANAGE
    ]
    assert sign_in(vault, desk.name, desk.password).staff_name == "li.na"


@pytest.mark.parametrize(
    ("new", "why"),
    [
        ("short", "at least 10 characters"),
        ("li.na likes tea", "account name"),
        ("qwertyuiop", "too easy to guess"),
        (None, "different from the current one"),
    ],
)
def test_a_weak_new_password_is_refused_naming_the_field(
    vault: Vault, desk: Account, new: str | None, why: str
) -> None:
    me = Actor(desk.name, frozenset({"front_desk"}))
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        change_password(vault, me, desk.password, new or desk.password)
    assert refused.value.field == "password"
    assert why in refused.value.reason
    assert table_counts(vault.database) == before
    assert sign_in(vault, desk.name, desk.password).staff_name == "li.na"


def test_after_a_lock_runs_out_one_wrong_password_does_not_lock_again(
    vault: Vault, desk: Account, clock: FrozenClock
) -> None:
    for _ in range(5):
        _refused(vault, desk.name, "not the password")
    clock.advance(minutes=15)
    assert _refused(vault, desk.name, "still not it") == WRONG
    assert _failures(vault, desk.name) == 1
    assert sign_in(vault, desk.name, desk.password).staff_name == "li.na"
