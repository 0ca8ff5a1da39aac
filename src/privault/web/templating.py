"""Server-rendered pages: Jinja2 with autoescaping everywhere and the request's language."""

from __future__ import annotations

from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from privault.domain.policy import Actor
from privault.domain.shop_time import shop_time
from privault.services.installation.shop_zone import shop_zone
from privault.services.staff.role_matrix import allowed_actions
from privault.services.vault import Vault
from privault.web.alert_text import alert_detail
from privault.web.auth import csrf_token, get_vault, remember_browser
from privault.web.i18n import choose_language, translations
from privault.web.menu import MenuItem, menu_groups

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    # `names | map("translated")`: keys shown to people (roles, actions) in the reader's language.
    env.filters["translated"] = translations(lang).gettext
    return env


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Every page carries the form token: the frame's language switcher is a form."""
    lang = choose_language(request)
    page = environment(lang).get_template(name)
    vault = get_vault(request)
    token = csrf_token(request, vault)
    values = {
        "request": request,
        "lang": lang,
        "csrf_token": token,
        "shop_time": ShopTimes(vault),
        "alert_detail": partial(alert_detail, lang),
        "console_menu": ConsoleMenu(vault, getattr(request.state, "staff", None)),
        **(context or {}),
    }
    response = HTMLResponse(page.render(values), status_code=status)
    remember_browser(request, response)
    return response


class ConsoleMenu:
    """`{% for group, items in console_menu() %}` in the frame: the signed-in staff member's
    menu by role, read only when a page draws it (sign-in and error pages draw none)."""

    def __init__(self, vault: Vault, staff: Actor | None) -> None:
        self._vault = vault
        self._staff = staff

    def __call__(self) -> list[tuple[str, list[MenuItem]]]:
        if self._staff is None:
            return []
        return menu_groups(allowed_actions(self._vault, self._staff))


class ShopTimes:
    """`{{ shop_time(e.at) }}` in a template: the time in the shop's zone, the zone named. The
    zone is read on first use, so pages that show no time read nothing."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._zone: str | None = None

    def __call__(self, at: datetime | None, *, seconds: bool = False) -> str:
        if self._zone is None:
            self._zone = shop_zone(self._vault)
        return shop_time(at, self._zone, seconds=seconds)
