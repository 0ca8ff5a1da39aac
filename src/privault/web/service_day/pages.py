"""The service day's console pages: the front desk's day view of a store (check in, start,
close, no-show, cancel), the serving staff's today list and one booking's service sheet, and
the store manager's serving sections."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel
from starlette.responses import RedirectResponse, Response

from privault.domain.bookings import MOVES, BookingStatus
from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.service_day.bookings import BookingRequest, book, day_view, move_booking
from privault.services.service_day.sections import list_sections, set_section
from privault.services.service_day.today import open_booking, shop_today, today_list
from privault.services.stores.registry import active_stores
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import explain_with_field
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, show

router = APIRouter()
# The buttons of the day view, in the order a booking's day goes.
STEPS = (
    BookingStatus.ARRIVED,
    BookingStatus.IN_SERVICE,
    BookingStatus.DONE,
    BookingStatus.NO_SHOW,
    BookingStatus.CANCELLED,
)


@router.get("/service-day")
def day_page(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    store: str = "",
    date: str = "",
    by: str = "room",
) -> Response:
    """A store's day by room or technician; the day defaults to today in the shop's zone."""
    return _day(request, vault, actor, (store, date, by))


@router.post("/service-day/bookings/{booking_id}/move", dependencies=[GenuineForm])
def move(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    booking_id: str,
    to: Annotated[str, Form()],
    store: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
    by: Annotated[str, Form()] = "room",
) -> Response:
    """Back to the day view; a refused move is shown on it, in the reader's language."""
    try:
        move_booking(vault, actor, booking_id, to)
    except PrivaultError as error:
        message = explain_with_field(choose_language(request), error)
        return _day(request, vault, actor, (store, date, by), message, status_of(error))
    back = urlencode({"store": store, "date": date, "by": by})
    return RedirectResponse(f"/service-day?{back}", status_code=303)


@router.post("/service-day/bookings", dependencies=[GenuineForm])
def add_booking(
    request: Request, vault: VaultDep, actor: StaffActor, form: Annotated[BookingForm, Form()]
) -> Response:
    """A refused booking is shown next to its field with what was typed; nothing is stored."""
    where = (form.store, form.date, form.by)
    try:
        book(vault, actor, form.request())
    except PrivaultError as error:
        errors, status = form_errors(request, error, "book")
        entered = form.model_dump()
        return _day(request, vault, actor, where, status=status, book=(entered, errors))
    back = urlencode({"store": form.store, "date": form.date, "by": form.by, "booked": 1})
    return RedirectResponse(f"/service-day?{back}", status_code=303)


def _day(
    request: Request,
    vault: Vault,
    actor: Actor,
    where: tuple[str, str, str],
    error: str = "",
    status: int = 200,
    book: tuple[dict[str, Any], dict[str, str]] = ({}, {}),
) -> Response:
    store, date, by = where
    day = date or shop_today(vault, actor)[0].isoformat()
    view = day_view(vault, actor, store, day, by)
    steps = {s.value: [t for t in STEPS if t in MOVES.get(s, frozenset())] for s in BookingStatus}
    asked = {"customer_id": request.query_params.get("customer", ""), "party_size": "2"}
    entered = asked | book[0]
    context = {"view": view, "steps": steps, "error": error, "entered": entered}
    context |= {"errors": book[1], "booked": request.query_params.get("booked") == "1"}
    context["store_choices"] = active_stores(vault)
    return show(request, vault, actor, "service_day/day.html", context, status=status)


class BookingForm(BaseModel):
    """The day view's booking form as typed; `book` checks every value."""

    store: str = ""
    date: str = ""
    by: str = "room"
    meal: str = ""
    starts: str = ""
    ends: str = ""
    customer_id: str = ""
    salutation: str = ""
    room: str = ""
    technician: str = ""
    party_size: str = "1"
    services: str = ""  # comma-separated, as typed
    source: str = "desk"

    def request(self) -> BookingRequest:
        def given(value: str) -> str | None:
            return value.strip() or None

        return BookingRequest(
            date=self.date,
            meal=given(self.meal),
            starts=given(self.starts),
            ends=given(self.ends),
            customer_id=given(self.customer_id),
            salutation=given(self.salutation),
            store=given(self.store),
            room=given(self.room),
            technician=given(self.technician),
            party_size=self.party_size,
            services=[s.strip() for s in self.services.replace("，", ",").split(",") if s.strip()],
            source=given(self.source),
        )


@router.get("/today")
def today_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    mine = today_list(vault, actor)
    return show(request, vault, actor, "service_day/today.html", {"today": mine})


@router.get("/today/{booking_id}")
def sheet_page(request: Request, vault: VaultDep, actor: StaffActor, booking_id: str) -> Response:
    """Refused (and audited) when the booking is not theirs, not today's or closed."""
    sheet = open_booking(vault, actor, booking_id)
    return show(request, vault, actor, "service_day/sheet.html", {"sheet": sheet})


@router.get("/service-day/sections")
def sections_page(
    request: Request, vault: VaultDep, actor: StaffActor, store: str = "main"
) -> Response:
    return _sections(request, vault, actor, store)


@router.post("/service-day/sections", dependencies=[GenuineForm])
def sections_set(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    store: Annotated[str, Form()],
    section: Annotated[str, Form()],
    rooms: Annotated[str, Form()] = "",
    staff: Annotated[str, Form()] = "",
) -> Response:
    """A refused section is shown next to its field, nothing stored."""
    try:
        set_section(vault, actor, store, section, [rooms], [staff])
    except PrivaultError as error:
        errors, status = form_errors(request, error, "section")
        typed = {"section": section, "rooms": rooms, "staff": staff}
        return _sections(request, vault, actor, store, errors, typed, status)
    return RedirectResponse(f"/service-day/sections?{urlencode({'store': store})}", 303)


def _sections(
    request: Request,
    vault: Vault,
    actor: Actor,
    store: str,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = list_sections(vault, actor, store)
    context = {"store": store, "sections": found, "errors": errors or {}, "typed": typed or {}}
    return show(request, vault, actor, "service_day/sections.html", context, status=status)
