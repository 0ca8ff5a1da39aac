"""Server-rendered pages: Jinja2 with autoescaping everywhere and the request's language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from privault.web.auth import csrf_token, get_vault, remember_browser
from privault.web.i18n import choose_language, translations

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
    return env


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Every page carries the form token: the frame's language switcher is a form."""
    lang = choose_language(request)
    page = environment(lang).get_template(name)
    token = csrf_token(request, get_vault(request))
    values = {"request": request, "lang": lang, "csrf_token": token, **(context or {})}
    response = HTMLResponse(page.render(values), status_code=status)
    remember_browser(request, response)
    return response
