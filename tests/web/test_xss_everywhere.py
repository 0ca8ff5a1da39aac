"""Every text field of every form a page offers, filled with a script payload and submitted:
no response, and no page the submission redirects to, carries the payload unescaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import EVERYTHING_SALON, register, unique_mobile
from tests.web.conftest import sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in

PAYLOAD = '"><script>alert(1)</script>'
TEXT_TYPES = {"", "text", "search", "email", "tel", "url", "number", "date", "password"}
# Forms that end the walk itself (signing out) are left for the tests that own them.
SKIPPED_ACTIONS = {"/logout", "/portal/sign-out"}
# What the walks found when written; fewer means a page or form went missing from the walk.
CONSOLE_FORMS, CONSOLE_FIELDS = 32, 42
# Enum fields (hair and skin type) are choices, not typed text: no script can be typed there.
PORTAL_FORMS, PORTAL_FIELDS = 10, 11


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self.forms.append(Form(action, (a.get("method") or "get").lower()))
            return
        if not self.forms or "name" not in a:
            return
        form, name = self.forms[-1], a["name"]
        kind = a.get("type", "").lower() if tag == "input" else tag
        if tag == "textarea" or (tag == "input" and kind in TEXT_TYPES):
            form.texts.add(name)
        elif (tag == "input" and kind in {"hidden", "submit"}) or tag == "select":
            form.fields.setdefault(name, a.get("value", ""))
        elif tag == "option" and form.fields.get(name, "") == "":
            form.fields[name] = a.get("value", "")


def _forms(client: TestClient, path: str) -> list[Form]:
    page = client.get(path)
    parser = _Forms(path)
    parser.feed(page.text)
    return [f for f in parser.forms if f.action.split("?")[0] not in SKIPPED_ACTIONS]


@dataclass
class Walk:
    forms: int = 0
    fields: int = 0
    leaks: list[str] = field(default_factory=list)


def _submit_everything(client: TestClient, paths: list[str]) -> Walk:
    """Every form of the pages, submitted; leaks: the forms whose answer (or the page it
    redirects to) shows the raw payload."""
    walk = Walk()
    for path in paths:
        for form in _forms(client, path):
            walk.forms += 1
            walk.fields += len(form.texts)
            data = {**form.fields, **dict.fromkeys(form.texts, PAYLOAD)}
            if form.method == "post":
                answer = client.post(form.action, data=data)
            else:
                answer = client.get(form.action, params=data)
            if PAYLOAD in answer.text:
                walk.leaks.append(f"{form.method.upper()} {form.action} (from {path})")
    return walk


def test_no_console_form_echoes_a_script(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    values = {"name": "王芳", "mobile": unique_mobile(), "allergies": "无"}
    customer = register(vault, operator, values, EVERYTHING_SALON)
    request = open_request(vault, operator, customer, "correction", "store").id
    owner = staff_account(vault, "owner.xss", ["store_manager", "privacy_officer", "admin"])
    sign_in(client, owner, clock)
    pages = [
        "/customers",
        "/customers/new",
        f"/customers/{customer}",
        f"/customers/{customer}/consents",
        "/imports",
        "/requests",
        f"/requests/new?customer={customer}",
        f"/requests/{request}",
        "/exports",
        "/alerts",
        "/audit",
        "/staff",
    ]
    assert all(client.get(p).status_code == 200 for p in pages)
    walk = _submit_everything(client, pages)
    assert walk.leaks == []
    assert walk.forms >= CONSOLE_FORMS  # the walk reached them
    assert walk.fields >= CONSOLE_FIELDS


def test_no_portal_form_echoes_a_script(vault: Vault, client: TestClient, operator: Actor) -> None:
    mobile = unique_mobile()
    register(vault, operator, {"name": "张三丰", "mobile": mobile}, EVERYTHING_SALON)
    public = _submit_everything(client, ["/portal", "/portal/sign-in"])
    portal_sign_in(client, vault, mobile)
    pages = ["/portal/me", "/portal/me/consents", "/portal/me/requests"]
    assert all(client.get(p).status_code == 200 for p in pages)
    walk = _submit_everything(client, pages)
    assert public.leaks + walk.leaks == []
    assert public.forms + walk.forms >= PORTAL_FORMS
    assert public.fields + walk.fields >= PORTAL_FIELDS
