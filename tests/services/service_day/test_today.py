"""Today's list for serving staff: a technician sees the bookings naming them, a section head
those of their sections' rooms, each with the serving fields (the allergy badge only with the
separate consent) and never contact data; every opening is audited as the service of its
booking; a closed booking or one not theirs is refused; customers not on their bookings stay
invisible (no search, view or reveal)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from privault.config import Settings
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import withdraw_consents
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.customers.transactions import record_transaction
from privault.services.photos.library import PhotoForm, add_photo, list_photos, open_photo
from privault.services.photos.publication import publish_photo
from privault.services.service_day.bookings import (
    BookingRequest,
    book,
    cancel_booking,
)
from privault.services.service_day.sections import list_sections, set_section
from privault.services.service_day.today import open_booking, today_list
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff, register
from tests.photo_files import image_file
from tests.web.conftest import ADMIN

TODAY, TOMORROW = "2026-11-23", "2026-11-24"  # the frozen clock's day in Asia/Shanghai
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
TECH = Actor("tech.li", frozenset({"service_staff"}), frozenset({"main"}))
HEAD = Actor("head.wang", frozenset({"service_staff"}), frozenset({"main"}))
SENSITIVE = ("service", "sensitive_care")
VALUES = {"name": "欧阳娜娜", "mobile": "13812345678", "hair_type": "dry", "allergies": "染发剂"}


@dataclass(frozen=True)
class Day:
    customer: str  # hair type and allergies, with the separate consent
    other: str  # on nobody's booking of the serving staff
    tech_booking: str
    room_booking: str


@pytest.fixture
def day(vault: Vault, operator: Actor) -> Day:
    for actor in (TECH, HEAD):
        enrolled_staff(vault, ADMIN, actor.name, ["service_staff"], ["main"])
    set_section(vault, operator, "main", "A区", ["牡丹厅, 芙蓉厅"], [HEAD.name])
    customer = register(vault, operator, VALUES, SENSITIVE)
    other = register(vault, operator, {"name": "李四", "mobile": "13900001111"})
    tech = book(vault, DESK, _slot(customer, technician=TECH.name))
    room = book(vault, DESK, _slot(other, room="牡丹厅", starts="18:00", ends="19:00"))
    book(vault, DESK, _slot(customer, technician=TECH.name, date=TOMORROW))
    book(vault, DESK, _slot(other, technician="tech.zhao", starts="10:00", ends="11:00"))
    return Day(customer, other, tech.id, room.id)


def _slot(customer_id: str, **terms: str) -> BookingRequest:
    when = {"date": TODAY, "starts": "14:00", "ends": "15:00"} | terms
    return BookingRequest(customer_id=customer_id, services=["染发"], **when)


def _events(vault: Vault, operator: Actor) -> list[AuditEvent]:
    found = list_audit_events(vault, operator, limit=500)
    return [e for e in found if e.action == Action.SERVICE_TODAY.value]


def test_a_technician_sees_today_only_the_bookings_naming_them_with_the_serving_fields(
    vault: Vault, day: Day
) -> None:
    mine = today_list(vault, TECH)
    assert [e.booking.id for e in mine.entries] == [day.tech_booking]
    assert (mine.day.isoformat(), mine.zone) == (TODAY, "Asia/Shanghai")
    [entry] = mine.entries
    assert {i.key: i.value for i in entry.serving.items} == {
        "hair_type": "dry",
        "allergies": "染发剂",
    }
    assert [w.key for w in entry.serving.warnings] == ["allergies"]
    assert "13812345678" not in repr(entry)
    assert "欧阳娜娜" not in repr(entry)
    assert entry.identity
    assert set(entry.identity) <= {"name", "member_no"}


def test_a_section_head_sees_the_bookings_of_their_sections_rooms(vault: Vault, day: Day) -> None:
    assert [e.booking.id for e in today_list(vault, HEAD).entries] == [day.room_booking]
    assert [e.booking.draft.room for e in today_list(vault, HEAD).entries] == ["牡丹厅"]


def test_a_section_changed_through_one_worker_changes_the_list_in_another(
    vault: Vault, settings: Settings, clock: FrozenClock, operator: Actor, day: Day
) -> None:
    other = open_vault(settings, clock=clock)  # another server worker, keeping the sections
    try:
        assert [e.booking.id for e in today_list(other, HEAD).entries] == [day.room_booking]
        set_section(vault, operator, "main", "A区", ["芙蓉厅"], [HEAD.name])
        assert today_list(other, HEAD).entries == []  # 牡丹厅 is no longer theirs
        set_section(vault, operator, "main", "A区", ["牡丹厅"], [HEAD.name])
        assert [e.booking.id for e in today_list(other, HEAD).entries] == [day.room_booking]
    finally:
        other.close()


def test_the_allergy_badge_shows_only_while_the_separate_consent_holds(
    vault: Vault, operator: Actor, day: Day
) -> None:
    withdraw_consents(vault, operator, day.customer, ["sensitive_care"], channel="store")
    [entry] = today_list(vault, TECH).entries
    assert entry.serving.warnings == ()
    assert [i.key for i in entry.serving.items] == ["hair_type"]


def test_every_opening_is_audited_as_the_service_of_its_booking(
    vault: Vault, operator: Actor, day: Day
) -> None:
    today_list(vault, TECH)
    sheet = open_booking(vault, TECH, day.tech_booking)
    assert sheet.entry.booking.id == day.tech_booking
    openings = [e for e in _events(vault, operator) if e.customer_id == day.customer]
    assert len(openings) == 2
    for event in openings:
        assert event.reason == f"service of booking {day.tech_booking}"
        assert event.purpose == f"booking {day.tech_booking}"
        assert {"hair_type", "allergies"} <= set(event.fields)
        assert "mobile" not in event.fields


def test_a_closed_booking_is_refused_and_leaves_the_list_and_the_refusal_is_audited(
    vault: Vault, operator: Actor, day: Day
) -> None:
    cancel_booking(vault, DESK, day.tech_booking)
    with pytest.raises(ConflictError, match="cancelled and closed; its service has ended"):
        open_booking(vault, TECH, day.tech_booking)
    assert today_list(vault, TECH).entries == []
    [refused] = [e for e in _events(vault, operator) if e.outcome is Outcome.DENIED]
    assert (refused.customer_id, refused.actor) == (day.customer, TECH.name)


def test_a_booking_of_someone_else_is_refused_and_audited(
    vault: Vault, operator: Actor, day: Day
) -> None:
    with pytest.raises(PolicyDeniedError, match=r"is not assigned to head\.wang"):
        open_booking(vault, HEAD, day.tech_booking)
    denied = [e for e in _events(vault, operator) if e.outcome is Outcome.DENIED]
    assert [(e.actor, e.customer_id) for e in denied] == [(HEAD.name, day.customer)]


def test_tomorrows_booking_opens_on_its_day(vault: Vault, day: Day) -> None:
    tomorrow = book(vault, DESK, _slot(day.customer, technician=TECH.name, date=TOMORROW,
                                       starts="16:00", ends="17:00"))  # fmt: skip
    with pytest.raises(ConflictError, match="not today"):
        open_booking(vault, TECH, tomorrow.id)


@pytest.mark.parametrize("on_their_booking", [True, False], ids=["own guest", "other guest"])
def test_serving_staff_can_neither_search_nor_view_nor_reveal_a_customer(
    vault: Vault, day: Day, on_their_booking: bool
) -> None:
    customer = day.customer if on_their_booking else day.other
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.search"):
        find_customers(vault, TECH, "mobile", "13812345678")
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.view"):
        get_customer(vault, TECH, customer)
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.reveal"):
        reveal_field(vault, TECH, customer, "hair_type", "service")


def test_the_service_sheet_names_the_last_services_newest_first(
    vault: Vault, operator: Actor, day: Day
) -> None:
    for item in ("剪发", "烫发", "染发", "护理"):
        record_transaction(vault, operator, day.customer, "visit", None, item)
    sheet = open_booking(vault, TECH, day.tech_booking)
    assert sheet.last_services == ("护理", "染发", "烫发")
    assert sheet.entry.booking.draft.services == ("染发",)


def test_a_section_names_only_service_staff_of_its_store_and_only_the_manager_sets_it(
    vault: Vault, operator: Actor, day: Day
) -> None:
    with pytest.raises(InvalidInputError, match="no service staff account") as refused:
        set_section(vault, operator, "main", "B区", ["兰厅"], ["desk.nobody"])
    assert refused.value.field == "staff"
    with pytest.raises(PolicyDeniedError, match=r"may not sections\.manage"):
        set_section(vault, HEAD, "main", "B区", ["兰厅"], [HEAD.name])
    assert [s.name for s in list_sections(vault, operator, "main")] == ["A区"]
    assert set_section(vault, operator, "main", "A区") is None
    assert list_sections(vault, operator, "main") == []
    assert today_list(vault, HEAD).entries == []


def test_the_technician_sees_and_adds_photos_of_their_appointments_customer_only_while_open(
    vault: Vault, operator: Actor, day: Day
) -> None:
    form = PhotoForm("before", booking_ref=day.tech_booking)
    added = add_photo(vault, TECH, day.customer, image_file("PNG"), form)

    assert [p.id for p in list_photos(vault, TECH, day.customer)] == [added.id]
    assert open_photo(vault, TECH, added.id).content.startswith(b"\x89PNG")
    with pytest.raises(PolicyDeniedError):  # on the section head's room booking, not theirs
        list_photos(vault, TECH, day.other)
    with pytest.raises(PolicyDeniedError):  # publishing stays with the roles that hold it
        publish_photo(vault, TECH, added.id, "social_media")
    cancel_booking(vault, DESK, day.tech_booking)
    with pytest.raises(PolicyDeniedError):  # tomorrow's booking opens tomorrow
        open_photo(vault, TECH, added.id)

    def photo_trail(customer_id: str) -> list[tuple[str, Outcome]]:
        found = list_audit_events(vault, operator, customer_id=customer_id)
        return [(e.action, e.outcome) for e in reversed(found) if e.actor == TECH.name]

    allowed, denied = Outcome.ALLOWED, Outcome.DENIED
    assert [t for t in photo_trail(day.customer) if t[0].startswith("photo.")] == [
        (Action.PHOTO_ADD, allowed),
        (Action.PHOTO_VIEW, allowed),
        (Action.PHOTO_VIEW, allowed),
        (Action.PHOTO_PUBLISH, denied),
        (Action.PHOTO_VIEW, denied),
    ]
    assert photo_trail(day.other) == [(Action.PHOTO_VIEW, denied)]


def test_staff_without_privacy_training_see_which_fields_and_the_badge_but_no_value(
    vault: Vault, day: Day
) -> None:
    untrained = Actor(TECH.name, TECH.roles, TECH.stores, training_gap="no training on record")

    [entry] = today_list(vault, untrained).entries

    assert entry.serving.is_withheld
    assert [(i.key, i.value, i.warning) for i in entry.serving.items] == [
        ("hair_type", "", False),
        ("allergies", "", True),
    ]
    assert open_booking(vault, untrained, day.tech_booking).entry.serving.is_withheld
    assert not today_list(vault, TECH).entries[0].serving.is_withheld
