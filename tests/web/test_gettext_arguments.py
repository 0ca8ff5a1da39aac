"""What a template passes to `_()` other than a literal text: Jinja's gettext returns safe
markup, so a person's text passed through it would not be escaped. Each argument listed here is
a fixed vocabulary (an enum's value, a role, a label from a table); a new one is added only
after checking it cannot carry what a person typed."""

from __future__ import annotations

import re

from privault.web.templating import TEMPLATES

# `_(` followed by anything but a quote: a name, an attribute or a subscript.
_NON_LITERAL = re.compile(r"\b_\(([^\"')][^)]*)\)")

VOCABULARIES = {
    "a.kind",  # an alert's or an assessment's kind
    "a.kind.value",
    "a.status.value",
    "b.draft.slot.meal.value",  # lunch, dinner
    "c",  # registration channels, consent channels
    "c.value",
    "customer.status",
    "e.channel",  # an audit event's channel
    "group",  # the console menu's group names
    "item.label",  # the console menu's item labels
    "k.value",
    "p.kind.value",
    "p.role.value",
    "p.state.value",
    "pub.channel.value",  # a photo's publication channel
    "r",  # guardian relations, roles, transfer routes (literal lists in the templates)
    "r.action",  # consent actions
    "r.channel",
    "r.given_by",
    "r.guardian_relation",
    "route",  # a transfer route
    "status_labels[r.status.value]",
    "t.channel.value",
    "t.role",
    "t.route.value",
    "t.value",
    "t.why",  # consent_withdrawn, erased
    "template",  # a skip reason's template; its values are escaped by Markup.format
    "type_labels[r.type.value]",
    "type_labels[t.value]",
}


def test_only_fixed_vocabularies_pass_through_gettext() -> None:
    found: dict[str, set[str]] = {}
    for page in TEMPLATES.rglob("*.html"):
        for argument in _NON_LITERAL.findall(page.read_text(encoding="utf-8")):
            found.setdefault(argument.strip(), set()).add(str(page.relative_to(TEMPLATES)))
    unchecked = {arg: sorted(pages) for arg, pages in found.items() if arg not in VOCABULARIES}
    assert not unchecked, f"check these can carry no typed text, then list them: {unchecked}"
    assert set(found) == VOCABULARIES  # a vocabulary no template passes any more leaves the list
