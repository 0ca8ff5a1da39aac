"""Granting and withdrawing consent: the ledger, Art. 47 deletion, guardians, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from privault.db.consents import LedgerEntry
from privault.db.inspection import table_counts
from privault.domain.errors import (
    ConsentRequiredError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import (
    Withdrawal,
    grant_consents,
    list_consents,
    withdraw_consents,
)
from privault.services.consents.notices import list_notices
from privault.services.customers.records import find_customers, get_customer, update_customer
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, NOTICE, register

MEMBER_VALUES = {
    "name": "张三",
    "mobile": "13812345678",
    "email": "zhang@example.com",
    "member_no": "VIP-88",
}
CHILD_VALUES = {"name": "王小明", "birth_date": "2018-05-01"}


def _ledger(vault: Vault, customer_id: str) -> list[LedgerEntry]:
    with vault.unit_of_work() as uow:
        return uow.consents.history(customer_id)


def _consent_audit(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[object, ...]]:
    events = list_audit_events(vault, actor, customer_id=customer_id)
    return [
        (e.outcome.value, e.fields, e.purpose, e.reason)
        for e in reversed(events)
        if e.action == Action.CONSENT
    ]


def _member(vault: Vault, operator: Actor, *extra: str) -> str:
    return register(vault, operator, dict(MEMBER_VALUES), (*MEMBER, *extra))


def test_a_grant_adds_the_purposes_to_the_customer(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    granted = grant_consents(
        vault,
        operator,
        customer_id,
        ["marketing_sms", "personalisation"],
        channel="web",
        notice_version=NOTICE,
    )
    assert granted == ["marketing_sms", "personalisation"]
    purposes = get_customer(vault, operator, customer_id).purposes
    assert purposes == ["marketing_sms", "personalisation", "service"]


@pytest.mark.legal("PIPL Art. 14")
def test_a_grant_records_notice_channel_collector_and_evidence(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    clock.advance(hours=2)
    grant_consents(
        vault,
        operator,
        customer_id,
        ["marketing_sms"],
        channel="phone",
        notice_version=NOTICE,
        evidence="call recording 2026-11-23",
    )
    (notice,) = list_notices(vault, operator)
    latest = list_consents(vault, operator, customer_id)[-1]
    assert (latest.purpose, latest.action, latest.channel, latest.given_by) == (
        "marketing_sms",
        "grant",
        "phone",
        "self",
    )
    assert (latest.notice_version, latest.collected_by, latest.evidence, latest.at) == (
        NOTICE,
        operator.name,
        "call recording 2026-11-23",
        clock.now,
    )
    assert latest.guardian_name is None
    assert latest.notice_sha256 == notice.sha256


def test_a_grant_is_audited_with_its_purposes(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    grant_consents(
        vault,
        operator,
        customer_id,
        ["personalisation", "marketing_sms"],
        channel="store",
        notice_version=NOTICE,
    )
    assert _consent_audit(vault, operator, customer_id) == [
        ("allowed", (), "marketing_sms,personalisation", "granted")
    ]


@pytest.mark.legal("PIPL Art. 6")
def test_granted_purposes_let_their_fields_be_collected(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    with pytest.raises(InvalidInputError):
        update_customer(vault, operator, customer_id, {"gender": "女"})
    grant_consents(
        vault, operator, customer_id, ["personalisation"], channel="store", notice_version=NOTICE
    )
    assert update_customer(vault, operator, customer_id, {"gender": "女"}).fields["gender"]


@pytest.mark.parametrize(
    ("purposes", "notice", "channel", "field"),
    [
        (["spam"], NOTICE, "store", "purpose"),
        ([], NOTICE, "store", "purpose"),
        (["marketing_sms"], "1999", "store", "notice"),
        (["marketing_sms"], NOTICE, "carrier pigeon", "channel"),
    ],
)
def test_a_refused_grant_names_the_field_and_changes_nothing(
    vault: Vault, operator: Actor, purposes: list[str], notice: str, channel: str, field: str
) -> None:
    customer_id = register(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        grant_consents(
            vault, operator, customer_id, purposes, channel=channel, notice_version=notice
        )
    assert raised.value.field == field
    assert table_counts(vault.database) == before


@pytest.mark.legal("PIPL Art. 15", "PIPL Art. 47", "GDPR Art. 7(3)")
def test_withdrawing_separate_consent_deletes_the_sensitive_field(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(
        vault,
        operator,
        {"name": "李四", "allergies": "对染发剂过敏"},
        ("service", "sensitive_care"),
    )
    result = withdraw_consents(vault, operator, customer_id, ["sensitive_care"], channel="store")
    assert result == Withdrawal(["sensitive_care"], ["allergies"])
    view = get_customer(vault, operator, customer_id)
    assert view.fields == {"name": "李*"}
    assert view.purposes == ["service"]


def test_a_field_another_active_purpose_justifies_is_kept(vault: Vault, operator: Actor) -> None:
    customer_id = _member(vault, operator, "marketing_email")
    result = withdraw_consents(vault, operator, customer_id, ["marketing_email"], channel="web")
    assert result.deleted_fields == []
    view = get_customer(vault, operator, customer_id)
    assert "email" in view.fields
    assert view.purposes == ["membership", "service"]
    found = find_customers(vault, operator, "email", MEMBER_VALUES["email"]).customers
    assert [c.id for c in found] == [customer_id]


@pytest.mark.legal("PIPL Art. 47")
def test_a_field_is_deleted_once_its_last_purpose_is_withdrawn(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator, "marketing_email")
    withdraw_consents(vault, operator, customer_id, ["marketing_email"], channel="web")
    result = withdraw_consents(vault, operator, customer_id, ["membership"], channel="web")
    assert result.deleted_fields == ["email", "member_no"]
    view = get_customer(vault, operator, customer_id)
    assert sorted(view.fields) == ["mobile", "name"]
    assert find_customers(vault, operator, "email", MEMBER_VALUES["email"]).customers == []


def test_withdrawing_membership_deletes_the_member_number_and_its_blind_index(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    before = table_counts(vault.database)
    result = withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    assert result.deleted_fields == ["email", "member_no"]
    assert find_customers(vault, operator, "member_no", "VIP-88").customers == []
    assert find_customers(vault, operator, "mobile", "13812345678").customers[0].id == customer_id
    after = table_counts(vault.database)
    assert after["blind_indexes"] == before["blind_indexes"] - 2
    assert after["consent_events"] == before["consent_events"] + 1


def test_a_freed_member_number_may_be_registered_to_someone_else(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    other = register(vault, operator, {"name": "李四", "member_no": "VIP-88"}, MEMBER)
    assert [c.id for c in find_customers(vault, operator, "member_no", "vip-88").customers] == [
        other
    ]


def test_withdrawing_several_purposes_at_once_deletes_what_none_of_the_rest_justify(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator, "marketing_email")
    result = withdraw_consents(
        vault, operator, customer_id, ["marketing_email", "membership"], channel="web"
    )
    assert result == Withdrawal(["marketing_email", "membership"], ["email", "member_no"])


def test_the_withdrawal_audit_lists_the_deleted_fields_and_the_purpose(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    assert _consent_audit(vault, operator, customer_id)[-1] == (
        "allowed",
        ("email", "member_no"),
        "membership",
        "withdrawn; fields no purpose justifies any more were deleted (PIPL Art. 47)",
    )


def test_a_withdrawal_is_a_ledger_event_under_the_latest_notice(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = _member(vault, operator)
    clock.advance(days=3)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="phone")
    records = list_consents(vault, operator, customer_id)
    assert [(r.purpose, r.action, r.channel) for r in records] == [
        ("membership", "grant", "store"),
        ("service", "grant", "store"),
        ("membership", "withdraw", "phone"),
    ]
    assert (records[-1].at, records[-1].notice_version) == (clock.now, NOTICE)


@pytest.mark.legal("PIPL Art. 15", "GDPR Art. 7(3)")
def test_a_withdrawn_field_cannot_be_collected_again_without_consent(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    with pytest.raises(ConsentRequiredError) as raised:
        update_customer(vault, operator, customer_id, {"member_no": "VIP-99"})
    assert raised.value.field == "member_no"


def test_granting_again_restores_the_purpose_but_not_the_deleted_values(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    grant_consents(
        vault, operator, customer_id, ["membership"], channel="store", notice_version=NOTICE
    )
    view = get_customer(vault, operator, customer_id)
    assert view.purposes == ["membership", "service"]
    assert sorted(view.fields) == ["mobile", "name"]


@pytest.mark.parametrize(
    ("purposes", "message"),
    [
        (["marketing_sms"], "not active for this customer: marketing_sms"),
        (["membership", "personalisation"], "not active for this customer: personalisation"),
        (["spam"], "unknown purpose 'spam'"),
        ([], "name at least one purpose"),
    ],
)
def test_a_refused_withdrawal_changes_nothing(
    vault: Vault, operator: Actor, purposes: list[str], message: str
) -> None:
    customer_id = _member(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message) as raised:
        withdraw_consents(vault, operator, customer_id, purposes, channel="store")
    assert raised.value.field == "purpose"
    assert table_counts(vault.database) == before
    assert sorted(get_customer(vault, operator, customer_id).fields) == sorted(MEMBER_VALUES)


def test_withdrawing_the_same_purpose_twice_is_refused(vault: Vault, operator: Actor) -> None:
    customer_id = _member(vault, operator)
    withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="not active"):
        withdraw_consents(vault, operator, customer_id, ["membership"], channel="store")
    assert table_counts(vault.database) == before


@pytest.mark.legal("PIPL Art. 31")
def test_a_minor_needs_a_guardian_to_grant(vault: Vault, operator: Actor) -> None:
    child = register(
        vault, operator, CHILD_VALUES, MEMBER, guardian_name="王芳", guardian_relation="母亲"
    )
    before = table_counts(vault.database)
    with pytest.raises(ConsentRequiredError) as raised:
        grant_consents(
            vault, operator, child, ["birthday_offers"], channel="store", notice_version=NOTICE
        )
    assert raised.value.field == "guardian_name"
    assert table_counts(vault.database) == before


@pytest.mark.parametrize(
    ("name", "relation", "field"),
    [
        ("王芳", None, "guardian_relation"),
        (None, "mother", "guardian_name"),
        ("  ", "母亲", "guardian_name"),
        ("王芳", "neighbour", "guardian_relation"),
    ],
)
def test_a_guardian_needs_both_a_name_and_a_known_relation(
    vault: Vault, operator: Actor, name: str | None, relation: str | None, field: str
) -> None:
    child = register(
        vault, operator, CHILD_VALUES, MEMBER, guardian_name="王芳", guardian_relation="母亲"
    )
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        grant_consents(
            vault,
            operator,
            child,
            ["birthday_offers"],
            channel="store",
            notice_version=NOTICE,
            guardian_name=name,
            guardian_relation=relation,
        )
    assert raised.value.field == field
    assert table_counts(vault.database) == before


@pytest.mark.legal("PIPL Art. 31")
def test_a_customer_who_has_turned_14_grants_without_a_guardian(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    child = register(
        vault,
        operator,
        {"name": "王小明", "birth_date": "2015-06-01"},
        MEMBER,
        guardian_name="王芳",
        guardian_relation="母亲",
    )
    clock.now = datetime(2029, 6, 1, 9, 0, tzinfo=UTC)
    grant_consents(
        vault, operator, child, ["birthday_offers"], channel="store", notice_version=NOTICE
    )
    latest = list_consents(vault, operator, child)[-1]
    assert (latest.purpose, latest.given_by) == ("birthday_offers", "self")


def test_an_over_long_evidence_reference_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError):
        grant_consents(
            vault,
            operator,
            customer_id,
            ["marketing_sms"],
            channel="store",
            notice_version=NOTICE,
            evidence="扫描件 " * 60,
        )
    assert table_counts(vault.database) == before


def test_a_guardians_grant_is_listed_with_the_name_masked(vault: Vault, operator: Actor) -> None:
    child = register(
        vault, operator, CHILD_VALUES, MEMBER, guardian_name="王芳", guardian_relation="母亲"
    )
    grant_consents(
        vault,
        operator,
        child,
        ["birthday_offers"],
        channel="store",
        notice_version=NOTICE,
        guardian_name="王建国",
        guardian_relation="father",
    )
    latest = list_consents(vault, operator, child)[-1]
    assert (latest.purpose, latest.given_by, latest.guardian_relation, latest.guardian_name) == (
        "birthday_offers",
        "guardian",
        "father",
        "王*国",
    )
    # Reads the ledger: only the stored bytes can show the guardian's name is encrypted at rest.
    stored = _ledger(vault, child)[-1].guardian_name_ciphertext
    assert stored is not None
    assert "王建国".encode() not in stored


def test_listing_consents_is_audited(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    list_consents(vault, operator, customer_id)
    latest = list_audit_events(vault, operator, customer_id=customer_id, limit=1)[0]
    assert (latest.action, latest.customer_id) == (Action.CONSENT_READ, customer_id)


def _grant_to_nobody(vault: Vault, actor: Actor) -> object:
    return grant_consents(
        vault, actor, "no-such-id", ["service"], channel="store", notice_version=NOTICE
    )


def _withdraw_from_nobody(vault: Vault, actor: Actor) -> object:
    return withdraw_consents(vault, actor, "no-such-id", ["service"], channel="store")


def _list_for_nobody(vault: Vault, actor: Actor) -> object:
    return list_consents(vault, actor, "no-such-id")


@pytest.mark.parametrize("use_case", [_grant_to_nobody, _withdraw_from_nobody, _list_for_nobody])
def test_an_unknown_customer_is_not_found(
    vault: Vault, operator: Actor, use_case: Callable[[Vault, Actor], object]
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(NotFoundError, match="no-such-id"):
        use_case(vault, operator)
    assert table_counts(vault.database) == before


def test_an_actor_without_a_role_may_not_change_consents(vault: Vault, operator: Actor) -> None:
    customer_id = _member(vault, operator)
    nobody = Actor("visitor", frozenset())
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError):
        withdraw_consents(vault, nobody, customer_id, ["membership"], channel="store")
    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    assert get_customer(vault, operator, customer_id).purposes == ["membership", "service"]
