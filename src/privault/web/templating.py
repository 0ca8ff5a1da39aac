"""Server-rendered pages: Jinja2 with autoescaping everywhere and the request's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from privault.domain.policy import Actor
from privault.domain.shop_time import shop_time
from privault.services.installation.catalog_names import CatalogNames as Names
from privault.services.installation.console_frame import ConsoleFrame, console_frame
from privault.services.use_case import ANONYMOUS
from privault.services.vault import Vault
from privault.web.alert_text import alert_detail
from privault.web.auth import csrf_token, remember_browser, vault_of
from privault.web.done_messages import done_note
from privault.web.i18n import choose_language, gettext, translations
from privault.web.menu import MenuItem, menu_groups
from privault.web.reason_text import actor_name, reason_text

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
    env.globals["gettext"] = _known_texts_kept(env.globals["gettext"], translations(lang))
    # `names | map("translated")`: keys shown to people (roles, actions) in the reader's language.
    env.filters["translated"] = translations(lang).gettext
    return env


def _known_texts_kept(gettext: Any, catalog: Translations) -> Any:
    """`_("...")` of a text the catalog holds, with no values, gives the same markup every
    time; Jinja's gettext builds and %-formats it anew on each call (a page makes about a
    hundred). Only the catalog's own texts are kept: never a value shown through `_()`."""
    kept: dict[tuple[str, bool], Any] = {}
    known = catalog._catalog  # gettext's own table of message ids

    @pass_context
    def translated(context: Any, text: str, **values: Any) -> Any:
        if values or text not in known:
            return gettext(context, text, **values)
        key = (text, context.eval_ctx.autoescape)
        if key not in kept:
            kept[key] = gettext(context, text)
        return kept[key]

    return translated


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Every page carries the form token: the frame's language switcher is a form."""
    lang = choose_language(request)
    page = environment(lang).get_template(name)
    vault = vault_of(request)
    token = csrf_token(request, vault)
    reads = frame_reads(request, vault)
    values = {
        "request": request,
        "lang": lang,
        "csrf_token": token,
        "shop_time": ShopTimes(reads),
        "alert_detail": partial(alert_detail, lang),
        "console_menu": ConsoleMenu(reads, getattr(request.state, "staff", None)),
        "named": CatalogNames(reads, lang),
        "reason_text": partial(reason_text, lang),
        "actor_name": partial(actor_name, lang),
        "done_note": done_note(lang, request),
        **(context or {}),
    }
    response = HTMLResponse(page.render(values), status_code=status)
    remember_browser(request, response)
    return response


class FrameReads:
    """The frame of one request's page (`console_frame`: allowed actions, catalog names, the
    shop's zone), read in one unit of work on first use: a page that draws no menu, time or
    catalog name (sign-in, errors) reads nothing."""

    def __init__(self, vault: Vault, actor: Actor | None) -> None:
        self.actor = actor
        self._vault = vault
        self._frame: ConsoleFrame | None = None

    def __call__(self) -> ConsoleFrame:
        if self._frame is None:
            self._frame = console_frame(self._vault, self.actor or ANONYMOUS)
        return self._frame


def frame_reads(request: Request, vault: Vault, actor: Actor | None = None) -> FrameReads:
    """One per request and actor (the page's `show` and the frame's menu share it); `actor`:
    default the signed-in staff member."""
    actor = actor or getattr(request.state, "staff", None)
    held: FrameReads | None = getattr(request.state, "frame_reads", None)
    if held is None or held.actor != actor:
        held = FrameReads(vault, actor)
        request.state.frame_reads = held
    return held


class ConsoleMenu:
    """`{% for group, items in console_menu() %}` in the frame: the signed-in staff member's
    menu by role, read only when a page draws it (sign-in and error pages draw none)."""

    def __init__(self, reads: FrameReads, staff: Actor | None) -> None:
        self._reads = reads
        self._staff = staff

    def __call__(self) -> list[tuple[str, list[MenuItem]]]:
        if self._staff is None:
            return []
        return menu_groups(self._reads().allowed)


class ShopTimes:
    """`{{ shop_time(e.at) }}` in a template: the time in the shop's zone, the zone named."""

    def __init__(self, reads: FrameReads) -> None:
        self._reads = reads

    def __call__(self, at: datetime | None, *, seconds: bool = False) -> str:
        return shop_time(at, self._reads().zone, seconds=seconds)


class CatalogNames:
    """`{{ named(e.fields) }}`, `{{ named(a.purpose) }}`: catalog keys (fields, purposes) by
    their names in the reader's language, a list joined; any other key through the catalogs
    of messages (a role, an action), else as it is. `{{ named.choice("hair_type", v) }}`: an
    enum field's value by its label. The catalog is read on first use."""

    def __init__(self, reads: FrameReads, lang: str) -> None:
        self._reads = reads
        self._lang = lang

    def __call__(self, keys: str | Iterable[str] | None) -> str:
        if keys is None:
            return ""
        if isinstance(keys, str):
            return self._one(keys)
        return ("、" if self._lang == "zh" else ", ").join(self._one(k) for k in keys)

    def choice(self, field: str, value: object) -> object:
        labels = self._read().choices.get((field, str(value)))
        if labels is None:
            return value
        return labels[0] if self._lang == "zh" else labels[1]

    def _one(self, key: str) -> str:
        names = self._read().keys.get(key)
        if names is None:
            return gettext(self._lang, key)
        return names[0] if self._lang == "zh" else names[1]

    def _read(self) -> Names:
        return self._reads().names


def catalog_names_for(request: Request) -> CatalogNames:
    """The installation's names of its keys in the reader's language, for refusals that name a
    field (`explain(lang, error, catalog_names_for(request))`): a shop's own field by its label."""
    reads = frame_reads(request, vault_of(request))
    return CatalogNames(reads, choose_language(request))
