"""/api/v1/bookings: a booking system books, lists a store's day and moves a booking's status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StringConstraints
from pydantic_core import to_json
from starlette.responses import Response

from privault.domain.bookings import Booking
from privault.services.service_day.bookings import (
    BookingRequest,
    DayView,
    book,
    day_view,
    get_booking,
    link_customer,
    move_booking,
)
from privault.web.api.deps import ApiActor
from privault.web.api.ids import UUID_PATTERN, path_id
from privault.web.api.models import REFUSALS, Text
from privault.web.auth import VaultDep

router = APIRouter(prefix="/bookings", tags=["bookings"], responses=REFUSALS)
BookingId = Annotated[str, path_id("The booking's id")]
Short = Annotated[str, StringConstraints(max_length=100)]
Id = Annotated[str, StringConstraints(pattern=UUID_PATTERN, max_length=36)]


class BookingIn(BaseModel):
    date: Text = Field(description="The day, YYYY-MM-DD, in the shop's calendar")
    meal: Text | None = Field(None, description="lunch or dinner; or give starts and ends")
    starts: Text | None = Field(None, description="HH:MM in the shop's time zone")
    ends: Text | None = Field(None, description="HH:MM in the shop's time zone")
    customer_id: Id | None = Field(None, description="A registered customer")
    salutation: Text | None = Field(
        None,
        description="How the guest is named on the day view (王先生): a walk-in needs one; "
        "a registered customer without one is named by their masked name",
    )
    store: Text | None = Field(None, description="Default: the customer's store, else main")
    room: Text | None = Field(None, description="Room or table")
    technician: Text | None = Field(None, description="The staff member who serves")
    party_size: int = Field(1, description="How many guests, 1 to 200")
    services: list[Short] = Field([], max_length=50, description="Short texts, at most 10")
    source: Text = Field("api", description="desk, phone or api")


class BookingOut(BaseModel):
    id: str
    status: str = Field(description="booked, arrived, in_service, done, no_show, cancelled")
    store: str
    date: str
    meal: str | None
    starts: str | None = Field(description="HH:MM in the shop's time zone")
    ends: str | None
    customer_id: str | None
    salutation: str | None
    room: str | None
    technician: str | None
    party_size: int
    services: list[str]
    source: str
    created_at: datetime
    arrived_at: datetime | None
    started_at: datetime | None
    closed_at: datetime | None
    needs_contact_confirmation: bool = Field(
        False,
        description="The customer's contact data was not confirmed within the shop's period: "
        "confirm it with them (issue 17)",
    )


class DayEntryOut(BookingOut):
    identity: dict[str, str] = Field(
        description="A booking without a salutation (booked before they were kept): the "
        "customer's identity fields, masked"
    )


class DayOut(BaseModel):
    store: str
    date: date
    zone: str = Field(description="The shop's time zone, which every slot is in")
    by: str
    groups: dict[str, list[DayEntryOut]] = Field(
        description='Room or technician -> its bookings by time; "" holds those with neither'
    )


class Move(BaseModel):
    status: Literal["arrived", "in_service", "done", "no_show", "cancelled"] = Field(
        description="booked → arrived → in_service → done; no_show; cancelled. A closed "
        "booking (done, no_show, cancelled) is never reopened."
    )


class Link(BaseModel):
    customer_id: Id = Field(description="The walk-in, now registered with their consent")


def booking_out(booking: Booking) -> BookingOut:
    return BookingOut(**booking.as_record())


@router.post("", status_code=201, summary="Book a registered customer or a walk-in")
def create(body: BookingIn, vault: VaultDep, actor: ApiActor) -> BookingOut:
    request = BookingRequest(**body.model_dump())
    return booking_out(book(vault, actor, request))


def day_json(view: DayView) -> bytes:
    """`DayOut` as JSON, written from the bookings' records: a busy day holds hundreds, and
    building and checking a model per booking, twice, cost more than the day's service."""
    groups = {
        group: [e.booking.as_record() | {"identity": e.identity} for e in entries]
        for group, entries in view.groups.items()
    }
    day = {"store": view.store, "date": view.day, "zone": view.zone, "by": view.by}
    return to_json(day | {"groups": groups})


@router.get(
    "",
    summary="A store's day, grouped by room or technician, identities masked",
    response_model=DayOut,
)
def day(
    vault: VaultDep,
    actor: ApiActor,
    on: Annotated[str, Query(alias="date", max_length=10, description="YYYY-MM-DD")],
    store: Annotated[str, Query(max_length=64, description="Default: main")] = "",
    by: Annotated[Literal["room", "technician"], Query(description="How to group")] = "room",
) -> Response:
    view = day_view(vault, actor, store, on, by)
    return Response(day_json(view), media_type="application/json")


@router.get("/{booking_id}", summary="One booking")
def show(booking_id: BookingId, vault: VaultDep, actor: ApiActor) -> BookingOut:
    return booking_out(get_booking(vault, actor, booking_id))


@router.post("/{booking_id}/status", summary="Move a booking: check in, serve, close, cancel")
def move(booking_id: BookingId, body: Move, vault: VaultDep, actor: ApiActor) -> BookingOut:
    return booking_out(move_booking(vault, actor, booking_id, body.status))


@router.post("/{booking_id}/customer", summary="Name the registered walk-in on their booking")
def link(booking_id: BookingId, body: Link, vault: VaultDep, actor: ApiActor) -> BookingOut:
    return booking_out(link_customer(vault, actor, booking_id, body.customer_id))
