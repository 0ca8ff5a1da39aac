"""Issue 18, "Done when": each role's main tasks walked in Chromium, in Chinese and in English,
with a screenshot of every step (tests/artifacts/screenshots, beside the other walks'): the
front desk registers, finds by mobile tail, reveals and opens a request; a technician opens
today; the store manager reviews and asks for an export; the privacy officer works requests,
approvals, alerts, the audit trail and settings; the auditor reads the audit trail; a customer
uses the portal on a 390 px phone. On every page reached the walk asserts what the reader sees
(the page in that language, headings and menu in its words, no raw key such as `front_desk`)
and runs the vendored axe-core: 0 critical, 0 serious. /docs (Swagger UI for integrators) is
checked as served, see its test. Then the console on a 390 px phone: every page each role's menu
reaches scrolls no wider than the screen and its touch targets are 24 x 24 px or more."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.browser.test_accessibility import (
    DESKTOP,
    PHONE,
    Seeded,
    Walk,
    _context,
    _seed,
    _sign_in,
)
from tests.browser.test_portal import sms_code
from tests.conftest import OFFICER, OPERATOR, FrozenClock
from tests.web.conftest import Account, staff_account
from tests.web.test_routes_matrix import ROLES
from tests.web.test_untranslated import EXAMPLES, known_keys, offences, raw_keys, visible

LOCALES = {"zh": "zh-CN", "en": "en-GB"}
CJK = re.compile(r"[\u3400-\u9fff]")
ACCOUNT = "walk.{role}"
# Data the seeded shop shows as it is: account names of the fixtures, the store's code, the
# allergen's name in the seeded allergy, the shop's member level key.
DATA = (
    "main", "li.na", OFFICER, OPERATOR.name, "boss", "second.officer", "marketing.main",
    "marketing.manager", "desk.main", "server.main", "po.sign", "PPD", "standard",
)  # fmt: skip  # each role's account, by a name the checks know as data
# What a page shows in the reader's words (data such as a customer's name may be in any script).
FRAME_TEXTS = """() => Array.from(document.querySelectorAll(
  'h1, h2, nav.menu summary, nav.menu a, main button, main th, main label > span.label'
)).map(e => e.innerText.trim()).filter(Boolean)"""
SMALL_TARGETS = """() => {
  const small = [];
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (box.width >= 24 && box.height >= 24) continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      // WCAG 2.5.8's exception: a link inside a sentence, sized by the line it sits in.
      const block = el.parentElement.closest('p, li, dd, td, small, div, label, span');
      const around = block ? block.textContent.replace(el.textContent, '').trim() : '';
      if (around.length > 0) continue;
    }
    const name = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
    small.push(`${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''} `
      + `"${name.slice(0, 24)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return small;
}"""
PAGE_WIDTH = """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"""


@dataclass
class Reader:
    """What a reader of one language sees, checked on every page the walk reaches."""

    lang: str
    request: pytest.FixtureRequest
    known: set[str]
    walk: Walk = field(default_factory=lambda: Walk([]))
    problems: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def sees(self, page: Page, step: str) -> None:
        page.wait_for_load_state("load")
        where = f"{step} ({self.lang}, {page.url.split('/', 3)[-1][:60]})"
        self.steps.append(step)
        self.walk.check(page, where)  # axe: critical and serious fail; wider than the screen
        lang = page.evaluate("() => document.documentElement.lang")
        if not lang.startswith(self.lang):
            self.problems.append(f"{where}: the page is in {lang!r}")
        texts = visible(page.content()).texts
        if self.lang == "zh":
            found = offences(texts, self.known)
        else:
            found = raw_keys(texts, known_keys() - self.known)
            frame = [t for t in page.evaluate(FRAME_TEXTS) if t != "中文"]
            found += [f"not English: {t}" for t in frame if CJK.search(t) and not _data(t)]
        self.problems += [f"{where}: {text}" for text in found]
        shoot(page, self.request, f"{len(self.steps):02d}-{step}")

    def done(self) -> None:
        assert self.steps, "the walk saw no page"
        assert self.walk.problems == [], "\n".join(self.walk.problems)
        assert self.problems == [], "\n".join(self.problems)


def _data(text: str) -> bool:
    """A heading that names a customer (`Customer 王*芳`) shows their name as data."""
    return bool(re.search(r"\w*\*+\w*", text))


@dataclass(frozen=True)
class Shop:
    seeded: Seeded
    accounts: dict[str, Account]

    @property
    def profile(self) -> str:
        return self.seeded.detail_pages[0]


@pytest.fixture
def shop(vault: Vault, clock: FrozenClock) -> Shop:
    accounts = {
        r: staff_account(vault, ACCOUNT.format(role=r.replace("_", ".")), [r]) for r in ROLES
    }
    return Shop(_seed(vault, clock, accounts["service_staff"].name), accounts)


def _reader(lang: str, request: pytest.FixtureRequest, shop: Shop) -> Reader:
    # The accessibility seed's officer (it adds the partner) is an account name in the trail.
    known = {a.name for a in shop.accounts.values()} | set(DATA) | {"axe.officer"}
    return Reader(lang, request, known | set(EXAMPLES))


def _signed_in(
    browser: Browser, server: str, shop: Shop, role: str, lang: str, clock: FrozenClock
) -> Page:
    page = _context(browser, LOCALES[lang], DESKTOP).new_page()
    _sign_in(page, server, shop.accounts[role], clock)
    return page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_front_desk_registers_finds_by_tail_reveals_and_opens_a_request(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _signed_in(browser, live_server, shop, "front_desk", lang, clock)
    reader.sees(page, "home")
    page.goto(f"{live_server}/customers/new")
    reader.sees(page, "register-form")
    page.locator("input[name=purposes][value=service]").check()
    page.locator("#f_name").fill("张三丰")
    page.locator("#f_mobile").fill("138 1234 5678")
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_text("138****5678").first).to_be_visible()
    reader.sees(page, "registered")

    page.goto(f"{live_server}/customers")
    page.locator("#by").select_option("mobile_tail")
    page.locator("#value").fill("5678")
    with page.expect_navigation():
        page.locator("form.search button[type=submit]").click()
    expect(page.get_by_role("cell", name="138****5678")).to_be_visible()
    reader.sees(page, "found-by-tail")

    page.goto(live_server + shop.profile)
    row = page.locator("#row-mobile")
    row.locator("summary").click()
    row.locator("select[name=purpose]").select_option("service")
    row.locator("button[type=submit]").first.click()
    expect(page.get_by_text("13900001111")).to_be_visible()
    reader.sees(page, "revealed")

    page.goto(f"{live_server}/requests/new?customer={shop.profile.rsplit('/', 1)[1]}")
    reader.sees(page, "request-form")
    page.locator("select[name=type]").select_option("access")
    page.locator("select[name=channel]").select_option("store")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    # The desk opens, the officer answers: back on the profile, told so.
    page.wait_for_url(re.compile(r"/customers/[^/]+\?done=request_with_officer$"))
    told = "请求已登记" if lang == "zh" else "The request is opened"
    expect(page.get_by_role("status")).to_contain_text(told)
    reader.sees(page, "request-opened")
    page.context.close()
    reader.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_technician_opens_today_and_a_service_sheet(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _signed_in(browser, live_server, shop, "service_staff", lang, clock)
    reader.sees(page, "home")
    page.goto(f"{live_server}/today")
    expect(page.locator("[data-booking]")).to_have_count(1)
    reader.sees(page, "today")
    page.locator("[data-booking] a[href^='/today/']").first.click()
    page.wait_for_url(re.compile(r"/today/.+"))
    reader.sees(page, "service-sheet")
    page.context.close()
    reader.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_store_manager_reviews_entries_and_forms_and_asks_for_an_export(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _signed_in(browser, live_server, shop, "store_manager", lang, clock)
    reader.sees(page, "home")
    for step, url in (("entry-review", "/review"), ("forms-review", "/forms/review")):
        page.goto(live_server + url)
        reader.sees(page, step)
    page.goto(f"{live_server}/review")
    with page.expect_navigation():
        page.locator("form[action$='/accept'] button").first.click()
    reader.sees(page, "entry-accepted")
    page.goto(f"{live_server}/exports")
    form = page.locator("form[action='/exports'][method=post]")
    form.locator("input[name=fields][value=mobile]").check()
    form.locator("select[name=purpose]").select_option("service")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    reader.sees(page, "export-asked")
    page.context.close()
    reader.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_privacy_officer_works_requests_approvals_alerts_audit_and_settings(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _signed_in(browser, live_server, shop, "privacy_officer", lang, clock)
    reader.sees(page, "home")
    page.goto(f"{live_server}/requests")
    reader.sees(page, "requests")
    page.locator("main a[href^='/requests/']").first.click()
    page.wait_for_url(re.compile(r"/requests/[0-9a-f-]{36}$"))
    reader.sees(page, "request")
    page.goto(f"{live_server}/exports")
    with page.expect_navigation():
        page.locator("form[action$='/approve'] button").first.click()
    reader.sees(page, "export-approved")
    for step, url in (
        ("alerts", "/alerts"),
        ("audit", "/audit"),
        ("settings", "/settings"),
        ("hours", "/settings/hours"),
        ("roles", "/settings/roles"),
        ("holds", "/settings/holds"),
    ):
        page.goto(live_server + url)
        reader.sees(page, step)
    page.context.close()
    reader.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_auditor_reads_the_audit_trail(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _signed_in(browser, live_server, shop, "auditor", lang, clock)
    reader.sees(page, "home")
    page.goto(f"{live_server}/audit")
    expect(page.locator("table.audit tbody tr").first).to_be_visible()
    reader.sees(page, "audit")
    page.context.close()
    reader.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_customer_uses_the_portal_on_a_390_px_phone(
    browser: Browser, live_server: str, vault: Vault, shop: Shop, lang: str,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    reader = _reader(lang, request, shop)
    page = _context(browser, LOCALES[lang], PHONE).new_page()
    page.goto(f"{live_server}/portal")
    reader.sees(page, "portal")
    page.locator("input[name=contact]").fill("13900001111")
    page.locator("input[name=contact]").press("Enter")
    page.locator("input[name=code]").wait_for()
    reader.sees(page, "code")
    page.locator("input[name=code]").fill(sms_code(vault))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server}/portal/me")
    reader.sees(page, "my-data")
    for step in ("consents", "requests", "complaints"):
        page.goto(f"{live_server}/portal/me/{step}")
        reader.sees(page, step)
    page.context.close()
    reader.done()


def _offline_cdn(route: Route) -> None:
    route.abort()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_api_docs_page_is_reached_and_passes_axe_as_served(
    browser: Browser, live_server: str, shop: Shop, lang: str, request: pytest.FixtureRequest
) -> None:
    """/docs is Swagger UI for the developers of an integration, started from its CDN: the
    suite runs offline, so the CDN is blocked and axe checks the page privault serves (its
    frame, title and heading); Swagger UI's own rendering is third-party and not in the run.
    The page is in English for every reader: the API speaks English to integrations (its keys
    are the API's vocabulary), so the untranslated check does not apply to it."""
    context = _context(browser, LOCALES[lang], DESKTOP)
    context.route(re.compile(r"https://cdn\.jsdelivr\.net/.*"), _offline_cdn)
    page = context.new_page()
    answer = page.goto(f"{live_server}/docs")
    assert answer is not None
    assert answer.status == 200
    walk = Walk([])
    walk.check(page, f"/docs ({lang})")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("privault API")
    expect(page.get_by_role("link", name="/openapi.json")).to_be_visible()
    shoot(page, request, "docs")
    context.close()
    assert walk.problems == []


def test_every_page_of_each_roles_menu_fits_a_390_px_phone_with_24_px_touch_targets(
    browser: Browser, live_server: str, shop: Shop, clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    """WCAG 1.4.10 (reflow) and 2.5.8 (target size, minimum): the page scrolls no wider than
    the phone (a wide table scrolls inside its own box), and every link, button, field and menu
    heading is at least 24 x 24 px, a link inside a sentence excepted as WCAG does. Each page
    once; each role's home (its menu differs) once per role."""
    problems: list[str] = []
    checked: set[str] = set()
    for role in ROLES:
        page = _context(browser, "zh-CN", PHONE).new_page()
        _sign_in(page, live_server, shop.accounts[role], clock)
        menu = page.eval_on_selector_all("nav.menu a[href]", "els => els.map(e => e.pathname)")
        assert menu, f"{role} has no menu"
        for path in ["/", *menu]:
            if path in checked:
                continue
            checked.add(path) if path != "/" else None
            page.goto(live_server + path)
            page.locator("nav.menu summary").first.click()  # an open menu must fit too
            width = page.evaluate(PAGE_WIDTH)
            if width > PHONE["width"]:
                problems.append(f"{path} as {role}: {width} px wide")
            problems += [f"{path} as {role}: {t}" for t in page.evaluate(SMALL_TARGETS)]
        shoot(page, request, f"{role}-last-page-390")
        page.context.close()
    assert len(checked) > 25  # the menus' pages, not only the homes
    assert problems == [], "\n".join(problems)
