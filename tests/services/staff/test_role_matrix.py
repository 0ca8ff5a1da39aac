"""The role matrix is installation data: an admin edits it, checked whole, and it takes effect."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.presets import roles_text
from privault.services.customers.records import reveal_field
from privault.services.staff.role_matrix import set_opening_hours, set_roles_document, show_roles
from privault.services.vault import Vault
from tests.factories import register

ADMIN = Actor("it.admin", frozenset({"admin"}))
DESK = Actor("desk.li", frozenset({"front_desk"}))


def test_the_shipped_matrix_is_shown_until_changed(vault: Vault) -> None:
    assert show_roles(vault, ADMIN) == roles_text()


def test_an_edited_matrix_takes_effect_at_once(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    assert reveal_field(vault, DESK, customer_id, "mobile", "service")
    # The first role in the file is front_desk: take reveal from it.
    stricter = roles_text().replace('"customer.view", "customer.reveal",', '"customer.view",', 1)
    assert stricter != roles_text()
    set_roles_document(vault, ADMIN, stricter)
    assert show_roles(vault, ADMIN) == stricter
    with pytest.raises(PolicyDeniedError, match=r"front_desk may not customer\.reveal"):
        reveal_field(vault, DESK, customer_id, "mobile", "service")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("roles = [", "not valid TOML"),
        ('[roles.admin]\nactions = ["staff.manage"]\n', "keep one role"),
        ('[roles.admin]\nactions = ["staff.fly"]\n', r"unknown value 'staff\.fly'"),
        (
            '[roles.admin]\nactions = ["staff.manage", "policy.edit"]\n',
            "staff still hold privacy_officer",
        ),
    ],
)
def test_a_bad_matrix_is_refused_whole_and_changes_nothing(
    vault: Vault, text: str, message: str
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        set_roles_document(vault, ADMIN, text)
    assert table_counts(vault.database) == before
    assert show_roles(vault, ADMIN) == roles_text()


def test_only_an_admin_changes_the_matrix(vault: Vault, operator: Actor) -> None:
    with pytest.raises(PolicyDeniedError, match=r"may not policy\.edit"):
        set_roles_document(vault, operator, roles_text())


def test_opening_hours_are_set_by_an_admin_and_checked(vault: Vault) -> None:
    with pytest.raises(InvalidInputError, match="HH:MM-HH:MM") as raised:
        set_opening_hours(vault, ADMIN, "9 to 5")
    assert raised.value.field == "opening_hours"
    hours = set_opening_hours(vault, ADMIN, "10:00-02:00 Asia/Shanghai")
    assert (hours.opens.hour, hours.closes.hour) == (10, 2)
    with vault.unit_of_work() as uow:
        assert vault.opening_hours(uow) == hours
    with pytest.raises(PolicyDeniedError):
        set_opening_hours(vault, DESK, "10:00-22:00 Asia/Shanghai")
