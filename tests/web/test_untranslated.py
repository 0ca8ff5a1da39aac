"""Issue 18.2: every page of the console and the portal, and every API error, read in Chinese.

One installation per module, seeded through the services with a bit of everything (customers,
consents, a request, an alert, an export, a booking, a visit, a campaign, a partner, an
incident, a complaint, a violation, a likely duplicate). A person holding every role walks the
console from its home page, following every link of every page it reaches (a few per route, the
route walk's templates say which route a link belongs to); a customer walks the portal; and the
API is asked for each class of error. Every text a reader sees (text nodes, and the title,
placeholder, aria-label and alt of any element, the value of a button) is checked: no English
word outside the short allow-list below, and no raw key (`front_desk`, `staff.sign_in`)."""

from __future__ import annotations

import ast
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx
import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

import privault.services
from privault.config import Settings
from privault.db.inspection import truncate_all
from privault.db.unit_of_work import Database
from privault.domain.alerts import AlertKind
from privault.domain.campaigns import DeliveryStatus
from privault.domain.policy import Action, Actor
from privault.domain.requests import RefusalReason, RequestStatus, RequestType
from privault.presets import load_preset
from privault.services.customers.transactions import record_transaction
from privault.services.exports.workflow import request_export
from privault.services.installation.setup import init_installation
from privault.services.members.membership import enrol_member
from privault.services.requests.handling import open_request
from privault.services.retention.holds import place_hold
from privault.services.service_day.bookings import BookingRequest, book, cancel_booking
from privault.services.stores.registry import add_store
from privault.services.vault import Vault, open_vault
from privault.web.api.deps import FAILED_TOKENS
from privault.web.app import create_app
from privault.web.i18n import LOCALE_DIR, gettext
from privault.web.reason_text import reason_text
from tests.conftest import OFFICER, OPERATOR, SHOP, FrozenClock, approve_assessments, make_settings
from tests.factories import EVERYTHING_SALON, NOTICE, register, unique_mobile
from tests.services.campaigns.campaign_setup import approved
from tests.services.service_day.collection_steps import booked_customer, submitted
from tests.web.conftest import Account, choose_language, form_token, sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in
from tests.web.test_api import api_token
from tests.web.test_routes import DUMMY_ID, calls
from tests.web.test_routes_matrix import MATRIX
from tests.web.test_xss_everywhere import CONSOLE_FORMS, Form, _Forms

# Every role but the auditor, who may hold no operating role (separation of duties).
EVERY_ROLE = [
    "front_desk",
    "service_staff",
    "marketing",
    "marketing_manager",
    "store_manager",
    "privacy_officer",
    "admin",
    "owner",
]
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
VISITS_PER_ROUTE = 3  # a route's first few links are enough: the same template renders them

# Pages that are not HTML for people (files, images, machine formats), or that end the walk.
NOT_PAGES = {
    "/openapi.json",
    "/api/v1/health",
    "/docs",
    "/photos/{photo_id}/thumbnail",
    "/photos/{photo_id}/image",
    "/imports/{report_id}/rejects.csv",
    "/exports/{export_id}/download",
    "/requests/{request_id}/files/{name}",
    "/cards/register.xlsx",
    "/ropa/records.{fmt}",
    "/incidents/{incident_id}/report",
    "/portal/me/copy",
    "/settings/backups/{name}/download",
    "/staff/enrol",  # a new account's own page, reached with the code on their phone
    "/portal/unsubscribe/{token}",  # reached from a campaign's message
}

# Latin text a Chinese reader is meant to read as it is: names of things, formats, units.
ALLOWED_WORDS = {
    "privault",  # the product's name
    "PIPL",  # the laws by their usual names
    "GDPR",
    "CCPA",
    "GB",
    "UTC",
    "Asia",  # the shop's zone, named as the tz database names it (Asia/Shanghai)
    "Shanghai",
    "SMS",
    "GPC",  # Global Privacy Control, the browser signal, by the name the law uses
    "PDF",
    "CSV",
    "XLSX",
    "JSON",
    "API",
    "QR",
    "ID",
    "URL",
    "HTTP",
    "Email",
    "email",
    "TOTP",
    "App",
    "CN",  # ISO country codes
    "HK",
    "YYYY",  # format examples
    "MM",
    "DD",
    "HH",
    "zh",  # the language switcher names the languages by their codes
    "en",
    "English",  # ... and English by its own name, for the reader who needs it
    "Excel",  # file formats and programs by their names
    "xlsx",
    "csv",
    "json",
    "JPEG",
    "PNG",
    "WebP",
    "MB",
    "MiB",
    "KB",
    "KiB",
}
# Examples of what to type, shown as typed: a segment's syntax, a system's name, a command.
EXAMPLES = (
    "birthday_month=3 store=main last_visit_before=2026-06-01",
    "class=A level_at_least=gold points_at_least=500 stored_value_at_least=100.00",
    "points_below",
    "stored_value_below",
    "pos.main",
    "privault compliance verify",
    "--key",
    "{name}",
    "Ed25519",  # the signature scheme of the compliance report's key
    "sha256",  # ... and the digest's
    "`Authorization: Bearer pv_...`",  # the header an integration sends
    "li.na",  # an account name, as typed
    "privault password",  # the command that changes one's own password
)
# Values that are data, not words: ids, digests, masks, addresses, example values.
_DATA = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # ids
    r"|\b[0-9a-f]{12,}\b"  # digests
    r"|\b(?=[a-f]*\d)[0-9a-f]{8}\b"  # the short ids lists show
    r"|[A-Za-z0-9+/]{40,}={0,2}"  # keys (base64)
    r"|[\w.*+-]+@[\w.*-]+"  # (masked) email addresses
    r"|\b[\w-]+\.(?:pvbak|csv|xlsx|pdf|json|zip)\b"  # file names
    r"|\b(?:GET|POST|PUT|PATCH|DELETE) /\S*"  # a request, as the audit trail names it
    r"|https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:cn|com|net|org|gov)\b"  # addresses
    r"|\b\w*\*+\w*\b"  # masked values
    r"|\b[A-Z]{1,3}\d{4,}\b"  # member and card numbers
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b")
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Visible(HTMLParser):
    """What a reader sees of a page, and where its links go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        # A text box's content is the value typed into it (data), like an input's value.
        if tag in ("script", "style", "template", "textarea"):
            self._hidden += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        self.texts.extend(a[name] for name in VISIBLE_ATTRIBUTES if a.get(name))
        kind = a.get("type", "").lower()
        if tag == "input" and kind in ("submit", "button", "reset") and a.get("value"):
            self.texts.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "textarea") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def visible(page: str) -> _Visible:
    parser = _Visible()
    parser.feed(page)
    return parser


def offences(texts: list[str], known: set[str]) -> list[str]:
    """The texts with an English word or a raw key; `known`: this page's own data values."""
    found = []
    for text in texts:
        rest = _DATA.sub(" ", text)
        for value in (*EXAMPLES, *known):
            rest = re.sub(rf"(?<![\w.]){re.escape(value)}(?![\w.])", " ", rest)
        keys = _KEY.findall(rest)
        words = [w for w in _WORD.findall(_KEY.sub(" ", rest)) if w not in ALLOWED_WORDS]
        if keys or [w for w in words if len(w) > 1]:
            found.append(text)
    return found


# --- the installation -------------------------------------------------------------------------


@dataclass
class Seeded:
    vault: Vault
    clock: FrozenClock
    customers: list[str]
    mobile: str  # the portal customer's
    # Values that are data and may be Latin: account names (`desk.locked`), the store's code,
    # the test client's address.
    known: set[str] = field(default_factory=set)
    booking: str = ""  # a cancelled one: it cannot be checked in
    desk_token: dict[str, str] = field(default_factory=dict)


def _installation(home: Path, pg: Database | None, clock: FrozenClock) -> Settings:
    if pg is not None:
        truncate_all(pg)
        settings = make_settings(home)
        init_installation(settings, "salon", officer=OFFICER, clock=clock, identity=SHOP)
        approve_assessments(settings)
        return settings
    return make_settings(home)


def _seed(vault: Vault, clock: FrozenClock) -> Seeded:
    mobile = unique_mobile()
    values = {"name": "欧阳娜娜", "mobile": mobile, "hair_type": "dry", "allergies": "染发剂"}
    first = register(vault, OPERATOR, values, EVERYTHING_SALON)
    second = register(vault, OPERATOR, {"name": "林晓雯", "mobile": unique_mobile()})
    twin = register(vault, OPERATOR, {"name": "林晓雯", "mobile": unique_mobile()})
    # From the survey channel: waits in the store manager's entry review (/review pages).
    register(vault, OPERATOR, {"name": "周雨桐", "mobile": unique_mobile()}, channel="survey")
    open_request(vault, OPERATOR, first, "access", "store")
    open_request(vault, OPERATOR, second, "correction", "store")
    request_export(vault, OPERATOR, ["mobile"], purpose="service")
    record_transaction(vault, OPERATOR, first, None, "128.50", item="洗剪吹")
    enrol_member(vault, OPERATOR, first)  # the member section with its level form
    starts = BookingRequest(
        date="2026-11-23", starts="14:00", ends="15:00", customer_id=first, services=["染发"]
    )
    book(vault, OPERATOR, starts)
    later = BookingRequest(date="2026-11-23", starts="18:00", ends="19:00", customer_id=second)
    cancelled = cancel_booking(vault, OPERATOR, book(vault, OPERATOR, later).id).id
    approved(vault)  # a campaign
    add_store(vault, OPERATOR, "main", {"name": "总店", "address": "深圳市南山区"})
    form = submitted(vault, booked_customer(vault, OPERATOR)[0], ["hair_type=dry:told"])
    actors = ("boss", "second.officer", "desk.main", "server.main", "marketing.main", "po.sign")
    tokens = ("store-manager", "front-desk")  # the API tokens' names (tests.web.test_api)
    known = {"main", "testclient", OFFICER, OPERATOR.name, "marketing.manager", *actors, *tokens}
    return Seeded(vault, clock, [first, second, twin, form], mobile, known, cancelled)


def _seed_through_pages(client: TestClient, seeded: Seeded) -> None:
    """What is simplest made as a person makes it: a complaint, an incident, a violation."""
    first = seeded.customers[0]
    path = f"/customers/{first}/complaint"
    data = {"kind": "complaint", "channel": "phone", "language": "zh", "text": "烫发后头皮发红"}
    client.post(path, data={"csrf_token": form_token(client, path), **data})
    incident = {
        "title": "前台平板遗失", "description": "在公交车上遗失", "severity": "major",
        "detected_at": seeded.clock.now.isoformat(), "reported_by": "王店长",
        "fields": "name,mobile",
    }  # fmt: skip
    client.post("/incidents", data={"csrf_token": form_token(client, "/incidents"), **incident})
    violation = {"staff": "desk.locked", "description": "把客户名单发到了个人微信"}
    client.post("/violations", data={"csrf_token": form_token(client, "/violations"), **violation})
    partner = {"name": "悦享水疗", "role": "controller", "country": "CN", "contact": "张经理"}
    client.post("/partners", data={"csrf_token": form_token(client, "/partners"), **partner})


def _failed_sign_ins(client: TestClient, account: Account) -> None:
    """An alert: an account locked after repeated wrong passwords."""
    for _ in range(6):
        data = {"csrf_token": form_token(client), "name": account.name, "password": "wrong"}
        client.post("/login", data={**data, "totp": ""}, follow_redirects=False)


@pytest.fixture(scope="module")
def installation(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_templates: dict[str, Path],
    pg_database: Database | None,
) -> Iterator[Seeded]:
    home = tmp_path_factory.mktemp("untranslated") / "home"
    clock = FrozenClock()
    if pg_database is None:
        shutil.copytree(sqlite_templates["salon"], home)
    vault = open_vault(_installation(home, pg_database, clock), clock=clock)
    try:
        yield _seed(vault, clock)
    finally:
        vault.close()


# --- the walk ---------------------------------------------------------------------------------


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"({\w+(?::\w+)?})", template)
    shaped = ["[^/]+" if p.startswith("{") else re.escape(p) for p in parts]
    return re.compile("".join(shaped))


@dataclass
class Walk:
    templates: dict[str, re.Pattern[str]]
    visited: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    texts: dict[str, list[str]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    def template_of(self, path: str) -> str | None:
        matching = [t for t, p in self.templates.items() if p.fullmatch(path)]
        # The most literal template wins: /customers/new over /customers/{customer_id}.
        return min(matching, key=lambda t: t.count("{"), default=None)

    def crawl(self, client: TestClient, start: list[str], prefix: str, depth: int = 99) -> None:
        queue = [(url, 0) for url in start]
        while queue:
            url, level = queue.pop(0)
            path = urlsplit(url).path
            template = self.template_of(path)
            if url in self.texts or template is None or not path.startswith(prefix):
                continue
            if url not in start and len(self.visited[template]) >= VISITS_PER_ROUTE:
                continue
            self.visited[template].append(url)
            page = client.get(url)
            self.statuses[url] = page.status_code
            if "text/html" not in page.headers.get("content-type", ""):
                self.texts[url] = []
                continue
            seen = visible(page.text)
            self.texts[url] = seen.texts
            if level < depth:
                links = [urljoin(url, a) for a in seen.links if a.startswith(("/", "?"))]
                queue.extend((link, level + 1) for link in links)


def _walk(client: TestClient, gets: list[str]) -> Walk:
    return Walk({t: _pattern(t) for t in gets if t not in NOT_PAGES})


def _gets(client: TestClient) -> list[str]:
    routes = client.app.routes  # type: ignore[attr-defined]
    return sorted({c.template for c in calls(routes) if c.method == "GET"})


@pytest.fixture(scope="module")
def client(installation: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(vault=installation.vault), base_url="http://testserver") as test:
        yield test


@pytest.fixture(scope="module")
def console(installation: Seeded, client: TestClient) -> Walk:
    vault, clock = installation.vault, installation.clock
    installation.known |= {"desk.locked", "boss.all"}
    locked = staff_account(vault, "desk.locked", ["front_desk"])
    _failed_sign_ins(client, locked)
    sign_in(client, staff_account(vault, "boss.all", EVERY_ROLE), clock)
    today = BookingRequest(
        date="2026-11-23", starts="16:00", ends="17:00", customer_id=installation.customers[0],
        technician="boss.all", services=["剪发"],
    )  # fmt: skip
    book(vault, OPERATOR, today)
    _seed_through_pages(client, installation)
    walk = _walk(client, [t for t in _gets(client) if not t.startswith(("/api/", "/portal"))])
    walk.crawl(client, ["/", *[t for t in walk.templates if "{" not in t]], "/")
    _sign_out(client)
    # Signed out: the sign-in page, a page that does not exist, a form without its token.
    walk.crawl(client, ["/login", "/no-such-page"], "/")
    forged = client.post("/customers/new", data={"csrf_token": "forged"})
    walk.texts["POST /customers/new (forged)"] = visible(forged.text).texts
    return walk


def _sign_out(client: TestClient) -> None:
    client.post("/logout", data={"csrf_token": form_token(client, "/")})


@pytest.fixture(scope="module")
def auditor(installation: Seeded, client: TestClient, console: Walk) -> Walk:
    """The auditor may hold no other role: their own walk, from their home page."""
    sign_in(
        client, staff_account(installation.vault, "audit.zhao", ["auditor"]), installation.clock
    )
    installation.known.add("audit.zhao")
    walk = _walk(client, [t for t in _gets(client) if not t.startswith(("/api/", "/portal"))])
    walk.crawl(client, ["/"], "/")
    _sign_out(client)
    return walk


@pytest.fixture(scope="module")
def portal(installation: Seeded, client: TestClient, auditor: Walk) -> Walk:
    """The public pages, then the customer's own after signing in with the code."""
    walk = _walk(client, [t for t in _gets(client) if t.startswith("/portal")])
    walk.crawl(client, ["/portal", "/portal/sign-in"], "/portal")
    portal_sign_in(client, installation.vault, installation.mobile)
    # The California choices are linked for customers under that regime only.
    walk.crawl(
        client, ["/portal/me", "/portal/me/do-not-sell", "/portal/me/limit-sensitive"], "/portal"
    )
    return walk


def _findings(walk: Walk, known: set[str]) -> dict[str, list[str]]:
    found = {url: offences(texts, known) for url, texts in walk.texts.items()}
    return {url: texts for url, texts in found.items() if texts}


def test_the_console_walk_reaches_every_page(console: Walk) -> None:
    missed = [t for t in console.templates if not console.visited.get(t)]
    assert missed == [], "no link reaches these pages"
    failing = {url: status for url, status in console.statuses.items() if status >= 500}
    assert failing == {}


def test_every_console_page_reads_in_chinese(installation: Seeded, console: Walk) -> None:
    findings = _findings(console, installation.known)
    assert not findings, _report(findings)


def test_the_auditors_pages_read_in_chinese(installation: Seeded, auditor: Walk) -> None:
    assert {t for t, urls in auditor.visited.items() if urls} >= {"/", "/audit"}
    findings = _findings(auditor, installation.known)
    assert not findings, _report(findings)


@pytest.fixture(scope="module")
def each_role(installation: Seeded, client: TestClient, portal: Walk) -> dict[str, Walk]:
    """Each role alone, its home page and the pages it links to: what a role without the
    others sees (masked values, refusals offered or not) reads in Chinese too."""
    _sign_out_of_the_portal(client)
    walks = {}
    for role in sorted(MATRIX):
        name = f"only.{role.replace('_', '.')}"
        sign_in(client, staff_account(installation.vault, name, [role]), installation.clock)
        installation.known.add(name)
        walks[role] = _walk(client, [t for t in _gets(client) if not t.startswith("/api/")])
        walks[role].crawl(client, ["/"], "/", depth=1)
        _sign_out(client)
    return walks


def _sign_out_of_the_portal(client: TestClient) -> None:
    client.post("/portal/sign-out", data={"csrf_token": form_token(client, "/portal/me")})


def test_each_roles_pages_read_in_chinese(installation: Seeded, each_role: dict[str, Walk]) -> None:
    assert all(len(walk.texts) > 1 for walk in each_role.values())  # home and its links
    findings = {
        f"{role}: {url}": texts
        for role, walk in each_role.items()
        for url, texts in _findings(walk, installation.known).items()
    }
    assert not findings, _report(findings)


def test_the_portal_walk_reaches_every_page(portal: Walk) -> None:
    missed = [t for t in portal.templates if not portal.visited.get(t)]
    assert missed == [], "no link reaches these pages"
    failing = {url: status for url, status in portal.statuses.items() if status >= 500}
    assert failing == {}


def test_every_portal_page_reads_in_chinese(installation: Seeded, portal: Walk) -> None:
    findings = _findings(portal, installation.known)
    assert not findings, _report(findings)


def _report(findings: dict[str, list[str]]) -> str:
    lines = [f"{url}: {' | '.join(texts)}" for url, texts in findings.items() if texts]
    return "untranslated text on these pages:\n" + "\n".join(lines)


# --- the API's errors -------------------------------------------------------------------------

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
ApiCall = Callable[[TestClient, dict[str, str], Seeded], httpx.Response]


def _register(values: dict[str, str], purposes: list[str]) -> dict[str, object]:
    return {"values": values, "purposes": purposes, "channel": "pos", "notice_version": NOTICE}


def _wrong_tokens(client: TestClient) -> httpx.Response:
    """A misconfigured system retrying a wrong token is told to stop."""
    for _ in range(FAILED_TOKENS):
        client.get("/api/v1/requests", headers={**ZH, "Authorization": "Bearer pv_x"})
    return client.get("/api/v1/requests", headers={**ZH, "Authorization": "Bearer pv_x"})


# Each class of refusal the API answers, as an integration meets it.
API_ERRORS: dict[str, tuple[int, ApiCall]] = {
    "no token": (401, lambda c, h, s: c.get("/api/v1/requests", headers=ZH)),
    "a wrong token": (
        401,
        lambda c, h, s: c.get("/api/v1/requests", headers={**ZH, "Authorization": "Bearer pv_x"}),
    ),
    "a role that may not": (
        403,
        lambda c, h, s: c.post("/api/v1/audit/verify", headers={**h, **s.desk_token}),
    ),
    "no such customer": (404, lambda c, h, s: c.get(f"/api/v1/customers/{DUMMY_ID}", headers=h)),
    "no such route": (404, lambda c, h, s: c.get("/api/v1/nothing-here", headers=h)),
    "a method the route lacks": (405, lambda c, h, s: c.delete("/api/v1/requests", headers=h)),
    "a missing field": (422, lambda c, h, s: c.post("/api/v1/customers", json={}, headers=h)),
    "a mistyped field": (
        422,
        lambda c, h, s: c.post("/api/v1/customers/find", json={"by": [1]}, headers=h),
    ),
    "not JSON": (
        400,
        lambda c, h, s: c.post(
            "/api/v1/customers", content=b"{", headers={**h, "content-type": "application/json"}
        ),
    ),
    "a wrong mobile": (
        422,
        lambda c, h, s: c.post(
            "/api/v1/customers",
            json=_register({"name": "李雷", "mobile": "123"}, ["service"]),
            headers=h,
        ),
    ),
    "an unknown field": (
        422,
        lambda c, h, s: c.post(
            "/api/v1/customers",
            json=_register({"name": "李雷", "shoe_size": "42"}, ["service"]),
            headers=h,
        ),
    ),
    "sensitive data without its consent": (
        422,
        lambda c, h, s: c.post(
            "/api/v1/customers",
            json=_register({"name": "李雷", "mobile": unique_mobile(), "allergies": "花粉"}, []),
            headers=h,
        ),
    ),
    "a customer registered already": (
        409,
        lambda c, h, s: c.post(
            "/api/v1/customers",
            json=_register({"name": "李雷", "mobile": s.mobile}, ["service"]),
            headers=h,
        ),
    ),
    "a reveal without a purpose the customer agreed to": (
        403,
        lambda c, h, s: c.post(
            f"/api/v1/customers/{s.customers[1]}/reveal",
            json={"field": "mobile", "purpose": "marketing_sms"},
            headers=h,
        ),
    ),
    "a cancelled booking checked in": (
        409,
        lambda c, h, s: c.post(
            f"/api/v1/bookings/{s.booking}/status", json={"status": "arrived"}, headers=h
        ),
    ),
    "too many wrong tokens": (429, lambda c, h, s: _wrong_tokens(c)),
    "a body too large": (
        413,
        lambda c, h, s: c.post("/api/v1/customers", content=b"x" * 20_000_000, headers=h),
    ),
}


@pytest.fixture(scope="module")
def api_answers(
    installation: Seeded, client: TestClient, portal: Walk
) -> dict[str, httpx.Response]:
    vault = installation.vault
    installation.desk_token = api_token(vault, "front_desk")
    headers = {**api_token(vault, "store_manager"), **ZH}
    return {name: call(client, headers, installation) for name, (_, call) in API_ERRORS.items()}


def test_the_api_walk_meets_every_class_of_error(api_answers: dict[str, httpx.Response]) -> None:
    statuses = {name: answer.status_code for name, answer in api_answers.items()}
    assert statuses == {name: status for name, (status, _) in API_ERRORS.items()}


def test_every_api_error_reads_in_chinese_when_asked(
    installation: Seeded, api_answers: dict[str, httpx.Response]
) -> None:
    messages = {name: answer.json()["error"]["message"] for name, answer in api_answers.items()}
    findings = {name: offences([m], installation.known) for name, m in messages.items()}
    assert not {n: f for n, f in findings.items() if f}, _report(findings)


# --- the audit reasons the services write -----------------------------------------------------

SERVICES = Path(privault.services.__file__).parent
# Reasons whose values the sample below cannot stand for: the status is a word the catalog
# translates through its own templates ("disabled {name}", "active {name}").
SAMPLE_MISSES = {
    "{value} {value}",
    # Completed with `+=` by the outcome ("intact", or the problems): see its own template.
    "{value} events in {value} chains: ",
}


def _reason_templates() -> dict[str, str]:
    """Every reason a service writes as a literal or an f-string: template -> where."""
    found: dict[str, str] = {}
    for path in sorted(SERVICES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            values = []
            if isinstance(node, ast.keyword) and node.arg == "reason":
                values.append(node.value)
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "reason" for t in node.targets
            ):
                values.append(node.value)
            for value in values:
                shown = _shape(value)
                if shown:
                    found.setdefault(shown, f"{path.relative_to(SERVICES)}:{value.lineno}")
    return found


def _shape(node: ast.expr) -> str | None:
    """An f-string as a template: its values as {value}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(v.value) if isinstance(v, ast.Constant) else "{value}" for v in node.values
        )
    return None


def test_a_campaign_delivery_reason_names_its_status_in_chinese() -> None:
    for status in DeliveryStatus:
        for reason in (
            f"campaign 7: delivery {status}",
            f"campaign 7: 3 unknown deliveries decided {status}",
        ):
            shown = reason_text("zh", reason)
            assert status.value not in shown, shown
            assert offences([shown], set()) == [], shown


def test_every_audit_reason_the_services_write_reads_in_chinese() -> None:
    templates = _reason_templates()
    assert len(templates) > 100  # the scan found the services' reasons
    # A value right after a word is an optional suffix (" late", " (2 of 3)"): left empty.
    sample = {
        t: re.sub(r"\{\w+\}", "7", re.sub(r"(?<=[a-z]{2})\{value\}", "", t))
        for t in templates
        if t not in SAMPLE_MISSES
    }
    shown = {t: reason_text("zh", filled) for t, filled in sample.items()}
    untranslated = {
        f"{templates[t]}: {t}": shown[t]
        for t, filled in sample.items()
        if shown[t] == filled or offences([shown[t]], set())
    }
    assert untranslated == {}


# --- the console's answers to forms sent empty ------------------------------------------------

# Forms that end the walk (signing out) or change what every other page shows (the language).
FORMS_LEFT_OUT = {"/logout", "/lang", "/portal/sign-out"}


@pytest.fixture(scope="module")
def form_answers(
    installation: Seeded, client: TestClient, console: Walk, api_answers: object
) -> Walk:
    """Every form of one page per console route, sent with its text boxes empty: the refusals
    (a field left empty, a missing choice) and the pages they lead to, in Chinese."""
    sign_in(client, staff_account(installation.vault, "forms.wu", EVERY_ROLE), installation.clock)
    installation.known.add("forms.wu")
    answers = Walk({})
    for urls in console.visited.values():
        page = client.get(urls[0])
        if "text/html" not in page.headers.get("content-type", ""):
            continue
        for form in _forms_of(urls[0], page.text):
            data = {**form.fields, **dict.fromkeys(form.texts, "")}
            sent = client.request(form.method.upper(), form.action, data=data)
            key = f"{form.method.upper()} {form.action} (from {urls[0]})"
            answers.texts[key] = (
                visible(sent.text).texts if "html" in sent.headers.get("content-type", "") else []
            )
            answers.statuses[key] = sent.status_code
    _erase_held(client, installation, answers)
    return answers


def _erase_held(client: TestClient, installation: Seeded, answers: Walk) -> None:
    """A customer under a legal hold cannot be erased: the refusal says so in Chinese."""
    twin = installation.customers[2]
    place_hold(installation.vault, OPERATOR, twin, "劳动仲裁案件")
    path = f"/customers/{twin}"
    data = {"csrf_token": form_token(client, path), "reason": "顾客要求", "confirm": "yes"}
    refused = client.post(f"{path}/erase", data=data)
    assert refused.status_code == 409
    answers.texts[f"POST {path}/erase (held)"] = visible(refused.text).texts


def _forms_of(path: str, page: str) -> list[Form]:
    parser = _Forms(path)
    parser.feed(page)
    return [
        f for f in parser.forms
        if f.method == "post" and urlsplit(f.action).path not in FORMS_LEFT_OUT
    ]  # fmt: skip


def test_the_consoles_forms_sent_empty_answer_in_chinese(
    installation: Seeded, form_answers: Walk
) -> None:
    assert len(form_answers.texts) >= CONSOLE_FORMS
    failing = {k: s for k, s in form_answers.statuses.items() if s >= 500}
    assert failing == {}
    findings = _findings(form_answers, installation.known)
    assert not findings, _report(findings)


# --- the English console: English names, never keys --------------------------------------------

EN_KEYS = LOCALE_DIR / "en" / "LC_MESSAGES" / "keys.po"
ZH_MESSAGES = LOCALE_DIR / "zh" / "LC_MESSAGES"


def _catalog_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if isinstance(m.id, str) and m.id}


def known_keys() -> set[str]:
    """The keys privault stores and a page could show raw: roles, actions, enum values (request
    types, statuses, refusal reasons, alert types, booking states), purposes and fields, and
    every key the Chinese catalogs name. Only compound ones (`front_desk`, `customer.reveal`):
    a one-word key (`access`, `identity`) is an English word already."""
    enums = [RequestType, RequestStatus, RefusalReason, AlertKind, Action]
    keys = {str(member.value) for enum in enums for member in enum}
    keys |= set(MATRIX)
    preset = load_preset("salon")
    keys |= set(preset["fields"]) | set(preset["purposes"])
    for path in ZH_MESSAGES.glob("*.po"):
        keys |= {k for k in _catalog_ids(path) if _COMPOUND_KEY.fullmatch(k)}
    return {k for k in keys if _COMPOUND_KEY.fullmatch(k)}


_COMPOUND_KEY = re.compile(r"[a-z][a-z0-9]*(?:[._:][a-z0-9]+)+")


def raw_keys(texts: list[str], keys: set[str]) -> list[str]:
    """The texts showing one of `keys` as it is (an id or an address around it does not count)."""
    found = []
    for text in texts:
        rest = _DATA.sub(" ", text)
        if any(k in keys for k in re.findall(r"(?<![\w.:/-])[a-z][\w.:]*[a-z0-9]", rest)):
            found.append(text)
    return found


def test_every_key_of_the_chinese_catalogs_has_an_english_name() -> None:
    english = _catalog_ids(EN_KEYS)
    compound = set()
    for path in ZH_MESSAGES.glob("*.po"):
        compound |= {k for k in _catalog_ids(path) if _COMPOUND_KEY.fullmatch(k)}
    # Keys named by the catalog's own labels in English (a purpose, a field) need none here.
    preset = load_preset("salon")
    named_by_catalog = set(preset["fields"]) | set(preset["purposes"])
    assert sorted(compound - english - named_by_catalog) == []
    for key in sorted(english):
        assert not _COMPOUND_KEY.fullmatch(gettext("en", key)), key


def test_the_key_check_finds_a_raw_key_and_passes_its_english_name() -> None:
    keys = known_keys()
    assert {"front_desk", "customer.reveal", "off_hours", "marketing_sms"} <= keys
    assert raw_keys(["Your roles: front_desk"], keys) == ["Your roles: front_desk"]
    assert raw_keys(["Your roles: Front desk", "li.na at /customers/x_y"], keys) == []


@pytest.fixture(scope="module")
def english(installation: Seeded, form_answers: Walk, each_role: dict[str, Walk]) -> Walk:
    """The console in English: one account holding every role, its language English (the
    frame's button), walking from its home over every page as the Chinese walk does; then the
    auditor's pages. Its own client, so the Chinese walks keep their cookies."""
    vault, clock = installation.vault, installation.clock
    installation.known |= {"english.boss", "english.audit"}
    walk = Walk({})
    with TestClient(create_app(vault=vault), base_url="http://testserver") as reader:
        for name, roles in (("english.boss", EVERY_ROLE), ("english.audit", ["auditor"])):
            sign_in(reader, staff_account(vault, name, roles), clock)
            choose_language(reader, "en", "/")
            found = _walk(
                reader, [t for t in _gets(reader) if not t.startswith(("/api/", "/portal"))]
            )
            found.crawl(reader, ["/", *[t for t in found.templates if "{" not in t]], "/")
            walk.texts |= {f"{name} {url}": texts for url, texts in found.texts.items()}
            walk.visited |= found.visited
            _sign_out(reader)
    return walk


def test_every_english_console_page_names_keys_in_english(
    installation: Seeded, english: Walk
) -> None:
    assert len(english.texts) > 100  # the walk reached the console, not only a sign-in page
    assert {"/", "/audit", "/alerts", "/settings/roles", "/staff"} <= set(english.visited)
    keys = known_keys() - installation.known
    findings = {url: raw_keys(texts, keys) for url, texts in english.texts.items()}
    assert not {u: f for u, f in findings.items() if f}, _report(findings)
