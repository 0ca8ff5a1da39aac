"""/api/v1/tokens: the API tokens and their status, for an auditor's or an admin's system.

Read-only on purpose: creating, countersigning and revoking are a person's acts (the console's
/staff/tokens page and `privault tokens`), since an integration never countersigns and a token
that minted tokens would escape the four eyes the countersignature gives."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from privault.services.staff.tokens import list_tokens
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS
from privault.web.auth import VaultDep

router = APIRouter(prefix="/tokens", tags=["tokens"], responses=REFUSALS)


class Token(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    role: str
    store: str | None = Field(description="Empty: every store")
    status: str = Field(description="active, awaiting countersignature or revoked")
    created_by: str
    created_at: datetime
    countersigned_by: str | None
    countersigned_at: datetime | None
    last_used_at: datetime | None
    revoked_by: str | None
    revoked_at: datetime | None


@router.get("", summary="API tokens and their status; never the tokens themselves")
def tokens(vault: VaultDep, actor: ApiActor) -> list[Token]:
    return [Token.model_validate(t) for t in list_tokens(vault, actor)]
