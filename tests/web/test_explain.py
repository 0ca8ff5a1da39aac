"""Refusals in the reader's language: a refusal raised as a template with parameters is
translated whole and filled in, every such template has its Chinese, and a translation keeps
the placeholders of its English."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

import privault.domain
import privault.services
import privault.web
from privault.domain.errors import ConflictError, InvalidInputError
from privault.web.i18n import LOCALE_DIR, gettext
from privault.web.pages.explain import explain, explain_with_field

SOURCES = sorted(
    [
        *Path(privault.domain.__file__).parent.glob("*.py"),
        *Path(privault.services.__file__).parent.glob("*.py"),
        *Path(privault.web.__file__).parent.rglob("*.py"),
    ]
)


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _texts(node: ast.expr, constants: dict[str, str]) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body, constants)
        yield from _texts(node.orelse, constants)
    elif isinstance(node, ast.Name) and node.id in constants:
        yield constants[node.id]


def _templates(path: Path) -> Iterator[str]:
    """The first argument of every refusal raised with parameters in one module."""
    tree = ast.parse(path.read_text("utf-8"))
    constants = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _name(node.func).endswith("Error") and node.args):
            continue
        named = {k.arg for k in node.keywords}
        if "params" in named or (_name(node.func) == "_RefusedError" and named):
            yield from _texts(node.args[0], constants)


def _placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in Formatter().parse(text) if name}


def test_every_refusal_template_has_a_chinese_translation_with_the_same_placeholders() -> None:
    templates = {t for path in SOURCES for t in _templates(path)}
    assert len(templates) >= 40  # the walk found the templates, not an empty set
    missing = sorted(t for t in templates if gettext("zh", t) == t)
    assert missing == []
    assert {t: _placeholders(gettext("zh", t)) for t in templates} == {
        t: _placeholders(t) for t in templates
    }


@pytest.mark.parametrize(
    "path",
    sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")),
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_each_translated_template_keeps_the_placeholders_of_its_english(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    pairs = [(m.id, str(m.string)) for m in catalog if isinstance(m.id, str) and "{" in m.id]
    assert {english: _placeholders(chinese) for english, chinese in pairs} == {
        english: _placeholders(english) for english, _ in pairs
    }


def test_a_templated_refusal_is_translated_whole_then_filled_in() -> None:
    error = InvalidInputError(
        "between {low} and {high} days", field="inactive_days", params={"low": 30, "high": 3650}
    )
    assert error.reason == "between 30 and 3650 days"  # the CLI and the API read it unchanged
    assert explain("zh", error) == "应在 30 到 3650 天之间"
    assert explain("en", error) == "between 30 and 3650 days"
    assert explain_with_field("zh", error) == "inactive_days：应在 30 到 3650 天之间"
    assert explain_with_field("en", error) == "inactive_days: between 30 and 3650 days"


def test_a_parameter_with_a_format_is_formatted_in_the_translation_too() -> None:
    expired = datetime(2026, 11, 23, 9, 45, tzinfo=UTC)
    error = ConflictError(
        "the code expired at {expires_at:%H:%M} UTC; send a new one",
        params={"expires_at": expired},
    )
    assert error.message == "the code expired at 09:45 UTC; send a new one"
    assert explain("zh", error) == "验证码已于 UTC 09:45 过期；请重新发送"


def test_a_sentence_the_catalog_holds_whole_wins_over_its_template() -> None:
    error = InvalidInputError(
        "unknown {field}; use one of {choices}",
        field="status",
        params={
            "field": "status",
            "choices": "received, identity_verified, in_progress, completed, refused",
        },
    )
    assert explain("zh", error) == "未知状态；请选择：已收到、身份已核验、办理中、已完成、已拒绝"
