"""GET /api/v1/health: for load balancers and monitoring; needs no authentication."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from privault.services.installation.health import check_health
from privault.web.auth import VaultDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="Whether this installation can serve")
def health(vault: VaultDep) -> JSONResponse:
    state = check_health(vault)
    body = {"status": "ok" if state.is_ready else "unavailable", "detail": state.detail}
    return JSONResponse(body, status_code=200 if state.is_ready else 503)
