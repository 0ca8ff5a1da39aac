"""Chinese first, English second: Babel message catalogs, chosen per user or by the browser.

Messages are written in English in the code and templates (the msgid) and translated in
`locale/<lang>/LC_MESSAGES/*.po`, one file per area (messages.po for the frame, console.po,
portal.po, ...); they are compiled in memory at start, so there is no build step to forget."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
COOKIE = "privault_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
FIELD = "field"  # the msgctxt of field names that would clash with another key


@cache
def translations(lang: str) -> Translations:
    merged = Translations()
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        compiled = BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        merged.merge(Translations(fp=compiled))
    return merged


def gettext(lang: str, message: str) -> str:
    """The empty text stays empty (the catalog's own header is filed under it)."""
    return translations(lang).gettext(message) if message else message


def field_name(lang: str, field: str) -> str:
    """A form field's name: under the msgctxt "field" where the same key also names something
    else (`restriction`: a meal's 忌口, and the request type 限制处理), else as any key."""
    named = str(translations(lang).pgettext(FIELD, field))
    return named if named != field else gettext(lang, field)


def choose_language(request: Request) -> str:
    """The language the person picked (a cookie), else the browser's, else Chinese."""
    picked = request.cookies.get(COOKIE)
    if picked in LANGUAGES:
        return picked
    return from_accept_language(request.headers.get("accept-language", ""))


def from_accept_language(header: str) -> str:
    wanted = []
    for part in header.split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag:
            wanted.append((weight, tag.strip()))
    for _, tag in sorted(wanted, key=lambda w: -w[0]):
        try:
            language = Locale.parse(tag, sep="-").language
        except (ValueError, UnknownLocaleError):
            continue
        if language in LANGUAGES:
            return language
    return DEFAULT
