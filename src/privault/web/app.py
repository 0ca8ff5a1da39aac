"""The FastAPI application: console pages, the portal and the REST API on one vault."""

from __future__ import annotations

import gc
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from privault.config import Settings
from privault.domain.errors import PrivaultError
from privault.infra.clock import Clock, utc_now
from privault.infra.job_loop import JobLoop, worker_name
from privault.services.jobs.runner import run_due_jobs
from privault.services.settings_stamp import one_stamp_per_request
from privault.services.use_case import request_origin
from privault.services.vault import Vault, open_vault
from privault.web import errors, home, officer_routes
from privault.web.api import docs as api_docs
from privault.web.api import health
from privault.web.assessments import pages as assessment_pages
from privault.web.audit import api as audit_api
from privault.web.auth import DEVICE_COOKIE, ForgedRequestError, SignInRequiredError
from privault.web.body_limits import BodyLimit, TooLargeError, too_large_answer
from privault.web.campaigns import api as campaigns_api
from privault.web.campaigns import pages as campaign_pages
from privault.web.campaigns import webhooks as campaign_webhooks
from privault.web.classes import api as classes_api
from privault.web.classes import pages as class_pages
from privault.web.complaints import pages as complaint_pages
from privault.web.complaints import portal as complaint_portal
from privault.web.compliance import pages as compliance_pages
from privault.web.consents import api as consents_api
from privault.web.consents import pages as consent_pages
from privault.web.crash_logs import keep_values_out_of_crash_logs
from privault.web.customers import api as customers_api
from privault.web.customers import contact_pages, segments, tabs, visits_api
from privault.web.customers import entry_review as entry_review_pages
from privault.web.customers import pages as customer_pages
from privault.web.customers import privacy_pages as customer_privacy
from privault.web.customers import public_registration as public_registration_pages
from privault.web.customers import registration as registration_pages
from privault.web.customers import visits as visit_pages
from privault.web.done_messages import DoneMessages
from privault.web.duplicates import pages as duplicate_pages
from privault.web.explain import explain_with_field
from privault.web.exports import api as exports_api
from privault.web.i18n import choose_language, gettext
from privault.web.imports import api as imports_api
from privault.web.imports import pages as import_pages
from privault.web.incidents import pages as incident_pages
from privault.web.ledgers import api as ledgers_api
from privault.web.ledgers import pages as ledger_pages
from privault.web.members import api as members_api
from privault.web.members import pages as member_pages
from privault.web.options import AllowedMethods
from privault.web.origin import request_origin_of
from privault.web.partners import deletions as partner_deletions
from privault.web.partners import pages as partner_pages
from privault.web.photos import pages as photo_pages
from privault.web.portal import choices as portal_choices
from privault.web.portal import me as portal_me_pages
from privault.web.portal import pages as portal_pages
from privault.web.portal.refusals import PortalRefusedError
from privault.web.portal.refusals import refused as portal_refused
from privault.web.portal.session import PortalSignInRequiredError, to_portal_sign_in
from privault.web.public_routes import check_public_routes
from privault.web.reason_text import reason_text
from privault.web.requests import api as requests_api
from privault.web.security import SecurityHeaders
from privault.web.service_day import api as bookings_api
from privault.web.service_day import cards as card_pages
from privault.web.service_day import pages as service_day_pages
from privault.web.service_day import review_pages
from privault.web.staff import api as tokens_api
from privault.web.staff import sign_in as auth_pages
from privault.web.templating import catalog_names_for, render
from privault.web.violations import pages as violation_pages

STATIC = Path(__file__).parent / "static"


# A request allocates thousands of short-lived objects (a day view: 300 bookings' rows, records
# and JSON); at Python's default (700, 10, 10) the young generation is collected several times
# per request. Fewer, larger collections: cycles are rare here, memory grows by a few MB.
GC_THRESHOLDS = (50_000, 20, 20)


def create_app(
    settings: Settings | None = None, *, vault: Vault | None = None, clock: Clock = utc_now
) -> FastAPI:
    """`privault serve` calls this in each worker; tests pass the vault they built."""
    opened = vault or open_vault(settings or Settings(), clock=clock, long_running=True)
    keep_values_out_of_crash_logs()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in anyio's threads: as many at once as the vault keeps connections.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = opened.settings.web_threads
        # A served installation runs its scheduled jobs; the lease in the database lets every
        # worker tick while each job runs in one of them at a time.
        jobs = None
        if vault is None and opened.settings.run_jobs:
            jobs = JobLoop(lambda: run_due_jobs(opened, worker_name()))
            jobs.start()
        if vault is None:
            # A served worker's start-up objects (app, routes, templates, catalogs) live as
            # long as it does: kept out of the collector's scans, which otherwise walk them
            # all in each full collection, in the middle of a request (the day view's p99).
            gc.collect()
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
        yield
        if jobs is not None:
            jobs.stop()
        if vault is None:
            opened.close()

    app = FastAPI(
        title="privault",
        summary="Customer records with privacy enforced in code",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # our own /docs page keeps the CSP (web/api/docs.py)
        redoc_url=None,
    )
    app.state.vault = opened
    app.add_middleware(DoneMessages)
    app.add_middleware(AllowedMethods)
    app.add_middleware(BodyLimit, settings=opened.settings)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(_RequestIds)
    if opened.settings.trusted_proxies:  # outermost: every layer sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=opened.settings.trusted_proxies)
    app.add_exception_handler(PrivaultError, _privault_error)
    app.add_exception_handler(RequestValidationError, errors.validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SignInRequiredError, _to_login)
    app.add_exception_handler(ForgedRequestError, _forged)
    # A request tries the routes in order, about 400 of them: the busiest of the service day
    # (the till's spend, the day view, a server's list) come first. tests/web/test_routes.py
    # checks that no route answers another's paths, whatever the order.
    app.include_router(ledgers_api.router, prefix="/api/v1")
    app.include_router(bookings_api.router, prefix="/api/v1")
    app.include_router(service_day_pages.router, include_in_schema=False)
    app.include_router(health.router, prefix="/api/v1")
    app.include_router(api_docs.router)
    app.include_router(customers_api.router, prefix="/api/v1")
    app.include_router(visits_api.router, prefix="/api/v1")
    app.include_router(consents_api.router, prefix="/api/v1")
    app.include_router(requests_api.router, prefix="/api/v1")
    app.include_router(imports_api.router, prefix="/api/v1")
    app.include_router(exports_api.router, prefix="/api/v1")
    app.include_router(audit_api.router, prefix="/api/v1")
    app.include_router(tokens_api.router, prefix="/api/v1")
    app.include_router(members_api.router, prefix="/api/v1")
    app.include_router(campaign_webhooks.router)
    app.include_router(classes_api.router, prefix="/api/v1")
    app.include_router(campaigns_api.router, prefix="/api/v1")
    for pages in PAGES:  # for people, in HTML: not part of the API's OpenAPI contract
        app.include_router(pages, include_in_schema=False)
    app.add_exception_handler(PortalSignInRequiredError, to_portal_sign_in)
    app.add_exception_handler(PortalRefusedError, portal_refused)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    check_public_routes(app.routes)
    return app


PAGES = (
    auth_pages.router,
    home.router,
    registration_pages.router,  # before /customers/{id}: "new" is no id
    customer_pages.router,
    customer_privacy.router,
    visit_pages.router,
    ledger_pages.router,
    member_pages.router,  # /members, and the enrol button of a profile
    photo_pages.router,
    consent_pages.router,
    import_pages.router,
    officer_routes.router,  # requests, exports, alerts, audit, staff, dashboard
    segments.router,
    campaign_pages.router,
    card_pages.router,
    review_pages.router,
    class_pages.router,
    portal_pages.router,
    portal_me_pages.router,
    portal_choices.router,
    partner_pages.router,  # /partners, their agreements and disclosures
    partner_deletions.router,  # /partners/<id> with its deletion notices (after pages' paths)
    complaint_pages.router,  # /complaints, and the desk's form from a profile
    compliance_pages.router,
    complaint_portal.router,  # /portal/me/complaints
    assessment_pages.router,  # the officer's impact assessments, the records of processing
    incident_pages.router,  # /incidents: the register, one incident, drills (issue 19)
    violation_pages.router,  # /violations: the register and sanctions (issue 19)
    duplicate_pages.router,
    contact_pages.router,  # the profile's "contact confirmed", /customers/contacts/stale
    tabs.router,  # the profile's tabs: the customer's requests, who saw the customer
    public_registration_pages.router,  # /register: the public registration page (issue 17)
    entry_review_pages.router,  # /review: the entry-review queue and the QR code (issue 17)
)


class _RequestIds:
    """Every audit event a request writes carries the same id, echoed to the caller (plain
    ASGI: the id is set in the request's own context, which its threadpool call inherits)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = str(uuid.uuid4())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-Id"] = rid
            await send(message)

        token = request_origin.set(request_origin_of(scope, rid))
        try:
            with one_stamp_per_request():
                await self.app(scope, receive, send_with_id)
        finally:
            request_origin.reset(token)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _privault_error(request: Request, error: Exception) -> Response:
    if _is_api(request):
        return await errors.privault_error(request, error)
    assert isinstance(error, PrivaultError)  # noqa: S101
    message = explain_with_field(choose_language(request), error, catalog_names_for(request))
    return render(request, "error.html", {"message": message}, status=errors.status_of(error))


async def _http_error(request: Request, error: Exception) -> Response:
    if isinstance(error, TooLargeError):
        return too_large_answer(request, error.cap)
    if _is_api(request):
        return await errors.http_error(request, error)
    assert isinstance(error, HTTPException)  # noqa: S101
    lang = choose_language(request)
    message = reason_text(lang, gettext(lang, str(error.detail)))
    return render(request, "error.html", {"message": message}, status=error.status_code)


async def _to_login(request: Request, error: Exception) -> Response:
    if _is_api(request):
        body = errors.error_body("unauthenticated", errors.api_message(request, "sign in first"))
        return JSONResponse(body, 401)
    if request.cookies.get(DEVICE_COOKIE):  # a shared tablet: its lock page, names to tap
        return RedirectResponse("/lock", status_code=303)
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(wanted, safe='')}", status_code=303)


async def _forged(request: Request, error: Exception) -> Response:
    message = "this form has expired or did not come from privault; reload the page and try again"
    if _is_api(request):
        body = errors.error_body("forged_request", errors.api_message(request, message))
        return JSONResponse(body, 403)
    shown = gettext(choose_language(request), message)
    return render(request, "error.html", {"message": shown}, status=403)
