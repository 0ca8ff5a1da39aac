"""Audit reasons (and the few other sentences the services store in English with values filled
in, such as a staff member's training gap) in the reader's language (issue 18.2). The stored
text is looked up whole; else matched against the catalogs' templates (msgids with
`{placeholders}`, most of them in `audit_reasons.po`), translated whole and filled in again,
each value translated when the catalog knows it; else, when it joins parts with "; ", part by
part. Text that matches nothing is shown as stored."""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from privault.web.i18n import LOCALE_DIR, gettext

# Every catalog's templates: a refusal is recorded as the reason of its denied event.
TEMPLATES = tuple(sorted((LOCALE_DIR / "zh" / "LC_MESSAGES").glob("*.po")))
_LEAST_LITERAL = 4  # a template of mere placeholders ("{a}: {b}") would match anything
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    templates = []
    for path in TEMPLATES:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="zh")
        templates += [
            str(m.id)
            for m in catalog
            if isinstance(m.id, str)
            and _PLACEHOLDER.search(m.id)
            and len(_PLACEHOLDER.sub("", m.id).strip()) >= _LEAST_LITERAL
        ]
    # The most literal template first: "incident {id} reported" before "incident {id}".
    templates.sort(key=lambda t: -len(_PLACEHOLDER.sub("", t)))
    return tuple((_pattern(t), t) for t in templates)


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    seen: set[str] = set()
    shaped = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            shaped.append(re.escape(part))
        elif part in seen:  # the same value twice: the same text twice
            shaped.append(f"(?P={part})")
        else:
            seen.add(part)
            shaped.append(f"(?P<{part}>[^;]+?)")  # a value holds no "; ": parts do
    return re.compile("".join(shaped), re.DOTALL)


def reason_text(lang: str, text: str | None) -> str:
    """In English the stored sentence stands, but the keys filled into it (a role, a request
    type) read as English names."""
    if not text:
        return ""
    whole = _one(lang, text)
    if whole != text:
        return whole
    parts = text.split("; ")
    joined = "；" if lang == "zh" else "; "
    return joined.join(_one(lang, p) for p in parts) if len(parts) > 1 else text


def _one(lang: str, text: str) -> str:
    whole = gettext(lang, text)
    if whole != text:
        return whole
    for pattern, template in _patterns():
        found = pattern.fullmatch(text)
        if found is not None:
            values = {k: _value(lang, v) for k, v in found.groupdict().items()}
            try:
                return gettext(lang, template).format(**values)
            except (KeyError, IndexError, ValueError):  # a mistyped placeholder
                return text
    return text


def _value(lang: str, value: str) -> str:
    """A value the catalog names (a channel, a type), or a list of them, translated."""
    parts = value.split(", ")
    shown = [gettext(lang, p) for p in parts]
    return value if shown == parts else ("、" if lang == "zh" else ", ").join(shown)


# The actors that are no person: the scheduled jobs, the anonymous steps, the installation.
MACHINE_ACTORS = ("system", "anonymous", "setup")


def actor_name(lang: str, name: str | None) -> str:
    """A staff member's account name as it is; a machine actor by its name in the language;
    an integration's token (`api:pos`) and a customer in the portal (`customer:<id>`) named
    for what they are, with their name or id."""
    if not name:
        return ""
    if name in MACHINE_ACTORS:
        return gettext(lang, f"actor:{name}").removeprefix("actor:")
    kind, colon, rest = name.partition(":")
    if colon and kind in ("api", "customer"):
        return f"{gettext(lang, f'actor:{kind}').removeprefix('actor:')} {rest}"
    return name
