"""Taking in a request: staff and portal intake clean the note, store it and audit the opening
the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.domain.requests import MAX_NOTE, RequestStatus
from privault.services.audit.events import list_audit_events
from privault.services.portal.requests import open_own_request
from privault.services.requests.handling import get_request, open_request
from privault.services.vault import Vault
from tests.factories import MEMBER, register

Opener = Callable[[Vault, Actor, str, str], str]  # (vault, staff, customer id, note) -> request id


def by_staff(vault: Vault, staff: Actor, customer_id: str, note: str) -> str:
    return open_request(vault, staff, customer_id, "access", "store", note=note).id


def in_portal(vault: Vault, staff: Actor, customer_id: str, note: str) -> str:
    return open_own_request(vault, customer_actor(customer_id), customer_id, "access", note).id


@pytest.mark.parametrize("opener", [by_staff, in_portal])
def test_a_note_over_the_limit_is_refused_by_name_and_nothing_is_opened(
    vault: Vault, operator: Actor, opener: Opener
) -> None:
    customer_id = register(vault, operator, None, MEMBER)
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match=f"at most {MAX_NOTE} characters") as raised:
        opener(vault, operator, customer_id, "x" * (MAX_NOTE + 1))

    assert raised.value.field == "note"
    assert table_counts(vault.database) == before


@pytest.mark.parametrize(("opener", "channel"), [(by_staff, "store"), (in_portal, "portal")])
def test_both_intakes_keep_the_cleaned_note_and_audit_the_opening_alike(
    vault: Vault, operator: Actor, opener: Opener, channel: str
) -> None:
    customer_id = register(vault, operator, None, MEMBER)

    request_id = opener(vault, operator, customer_id, "  call back\n after  six ")

    shown = get_request(vault, operator, request_id)
    assert (shown.channel, shown.outcome) == (channel, "note at opening: call back after six")
    opening = [
        e.reason
        for e in list_audit_events(vault, operator, customer_id=customer_id)
        if e.action == Action.REQUEST_OPEN
    ]
    assert opening == [
        f"request {request_id}: opened access via {channel}, received "
        f"{shown.received_on.isoformat()}, due {shown.due_on.isoformat()}"
    ]


def test_a_portal_request_starts_verified_by_the_sign_in_code(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, None, MEMBER)

    shown = get_request(vault, operator, in_portal(vault, operator, customer_id, ""))

    assert (shown.status, shown.verification) == (RequestStatus.IDENTITY_VERIFIED, "code")
    assert shown.outcome is None
