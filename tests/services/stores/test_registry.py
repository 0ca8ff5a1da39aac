"""The store registry: the owner and the privacy officer list, add, rename and deactivate
stores, each change audited; bad input names its field and changes nothing."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.service_day.bookings import BookingRequest, book, cancel_booking
from privault.services.stores.registry import (
    active_stores,
    add_store,
    deactivate_store,
    list_stores,
    reactivate_store,
    rename_store,
)
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock

OWNER = Actor("owner.li", frozenset({"owner"}))
OFFICER = Actor("po.wang", frozenset({"privacy_officer"}))
DESK = Actor("desk.chen", frozenset({"front_desk"}), frozenset({"east"}))
EAST = {
    "name": "东门店",
    "name_en": "East gate",
    "address": "深圳市南山区 1 号",
    "phone": "0755-1234",
}


def _store_events(vault: Vault) -> list[tuple[str, str]]:
    events = list_audit_events(vault, OFFICER, limit=1000)
    return [(e.actor, e.reason or "") for e in reversed(events) if e.action == Action.STORES_MANAGE]


def test_stores_are_added_renamed_deactivated_and_each_change_audited(vault: Vault) -> None:
    east = add_store(vault, OWNER, " east ", {**EAST, "zone": "Asia/Hong_Kong"})
    add_store(vault, OFFICER, "west", {"name": "西门店"})

    assert (east.code, east.details.name, east.details.zone, east.created_at) == (
        "east", "东门店", "Asia/Hong_Kong", START,
    )  # fmt: skip
    renamed = rename_store(vault, OFFICER, "east", {"name": "东门旗舰店", "name_en": "East"})
    assert (renamed.details.name, renamed.details.address, renamed.details.zone) == (
        "东门旗舰店", None, None,
    )  # fmt: skip
    deactivate_store(vault, OWNER, "west")

    listed = {s.code: (s.details.name, s.is_active) for s in list_stores(vault, OWNER)}
    assert listed == {"east": ("东门旗舰店", True), "west": ("西门店", False)}
    assert [s.code for s in active_stores(vault)] == ["east"]
    assert _store_events(vault) == [
        ("owner.li", "store east added"),
        ("po.wang", "store west added"),
        ("po.wang", "store east changed"),
        ("owner.li", "store west deactivated"),
    ]
    reactivate_store(vault, OWNER, "west")
    assert [s.code for s in active_stores(vault)] == ["east", "west"]


@pytest.mark.parametrize(
    ("code", "typed", "field"),
    [
        ("east", {"name": "又一个东门店"}, "code"),  # the code exists already
        ("", {"name": "无代码"}, "code"),
        ("two words", {"name": "空格"}, "code"),
        ("north", {"name": ""}, "name"),
        ("north", {"name": "北门店", "zone": "Mars/Olympus"}, "zone"),
        ("north", {"name": "北门店", "zone": "../etc/passwd"}, "zone"),
        ("north", {"name": "北门店", "phone": "call me"}, "phone"),
        ("north", {"name": "北" * 101}, "name"),
        ("north", {"name": "北门店", "address": "a\x00b"}, "address"),
    ],
)
def test_bad_input_names_its_field_and_changes_nothing(
    vault: Vault, code: str, typed: dict[str, str], field: str
) -> None:
    add_store(vault, OWNER, "east", EAST)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as caught:
        add_store(vault, OWNER, code, typed)
    assert caught.value.field == field
    assert table_counts(vault.database) == before


def test_a_bad_rename_changes_nothing(vault: Vault) -> None:
    add_store(vault, OWNER, "east", EAST)
    with pytest.raises(InvalidInputError, match="zone: unknown time zone Nowhere"):
        rename_store(vault, OWNER, "east", {"name": "新名字", "zone": "Nowhere"})
    with pytest.raises(NotFoundError):
        rename_store(vault, OWNER, "south", {"name": "南门店"})
    [east] = list_stores(vault, OWNER)
    assert east.details.name == "东门店"


def test_a_store_with_bookings_still_to_come_cannot_be_deactivated(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    add_store(vault, OWNER, "east", EAST)
    ahead = book(
        vault,
        operator,
        BookingRequest(
            date="2026-11-30", starts="10:00", ends="11:00", salutation="王先生", store="east"
        ),
    )
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError) as caught:
        deactivate_store(vault, OWNER, "east")

    assert (caught.value.field, caught.value.params["count"]) == ("active", 1)
    assert table_counts(vault.database) == before
    assert [s.is_active for s in list_stores(vault, OWNER)] == [True]
    cancel_booking(vault, operator, ahead.id)
    assert deactivate_store(vault, OWNER, "east").is_active is False


def test_a_past_booking_does_not_keep_a_store_open(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    add_store(vault, OWNER, "east", EAST)
    book(
        vault,
        operator,
        BookingRequest(
            date="2026-11-23", starts="20:00", ends="21:00", salutation="李女士", store="east"
        ),
    )
    clock.advance(days=2)
    assert deactivate_store(vault, OWNER, "east").is_active is False


@pytest.mark.parametrize("actor", [DESK, Actor("boss", frozenset({"store_manager"}))])
def test_other_roles_are_refused_and_the_refusal_audited(vault: Vault, actor: Actor) -> None:
    with pytest.raises(PolicyDeniedError):
        add_store(vault, actor, "east", EAST)
    with pytest.raises(PolicyDeniedError):
        list_stores(vault, actor)
    events = list_audit_events(vault, OFFICER, limit=100)
    denied = [e for e in events if e.actor == actor.name and e.action == Action.STORES_MANAGE]
    assert len(denied) == 2
    assert active_stores(vault) == []
