"""A restricted customer is stored, not processed; the privacy officer restricts and lifts."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.customers.entry_review import accept_entry, list_pending_entries
from privault.services.customers.records import (
    find_customers,
    get_customer,
    reveal_field,
    update_customer,
)
from privault.services.customers.restriction import lift_restriction, restrict_customer
from privault.services.exports.workflow import decide_export, download_export, request_export
from privault.services.vault import Vault
from tests.factories import EVERYTHING_SALON, MEMBER, NOTICE, register

MOBILE = "13812345678"
FRONT_DESK = Actor("desk.test", frozenset({"front_desk"}))
MANAGER = Actor("manager.test", frozenset({"store_manager"}))


@pytest.fixture
def restricted(vault: Vault, operator: Actor) -> str:
    customer = register(vault, operator, {"name": "张三", "mobile": MOBILE}, EVERYTHING_SALON)
    restrict_customer(vault, operator, customer, reason="customer contests the data")
    return customer


def test_restricting_sets_the_status_and_audits_the_reason(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    assert get_customer(vault, operator, restricted).status == "restricted"
    reasons = [
        e.reason
        for e in list_audit_events(vault, operator, customer_id=restricted)
        if e.action == Action.RESTRICT.value
    ]
    assert reasons == ["restricted: customer contests the data"]


@pytest.mark.legal("GDPR Art. 18")
def test_processing_a_restricted_customer_is_refused_and_audited(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    before = table_counts(vault.database)
    for attempt in (
        lambda: get_customer(vault, FRONT_DESK, restricted),
        lambda: reveal_field(vault, operator, restricted, "mobile", "service"),
        lambda: update_customer(vault, MANAGER, restricted, {"name": "李四"}),
        lambda: grant_consents(
            vault, operator, restricted, ["marketing_sms"], channel="store", notice_version=NOTICE
        ),
    ):
        with pytest.raises(PolicyDeniedError, match="processing is restricted"):
            attempt()
    after = table_counts(vault.database)
    assert after["audit_events"] == before["audit_events"] + 4
    assert after["customers"] == before["customers"]


def test_search_lists_a_restricted_customer_by_status_without_values(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    found = find_customers(vault, operator, "mobile", MOBILE)
    assert [(c.id, c.status, c.fields) for c in found.customers] == [(restricted, "restricted", {})]


def test_the_privacy_officer_still_sees_the_masked_record(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    assert get_customer(vault, operator, restricted).fields["mobile"] == "138****5678"


def test_a_restricted_customer_may_still_withdraw_consent(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    done = withdraw_consents(vault, FRONT_DESK, restricted, ["marketing_sms"], channel="store")
    assert done.withdrawn == ["marketing_sms"]


def test_exports_leave_restricted_customers_out_and_count_them(
    vault: Vault, operator: Actor, restricted: str, tmp_path: Path
) -> None:
    kept = register(vault, operator, {"name": "李四", "mobile": "13900000009"}, MEMBER)
    export = request_export(vault, MANAGER, ["name"], purpose="service")
    decide_export(vault, operator, export.id, approve=True)  # a name in clear: four eyes
    out = tmp_path / "members.csv"

    download_export(vault, MANAGER, export.id, out)

    text = out.read_text(encoding="utf-8")
    assert kept in text
    assert restricted not in text
    reasons = [e.reason or "" for e in list_audit_events(vault, operator)]
    assert f"export {export.id}: 1 restricted customers left out" in reasons


def test_lifting_the_restriction_resumes_processing(
    vault: Vault, operator: Actor, restricted: str
) -> None:
    assert lift_restriction(vault, operator, restricted, reason="data corrected") == "active"

    assert get_customer(vault, FRONT_DESK, restricted).status == "active"
    with pytest.raises(ConflictError, match="not restricted"):
        lift_restriction(vault, operator, restricted, reason="again")


def test_restriction_needs_a_reason_and_the_privacy_officer(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, {"name": "张三", "mobile": MOBILE}, MEMBER)
    with pytest.raises(InvalidInputError, match="say why"):
        restrict_customer(vault, operator, customer, reason="  ")
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.restrict"):
        restrict_customer(vault, MANAGER, customer, reason="asked")
    assert get_customer(vault, operator, customer).status == "active"


def test_lifting_a_restriction_returns_a_pending_customer_to_the_review_queue(
    vault: Vault, operator: Actor
) -> None:
    pending = register(
        vault,
        FRONT_DESK,
        {"name": "王五", "mobile": "13900001111"},
        channel="phone",
        script_version="v3",
    )
    restrict_customer(vault, operator, pending, reason="customer contests the data")
    assert list_pending_entries(vault, operator).total == 0

    assert lift_restriction(vault, operator, pending, reason="dispute settled") == "pending"

    assert get_customer(vault, operator, pending).status == "pending"
    assert [e.customer_id for e in list_pending_entries(vault, operator).entries] == [pending]
    accept_entry(vault, operator, pending)
    assert get_customer(vault, operator, pending).status == "active"
    restrict_customer(vault, operator, pending, reason="customer contests the data again")
    assert lift_restriction(vault, operator, pending, reason="settled") == "active"
