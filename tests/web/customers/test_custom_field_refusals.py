"""Refusals that name a shop's own field name it by the label the shop gave it (issue 18.2), in
the reader's language, never by its key; and `restriction`, a meal's 忌口 as a field, reads
限制处理 as a request type."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.presets import load_preset
from privault.services.customers.records import reveal_field
from privault.services.vault import Vault
from privault.web.explain import explain, explain_with_field
from privault.web.templating import CatalogNames, FrameReads
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

SCALP = {
    "label_zh": "头皮状况",
    "label_en": "Scalp condition",
    "category": "preference",
    "class": "general",
    "kind": "text",
    "mask": "full",
    "purposes": ["service"],
}


def with_scalp_field(vault: Vault) -> None:
    """The salon's catalog with a field of the shop's own (no preset has it)."""
    document = load_preset("salon")
    document["fields"]["scalp_condition"] = SCALP
    with vault.unit_of_work() as uow:
        uow.installation.put("catalog", json.dumps(document, ensure_ascii=False))
        uow.commit()
    vault.forget_catalog()


@pytest.fixture
def scalp_customer(vault: Vault) -> str:
    with_scalp_field(vault)
    values = {"name": "赵敏", "mobile": "13812340001", "scalp_condition": "头皮偏干"}
    return register(vault, OPERATOR, values, ("service",))


def _refusal(vault: Vault, customer: str) -> PolicyDeniedError:
    staff_account(vault, "desk.scalp", ["front_desk"])
    desk = Actor("desk.scalp", frozenset({"front_desk"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError) as refused:
        reveal_field(vault, desk, customer, "scalp_condition", "service", "")
    return refused.value


@pytest.mark.parametrize(("lang", "label"), [("zh", "头皮状况"), ("en", "Scalp condition")])
def test_a_refusal_naming_a_custom_field_names_it_by_its_label(
    vault: Vault, scalp_customer: str, lang: str, label: str
) -> None:
    error = _refusal(vault, scalp_customer)
    assert "scalp_condition" in error.message  # the services and the audit trail keep the key
    shown = explain(lang, error, CatalogNames(FrameReads(vault, None), lang))
    assert label in shown
    assert "scalp_condition" not in shown
    assert "front_desk" not in shown  # the role by its name too


def test_the_reveal_dialog_refuses_a_custom_field_by_its_label(
    vault: Vault, client: TestClient, clock: FrozenClock, scalp_customer: str
) -> None:
    sign_in(client, staff_account(vault, "desk.dialog", ["front_desk"]), clock)
    path = f"/customers/{scalp_customer}"
    answer = client.post(
        f"{path}/reveal",
        data={"field": "scalp_condition", "purpose": "service"},
        headers={"X-CSRF-Token": form_token(client, path), "HX-Request": "true"},
    )
    assert answer.status_code == 403
    assert "头皮状况" in answer.text
    assert "scalp_condition" not in answer.text.split("<form")[0].split('role="alert"')[-1]
    choose_language(client, "en", path)
    answer = client.post(
        f"{path}/reveal",
        data={"field": "scalp_condition", "purpose": "service"},
        headers={"X-CSRF-Token": form_token(client, path), "HX-Request": "true"},
    )
    assert "Scalp condition" in answer.text


def test_a_custom_field_named_by_an_invalid_input_reads_by_its_label(
    vault: Vault, scalp_customer: str
) -> None:
    error = InvalidInputError(
        "at most {limit} characters", field="scalp_condition", params={"limit": 9}
    )
    assert (
        explain_with_field("zh", error, CatalogNames(FrameReads(vault, None), "zh"))
        == "头皮状况：最多 9 个字符"
    )
    assert (
        explain_with_field("zh", error) == "scalp_condition：最多 9 个字符"
    )  # no catalog: the key


def test_restriction_reads_as_the_request_type_and_as_the_meals_field() -> None:
    moved = ConflictError(
        "a {type} request cannot go from {current} to {target}; allowed: {allowed}",
        params={
            "type": "restriction",
            "current": "received",
            "target": "completed",
            "allowed": "identity_verified, refused",
        },
    )
    assert (
        explain("zh", moved) == "限制处理 请求不能从 已收到 变为 已完成；可变为：身份已核验、已拒绝"
    )
    assert "忌口" not in explain("zh", moved)
    assert explain("en", moved).endswith("allowed: identity verified, refused")
    too_long = InvalidInputError(
        "at most {limit} characters", field="restriction", params={"limit": 200}
    )
    assert explain_with_field("zh", too_long) == "忌口：最多 200 个字符"
