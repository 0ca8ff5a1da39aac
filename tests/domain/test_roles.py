"""Reading a role matrix: the shipped one parses; anything not understood is refused by name."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.domain.catalog import Category
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, RoleGrant
from privault.domain.roles import parse_roles
from privault.presets import load_roles


def _document(**role: Any) -> dict[str, Any]:
    """The shipped matrix with one extra role, `clerk`, made of `role`."""
    document = copy.deepcopy(load_roles())
    document["roles"]["clerk"] = role
    return document


def test_the_shipped_matrix_parses_with_the_seven_roles_of_the_design_and_the_owner() -> None:
    matrix = parse_roles(load_roles())
    assert sorted(matrix) == [
        "admin",
        "auditor",
        "front_desk",
        "marketing",
        "marketing_manager",  # the review of collection forms (issue 15, DESIGN §11)
        "owner",  # the second approver of a one-officer shop (issue 14)
        "privacy_officer",
        "service_staff",
        "store_manager",
    ]


def test_a_role_is_read_with_its_actions_categories_limit_and_scope() -> None:
    matrix = parse_roles(
        {
            "roles": {
                "clerk": {
                    "actions": ["customer.search", "customer.view"],
                    "view": ["identity", "contact"],
                    "reveal": ["contact"],
                    "reveals_per_hour": 5,
                    "store_scoped": False,
                }
            }
        }
    )
    assert matrix == {
        "clerk": RoleGrant(
            actions=frozenset({Action.SEARCH, Action.VIEW_MASKED}),
            view=frozenset({Category.IDENTITY, Category.CONTACT}),
            reveal=frozenset({Category.CONTACT}),
            reveals_per_hour=5,
            store_scoped=False,
        )
    }


def test_a_role_that_says_nothing_may_do_nothing_and_is_store_scoped() -> None:
    assert parse_roles({"roles": {"clerk": {}}}) == {"clerk": RoleGrant(actions=frozenset())}


@pytest.mark.parametrize(
    ("role", "field", "reason"),
    [
        ({"actions": ["customer.fly"]}, "roles.clerk.actions", "unknown value 'customer.fly'"),
        ({"actions": ["customer.view", "Customer.View"]}, "roles.clerk.actions", "'Customer.View'"),
        ({"view": ["identity", "religion"]}, "roles.clerk.view", "unknown value 'religion'"),
        ({"reveal": ["secrets"]}, "roles.clerk.reveal", "unknown value 'secrets'"),
        ({"reveals_per_hour": -1}, "roles.clerk.reveals_per_hour", "must be a whole number"),
        ({"reveals_per_hour": 2.5}, "roles.clerk.reveals_per_hour", "must be a whole number"),
        ({"reveals_per_hour": "30"}, "roles.clerk.reveals_per_hour", "must be a whole number"),
        ({"reveals_per_hour": True}, "roles.clerk.reveals_per_hour", "must be a whole number"),
        ({"store_scoped": "yes"}, "roles.clerk.store_scoped", "must be true or false"),
        ({"stores": ["north"]}, "roles.clerk", "unknown key stores"),
        ({"action": ["customer.view"]}, "roles.clerk", "unknown key action"),
        ({"actions": "customer.view"}, "roles.clerk.actions", "must be a list"),
        ({"view": "identity"}, "roles.clerk.view", "must be a list"),
        ({"reveal": {"contact": True}}, "roles.clerk.reveal", "must be a list"),
        ({"actions": ["staff.sign_in"]}, "roles.clerk.actions", "are not grantable actions"),
        ({"actions": ["staff.sign_out"]}, "roles.clerk.actions", "are not grantable actions"),
        ({"actions": ["system.housekeeping"]}, "roles.clerk.actions", "are not grantable actions"),
    ],
    ids=[
        "unknown-action",
        "action-in-wrong-case",
        "unknown-view-category",
        "unknown-reveal-category",
        "negative-limit",
        "fractional-limit",
        "limit-as-text",
        "limit-as-boolean",
        "scope-as-text",
        "unknown-key",
        "misspelt-key",
        "actions-not-a-list",
        "view-not-a-list",
        "reveal-not-a-list",
        "sign-in",
        "sign-out",
        "housekeeping",
    ],
)
def test_a_bad_role_is_refused_naming_the_role_and_key(
    role: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_roles(_document(**role))
    assert raised.value.field == field
    assert reason in raised.value.reason


def test_a_matrix_may_not_define_the_system_role() -> None:
    document = {"roles": {"system": {"actions": ["customer.view"]}}}
    with pytest.raises(InvalidInputError) as raised:
        parse_roles(document)
    assert raised.value.field == "roles.system"


def test_an_unknown_action_is_refused_with_the_actions_to_choose_from() -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_roles(_document(actions=["customer.fly"]))
    assert "customer.reveal" in raised.value.reason
    assert "staff.sign_in" in raised.value.reason  # listed, though refused on its own line


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("reveal", ["contact"]),
        ("view", ["identity"]),
        ("actions", ["audit.read", "customer.search"]),
    ],
)
def test_the_auditor_may_not_be_given_personal_data(key: str, value: list[str]) -> None:
    document = copy.deepcopy(load_roles())
    document["roles"]["auditor"][key] = value
    with pytest.raises(InvalidInputError) as raised:
        parse_roles(document)
    assert raised.value.field == f"roles.auditor.{key}"
    assert raised.value.reason == "the auditor sees no personal data"


def test_another_role_may_be_given_reveal() -> None:
    document = copy.deepcopy(load_roles())
    document["roles"]["marketing"]["reveal"] = ["contact"]
    assert parse_roles(document)["marketing"].reveal == {Category.CONTACT}


@pytest.mark.parametrize(
    "document",
    [{}, {"roles": {}}, {"roles": []}, {"roles": "front_desk"}, {"role": {"clerk": {}}}],
    ids=["empty", "no-roles", "roles-a-list", "roles-a-string", "misspelt-table"],
)
def test_a_document_without_a_roles_table_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_roles(document)
    assert raised.value.field == "roles"


@pytest.mark.parametrize("spec", [["customer.view"], "front_desk", 3], ids=["list", "str", "int"])
def test_a_role_that_is_not_a_table_is_refused(spec: object) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_roles({"roles": {"clerk": spec}})
    assert (raised.value.field, raised.value.reason) == ("roles.clerk", "must be a table")


@pytest.mark.legal("GB/T 35273-2020 Annex B")
def test_balances_are_read_by_the_desk_and_the_manager_and_corrected_by_the_manager_only() -> None:
    matrix = parse_roles(load_roles())
    ledgers = {Action.POINTS_READ, Action.POINTS_MOVE, Action.WALLET_READ, Action.WALLET_MOVE}
    holders = {role for role, grant in matrix.items() if grant.actions & ledgers}
    correctors = {role for role, grant in matrix.items() if Action.LEDGER_CORRECT in grant.actions}
    assert holders == {"front_desk", "store_manager"}
    assert correctors == {"store_manager"}
    assert ledgers <= matrix["front_desk"].actions


def test_marketing_plans_and_reads_campaigns_and_only_a_manager_sends() -> None:
    """Issue 16: marketing sees counts, previews and results; the marketing manager and the
    store manager approve and send; no other role touches campaigns."""
    matrix = parse_roles(load_roles())
    campaign = {Action.CAMPAIGN_PLAN, Action.CAMPAIGN_READ, Action.CAMPAIGN_SEND}
    held = {role: grant.actions & campaign for role, grant in matrix.items()}
    assert held.pop("marketing") == {Action.CAMPAIGN_PLAN, Action.CAMPAIGN_READ}
    assert held.pop("marketing_manager") == campaign
    assert held.pop("store_manager") == campaign
    assert all(not actions for actions in held.values())
    assert not matrix["marketing"].view | matrix["marketing"].reveal  # never a contact
