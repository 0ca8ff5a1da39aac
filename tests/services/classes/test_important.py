"""Important guests: a reason is required, the mark is audited and puts the guest in A."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.classes.computing import compute_classes
from privault.services.classes.important import mark_important_guest, unmark_important_guest
from privault.services.classes.listing import list_classes
from privault.services.vault import Vault
from tests.factories import register
from tests.services.classes.scenes import MANAGER, MARKETING, PROFILED


def test_marking_needs_a_reason_and_changes_nothing_without_one(
    vault: Vault, operator: Actor
) -> None:
    guest = register(vault, operator, purposes=PROFILED)

    with pytest.raises(InvalidInputError) as refused:
        mark_important_guest(vault, MANAGER, guest, "  ")

    assert refused.value.field == "reason"
    compute_classes(vault, operator, "2026Q4")
    assert list_classes(vault, MANAGER).customers[0].customer_class.value == "D"


def test_a_marked_guest_is_a_and_the_mark_and_unmark_are_audited_with_the_reason(
    vault: Vault, operator: Actor
) -> None:
    guest = register(vault, operator, purposes=PROFILED)

    mark_important_guest(vault, MANAGER, guest, "区政府接待")
    compute_classes(vault, operator, "2026Q4")
    listed = list_classes(vault, MANAGER).customers[0]
    assert (listed.customer_class.value, listed.basis.value) == ("A", "important_guest")
    assert unmark_important_guest(vault, MANAGER, guest, "接待结束")

    marks = [
        e
        for e in list_audit_events(vault, operator, customer_id=guest)
        if e.action == Action.IMPORTANT_GUEST_MARK.value
    ]
    assert [e.reason for e in marks] == ["unmarked: 接待结束", "marked: 区政府接待"]


def test_marketing_may_not_mark_and_the_refusal_is_audited(vault: Vault, operator: Actor) -> None:
    guest = register(vault, operator, purposes=PROFILED)

    with pytest.raises(PolicyDeniedError):
        mark_important_guest(vault, MARKETING, guest, "区政府接待")

    denied = list_audit_events(vault, operator, customer_id=guest)[0]
    assert (denied.action, denied.outcome.value) == (Action.IMPORTANT_GUEST_MARK.value, "denied")
