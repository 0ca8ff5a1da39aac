"""The one policy function: deny by default, store scope, reveals need a purpose and training."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from privault.domain.catalog import FieldClass
from privault.domain.policy import (
    DEFAULT_MATRIX,
    Action,
    Actor,
    Decision,
    Request,
    authorize,
)

MATRIX: Mapping[str, frozenset[Action]] = {
    "front_desk": frozenset({Action.REGISTER, Action.SEARCH, Action.VIEW_MASKED, Action.REVEAL}),
    "auditor": frozenset({Action.AUDIT_READ}),
}


def _actor(*roles: str, stores: tuple[str, ...] = (), is_trained: bool = True) -> Actor:
    return Actor("staff:li", frozenset(roles), frozenset(stores), is_trained)


def _ask(
    actor: Actor,
    action: Action,
    *,
    purpose: str | None = None,
    store: str | None = None,
    field_class: FieldClass | None = None,
) -> Decision:
    request = Request(action, field_class=field_class, purpose=purpose, store=store, matrix=MATRIX)
    return authorize(actor, request)


def test_a_granted_action_is_allowed() -> None:
    assert _ask(_actor("front_desk"), Action.REGISTER) == Decision(True)


def test_an_actor_without_roles_is_denied() -> None:
    decision = _ask(_actor(), Action.VIEW_MASKED)
    assert not decision.allowed
    assert decision.reason == "role none may not customer.view"


def test_an_unknown_role_is_denied() -> None:
    decision = _ask(_actor("janitor"), Action.VIEW_MASKED)
    assert not decision.allowed
    assert "janitor" in decision.reason


def test_an_action_no_role_grants_is_denied() -> None:
    decision = _ask(_actor("auditor"), Action.REVEAL, purpose="check")
    assert not decision.allowed
    assert decision.reason == "role auditor may not customer.reveal"


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_denied_to_a_role_missing_from_the_matrix(action: Action) -> None:
    assert not authorize(_actor("marketing"), Request(action, purpose="campaign")).allowed


def test_one_granting_role_is_enough() -> None:
    assert _ask(_actor("auditor", "front_desk"), Action.SEARCH).allowed
    assert _ask(_actor("auditor", "front_desk"), Action.AUDIT_READ).allowed


def test_the_default_matrix_gives_the_operator_everything() -> None:
    operator = _actor("operator")
    assert all(authorize(operator, Request(a, purpose="why")).allowed for a in Action)
    assert set(DEFAULT_MATRIX) == {"operator"}


def test_a_store_outside_the_actors_stores_is_denied() -> None:
    decision = _ask(_actor("front_desk", stores=("north",)), Action.VIEW_MASKED, store="south")
    assert not decision.allowed
    assert decision.reason == "store south is outside staff:li's stores"


def test_a_store_inside_the_actors_stores_is_allowed() -> None:
    actor = _actor("front_desk", stores=("north", "south"))
    assert _ask(actor, Action.VIEW_MASKED, store="south").allowed


def test_an_actor_without_store_restriction_may_act_in_any_store() -> None:
    assert _ask(_actor("front_desk"), Action.VIEW_MASKED, store="south").allowed


def test_a_request_without_store_is_not_store_checked() -> None:
    assert _ask(_actor("front_desk", stores=("north",)), Action.SEARCH).allowed


def test_the_role_check_comes_before_the_store_check() -> None:
    decision = _ask(_actor("auditor", stores=("north",)), Action.VIEW_MASKED, store="south")
    assert decision.reason.startswith("role auditor may not")


@pytest.mark.parametrize("purpose", [None, "", "   ", "\t\n"])
def test_a_reveal_without_a_stated_purpose_is_denied(purpose: str | None) -> None:
    decision = _ask(
        _actor("front_desk"), Action.REVEAL, purpose=purpose, field_class=FieldClass.GENERAL
    )
    assert decision == Decision(False, "a reveal needs a stated purpose")


def test_a_reveal_with_a_purpose_by_a_trained_actor_is_allowed() -> None:
    decision = _ask(_actor("front_desk"), Action.REVEAL, purpose="call about the booking")
    assert decision.allowed


def test_a_reveal_by_an_untrained_actor_is_denied_even_with_a_purpose() -> None:
    decision = _ask(_actor("front_desk", is_trained=False), Action.REVEAL, purpose="call back")
    assert decision == Decision(False, "staff:li has no current privacy training")


def test_an_untrained_actor_still_sees_masked_data() -> None:
    assert _ask(_actor("front_desk", is_trained=False), Action.VIEW_MASKED).allowed


def test_a_reveal_outside_the_actors_stores_is_denied_before_the_purpose() -> None:
    actor = _actor("front_desk", stores=("north",))
    decision = _ask(actor, Action.REVEAL, purpose="call back", store="south")
    assert not decision.allowed
    assert "outside" in decision.reason


def test_role_and_store_are_shown_sorted_and_joined() -> None:
    actor = _actor("front_desk", "auditor", stores=("south", "north"))
    assert (actor.role, actor.store) == ("auditor,front_desk", "north,south")
    assert _actor().store is None
