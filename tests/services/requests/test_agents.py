"""California requests through an authorised agent (CCPA regs §7063) and identity matched on
data points (CCPA regs §7062)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.requests.agents import open_agent_request, verify_by_data_points
from privault.services.requests.answers import fulfil_request
from privault.services.requests.handling import get_request, open_request
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.verification import send_code, verify_request
from privault.services.vault import Vault
from tests.factories import MEMBER, register

MOBILE = "13812345678"
VALUES = {
    "name": "张三丰",
    "mobile": MOBILE,
    "email": "zhang@example.com",
    "birth_date": "1990-03-07",
}
PERMISSION = "permission signed by the customer on 2026-11-20, scanned to the request file"


def californian(vault: Vault, actor: Actor, regimes: str = "CA") -> str:
    customer = register(vault, actor, dict(VALUES), MEMBER)
    set_customer_regimes(vault, actor, customer, regimes)
    return customer


def sms_code(vault: Vault) -> str:
    assert isinstance(vault.sms, FileOutbox)
    found = re.search(r"\b(\d{6})\b", vault.sms.messages()[-1]["text"])
    assert found
    return found.group(1)


@pytest.mark.legal("CCPA Regs §7063")
def test_an_agent_opens_a_request_with_signed_permission_and_the_customer_confirms_by_code(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = californian(vault, operator)

    opened = open_agent_request(
        vault, operator, customer, "copy", "email", agent="Privacy Helpers LLC",
        permission=PERMISSION,
    )  # fmt: skip
    sent = send_code(vault, operator, opened.id, "sms")
    verify_request(vault, operator, opened.id, "code", code=sms_code(vault))
    done = fulfil_request(vault, operator, opened.id, out_dir=tmp_path / "answer")

    assert (opened.requester, opened.status.value) == ("authorised_agent", "received")
    assert opened.requester_note == f"agent: Privacy Helpers LLC; permission: {PERMISSION}"
    assert sent.to == "138****5678"  # the code goes to the customer, not to the agent
    assert done.request.status.value == "completed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"agent": " "}, "agent"),
        ({"permission": ""}, "permission"),
        ({"permission": "letter no. 2026112012345 seen"}, "permission"),
        ({"regimes": "CN,EU"}, "customer_id"),
    ],
)
@pytest.mark.legal("CCPA Regs §7063")
def test_an_agent_request_needs_the_agent_the_permission_and_a_california_customer(
    vault: Vault, operator: Actor, change: dict[str, str], field: str
) -> None:
    asked = {"agent": "Privacy Helpers LLC", "permission": PERMISSION, "regimes": "CA", **change}
    customer = californian(vault, operator, asked["regimes"])
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError) as refused:
        open_agent_request(
            vault, operator, customer, "access", "email", agent=asked["agent"],
            permission=asked["permission"],
        )  # fmt: skip

    assert refused.value.field == field
    assert table_counts(vault.database) == before


@pytest.mark.legal("CCPA Regs §7062")
def test_specific_pieces_need_three_matching_data_points_and_a_signed_declaration(
    vault: Vault, operator: Actor
) -> None:
    customer = californian(vault, operator)
    request = open_request(vault, operator, customer, "access", "email").id
    two = {"name": "张三丰", "mobile": "+86 138-1234-5678", "email": "wrong@example.com"}
    three = {**two, "birth_date": "1990-03-07"}

    with pytest.raises(InvalidInputError, match="2 data points match the record; this request"):
        verify_by_data_points(vault, operator, request, two, is_declared=True)
    with pytest.raises(InvalidInputError, match="signed declaration") as undeclared:
        verify_by_data_points(vault, operator, request, three)
    shown = verify_by_data_points(vault, operator, request, three, is_declared=True)

    assert undeclared.value.field == "declaration"
    assert (shown.status.value, shown.verification) == ("identity_verified", "data_points")
    assert shown.verification_note == (
        "3 data points matched: birth_date, mobile, name; "
        "signed declaration under penalty of perjury"
    )
    trail = list_audit_events(vault, operator, customer_id=customer)
    verifying = [(e.outcome.value, e.fields) for e in trail if e.action == "request.verify"]
    assert sorted(verifying) == [
        ("allowed", ("birth_date", "mobile", "name")),
        ("denied", ()),
        ("denied", ()),
    ]
    assert MOBILE not in repr(trail)


@pytest.mark.legal("CCPA Regs §7062")
def test_categories_need_two_matching_data_points_and_no_declaration(
    vault: Vault, operator: Actor
) -> None:
    customer = californian(vault, operator, "CN,CA")
    request = open_request(vault, operator, customer, "explanation", "email").id

    verify_by_data_points(
        vault, operator, request, {"email": "ZHANG@example.com", "name": "张三丰"}
    )

    assert get_request(vault, operator, request).status.value == "identity_verified"


@pytest.mark.legal("CCPA Regs §7062")
def test_data_points_are_californias_method_only(vault: Vault, operator: Actor) -> None:
    customer = californian(vault, operator, "CN")
    request = open_request(vault, operator, customer, "explanation", "email").id

    with pytest.raises(InvalidInputError) as refused:
        verify_by_data_points(vault, operator, request, {"name": "张三丰", "mobile": MOBILE})

    assert refused.value.field == "method"
    assert get_request(vault, operator, request).status.value == "received"
