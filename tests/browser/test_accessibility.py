"""The accessibility walk (issue 18): on one seeded installation every role signs in and opens
every console page its menu offers, and the detail pages those pages link to (a customer
profile, a request, a campaign...); the portal is walked at 390 x 844. On each page the vendored
axe-core runs and any violation of impact critical or serious fails the walk, named by page, rule
and element. Each page template is checked once overall (a role's home, whose menu differs, once
per role); a wide table that makes the page scroll sideways fails it too. Screenshots of each
role's home in Chinese and English land in tests/artifacts/screenshots; the moderate and minor
findings are listed in tests/artifacts/axe-moderate-and-minor.txt."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.routing import iter_route_contexts
from playwright.sync_api import Browser, BrowserContext, Page, expect

from privault.domain.alerts import reveal_rate
from privault.domain.policy import Actor
from privault.services.campaigns.planning import plan_campaign
from privault.services.complaints.intake import record_complaint
from privault.services.customers.transactions import record_transaction
from privault.services.exports.workflow import request_export
from privault.services.incidents.register import IncidentReport, report_incident
from privault.services.members.membership import enrol_member
from privault.services.partners.registry import PartnerForm, add_partner
from privault.services.portal.unsubscribe import unsubscribe_link
from privault.services.requests.handling import open_request
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.service_day.collection import add_items, submit_form
from privault.services.stores.registry import add_store
from privault.services.use_case import use_case
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.browser.conftest import SHOTS
from tests.browser.test_portal import sms_code
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import EVERYTHING_SALON, register, unique_mobile
from tests.services.campaigns.campaign_setup import MARKETING, sms_draft
from tests.web.conftest import Account, staff_account
from tests.web.test_routes_matrix import ROLES

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
MINOR = SHOTS.parent / "axe-moderate-and-minor.txt"  # reported beside the screenshots, not failed
TODAY = "2026-11-23"  # the frozen clock's day in the shop's calendar
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"critical", "serious"}
# Pages each role sees differently (its menu and home; what the profile offers it): checked per role
PER_ROLE = {"/", "/customers/{customer_id}"}
PORTAL_PAGES = (
    "/portal/me",
    "/portal/me/consents",
    "/portal/me/requests",
    "/portal/me/complaints",
    "/portal/me/do-not-sell",
    "/portal/me/limit-sensitive",
)
# Pages that are files (downloads), the API and its docs, and the public pages (walked signed out).
NOT_PAGES = re.compile(
    r"^/(api|docs|openapi|static|portal|register|login|logout|staff/enrol)"
    r"|\.(xlsx|csv|json|pdf|\{fmt\})$|/download$|/image$|/thumbnail$|/files/|/incidents/[^/]+/report$"
)
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    resultTypes: ['violations'],
    rules: {'target-size': {enabled: true}},  // WCAG 2.2: touch targets of 24 px (off by default)
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
  }));
}"""
TOO_WIDE = """() => {
  const root = document.documentElement;
  return root.scrollWidth > window.innerWidth ? root.scrollWidth : 0;
}"""


@dataclass
class Walk:
    """What the walk found: the blocking violations and the pages wider than the screen."""

    templates: list[tuple[str, re.Pattern[str]]]
    checked: dict[str, str] = field(default_factory=dict)  # template -> the url checked
    problems: list[str] = field(default_factory=list)
    minor: list[str] = field(default_factory=list)  # moderate and minor: shown, not failed

    def template_of(self, path: str) -> str | None:
        for template, pattern in self.templates:
            if pattern.fullmatch(path):
                return template
        return None

    def check(self, page: Page, where: str) -> None:
        for found in page.evaluate(RUN_AXE):
            named = f"{where}: {found['impact']} {found['rule']} ({found['help']}) at "
            named += " | ".join(found["targets"])
            (self.problems if found["impact"] in BLOCKING else self.minor).append(named)
        width = page.evaluate(TOO_WIDE)
        if width:
            self.problems.append(f"{where}: {width} px wide on a {page.viewport_size} screen")


def _templates(vault: Vault) -> list[tuple[str, re.Pattern[str]]]:
    """Every GET page of the console, each as the pattern its urls match."""
    found = []
    for route in iter_route_contexts(create_app(vault=vault).routes):
        path = route.path or ""
        if route.methods and "GET" in route.methods and not NOT_PAGES.search(path):
            pattern = re.sub(r"\\{\w+(?::\w+)?\\}", "[^/]+", re.escape(path))
            found.append((path, re.compile(pattern)))
    # literal paths win over the patterns that would also match them (/requests/new)
    return sorted(found, key=lambda item: "{" in item[0])


@dataclass(frozen=True)
class Seeded:
    unsubscribe: str  # the customer's one-step unsubscribe link
    detail_pages: tuple[str, ...]


def _seed(vault: Vault, clock: FrozenClock, technician: str) -> Seeded:
    """A small shop's day, all through the services: customers, a member, a booking and a
    visit, a rights request, an export waiting for approval, a complaint, an incident, an alert."""
    values = {
        "name": "王芳",
        "mobile": "13900001111",
        "allergies": "染发剂 PPD",
        "hair_type": "dry",
    }
    customer = register(vault, OPERATOR, values, EVERYTHING_SALON)
    add_store(vault, OPERATOR, "main", {"name": "总店", "address": "深圳市南山区"})
    for name in ("李雷", "韩梅梅", "张三丰"):
        register(vault, OPERATOR, {"name": name, "mobile": unique_mobile()}, ("service",))
    enrol_member(vault, OPERATOR, customer)
    from_the_web = register(  # waits for entry review
        vault, OPERATOR, {"name": "李四", "mobile": unique_mobile()}, ("service",), channel="web"
    )
    slot = BookingRequest(
        date=TODAY, starts="14:00", ends="15:00", customer_id=customer, technician=technician
    )
    booking = book(vault, OPERATOR, slot).id
    server = Actor(technician, frozenset({"service_staff"}), frozenset({"main"}))
    form = add_items(vault, server, booking, ["hair_type=dry:told"]).id
    submit_form(vault, server, form)
    campaign = plan_campaign(vault, MARKETING, sms_draft()).campaign.id
    record_transaction(vault, OPERATOR, customer, "visit", "128.00", item="剪发")
    opened = open_request(vault, OPERATOR, customer, "access", "store")
    request_export(vault, OPERATOR, ["mobile"], purpose="service")
    complaint = record_complaint(vault, OPERATOR, customer, "complaint", "desk", "为什么收到广告？")
    report = IncidentReport(
        title="前台屏幕被拍照",
        description="前台显示客户列表的屏幕被拍照并发到网上。",
        severity="一般",
        detected_at=clock.now,
        reported_by="王店长",
        data_fields=("name", "mobile"),
    )
    incident = report_incident(vault, OPERATOR, report).id
    officer = Actor("axe.officer", frozenset({"privacy_officer"}))
    partner = add_partner(vault, officer, PartnerForm("悦享水疗", "controller", "CN", "张经理")).id
    with use_case(vault, OPERATOR) as uc:  # what the access watch raises after many reveals
        uc.alert(reveal_rate("li.na", 30, clock.now))
        uc.commit()
    details = (
        f"/customers/{customer}",
        f"/customers/{customer}/consents",
        f"/customers/{customer}/ledgers",
        f"/customers/{customer}/photos",
        f"/customers/{customer}/complaint",
        f"/requests/{opened.id}",
        f"/requests/new?customer={customer}",
        f"/complaints/{complaint.id}",
        f"/incidents/{incident}",
        f"/partners/{partner}",
        f"/today/{booking}",
        f"/forms/{form}/review",
        f"/campaigns/{campaign}",
        f"/review/{from_the_web}/correct",
    )
    return Seeded(unsubscribe_link(vault, customer, "marketing_sms"), details)


def _context(browser: Browser, locale: str, viewport: dict[str, int]) -> BrowserContext:
    """A context whose every page carries axe-core (added by the browser, outside the CSP)."""
    context = browser.new_context(locale=locale, viewport=viewport)  # type: ignore[arg-type]
    context.add_init_script(path=AXE)
    return context


def _sign_in(page: Page, server: str, account: Account, clock: FrozenClock) -> None:
    page.goto(f"{server}/login")
    form = page.locator("form[action='/login']")
    form.locator("input[name=name]").fill(account.name)
    form.locator("input[name=password]").fill(account.password)
    if account.totp is not None:
        form.locator("input[name=totp]").fill(account.code(clock))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{server}/")


def _links(page: Page, server: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    inside = [urlsplit(h) for h in hrefs if h.startswith(server)]
    return [u.path + (f"?{u.query}" if u.query else "") for u in inside]


def _walk_role(page: Page, server: str, walk: Walk, start: list[str], role: str) -> None:
    """Breadth first from the role's home over the pages it links to, each template once."""
    queue, seen = list(start), set()
    while queue:
        url = queue.pop(0)
        template = walk.template_of(urlsplit(url).path)
        if template is None or template in seen:
            continue
        if template in walk.checked and template not in PER_ROLE:
            continue
        seen.add(template)
        response = page.goto(server + url)
        if response is not None and response.status == 403 and "403" not in walk.checked:
            walk.checked["403"] = url  # the refusal page, checked once
            walk.check(page, f"{url} refused to {role}")
        if response is None or response.status != 200:
            continue  # not this role's page; another role opens it
        walk.checked[template] = url
        walk.check(page, f"{url} as {role}")
        queue.extend(_links(page, server))


def _desk_tasks(page: Page, server: str, walk: Walk, profile: str) -> None:
    """The front desk's states behind a form: customers found by mobile tail, a value revealed."""
    page.goto(f"{server}/customers")
    page.locator("#by").select_option("mobile_tail")
    page.locator("#value").fill("1111")
    with page.expect_navigation():
        page.locator("form.search button[type=submit]").click()
    expect(page.get_by_text("139****1111")).to_be_visible()
    walk.check(page, "/customers, one customer found, as front_desk")
    page.goto(server + profile)
    row = page.locator("#row-mobile")
    row.locator("summary").click()
    row.locator("select[name=purpose]").select_option("service")
    row.locator("button[type=submit]").first.click()
    expect(page.get_by_text("13900001111")).to_be_visible()
    walk.check(page, f"{profile}, the mobile revealed, as front_desk")
    _form_states(page, server, walk, profile)


def _form_states(page: Page, server: str, walk: Walk, profile: str) -> None:
    """Forms that help (issue 18 point 5): every error at once with the summary on top, and the
    confirmation a deleting withdrawal asks for (not confirmed: nothing changes)."""
    page.goto(f"{server}/customers/new")
    page.locator("#f_mobile").fill("1390000")
    page.locator("#f_allergies").fill("花粉")
    with page.expect_navigation():
        page.locator("form#form button[type=submit]").click()
    expect(page.locator(".error-summary li")).to_have_count(3)  # no purpose, mobile, allergies
    page.locator(".error-summary a[href='#f_mobile']").click()
    expect(page.locator("#f_mobile")).to_be_in_viewport()
    walk.check(page, "/customers/new, every error at once, as front_desk")
    page.goto(f"{server}{profile}/consents")
    with page.expect_navigation():
        page.locator("form:has(input[value=sensitive_care]) button[type=submit]").click()
    expect(page.locator("ul.deleted-fields li")).to_have_text(["过敏情况"])
    walk.check(page, "the withdrawal confirmation, as front_desk")


def _home_in_english(page: Page, server: str, walk: Walk, role: str) -> None:
    """The role's home in Chinese, then in English as its language buttons switch it."""
    page.goto(f"{server}/")
    page.screenshot(path=str(SHOTS / f"accessibility-home-{role}-zh.png"), full_page=True)
    page.locator("form.languages button[value=en]").click()
    page.wait_for_selector("html[lang=en]")
    walk.check(page, f"/ as {role} in English")
    page.screenshot(path=str(SHOTS / f"accessibility-home-{role}-en.png"), full_page=True)


def test_every_console_and_portal_page_passes_axe_without_critical_or_serious_violations(
    browser: Browser, live_server: str, vault: Vault, clock: FrozenClock
) -> None:
    accounts = {r: staff_account(vault, f"axe.{r.replace('_', '.')}", [r]) for r in ROLES}
    seeded = _seed(vault, clock, accounts["service_staff"].name)
    walk = Walk(_templates(vault))
    SHOTS.mkdir(parents=True, exist_ok=True)
    signed_out = _context(browser, "zh-CN", DESKTOP).new_page()
    for url in ("/login", "/staff/enrol", "/lock"):
        signed_out.goto(live_server + url)
        walk.check(signed_out, f"{url} signed out")
    # The lock page is public; with a tablet's names see tests/browser/test_shared_tablet.py.
    walk.checked["/lock"] = "/lock"
    signed_out.context.close()
    for role in ROLES:
        context = _context(browser, "zh-CN", DESKTOP)
        page = context.new_page()
        _sign_in(page, live_server, accounts[role], clock)
        _walk_role(page, live_server, walk, ["/", *seeded.detail_pages], role)
        if role == "front_desk":
            _desk_tasks(page, live_server, walk, seeded.detail_pages[0])
        _home_in_english(page, live_server, walk, role)
        context.close()
    _walk_portal(browser, live_server, vault, walk, seeded.unsubscribe)
    unchecked = sorted(t for t, _ in walk.templates if t not in walk.checked)
    assert "403" in walk.checked  # the refusal page was seen too
    assert len(walk.checked) > 50  # the walk found the console, not an empty list
    MINOR.write_text("".join(f"{line}\n" for line in walk.minor), encoding="utf-8")
    assert walk.problems == []
    assert unchecked == [], "pages no role opened in the walk"


def _walk_portal(browser: Browser, server: str, vault: Vault, walk: Walk, unsubscribe: str) -> None:
    """The customer's side on a phone: notice and sign-in, registering, the code, their pages,
    unsubscribing."""
    context = _context(browser, "zh-CN", PHONE)
    page = context.new_page()
    for url in ("/portal", "/register", unsubscribe):
        page.goto(server + url)
        walk.check(page, f"{url.split('?')[0][:24]} at 390 px")
    page.goto(f"{server}/portal")
    page.locator("input[name=contact]").fill("13900001111")
    page.locator("input[name=contact]").press("Enter")
    page.locator("input[name=code]").wait_for()
    walk.check(page, "/portal/sign-in/code at 390 px")
    page.locator("input[name=code]").fill(sms_code(vault))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{server}/portal/me")
    for url in PORTAL_PAGES:
        page.goto(server + url)
        walk.check(page, f"{url} at 390 px")
        page.screenshot(path=str(SHOTS / f"accessibility-{url.strip('/').replace('/', '-')}.png"))
    page.goto(f"{server}/portal/me/consents")
    with page.expect_navigation():
        page.locator("form:has(input[value=sensitive_care]) button[type=submit]").click()
    expect(page.locator("ul.deleted-fields li")).to_have_text(["过敏情况"])
    walk.check(page, "/portal/me/consents/withdraw, the confirmation, at 390 px")
    context.close()


def test_the_walk_names_a_blocking_violation_by_page_rule_and_element(browser: Browser) -> None:
    """The check itself: an image without a text alternative and an unnamed button fail it."""
    context = _context(browser, "zh-CN", DESKTOP)
    page = context.new_page()
    page.set_content(
        '<html lang="zh"><title>t</title><main><h1>t</h1><img src="data:,">'
        '<button id="bare"></button><table><tr><td>' + "x" * 3000 + "</td></tr></table></main>"
    )
    walk = Walk([])
    walk.check(page, "sample")
    context.close()
    assert [p.split(" (")[0] for p in walk.problems[:2]] == [
        "sample: critical button-name",
        "sample: critical image-alt",
    ]
    assert "#bare" in walk.problems[0]
    assert walk.problems[2].startswith("sample: ")
    assert "px wide" in walk.problems[2]
