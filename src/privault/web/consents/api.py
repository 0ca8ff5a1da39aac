"""/api/v1/customers/{id}/consents: the consent history, granting, and withdrawing."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from privault.services.consents.ledger import grant_consents, list_consents, withdraw_consents
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, CustomerId, Text
from privault.web.auth import VaultDep

router = APIRouter(
    prefix="/customers/{customer_id}/consents", tags=["consents"], responses=REFUSALS
)


class ConsentEvent(BaseModel):
    purpose: str
    action: str = Field(description="grant or withdraw")
    at: datetime
    notice_version: str
    channel: str
    collected_by: str
    given_by: str = Field(description="self or guardian")
    guardian_name: str | None = Field(description="Masked")
    guardian_relation: str | None
    evidence: str | None


class Grant(BaseModel):
    purposes: list[Text] = Field(description="The purposes agreed to", examples=[["marketing_sms"]])
    channel: Text = Field(description="Where consent was given: store, web, phone, survey, pos")
    notice_version: Text = Field(description="Version of the privacy notice the customer saw")
    evidence: Text | None = Field(None, description="Where the signed consent is kept")
    guardian_name: Text | None = Field(None, description="For customers under 14")
    guardian_relation: Text | None = Field(None, description="father, mother, ...")


class Granted(BaseModel):
    granted: list[str]


class Withdraw(BaseModel):
    purposes: list[Text] = Field(description="The purposes withdrawn", examples=[["marketing_sms"]])
    channel: Text = Field(description="Where the customer withdrew: store, web, phone, pos")
    notice_version: Text | None = Field(None, description="Default: the current notice")


class Withdrawn(BaseModel):
    withdrawn: list[str]
    deleted_fields: list[str] = Field(
        description="Fields no remaining purpose justified: deleted (PIPL Art. 47)"
    )


@router.get("", summary="The customer's consent history, oldest first")
def history(customer_id: CustomerId, vault: VaultDep, actor: ApiActor) -> list[ConsentEvent]:
    return [
        ConsentEvent(
            purpose=r.purpose,
            action=r.action,
            at=r.at,
            notice_version=r.notice_version,
            channel=r.channel,
            collected_by=r.collected_by,
            given_by=r.given_by,
            guardian_name=r.guardian_name,
            guardian_relation=r.guardian_relation,
            evidence=r.evidence,
        )
        for r in list_consents(vault, actor, customer_id)
    ]


@router.post("", status_code=201, summary="Record consent to more purposes")
def grant(customer_id: CustomerId, body: Grant, vault: VaultDep, actor: ApiActor) -> Granted:
    granted = grant_consents(
        vault,
        actor,
        customer_id,
        body.purposes,
        channel=body.channel,
        notice_version=body.notice_version,
        evidence=body.evidence,
        guardian_name=body.guardian_name,
        guardian_relation=body.guardian_relation,
    )
    return Granted(granted=granted)


@router.post("/withdraw", summary="Withdraw consent; fields only it justified are deleted")
def withdraw(
    customer_id: CustomerId, body: Withdraw, vault: VaultDep, actor: ApiActor
) -> Withdrawn:
    done = withdraw_consents(
        vault,
        actor,
        customer_id,
        body.purposes,
        channel=body.channel,
        notice_version=body.notice_version,
    )
    return Withdrawn(withdrawn=done.withdrawn, deleted_fields=done.deleted_fields)
