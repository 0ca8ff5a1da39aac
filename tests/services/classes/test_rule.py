"""The class rule: the seed's by default, changed key by key by a manager, checked whole before
it is kept, audited; a bad value names its field and changes nothing."""

from __future__ import annotations

import pytest

from privault.domain.classes import DEFAULT_RULE
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.classes.rule import set_class_rule, show_class_rule
from privault.services.vault import Vault
from tests.services.classes.scenes import MANAGER, MARKETING


def test_the_seeds_rule_holds_until_a_manager_changes_a_key_and_the_change_is_audited(
    vault: Vault, operator: Actor
) -> None:
    assert show_class_rule(vault, MANAGER) == DEFAULT_RULE

    changed = set_class_rule(vault, MANAGER, "b_visits=10% churn_days=90")

    assert changed.as_text() == "a_spend=15 b_spend=30 b_visits=10% c_min_spend=0.01 churn_days=90"
    assert show_class_rule(vault, MANAGER) == changed
    reasons = [
        e.reason
        for e in list_audit_events(vault, operator)
        if e.action == Action.CLASSES_CONFIGURE.value
    ]
    assert f"class rule {changed.as_text()}" in reasons


def test_a_bad_value_names_its_field_and_keeps_the_rule(vault: Vault) -> None:
    set_class_rule(vault, MANAGER, "a_spend=10")

    with pytest.raises(InvalidInputError) as refused:
        set_class_rule(vault, MANAGER, "b_spend=5")

    assert refused.value.field == "b_spend"  # B's ranks would end before A's
    assert show_class_rule(vault, MANAGER).a_spend.value == 10


def test_marketing_may_not_change_the_rule(vault: Vault) -> None:
    with pytest.raises(PolicyDeniedError):
        set_class_rule(vault, MARKETING, "churn_days=30")
