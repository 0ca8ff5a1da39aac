"""Service refusals in the reader's language: the services speak English (msgids). A refusal
raised as a template with parameters is translated whole and then filled in; an older one with
its variable parts already in the text is matched to its pattern (PATTERNS) instead."""

from __future__ import annotations

import re
from collections.abc import Mapping

from privault.domain.errors import DuplicateCustomerError, InvalidInputError, PrivaultError
from privault.web.i18n import gettext

# Each pattern's msgid reads exactly like the English message it matches.
PATTERNS = tuple(
    (re.compile(regex), msgid)
    for regex, msgid in (
        (r"^role (?P<role>\S+) may not (?P<action>\S+)$", "role %(role)s may not %(action)s"),
        (
            r"^role (?P<role>\S+) may not see in clear (?P<category>\S+) fields such as "
            r"(?P<field>\S+)$",
            "role %(role)s may not see in clear %(category)s fields such as %(field)s",
        ),
        (
            r"^(?P<name>\S+) may see masked data only: (?P<gap>.+)$",
            "%(name)s may see masked data only: %(gap)s",
        ),
        (
            r"^(?P<field>\S+) is sensitive and the customer has not given (?P<purposes>.+) "
            r"consent$",
            "%(field)s is sensitive and the customer has not given %(purposes)s consent",
        ),
        (
            r"^store (?P<store>\S+) is outside (?P<name>\S+)'s stores$",
            "store %(store)s is outside %(name)s's stores",
        ),
        (
            r"^(?P<name>\S+) reached the limit of (?P<limit>\d+) reveals an hour for role "
            r"(?P<role>\S+); the privacy officer has been alerted$",
            "%(name)s reached the limit of %(limit)s reveals an hour for role %(role)s; "
            "the privacy officer has been alerted",
        ),
        (
            r"^customer (?P<id>\S+) has no (?P<field>\S+) on record$",
            "customer %(id)s has no %(field)s on record",
        ),
        (r"^no customer with id (?P<id>\S+)$", "no customer with id %(id)s"),
        (r"^at most (?P<limit>\d+) characters$", "at most %(limit)s characters"),
    )
)


def error_field(error: PrivaultError) -> str | None:
    """Which form field the refusal is about, if any."""
    if isinstance(error, InvalidInputError | DuplicateCustomerError):
        return error.field
    return None


def explain(lang: str, error: PrivaultError) -> str:
    """The refusal without the field it names (shown next to that field)."""
    if isinstance(error, DuplicateCustomerError):
        return gettext(lang, "already registered to another customer; open that customer instead")
    english = error.reason if isinstance(error, InvalidInputError) else error.message
    # A sentence the catalog holds whole (worded better than its template) comes first.
    if error.params and gettext(lang, english) == english:
        return _filled_in(lang, error.template, error.params, english)
    return translate(lang, english)


def _filled_in(lang: str, template: str, params: Mapping[str, object], english: str) -> str:
    """The template translated whole, then filled in with the error's own values."""
    try:
        return gettext(lang, template).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a mistyped placeholder
        return english


def explain_with_field(lang: str, error: PrivaultError) -> str:
    """The refusal with the field it names, for a page that shows it on its own."""
    field = error_field(error)
    colon = "：" if lang == "zh" else ": "
    return f"{field}{colon}{explain(lang, error)}" if field else explain(lang, error)


def translate(lang: str, message: str) -> str:
    """Parts joined by '; ' are translated one by one (several roles' reasons, say)."""
    whole = gettext(lang, message)
    if whole != message:
        return whole
    return ("；" if lang == "zh" else "; ").join(_one(lang, m) for m in message.split("; "))


def _one(lang: str, message: str) -> str:
    whole = gettext(lang, message)
    if whole != message:
        return whole
    for regex, msgid in PATTERNS:
        found = regex.match(message)
        if found:
            return gettext(lang, msgid) % found.groupdict()
    head, sep, tail = message.partition(": ")
    if sep and gettext(lang, head) != head:
        return f"{gettext(lang, head)}{'：' if lang == 'zh' else ': '}{tail}"
    return message
