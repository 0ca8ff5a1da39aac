"""The card register page (领取、回收登记表) for the booking desk and the store manager: a
store's day with issue and return forms, the card shown on the recipient's device or printed
as a PDF, and the XLSX for the manager's monthly check. The services enforce the rules."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.domain.shop_time import shop_time
from privault.services.service_day.card_desk import open_card_desk
from privault.services.service_day.card_register import export_register_xlsx
from privault.services.service_day.cards import IssuedCard, issue_card, return_card
from privault.services.service_day.kitchen import kitchen_ticket
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, show

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today(vault: Vault) -> str:
    with vault.unit_of_work(read_only=True) as uow:
        return vault.opening_hours(uow).local_date(vault.clock())


@router.get("/cards")
def register_page(
    request: Request, vault: VaultDep, actor: StaffActor, store: str = "", date: str = ""
) -> Response:
    return _page(request, vault, actor, store, date)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    store: str,
    day: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    desk = open_card_desk(vault, actor, store or None, day)
    register = desk.register
    rows = [
        {
            "entry": line.entry,
            "guest": " ".join(line.identity.values()),
            "issued_at": shop_time(line.entry.issued_at, register.zone),
            "returned_at": shop_time(line.entry.returned_at, register.zone),
            "overdue": line.is_overdue,
        }
        for line in register.lines
    ]
    context: dict[str, Any] = {
        "register": register,
        "rows": rows,
        "query": urlencode({"store": register.store, "date": register.day.isoformat()}),
        "service_alerts": desk.alerts,
        "bookings": desk.bookings,
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "cards/register.html", context, status=status)


class Where(NamedTuple):
    """The register the form was sent from, shown again with the error."""

    store: str
    date: str


def _refused(
    request: Request, vault: Vault, actor: Actor, where: Where, form: tuple[str, dict[str, str]],
    error: PrivaultError,
) -> Response:  # fmt: skip
    name, values = form
    errors, status = form_errors(request, error, name)
    return _page(
        request, vault, actor, where.store, where.date, errors=errors, values=values, status=status
    )


def _attachment(content: bytes, name: str, media_type: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(content, media_type=media_type, headers=headers)


@router.post("/cards/issue", dependencies=[GenuineForm])
def issue(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    booking: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "1",
    output: Annotated[str, Form()] = "page",
    store: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    """Shown on the recipient's device (a page), or printed (the PDF, watermarked)."""
    lang = choose_language(request)
    try:
        issued = issue_card(vault, actor, booking, to, quantity=quantity, lang=lang)
    except PrivaultError as error:
        values = {"booking": booking, "to": to, "quantity": quantity}
        return _refused(request, vault, actor, Where(store, date), ("issue", values), error)
    if output == "pdf":
        return _attachment(issued.pdf, f"{issued.entry.card_no}.pdf", "application/pdf")
    return _shown(request, vault, actor, issued, lang)


@router.post("/cards/kitchen", dependencies=[GenuineForm])
def kitchen(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    booking: Annotated[str, Form()] = "",
    store: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    """The kitchen ticket of a booking's dietary restriction: room and restriction, no name."""
    try:
        printed = kitchen_ticket(vault, actor, booking, lang=choose_language(request))
    except PrivaultError as error:
        values = {"kitchen_booking": booking}
        return _refused(request, vault, actor, Where(store, date), ("kitchen", values), error)
    return _attachment(printed.pdf, f"{printed.ticket_no}.pdf", "application/pdf")


def _shown(request: Request, vault: Vault, actor: Actor, issued: IssuedCard, lang: str) -> Response:
    entry = issued.entry
    context = {
        "issued": issued,
        "held_back": "、".join(zh if lang == "zh" else en for zh, en in issued.left_out_labels),
        "issued_at": shop_time(entry.issued_at, issued.zone),
        "labels": {i.key: i.label_zh if lang == "zh" else i.label_en for i in issued.view.items},
        "query": urlencode({"store": entry.store, "date": entry.service_on.isoformat()}),
    }
    return show(request, vault, actor, "cards/issued.html", context)


@router.post("/cards/return", dependencies=[GenuineForm])
def take_back(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    card_no: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "1",
    store: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    try:
        back = return_card(vault, actor, card_no, quantity)
    except PrivaultError as error:
        values = {"card_no": card_no, "return_quantity": quantity}
        return _refused(request, vault, actor, Where(store, date), ("return", values), error)
    query = urlencode({"store": back.entry.store, "date": back.entry.service_on.isoformat()})
    return RedirectResponse(f"/cards?{query}", status_code=303)


@router.get("/cards/register.xlsx")
def register_xlsx(
    request: Request, vault: VaultDep, actor: StaffActor, store: str = "", date: str = ""
) -> Response:
    """Written to a private temporary folder, handed over, and removed."""
    lang = choose_language(request)
    with tempfile.TemporaryDirectory(prefix="privault-cards-") as folder:
        target = Path(folder) / "register.xlsx"
        day = date or _today(vault)
        found = export_register_xlsx(vault, actor, store or None, day, target, lang)
        content = target.read_bytes()
    return _attachment(content, f"card-register-{found.store}-{found.day.isoformat()}.xlsx", XLSX)
