"""The pure booking rules: when two slots overlap, and which status moves are legal."""

from __future__ import annotations

from datetime import time

import pytest

from privault.domain.bookings import CLOSED, MOVES, BookingStatus, Meal, Slot, parse_slot

DINNER = Slot(meal=Meal.DINNER)


@pytest.mark.parametrize(
    ("other", "overlaps"),
    [
        (Slot(meal=Meal.DINNER), True),
        (Slot(meal=Meal.LUNCH), False),
        (Slot(starts=time(16, 0), ends=time(17, 0)), False),  # ends as dinner begins
        (Slot(starts=time(16, 0), ends=time(17, 1)), True),
        (Slot(starts=time(21, 30), ends=time(22, 30)), False),
    ],
)
def test_a_meal_holds_its_room_for_the_meals_window(other: Slot, overlaps: bool) -> None:
    assert DINNER.overlaps(other) is overlaps
    assert other.overlaps(DINNER) is overlaps


def test_a_closed_status_has_no_move_and_every_open_one_can_end() -> None:
    assert not CLOSED & set(MOVES)
    assert set(MOVES) | CLOSED == set(BookingStatus)
    assert all(moves & CLOSED for moves in MOVES.values())


def test_a_slot_reads_as_its_meal_or_its_times() -> None:
    assert parse_slot(" Dinner ", None, "").label == "dinner"
    assert parse_slot(None, "09:05", "10:00").label == "09:05-10:00"
