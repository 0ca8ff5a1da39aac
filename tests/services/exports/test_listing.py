"""The exports list a page at a time, by status and requester; a requester sees their own."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.exports import ExportStatus
from privault.domain.paging import PAGE_SIZE
from privault.domain.policy import Actor
from privault.services.exports.listing import export_filter, page_exports
from privault.services.exports.workflow import decide_export, request_export
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

MANAGER = Actor("mgr.wang", frozenset({"store_manager"}), frozenset({"main"}))
OTHER_MANAGER = Actor("mgr.li", frozenset({"store_manager"}), frozenset({"main"}))
OFFICER = Actor("po.zhao", frozenset({"privacy_officer"}))


def _ask(actor: Actor, vault: Vault) -> str:
    return request_export(vault, actor, ["name", "mobile"], purpose="service").id


def test_exports_filter_by_status_and_requester_and_page_on(vault: Vault, operator: Actor) -> None:
    register(vault, operator, store="main")
    mine = [_ask(MANAGER, vault) for _ in range(PAGE_SIZE + 1)]
    theirs = _ask(OTHER_MANAGER, vault)
    decide_export(vault, OFFICER, theirs, approve=True, note="checked")
    first = page_exports(vault, OFFICER, export_filter({}))
    second = page_exports(vault, OFFICER, export_filter({"page": "2"}))
    assert (len(first.items), len(second.items), second.has_next) == (PAGE_SIZE, 2, False)
    assert {e.id for e in first.items + second.items} == {*mine, theirs}
    approved = page_exports(vault, OFFICER, export_filter({"status": "approved"}))
    assert [e.id for e in approved.items] == [theirs]
    by_wang = export_filter({"requested_by": "mgr.wang", "status": "pending", "page": "2"})
    assert [e.status for e in page_exports(vault, OFFICER, by_wang).items] == [ExportStatus.PENDING]


def test_a_requester_sees_only_their_own(vault: Vault, operator: Actor) -> None:
    register(vault, operator, store="main")
    mine, theirs = _ask(MANAGER, vault), _ask(OTHER_MANAGER, vault)
    own = page_exports(vault, MANAGER, export_filter({}))
    assert [e.id for e in own.items] == [mine]
    asked = page_exports(vault, MANAGER, export_filter({"requested_by": "mgr.li"}))
    assert asked.items == []
    assert theirs in {e.id for e in page_exports(vault, OFFICER, export_filter({})).items}


def test_exports_are_listed_newest_or_oldest_first(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    register(vault, operator, store="main")
    earlier = _ask(MANAGER, vault)
    clock.advance(minutes=5)
    later = _ask(OTHER_MANAGER, vault)
    newest = page_exports(vault, OFFICER, export_filter({"order": "newest"}))
    oldest = page_exports(vault, OFFICER, export_filter({"order": "oldest"}))
    assert [e.id for e in newest.items] == [later, earlier]
    assert [e.id for e in oldest.items] == [earlier, later]
    assert [e.id for e in page_exports(vault, OFFICER, export_filter({})).items] == [later, earlier]


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"requested_by": "x" * 65}, "requested_by"),
        ({"page": "x"}, "page"),
        ({"order": "random"}, "order"),
    ],
)
def test_a_bad_export_filter_names_its_field(typed: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        export_filter(typed)
    assert refused.value.field == field
