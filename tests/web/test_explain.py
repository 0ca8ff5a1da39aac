"""Refusals in the reader's language: a refusal raised as a template with parameters (or
decided by the policy) is translated whole and filled in, every such template has its Chinese,
and a translation keeps the placeholders of its English."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

import privault.domain
import privault.domain.policy
import privault.infra
import privault.services
import privault.web
from privault.domain.catalog import Category, FieldClass, FieldSpec, MaskRule, ValueKind
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor, Request, RoleMatrix, authorize
from privault.domain.roles import parse_roles
from privault.presets import load_roles
from privault.web.explain import explain, explain_with_field
from privault.web.i18n import LOCALE_DIR, gettext

SOURCES = sorted(
    [
        *Path(privault.domain.__file__).parent.glob("*.py"),
        *Path(privault.services.__file__).parent.rglob("*.py"),
        *Path(privault.infra.__file__).parent.rglob("*.py"),
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


POLICY = Path(privault.domain.policy.__file__)
# The policy builds its refusals as decisions: where each call puts its template.
DECISION_TEMPLATE = {"_refused": 0, "Decision": 1}


def _templates(path: Path) -> Iterator[str]:
    """The first argument of every refusal raised with parameters in one module, and the
    template of every refusal the policy decides."""
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
        if not isinstance(node, ast.Call):
            continue
        at = DECISION_TEMPLATE.get(_name(node.func))
        if at is not None and len(node.args) > at:
            yield from _texts(node.args[at], constants)
        if not (_name(node.func).endswith("Error") and node.args):
            continue
        named = {k.arg for k in node.keywords}
        if "params" in named or (_name(node.func) == "_RefusedError" and named):
            yield from _texts(node.args[0], constants)


def _placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in Formatter().parse(text) if name}


def _untranslated(templates: set[str]) -> list[str]:
    return sorted(t for t in templates if gettext("zh", t) == t)


def test_every_refusal_template_has_a_chinese_translation_with_the_same_placeholders() -> None:
    templates = {t for path in SOURCES for t in _templates(path)}
    assert len(templates) >= 40  # the walk found the templates, not an empty set
    assert _untranslated(templates) == []
    assert {t: _placeholders(gettext("zh", t)) for t in templates} == {
        t: _placeholders(t) for t in templates
    }


def test_the_walk_finds_every_refusal_the_policy_decides() -> None:
    found = set(_templates(POLICY))
    assert {
        "role {role} may not {action}",
        "role {role} may not see {category} fields such as {field}",
        "role {role} may not see in clear {category} fields such as {field}",
        "store {store} is outside {name}'s stores",
        "{name} may see masked data only: {gap}",
        "unknown role {unknown}; roles are {known}",
        "no role",
    } <= found
    assert len(found) >= 16  # every sentence of the policy, each a named template


def test_a_policy_refusal_without_its_chinese_is_reported(tmp_path: Path) -> None:
    module = tmp_path / "rules.py"
    module.write_text(
        'LATE = "{name} came after {hour}"\n'
        "def late(name, hour):\n"
        '    return _refused(LATE if hour else "nobody may {verb}", name=name, hour=hour)\n'
        "def early():\n"
        '    return Decision(False, "too early for {name}", {"name": "kim"})\n',
        "utf-8",
    )
    found = set(_templates(module))
    assert found == {"{name} came after {hour}", "nobody may {verb}", "too early for {name}"}
    assert _untranslated(found) == sorted(found)


@pytest.mark.parametrize(
    "path",
    sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")),
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_each_translated_template_keeps_the_placeholders_of_its_english(path: Path) -> None:
    with path.open("rb") as handle:
        # Invalid lines (a merge's conflict markers) fail here; at run time they are skipped.
        catalog = read_po(handle, abort_invalid=True)
    pairs = [(m.id, str(m.string)) for m in catalog if isinstance(m.id, str) and "{" in m.id]
    assert {english: _placeholders(chinese) for english, chinese in pairs} == {
        english: _placeholders(english) for english, _ in pairs
    }


def test_a_message_two_areas_translate_reads_the_same_in_both() -> None:
    """The catalogs of all areas are merged: a message translated twice, differently, would
    read as whichever file loads last."""
    wordings: dict[tuple[str, str | None], set[str]] = {}
    for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if isinstance(message.id, str) and message.id and message.string:
                    key = (f"{path.parent.parent.name}: {message.id}", message.context)
                    wordings.setdefault(key, set()).add(str(message.string))
    assert {key: found for key, found in wordings.items() if len(found) > 1} == {}


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


# --- the policy's refusals --------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix() -> RoleMatrix:
    return parse_roles(load_roles())


def _contact(key: str = "mobile", field_class: FieldClass = FieldClass.GENERAL) -> FieldSpec:
    return FieldSpec(
        key, key, key, Category.CONTACT, field_class, ValueKind.TEXT, MaskRule.TEXT, ("service",)
    )


def _refusal(matrix: RoleMatrix, who: Actor, request: Request) -> tuple[str, str]:
    """The English message is the audit reason, with its keys; the English page shows the
    refusal as a sentence with each key by its English name (issue 18.2)."""
    error = authorize(who, request, matrix).error()
    english_page = explain("en", error)
    assert english_page
    assert not re.search(
        r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b", english_page.replace("li.na", "")
    )
    return explain("zh", error), error.message


def test_a_role_that_may_not_act_is_refused_in_chinese_with_its_values(
    matrix: RoleMatrix,
) -> None:
    desk = Actor("li.na", frozenset({"front_desk"}))
    chinese, english = _refusal(matrix, desk, Request(Action.IMPORT))
    assert english == "role front_desk may not customer.import"
    assert chinese == "角色 前台 无权执行 导入客户"  # the role and the action by their names
    assert explain("en", authorize(desk, Request(Action.IMPORT), matrix).error()) == (
        "The Front desk role may not do this: Import customers."
    )


def test_a_refusal_from_a_store_outside_the_actors_is_shown_in_chinese(
    matrix: RoleMatrix,
) -> None:
    north = Actor("li.na", frozenset({"store_manager"}), frozenset({"north"}))
    export = Request(
        Action.EXPORT_REQUEST, fields=(_contact(),), stores=frozenset({"south", "east"})
    )
    chinese, english = _refusal(matrix, north, export)
    assert english == "store east, south is outside li.na's stores"
    assert chinese == "门店 east, south 不在 li.na 负责的门店范围内"


def test_an_untrained_actor_is_refused_in_chinese_with_the_gap(matrix: RoleMatrix) -> None:
    gap = "no signed confidentiality agreement on file"
    untrained = Actor("li.na", frozenset({"front_desk"}), training_gap=gap)
    chinese, _ = _refusal(matrix, untrained, Request(Action.REVEAL, purpose="call back"))
    assert chinese == f"li.na 只能查看脱敏信息：{gap}"


def test_a_sensitive_field_without_consent_is_refused_in_chinese(matrix: RoleMatrix) -> None:
    officer = Actor("li.na", frozenset({"privacy_officer"}))
    allergies = _contact("allergies", FieldClass.SENSITIVE)
    chinese, english = _refusal(
        matrix, officer, Request(Action.VIEW_MASKED, field=allergies, customer_purposes=None)
    )
    assert english == "allergies is sensitive and the customer has not given service consent"
    assert chinese == "过敏情况 是敏感个人信息，顾客未给予 服务履行 的同意"  # keys by their names


def test_several_roles_reasons_are_each_shown_in_chinese(matrix: RoleMatrix) -> None:
    both = Actor("li.na", frozenset({"front_desk", "service_staff"}))
    reveal = Request(Action.REVEAL, field=_contact(), purpose="call back", reveals_last_hour=30)
    chinese, english = _refusal(matrix, both, reveal)
    assert english == (
        "li.na reached the limit of 30 reveals an hour for role front_desk; the privacy officer "
        "has been alerted; role front_desk,service_staff may not customer.reveal"
    )
    assert chinese == (
        "li.na 已达到角色 前台 每小时 30 次查看明文的上限；已通知个人信息保护负责人；"
        "角色 前台、服务人员（技师、服务员） 无权执行 查看明文"
    )


@pytest.mark.parametrize(
    ("error", "chinese"),
    [
        (
            NotFoundError(
                "customer {id} has no {field} on record", params={"id": "c1", "field": "email"}
            ),
            "顾客 c1 没有登记 电子邮箱",  # the field by its name
        ),
        (NotFoundError("no customer with id {id}", params={"id": "c9"}), "没有编号为 c9 的顾客"),
        (
            InvalidInputError("at most {limit} characters", field="note", params={"limit": 500}),
            "最多 500 个字符",
        ),
        (InvalidInputError("at most 100 characters", field="display_name"), "最多 100 个字符"),
    ],
    ids=["no-field", "no-customer", "at-most-template", "at-most-sentence"],
)
def test_the_refusals_the_old_patterns_covered_are_still_shown_in_chinese(
    error: InvalidInputError | NotFoundError, chinese: str
) -> None:
    assert explain("zh", error) == chinese
