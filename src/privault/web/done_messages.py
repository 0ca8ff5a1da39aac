"""Success messages after a console or portal action that redirects: one table of what each
POST route says when it is done, one ASGI middleware that adds `done=<key>` to the route's 303
target, and the frames (base.html, portal/base.html) that show the message in a role="status"
box. A route added later gets its message here, not in its own template (the route walk in
tests/web/test_done_messages.py fails until it does)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi.routing import iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privault.web.i18n import gettext

# key -> the message (English msgid; zh in forms.po).
MESSAGES = {
    "customer_registered": "The customer is registered.",
    "customer_erased": "The customer was erased; only a tombstone is kept.",
    "alert_acknowledged": "The alert is acknowledged.",
    "assessment_started": "The assessment is started.",
    "assessment_saved": "The assessment is saved.",
    "assessment_approved": "The assessment is approved.",
    "assessment_deleted": "The draft assessment is deleted.",
    "campaign_planned": "The campaign is planned.",
    "campaign_sent": "The campaign is sent.",
    "card_returned": "The customer information card is returned.",
    "classes_computed": "Customer classes are computed for the quarter.",
    "complaint_answered": "The answer to the complaint is recorded.",
    "complaint_requests": "The requests named in the complaint are opened.",
    "duplicates_merged": "The two records are merged.",
    "duplicates_unmerged": "The merge is undone.",
    "export_asked": "The export is asked for; it waits for approval.",
    "export_approved": "The export is approved.",
    "export_rejected": "The export is rejected.",
    "form_entered": "The paper form is entered.",
    "form_reviewed": "The review decision is recorded.",
    "incident_reported": "The incident is reported.",
    "drill_recorded": "The drill is recorded.",
    "incident_affected": "The affected customers are recorded.",
    "incident_closed": "The incident is closed.",
    "incident_notified": "The notification is recorded.",
    "incident_responded": "The response step is recorded.",
    "partner_added": "The partner is added.",
    "agreement_added": "The agreement is recorded.",
    "agreement_certified": "The partner's certificate is recorded.",
    "agreement_ended": "The agreement is ended.",
    "request_opened": "The request is opened.",
    # The desk may open a request but not read it: it goes back to the profile, told who answers.
    "request_with_officer": "The request is opened; the privacy officer answers it within its "
    "deadline.",
    "request_acknowledged": "The request is acknowledged.",
    "request_extended": "The deadline is extended.",
    "request_fulfilled": "The request is fulfilled.",
    "request_refused": "The refusal is recorded.",
    "request_verified": "The requester's identity is verified.",
    "booking_updated": "The booking is updated.",
    "sections_saved": "The sections are saved.",
    "settings_saved": "Saved.",
    "token_countersigned": "The API token is countersigned.",
    "token_revoked": "The API token is revoked.",
    "agreement_signed": "The confidentiality agreement is recorded.",
    "account_countersigned": "The account is countersigned.",
    "account_disabled": "The account is disabled.",
    "account_enabled": "The account is enabled.",
    "account_reset": "The account is reset; a new enrolment code is sent.",
    "roles_changed": "The roles are changed.",
    "training_recorded": "The training is recorded.",
    "account_unlocked": "The account is unlocked.",
    "violation_recorded": "The violation is recorded.",
    "sanction_recorded": "The sanction is recorded.",
}

# "POST <route template>" -> the message key its 303 target carries.
AFTER = {
    "/customers/new": "customer_registered",
    "/alerts/{alert_id}/ack": "alert_acknowledged",
    "/assessments": "assessment_started",
    "/assessments/{assessment_id}": "assessment_saved",
    "/assessments/{assessment_id}/approve": "assessment_approved",
    "/assessments/{assessment_id}/delete": "assessment_deleted",
    "/campaigns": "campaign_planned",
    "/campaigns/{campaign_id}/send": "campaign_sent",
    "/cards/return": "card_returned",
    "/classes/compute": "classes_computed",
    "/complaints/{complaint_id}/answer": "complaint_answered",
    "/complaints/{complaint_id}/requests": "complaint_requests",
    "/duplicates/merge": "duplicates_merged",
    "/duplicates/unmerge": "duplicates_unmerged",
    "/exports": "export_asked",
    "/exports/{export_id}/approve": "export_approved",
    "/exports/{export_id}/reject": "export_rejected",
    "/forms/{form_id}/enter": "form_entered",
    "/forms/{form_id}/review": "form_reviewed",
    "/incidents": "incident_reported",
    "/incidents/drills": "drill_recorded",
    "/incidents/{incident_id}/affected": "incident_affected",
    "/incidents/{incident_id}/close": "incident_closed",
    "/incidents/{incident_id}/notify": "incident_notified",
    "/incidents/{incident_id}/respond": "incident_responded",
    "/partners": "partner_added",
    "/partners/agreements": "agreement_added",
    "/partners/agreements/{agreement_id}/certificate": "agreement_certified",
    "/partners/agreements/{agreement_id}/terminate": "agreement_ended",
    "/requests/new": "request_opened",
    "/requests/{request_id}/acknowledge": "request_acknowledged",
    "/requests/{request_id}/extend": "request_extended",
    "/requests/{request_id}/fulfil": "request_fulfilled",
    "/requests/{request_id}/refuse": "request_refused",
    "/requests/{request_id}/verify": "request_verified",
    "/service-day/bookings/{booking_id}/move": "booking_updated",
    "/service-day/sections": "sections_saved",
    "/settings/contact-freshness": "settings_saved",
    "/settings/customer-language": "settings_saved",
    "/staff/tokens/{name}/countersign": "token_countersigned",
    "/staff/tokens/{name}/revoke": "token_revoked",
    "/staff/{name}/agreement": "agreement_signed",
    "/staff/{name}/countersign": "account_countersigned",
    "/staff/{name}/disable": "account_disabled",
    "/staff/{name}/enable": "account_enabled",
    "/staff/{name}/reset": "account_reset",
    "/staff/{name}/roles": "roles_changed",
    "/staff/{name}/training": "training_recorded",
    "/staff/{name}/unlock": "account_unlocked",
    "/violations": "violation_recorded",
    "/violations/{violation_id}/sanction": "sanction_recorded",
}

# Routes whose target page already says it is done with its own query parameter and its own
# role="status" notice (kept working): "route" -> the parameter its redirect sets.
OWN_NOTICE = {
    "/customers/{customer_id}": "saved=1",
    "/customers/{customer_id}/erase": "erased=1",
    "/customers/{customer_id}/consents/grant": "granted=1",
    "/customers/{customer_id}/consents/withdraw": "withdrawn",
    "/customers/{customer_id}/contact-confirmed": "done=contact",
    "/customers/{customer_id}/ledgers/{ledger}/{move}": "ledgers?done=",
    "/customers/{customer_id}/restrict": "done=restrict",
    "/customers/{customer_id}/lift-restriction": "done=lift",
    "/customers/{customer_id}/membership": "done=member",
    "/customers/{customer_id}/membership/level": "done=level",
    "/customers/{customer_id}/photos": "added=1",
    "/customers/{customer_id}/visits": "done=visit",
    "/customers/{customer_id}/visits/{entry_id}/reverse": "done=reversed",
    "/duplicates/scan": "scanned=",
    "/photos/{photo_id}/publish": "published=1",
    "/photos/take-downs/{publication_id:int}": "done=1",
    "/review/{customer_id}/accept": "done=1",
    "/review/{customer_id}/reject": "done=1",
    "/review/{customer_id}/correct": "done=corrected",
    "/service-day/bookings": "booked",
    "/settings": "saved=",
    "/settings/hours": "done=saved",
    "/settings/retention": "done=saved",
    "/settings/holds": "done=placed",
    "/settings/holds/{hold_id}/lift": "done=lifted",
    "/settings/backups": "done=made",
    "/settings/backups/restore": "done=restored",
    "/portal/me/correct": "done=corrected",
    "/portal/me/complaints": "done=sent",
    "/portal/me/consents/give": "done=",
    "/portal/me/consents/withdraw": "done=",
    "/portal/me/consents/renew": "done=renewed",
    "/portal/me/consents/object-to-marketing": "done=",
    "/portal/me/consents/after-death": "done=arrange",
    "/portal/me/do-not-sell": "done=",
    "/portal/me/limit-sensitive": "done=",
    "/portal/me/requests": "done=opened",
    "/settings/stores": "done=added",
    "/settings/stores/{code}": "done=changed",
    "/settings/stores/{code}/deactivate": "done=deactivated",
    "/settings/stores/{code}/reactivate": "done=reactivated",
    "/devices": "done=marked",
    "/devices/{device_id}/unmark": "done=unmarked",
    "/account/pin": "done=pin",
    "/partners/{partner_id}/deletions/{notice_id}/confirm": "confirmed=1",
}

# 303 answers where a success message makes no sense, with the reason.
NO_MESSAGE = {
    "/lang": "the language switch: the page itself, now in the chosen language, is the answer",
    "/login": "signing in lands on the page asked for; the menu with the staff name shows it",
    "/logout": "signing out lands on the sign-in page",
    "/portal/sign-in/code": "signing in lands on the customer's own data",
    "/portal/sign-out": "the sign-in page says 'signed out' itself (signed_out=1)",
    "/lock": "a shared tablet locks: the lock page with the store's names is the answer",
    "/lock/switch": "a staff member takes over a shared tablet: the menu with their name shows it",
    "/requests/{request_id}/send-code": "never redirects: answers with the request page and a "
    "notice naming where the code went (its module's shared step helper redirects for others)",
}


def done_note(lang: str, request: Request) -> str:
    """The translated message for the page's `done` key; empty for a key this table does not
    hold (a page's own notice, or nothing)."""
    message = MESSAGES.get(request.query_params.get("done", ""))
    return gettext(lang, message) if message else ""


def with_done(location: str, key: str) -> str:
    """The target with `done=<key>`, its fragment kept; a route that chose its own key for
    this answer (one of MESSAGES) keeps it."""
    parts = urlsplit(location)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "done" and v in MESSAGES for k, v in query):
        return location
    query = [(k, v) for k, v in query if k != "done"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("done", key)])))


SIGN_IN_PATHS = ("/login", "/portal/sign-in")  # where a request whose sign-in ran out goes


def _signing_in(location: str) -> bool:
    return urlsplit(location).path.startswith(SIGN_IN_PATHS)


class DoneMessages:
    """Plain ASGI: a POST the table knows that answers 303 gets its `done` key on the target.
    The route is found by its endpoint (FastAPI keeps routers nested, so the full template is
    read from the app's routes once)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._keys: dict[object, str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return

        async def send_with_done(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 303:
                key = self._key(scope)
                headers = MutableHeaders(scope=message)
                if key and "location" in headers and not _signing_in(headers["location"]):
                    headers["location"] = with_done(headers["location"], key)
            await send(message)

        await self.app(scope, receive, send_with_done)

    def _key(self, scope: Scope) -> str | None:
        if self._keys is None:
            routes = iter_route_contexts(scope["app"].routes)
            self._keys = {
                r.endpoint: AFTER[r.path]
                for r in routes
                if r.methods and "POST" in r.methods and r.path in AFTER
            }
        return self._keys.get(scope.get("endpoint"))
