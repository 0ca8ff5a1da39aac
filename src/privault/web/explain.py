"""Service refusals in the reader's language: the services and the policy speak English
(msgids). A refusal raised as a template with parameters is translated whole and then filled in;
one that joins several roles' reasons is translated reason by reason; a plain sentence is looked
up whole."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from privault.domain.errors import (
    DUPLICATE_ELSEWHERE,
    DuplicateCustomerError,
    InvalidInputError,
    PolicyDeniedError,
    PrivaultError,
    filled,
)
from privault.web.i18n import field_name, gettext

# The installation's names of its catalog keys (a shop's own fields by their labels), else the
# catalogs' names: `templating.CatalogNames` for the reader's language.
Names = Callable[[str], str]


def error_field(error: PrivaultError) -> str | None:
    """Which form field the refusal is about, if any."""
    if isinstance(error, InvalidInputError | DuplicateCustomerError):
        return error.field
    return None


def explain(lang: str, error: PrivaultError, names: Names | None = None) -> str:
    """The refusal without the field it names (shown next to that field); `names` names the
    keys it holds as the installation does (a custom field by its label, not its key)."""
    if isinstance(error, DuplicateCustomerError) and error.existing_id is None:
        return gettext(lang, DUPLICATE_ELSEWHERE)
    if isinstance(error, DuplicateCustomerError):
        return gettext(lang, "already registered to another customer; open that customer instead")
    if isinstance(error, PolicyDeniedError) and error.parts:
        return _joined(lang, [_part(lang, t, p, names) for t, p in error.parts])
    english = error.reason if isinstance(error, InvalidInputError) else error.message
    # A sentence the catalog holds whole (worded better than its template) comes first.
    if error.params and gettext(lang, english) == english:
        return _filled_in(lang, error.template, error.params, english, names)
    return translate(lang, english)


def _part(lang: str, template: str, params: Mapping[str, object], names: Names | None) -> str:
    """One role's reason, as `explain` translates a whole refusal."""
    english = filled(template, params)
    whole = gettext(lang, english)
    if whole != english or not params:
        return whole
    return _filled_in(lang, template, params, english, names)


def _filled_in(
    lang: str, template: str, params: Mapping[str, object], english: str, names: Names | None
) -> str:
    """The template translated whole, then filled in with the error's own values."""
    shown = {k: _value(lang, v, names) for k, v in params.items()}
    try:
        return gettext(lang, template).format(**shown)
    except (KeyError, IndexError, ValueError):  # a translation with a mistyped placeholder
        return english


def _value(lang: str, value: object, names: Names | None = None) -> object:
    """A value that is a key the catalog names (a role, a field category, an action), or a
    comma-joined list of them, reads translated; anything else as it is."""
    if not isinstance(value, str):
        return value
    parts = [p.strip() for p in value.split(",")]  # "a,b" and "a, b" alike
    shown = [names(p) if names else gettext(lang, p) for p in parts]
    if shown == parts:
        return value
    return ("、" if lang == "zh" else ", ").join(shown)


def explain_with_field(lang: str, error: PrivaultError, names: Names | None = None) -> str:
    """The refusal with the field it names, for a page that shows it on its own."""
    field = error_field(error)
    colon = "：" if lang == "zh" else ": "
    if not field:
        return explain(lang, error, names)
    shown = names(field) if names and field_name(lang, field) == field else field_name(lang, field)
    return f"{shown}{colon}{explain(lang, error, names)}"


def translate(lang: str, message: str) -> str:
    """Parts joined by '; ' are translated one by one when the whole is not in the catalog."""
    whole = gettext(lang, message)
    if whole != message:
        return whole
    return _joined(lang, [_one(lang, m) for m in message.split("; ")])


def _joined(lang: str, parts: list[str]) -> str:
    return ("；" if lang == "zh" else "; ").join(parts)


def _one(lang: str, message: str) -> str:
    whole = gettext(lang, message)
    if whole != message:
        return whole
    head, sep, tail = message.partition(": ")
    if sep and field_name(lang, head) != head:
        return f"{field_name(lang, head)}{'：' if lang == 'zh' else ': '}{tail}"
    return message
