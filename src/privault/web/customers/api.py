"""/api/v1/customers: register, find, show masked, reveal one value for a purpose, update."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints
from starlette.responses import Response

from privault.services.customers.records import (
    SEARCH_LIMIT,
    CustomerView,
    RegistrationForm,
    find_customers,
    get_customer,
    register_customer,
    reveal_field,
    update_customer,
)
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, CustomerId, Text
from privault.web.auth import VaultDep

router = APIRouter(prefix="/customers", tags=["customers"], responses=REFUSALS)


class Registration(BaseModel):
    values: dict[Text, Text] = Field(
        description="Field key -> value, keys from the installation's field catalog "
        "(e.g. name, mobile, email). Accepted only when a consented purpose justifies the field.",
        examples=[{"name": "欧阳娜娜", "mobile": "13812345678"}],
    )
    purposes: list[Text] = Field(
        description="The purposes the customer agreed to (e.g. service, membership); "
        "sensitive fields need their own purpose.",
        examples=[["service", "membership"]],
    )
    channel: Text = Field(description="Where consent was given: store, web, phone, survey, pos")
    notice_version: Text = Field(description="Version of the privacy notice the customer saw")
    guardian_name: Text | None = Field(None, description="For customers under 14: who consents")
    guardian_relation: Text | None = Field(
        None, description="father, mother, grandparent or legal_guardian"
    )
    evidence: Text | None = Field(None, description="Where the signed consent is kept")
    store: Text | None = Field(None, description="The customer's store (default: the main one)")
    script_version: Text | None = Field(
        None,
        description="Channel phone (verbal consent): the version of the consent script read",
    )


class Created(BaseModel):
    id: str = Field(description="The new customer's id")


class Customer(BaseModel):
    id: str
    store: str
    status: str = Field(description="active, pending (entry review), restricted, ...")
    is_minor: bool
    created_at: datetime
    fields: dict[str, str] = Field(description="Field key -> masked value, as the role may see")
    purposes: list[str] = Field(description="Purposes with active consent")


class SearchResult(BaseModel):
    total: int = Field(description="How many customers match (the list is capped)")
    customers: list[Customer]


class Lookup(BaseModel):
    by: Text = Field(
        description="mobile, mobile_tail, name_surname (张, 欧阳, or a masked name as shown: "
        "张*三), email, id_number or member_no"
    )
    value: Text = Field(description="The value to look up (normalised as stored)")
    surname: Text | None = Field(
        None,
        description="Narrows the matches to customers of this surname (张, 欧阳, 张*三), e.g. "
        "with by=mobile_tail; the search is audited as by surname, never with the value",
    )
    limit: int = Field(SEARCH_LIMIT, ge=1, le=100, description="At most this many")
    order: Literal["newest", "oldest"] = Field(
        "newest", description="By registration: newest first (default) or oldest first"
    )
    fields: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        None,
        max_length=50,
        description="Field keys to return (e.g. name, member_no): only those are opened and "
        "recorded as seen. Default: every field the token's role sees.",
    )


class RevealBody(BaseModel):
    field: Text = Field(description="The field key to show in clear, e.g. mobile")
    purpose: Text = Field(
        description="A purpose of the catalog the field serves (key or name); the customer's "
        "lawful basis for it must hold now. Audited.",
        examples=["service"],
    )
    note: Text | None = Field(None, description="Your words beside the purpose; audited")


class Revealed(BaseModel):
    customer_id: str
    field: str
    value: str = Field(description="The clear value; not cached, audited with the purpose")


class Changes(BaseModel):
    fields: dict[Text, Text] = Field(
        description="Field key -> new value; an empty value removes the field",
        examples=[{"email": "nana@example.com"}],
    )


def customer_out(view: CustomerView) -> Customer:
    return Customer(
        id=view.id,
        store=view.store,
        status=view.status,
        is_minor=view.is_minor,
        created_at=view.created_at,
        fields=view.fields,
        purposes=view.purposes,
    )


@router.post("", status_code=201, summary="Register a customer with the consent given")
def register(body: Registration, vault: VaultDep, actor: ApiActor) -> Created:
    form = RegistrationForm(
        body.values,
        tuple(body.purposes),
        body.channel,
        body.notice_version,
        body.guardian_name,
        body.guardian_relation,
        body.evidence,
        body.store,
        body.script_version,
    )
    return Created(id=register_customer(vault, actor, form))


@router.post(
    "/find",
    summary="Find customers by an exact value, a mobile's last 4 digits or a surname",
    description="A POST so that the value looked up (a mobile, an email) never reaches a URL, "
    "and so no access log, proxy log or browser history.",
)
def find(body: Lookup, vault: VaultDep, actor: ApiActor) -> SearchResult:
    show = None if body.fields is None else [f.strip() for f in body.fields if f.strip()]
    found = find_customers(
        vault,
        actor,
        body.by,
        body.value,
        limit=body.limit,
        show=show,
        surname=body.surname,
        oldest_first=body.order == "oldest",
    )
    return SearchResult(total=found.total, customers=[customer_out(c) for c in found.customers])


@router.get("/{customer_id}", summary="One customer, masked")
def show(customer_id: CustomerId, vault: VaultDep, actor: ApiActor) -> Customer:
    return customer_out(get_customer(vault, actor, customer_id))


@router.post(
    "/{customer_id}/reveal", summary="One value in clear, for a catalog purpose the field serves"
)
def reveal(
    customer_id: CustomerId, body: RevealBody, vault: VaultDep, actor: ApiActor, response: Response
) -> Revealed:
    value = reveal_field(vault, actor, customer_id, body.field, body.purpose, body.note)
    response.headers["Cache-Control"] = "no-store"
    return Revealed(customer_id=customer_id, field=body.field, value=value)


@router.patch("/{customer_id}", summary="Change or remove fields")
def update(customer_id: CustomerId, body: Changes, vault: VaultDep, actor: ApiActor) -> Customer:
    return customer_out(update_customer(vault, actor, customer_id, body.fields))
