"""/api/v1/requests: open a data subject request, list the queue, show one with its clocks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from privault.services.requests.handling import (
    RequestList,
    get_request,
    open_request,
    page_request_list,
)
from privault.web.api.deps import ApiActor
from privault.web.api.ids import CustomerFilter, RequestId
from privault.web.api.models import REFUSALS, PageNumber, Text
from privault.web.auth import VaultDep
from privault.web.paging import page_links

router = APIRouter(prefix="/requests", tags=["requests"], responses=REFUSALS)


class _FromService(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OpenBody(BaseModel):
    customer_id: Text = Field(description="Whose request it is")
    type: Text = Field(
        description="access, copy, portability, correction, supplement, deletion, "
        "withdraw_consent, explanation, restriction, opt_out_sale_sharing or account_closure"
    )
    channel: Text = Field(description="How it arrived: portal, store, phone, email or letter")
    received_on: date | None = Field(
        None, description="The day it arrived (default today): the legal clocks start then"
    )
    note: Text | None = Field(None, description="A short note; no personal values")


class Deadline(_FromService):
    regime: str = Field(description="CN, EU or CA")
    due_on: date
    acknowledge_by: date | None
    is_extended: bool
    is_provisional: bool
    days_left: int | None = Field(description="None once the request is closed")
    urgency: str | None = Field(description="overdue, nearly_due or ok")


class Opened(_FromService):
    id: str
    customer_id: str
    type: str
    channel: str
    status: str
    regimes: list[str]
    received_on: date
    due_on: date = Field(description="The earliest due date of the customer's regimes")
    acknowledge_by: date | None
    deadlines: list[Deadline]
    needs_verification: bool = Field(description="The customer's identity must be checked")


class SubjectRequest(_FromService):
    id: str
    customer_id: str
    type: str
    channel: str
    status: str = Field(
        description="received, identity_verified, in_progress, completed or refused"
    )
    regimes: list[str]
    received_on: date
    due_on: date
    acknowledge_by: date | None
    acknowledged_on: date | None
    days_left: int | None
    urgency: str | None
    colour: str = Field(description="red, amber or green; grey once closed")
    deadlines: list[Deadline]
    is_open: bool
    store: str
    opened_at: datetime
    opened_by: str
    verification: str | None
    verified_at: datetime | None
    verified_by: str | None
    extended_on: date | None
    extension_reason: str | None
    closed_at: datetime | None
    closed_by: str | None
    refusal_reason: str | None
    outcome: str | None


@router.post("", status_code=201, summary="Open a request on the customer's behalf")
def open_(body: OpenBody, vault: VaultDep, actor: ApiActor) -> Opened:
    opened = open_request(
        vault, actor, body.customer_id, body.type, body.channel, body.received_on, body.note
    )
    return Opened.model_validate(opened)


@router.get("", summary="The request queue, most urgent first, 50 a page (`Link` header)")
def queue(
    request: Request,
    response: Response,
    vault: VaultDep,
    actor: ApiActor,
    status: Annotated[Text | None, Query(description="Only requests in this status")] = None,
    customer_id: CustomerFilter = None,
    open_only: Annotated[bool, Query(description="Only requests still open")] = False,
    page: PageNumber = 1,
) -> list[SubjectRequest]:
    wanted = RequestList(status, customer_id, open_only)
    found = page_request_list(vault, actor, wanted, page)
    response.headers.update(page_links(request, found))
    return [SubjectRequest.model_validate(r) for r in found.items]


@router.get("/{request_id}", summary="One request with its legal clocks")
def show(request_id: RequestId, vault: VaultDep, actor: ApiActor) -> SubjectRequest:
    return SubjectRequest.model_validate(get_request(vault, actor, request_id))
