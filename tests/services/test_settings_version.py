"""Settings cached by one process follow a change made by another at its next unit of work."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, event

from privault.config import Settings
from privault.db.installation import SETTINGS_VERSION
from privault.db.tables import installation
from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.presets import roles_text
from privault.services.customers.records import reveal_field
from privault.services.settings_stamp import one_stamp_per_request
from privault.services.staff.role_matrix import (
    allowed_actions,
    set_opening_hours,
    set_roles_document,
)
from privault.services.staff.sessions import resume, sign_in
from privault.services.staff.tokens import authenticate_token, countersign_token, create_token
from privault.services.use_case import use_case
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff, register

ADMIN = Actor("it.admin", frozenset({"admin"}))
DESK = Actor("desk.li", frozenset({"front_desk"}))
OFFICER = Actor("po.reader", frozenset({"privacy_officer"}))
# The first role in the file is front_desk: take reveal from it.
STRICTER = roles_text().replace('"customer.view", "customer.reveal",', '"customer.view",', 1)


@pytest.fixture
def other(settings: Settings, clock: FrozenClock) -> Iterator[Vault]:
    """A second process's vault on the same installation (another server worker)."""
    opened = open_vault(settings, clock=clock)
    yield opened
    opened.close()


def _stamp(vault: Vault) -> int:
    with vault.unit_of_work(read_only=True) as uow:
        return uow.installation.settings_version()


def test_a_role_change_made_by_one_vault_is_honoured_by_another_at_its_next_unit_of_work(
    vault: Vault, other: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    assert reveal_field(other, DESK, customer_id, "mobile", "service")  # caches the matrix
    assert Action.REVEAL in allowed_actions(other, DESK)

    set_roles_document(vault, ADMIN, STRICTER)

    assert Action.REVEAL not in allowed_actions(other, DESK)
    with pytest.raises(PolicyDeniedError, match=r"front_desk may not customer\.reveal"):
        reveal_field(other, DESK, customer_id, "mobile", "service")


def test_opening_hours_changed_elsewhere_are_read_again(vault: Vault, other: Vault) -> None:
    with other.unit_of_work(read_only=True) as uow:
        before = other.opening_hours(uow)
    hours = set_opening_hours(vault, ADMIN, "10:00-02:00 Asia/Shanghai")
    assert hours != before
    with other.unit_of_work(read_only=True) as uow:
        assert other.opening_hours(uow) == hours


def test_every_settings_write_moves_the_stamp_once(vault: Vault) -> None:
    before = _stamp(vault)
    set_roles_document(vault, ADMIN, STRICTER)
    assert _stamp(vault) == before + 1
    set_opening_hours(vault, ADMIN, "10:00-22:00 Asia/Shanghai")
    assert _stamp(vault) == before + 2


def test_the_stamp_is_zero_until_the_first_write_and_then_one(vault: Vault) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(delete(installation).where(installation.c.key == SETTINGS_VERSION))
    assert _stamp(vault) == 0
    set_opening_hours(vault, ADMIN, "10:00-22:00 Asia/Shanghai")
    assert _stamp(vault) == 1


def test_concurrent_writers_each_move_the_stamp(vault: Vault, other: Vault) -> None:
    before = _stamp(vault)
    writes = 5

    def write(opened: Vault, key: str) -> None:
        for n in range(writes):
            with opened.unit_of_work() as uow:
                uow.installation.put(key, str(n))
                uow.commit()

    threads = [
        threading.Thread(target=write, args=(opened, f"test.{i}"))
        for i, opened in enumerate((vault, other, vault, other))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _stamp(vault) == before + writes * len(threads)


def test_a_unit_of_work_reads_the_stamp_once_for_all_warm_settings(vault: Vault) -> None:
    with vault.unit_of_work(read_only=True) as uow:  # warms the caches
        vault.catalog(uow), vault.roles(uow), vault.opening_hours(uow)
    statements: list[str] = []

    def count(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):  # SQLite's own transaction start
            statements.append(args[2])

    engine = vault.database.data_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with vault.unit_of_work(read_only=True) as uow:
            vault.catalog(uow), vault.roles(uow), vault.opening_hours(uow), vault.roles(uow)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert "installation" in statements[0]


def test_a_setting_written_in_a_unit_of_work_that_rolls_back_is_not_kept(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        vault.roles(uow)
        uow.installation.put("roles", STRICTER)
        assert Action.REVEAL not in vault.roles(uow)["front_desk"].actions
    with vault.unit_of_work(read_only=True) as uow:
        assert Action.REVEAL in vault.roles(uow)["front_desk"].actions


def test_forgetting_the_catalog_still_reads_settings_again(vault: Vault) -> None:
    with vault.unit_of_work(read_only=True) as uow:
        first = vault.catalog(uow)
    vault.forget_catalog()
    with vault.unit_of_work(read_only=True) as uow:
        again = vault.catalog(uow)
    assert again == first
    assert again is not first


def _statements(vault: Vault, work: Any) -> list[str]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):
            statements.append(args[2])

    engine = vault.database.data_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def test_one_request_reads_the_stamp_once_for_all_its_units_of_work(vault: Vault) -> None:
    allowed_actions(vault, DESK)  # warms the matrix

    def twice() -> None:
        allowed_actions(vault, DESK), allowed_actions(vault, DESK)

    def in_one_request() -> None:
        with one_stamp_per_request():
            twice()

    assert len(_statements(vault, twice)) == 2  # outside a request: each unit of work reads
    assert len(_statements(vault, in_one_request)) == 1


def test_a_settings_change_in_a_request_is_seen_by_its_next_unit_of_work(
    vault: Vault, other: Vault
) -> None:
    with one_stamp_per_request():
        with vault.unit_of_work(read_only=True) as uow:
            assert vault.setting(uow, "test.key") is None  # cached at the request's stamp
        with use_case(vault, ADMIN) as uc:  # a write that does not forget the caches itself
            uc.uow.installation.put("test.key", "1")
            uc.commit()
        with vault.unit_of_work(read_only=True) as uow:
            assert vault.setting(uow, "test.key") == "1"
    with one_stamp_per_request(), other.unit_of_work(read_only=True) as uow:
        assert other.setting(uow, "test.key") == "1"  # another worker, its next request


def test_a_credentials_read_carries_the_requests_stamp(vault: Vault) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    countersign_token(vault, OFFICER, "pos.main")
    authenticate_token(vault, made.token)  # stamps its first use; warms the caches
    allowed_actions(vault, DESK)

    def api_call() -> None:
        with one_stamp_per_request():
            caller = authenticate_token(vault, made.token)
            assert Action.REVEAL in allowed_actions(vault, caller)

    statements = _statements(vault, api_call)
    assert len(statements) == 1  # the token with the stamp; the use case asks no stamp
    assert "api_tokens" in statements[0]
    assert "installation" in statements[0]


def test_a_stamp_read_earlier_in_the_request_is_not_replaced_by_a_credentials(
    vault: Vault, other: Vault
) -> None:
    made = create_token(vault, ADMIN, "pos.main", "front_desk")
    countersign_token(vault, OFFICER, "pos.main")
    with one_stamp_per_request():
        assert Action.REVEAL in allowed_actions(vault, DESK)  # the request's stamp
        # another worker, meanwhile (outside this request's context)
        contextvars.Context().run(set_roles_document, other, ADMIN, STRICTER)
        caller = authenticate_token(vault, made.token)
        assert Action.REVEAL in allowed_actions(vault, caller)  # one version per request
    with one_stamp_per_request():
        caller = authenticate_token(vault, made.token)
        assert Action.REVEAL not in allowed_actions(vault, caller)  # the next request: new


def test_a_console_request_resolves_its_staff_member_in_one_statement(vault: Vault) -> None:
    member = enrolled_staff(vault, ADMIN, "li.na", ["front_desk"])
    token = sign_in(vault, member.name, member.password).token
    resume(vault, token)  # warms the clearances

    def console_request() -> None:
        with one_stamp_per_request():
            assert resume(vault, token).name == "li.na"

    statements = _statements(vault, console_request)
    assert len(statements) == 1  # the session, its account and the stamp: training is kept
    assert "staff_sessions" in statements[0]
