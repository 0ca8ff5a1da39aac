"""Alert details in the reader's language. Details are stored in English, filled in from the
templates of domain/alerts.py; the stored text is matched back to its template, which is
translated whole and filled in again, each value translated when the catalog knows it (a
deadline's "reply", a card's "not back"). Text that matches no template is shown as stored."""

from __future__ import annotations

import re
from functools import cache

from privault.domain.alerts import DETAIL_TEMPLATES
from privault.web.i18n import gettext

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(t), t) for t in DETAIL_TEMPLATES)


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names: literal, name, literal, ...
    shaped = [re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)]
    return re.compile("".join(shaped), re.DOTALL)


def alert_detail(lang: str, detail: str) -> str:
    for pattern, template in _patterns():
        found = pattern.fullmatch(detail)
        if found is None:
            continue
        values = {k: gettext(lang, v) for k, v in found.groupdict().items()}
        try:
            return gettext(lang, template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with a mistyped placeholder
            return detail
    return gettext(lang, detail)
