"""/api/v1/customers/{id}/membership and /api/v1/members: a POS enrols a member, reads one, and
looks a card's number up. Points and stored value are the ledgers' endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from privault.services.members.membership import (
    MemberView,
    enrol_member,
    find_member,
    get_membership,
)
from privault.web.api.deps import ApiActor
from privault.web.api.ids import path_id
from privault.web.api.models import REFUSALS, Text
from privault.web.auth import VaultDep

router = APIRouter(tags=["members"], responses=REFUSALS)
CustomerId = Annotated[str, path_id("The customer's id")]


class EnrolIn(BaseModel):
    store: Text | None = Field(None, description="Default: the customer's store")


class WhyOut(BaseModel):
    kind: str = Field(description="enrolled, rule (spend or visits met) or manual")
    to: str
    at: datetime
    spend: str | None = Field(description="Net spend in yuan over the window, when a rule met")
    visits: int | None
    window_months: int | None


class MemberOut(BaseModel):
    customer_id: str | None
    number: str | None = Field(description="M, seven digits and a Luhn check digit")
    store: str
    status: str = Field(description="active, suspended or closed")
    level: str = Field(description="The level's key")
    level_name: str
    joined_on: str = Field(description="YYYY-MM-DD in the shop's calendar")
    why: WhyOut | None = Field(description="The newest level change (a manager's words left out)")


def member_out(view: MemberView) -> MemberOut:
    found = view.as_record()
    why = found.pop("why")
    found.pop("identity")
    return MemberOut(**found, why=None if why is None else WhyOut(**why))  # type: ignore[arg-type]


@router.get("/customers/{customer_id}/membership", summary="A customer's membership")
def show(customer_id: CustomerId, vault: VaultDep, actor: ApiActor) -> MemberOut:
    return member_out(get_membership(vault, actor, customer_id))


@router.post(
    "/customers/{customer_id}/membership",
    status_code=201,
    summary="Enrol a customer who agreed to the membership purpose",
)
def enrol(customer_id: CustomerId, body: EnrolIn, vault: VaultDep, actor: ApiActor) -> MemberOut:
    return member_out(enrol_member(vault, actor, customer_id, body.store))


@router.get("/members", summary="Look a member up by the number on their card")
def lookup(
    vault: VaultDep,
    actor: ApiActor,
    number: Annotated[str, Query(max_length=32, description="e.g. M00000018")],
) -> MemberOut:
    return member_out(find_member(vault, actor, number))
