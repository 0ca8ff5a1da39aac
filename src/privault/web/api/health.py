"""GET /api/v1/health: for load balancers and monitoring; needs no authentication."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from privault.services.installation.health import check_health
from privault.web.auth import VaultDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(description="ok or unavailable")
    detail: str = Field(description="What is wrong, when something is")


@router.get(
    "/health",
    summary="Whether this installation can serve",
    response_model=Health,
    responses={503: {"model": Health, "description": "Cannot serve now; `detail` says why"}},
)
def health(vault: VaultDep) -> JSONResponse:
    state = check_health(vault)
    body = {"status": "ok" if state.is_ready else "unavailable", "detail": state.detail}
    return JSONResponse(body, status_code=200 if state.is_ready else 503)
