"""API tokens: created by an admin for one system and role, shown once, stored hashed,
revoked for good, and every step audited."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import api_tokens
from privault.domain.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import find_customers
from privault.services.staff.tokens import (
    authenticate_token,
    countersign_token,
    create_token,
    list_tokens,
    revoke_token,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

ADMIN = Actor("it.admin", frozenset({"admin"}))
OFFICER = Actor("po.reader", frozenset({"privacy_officer"}))


def _events(vault: Vault, action: Action) -> list[tuple[str, str, str | None]]:
    return [
        (e.actor, e.outcome.value, e.reason)
        for e in reversed(list_audit_events(vault, OFFICER, limit=500))
        if e.action == action.value
    ]


def test_an_admin_creates_a_token_shown_once_and_stored_only_as_its_hash(vault: Vault) -> None:
    made = create_token(vault, ADMIN, " POS.Main ", "front_desk", "north")
    assert (made.name, made.role, made.store) == ("pos.main", "front_desk", "north")
    assert made.token.startswith("pv_")
    assert len(made.token) >= 3 + 43  # 32 random bytes, URL-safe base64
    # Read from the store: the stored hash and the absence of the clear token show nowhere else.
    with vault.database.data_engine.connect() as connection:
        stored = connection.execute(select(api_tokens)).one()._mapping
    assert stored["token_hash"] == hashlib.sha256(made.token.encode()).digest()
    assert made.token not in {str(v) for v in stored.values()}
    assert ("it.admin", "allowed", "created API token pos.main with role front_desk") in _events(
        vault, Action.STAFF_MANAGE
    )


def test_the_token_acts_as_its_integration_with_its_role_and_store(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk", "north")
    countersign_token(vault, OFFICER, "pos.main")  # front desk sees personal data
    actor = authenticate_token(vault, made.token)
    assert actor == Actor("api:pos.main", frozenset({"front_desk"}), frozenset({"north"}))
    assert actor.is_trained


def test_a_token_without_a_store_works_for_every_store(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "booking", "store_manager")
    countersign_token(vault, OFFICER, "booking")
    assert authenticate_token(vault, made.token).stores == frozenset()


def test_only_an_admin_creates_tokens_and_a_refusal_changes_nothing_but_the_trail(
    vault: Vault, operator: Actor
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError, match=r"may not staff\.manage"):
        create_token(vault, operator, "pos.main", "front_desk")
    after = table_counts(vault.database)
    assert after["api_tokens"] == 0
    assert after["audit_events"] == before["audit_events"] + 1
    assert _events(vault, Action.STAFF_MANAGE)[-1][:2] == ("operator.test", "denied")


@pytest.mark.parametrize(
    ("name", "role", "field"),
    [
        ("pos main", "front_desk", "name"),
        ("x", "front_desk", "name"),
        ("pos.main", "cashier", "role"),
        ("pos.main", "", "role"),
    ],
)
def test_a_bad_name_or_a_role_outside_the_matrix_is_refused_naming_the_field(
    vault: Vault, name: str, role: str, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        create_token(vault, ADMIN, name, role)
    assert refused.value.field == field
    assert table_counts(vault.database)["api_tokens"] == 0


def test_a_name_is_used_once_and_a_store_code_has_no_spaces(vault: Vault) -> None:
    create_token(vault, ADMIN, "pos.main", "front_desk")
    with pytest.raises(InvalidInputError, match="exists already"):
        create_token(vault, ADMIN, "pos.main", "marketing")
    with pytest.raises(InvalidInputError) as refused:
        create_token(vault, ADMIN, "pos.two", "front_desk", "north store")
    assert refused.value.field == "store"
    assert [t.name for t in list_tokens(vault, ADMIN)] == ["pos.main"]


def test_an_unknown_or_malformed_token_is_refused(vault: Vault) -> None:
    create_token(vault, ADMIN, "pos.main", "front_desk")
    for wrong in ("", "pv_not-a-real-token", "Bearer something", "x" * 500):
        with pytest.raises(AuthenticationError, match="no valid API token"):
            authenticate_token(vault, wrong)


def test_a_revoked_token_is_refused_audited_and_stays_listed(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    revoked = revoke_token(vault, ADMIN, "pos.main")
    assert (revoked.is_revoked, revoked.revoked_by) == (True, "it.admin")
    with pytest.raises(AuthenticationError, match="was revoked on 2026-11-23 09:30 UTC"):
        authenticate_token(vault, made.token)
    assert _events(vault, Action.SIGN_IN) == [
        ("api:pos.main", "denied", "API token pos.main was revoked on 2026-11-23 09:30 UTC")
    ]
    assert ("it.admin", "allowed", "revoked API token pos.main") in _events(
        vault, Action.STAFF_MANAGE
    )
    listed = list_tokens(vault, OFFICER)
    assert [(t.name, t.is_revoked) for t in listed] == [("pos.main", True)]


def test_revoking_twice_or_an_unknown_token_says_so(vault: Vault) -> None:
    create_token(vault, ADMIN, "pos.main", "front_desk")
    revoke_token(vault, ADMIN, "pos.main")
    with pytest.raises(ConflictError, match="revoked already"):
        revoke_token(vault, ADMIN, "pos.main")
    with pytest.raises(NotFoundError, match="no API token named nothing"):
        revoke_token(vault, ADMIN, "nothing")


def test_only_an_admin_revokes(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    with pytest.raises(PolicyDeniedError):
        revoke_token(vault, OFFICER, "pos.main")
    countersign_token(vault, OFFICER, "pos.main")
    assert authenticate_token(vault, made.token).name == "api:pos.main"


def test_listing_needs_staff_read_and_never_shows_the_token(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    with pytest.raises(PolicyDeniedError):
        list_tokens(vault, Actor("desk", frozenset({"front_desk"})))
    listed = list_tokens(vault, Actor("checker", frozenset({"auditor"})))
    assert made.token not in repr(listed)
    assert ("checker", "allowed", "listed API tokens") in _events(vault, Action.STAFF_READ)


def test_last_use_is_recorded_at_most_once_a_minute(vault: Vault, clock: FrozenClock) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    countersign_token(vault, OFFICER, "pos.main")
    assert list_tokens(vault, ADMIN)[0].last_used_at is None
    authenticate_token(vault, made.token)
    first = clock.now
    clock.advance(seconds=30)
    authenticate_token(vault, made.token)
    assert list_tokens(vault, ADMIN)[0].last_used_at == first
    clock.advance(seconds=31)
    authenticate_token(vault, made.token)
    assert list_tokens(vault, ADMIN)[0].last_used_at == clock.now


def test_the_integration_goes_through_the_policy_like_staff(vault: Vault, operator: Actor) -> None:
    register(vault, operator, {"name": "李雷", "mobile": "13800001111"})
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    countersign_token(vault, OFFICER, "pos.main")
    desk = authenticate_token(vault, made.token)
    found = find_customers(vault, desk, "mobile", "13800001111")
    assert found.total == 1
    assert found.customers[0].fields["mobile"] != "13800001111"
    marketing = create_token(vault, ADMIN, "mailer", "marketing").token
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.search"):
        find_customers(vault, authenticate_token(vault, marketing), "mobile", "13800001111")
