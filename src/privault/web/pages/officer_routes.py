"""The privacy officer's, manager's, auditor's and admin's console pages, in one router."""

from __future__ import annotations

from fastapi import APIRouter

from privault.web.pages import alerts, audit, dashboard, exports, request_steps, requests, staff

router = APIRouter()
for area in (requests, request_steps, exports, alerts, audit, staff, dashboard):
    router.include_router(area.router)
