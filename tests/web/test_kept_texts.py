"""The console's `_()` keeps the markup of the catalog's own texts (a page asks for about a
hundred) and gives exactly what Jinja's gettext gives; a value shown through it is never kept."""

from __future__ import annotations

from typing import Any

from privault.web.templating import environment


def _kept(env: Any) -> dict[tuple[str, bool], Any]:
    translated = env.globals["gettext"]
    cells = dict(zip(translated.__code__.co_freevars, translated.__closure__, strict=True))
    kept: dict[tuple[str, bool], Any] = cells["kept"].cell_contents
    return kept


def test_a_catalog_text_is_translated_escaped_and_kept() -> None:
    env = environment("zh")
    page = env.from_string('{{ _("Today") }}|{{ _("Today") }}|{{ _("%(n)s customers", n="<b>") }}')
    first, second, counted = page.render().split("|")
    assert first == second == "今天"
    assert counted == "&lt;b&gt; customers"  # a text with values: escaped, not kept
    assert ("Today", True) in _kept(env)


def test_a_value_shown_through_gettext_is_never_kept() -> None:
    env = environment("zh")
    shown = env.from_string("{{ _(note) }}").render(note="张三 13812345678")
    assert shown == "张三 13812345678"
    assert not any("13812345678" in text for text, _ in _kept(env))
