"""The privacy officer's, manager's, auditor's and admin's console pages, in one router."""

from __future__ import annotations

from fastapi import APIRouter

from privault.web.audit import alerts, dashboard
from privault.web.audit import pages as audit
from privault.web.exports import pages as exports
from privault.web.installation import backup_pages, rules_pages
from privault.web.installation import settings as shop_settings
from privault.web.requests import pages as requests
from privault.web.requests import steps as request_steps
from privault.web.staff import devices as shared_devices
from privault.web.staff import pages as staff
from privault.web.stores import pages as store_pages

router = APIRouter()
for area in (requests, request_steps, exports, alerts, audit, staff, dashboard):
    router.include_router(area.router)
# The shop's identity and the settings pages beside it: hours, retention, holds, backups, roles.
for settings_area in (shop_settings, rules_pages, backup_pages, store_pages, shared_devices):
    router.include_router(settings_area.router)
