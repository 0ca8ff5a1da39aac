"""Registration, lookup, masked view, update and reveal, with the audit each one writes."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import (
    ConsentRequiredError,
    DuplicateCustomerError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import (
    find_customers,
    get_customer,
    register_customer,
    reveal_field,
    update_customer,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import EVERYTHING_SALON, MEMBER, form, register


def _audit(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    events = list_audit_events(vault, actor, customer_id=customer_id)
    return [
        (e.action, e.outcome.value, e.fields)
        for e in reversed(events)
        if e.action != Action.AUDIT_READ
    ]


def test_registration_stores_masked_fields_and_writes_one_audit_event(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(
        vault,
        operator,
        {"name": "张三丰", "mobile": "+86 138-1234-5678", "member_no": "m-0012345"},
        MEMBER,
    )
    view = get_customer(vault, operator, customer_id)
    assert view.fields == {"member_no": "*****2345", "mobile": "138****5678", "name": "张*丰"}
    assert view.purposes == ["membership", "service"]
    assert _audit(vault, operator, customer_id) == [
        ("customer.register", "allowed", ("member_no", "mobile", "name")),
        ("customer.view", "allowed", ("member_no", "mobile", "name")),
    ]


def test_registration_records_one_consent_event_per_agreed_purpose(
    vault: Vault, operator: Actor
) -> None:
    from privault.services.consents.ledger import list_consents

    customer_id = register(vault, operator, purposes=MEMBER, channel="phone")
    records = list_consents(vault, operator, customer_id)
    assert [(r.purpose, r.action, r.channel, r.notice_version, r.given_by) for r in records] == [
        ("membership", "grant", "phone", "2026.1", "self"),
        ("service", "grant", "phone", "2026.1", "self"),
    ]
    assert all(r.collected_by == operator.name for r in records)


@pytest.mark.parametrize(
    ("values", "purposes", "error", "field"),
    [
        ({"name": "李四", "allergies": "花粉"}, ("service",), ConsentRequiredError, "allergies"),
        ({"name": "李四", "email": "li@example.com"}, ("service",), ConsentRequiredError, "email"),
        (
            {"name": "李四", "id_number": "11010519491231002X"},
            EVERYTHING_SALON,
            InvalidInputError,
            "id_number",
        ),
        ({"name": "李四", "mobile": "12812345678"}, ("service",), InvalidInputError, "mobile"),
        ({"name": "李四", "shoe_size": "42"}, ("service",), InvalidInputError, "shoe_size"),
        ({"name": "李四"}, ("spam",), InvalidInputError, "purpose"),
        ({"name": "李四"}, (), ConsentRequiredError, "consent"),
        (
            {"name": "小明", "birth_date": "2018-05-01"},
            MEMBER,
            ConsentRequiredError,
            "guardian_name",
        ),
    ],
)
def test_refused_registration_names_the_field_and_changes_nothing(
    vault: Vault,
    operator: Actor,
    values: dict[str, str],
    purposes: tuple[str, ...],
    error: type[Exception],
    field: str,
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(error) as raised:
        register(vault, operator, values, purposes)
    assert getattr(raised.value, "field", None) == field
    assert table_counts(vault.database) == before


def test_unknown_notice_version_is_refused(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=r"2026\.1") as raised:
        register_customer(vault, operator, form(notice="1999"))
    assert raised.value.field == "notice"
    assert table_counts(vault.database) == before


def test_sensitive_field_is_accepted_with_separate_consent(vault: Vault, operator: Actor) -> None:
    customer_id = register(
        vault,
        operator,
        {"name": "李四", "allergies": "对染发剂过敏"},
        ("service", "sensitive_care"),
    )
    assert get_customer(vault, operator, customer_id).fields["allergies"] == "******"


@pytest.mark.parametrize("field", ["mobile", "email", "member_no"])
def test_duplicate_unique_value_is_refused_with_the_existing_id(
    vault: Vault, operator: Actor, field: str
) -> None:
    values = {"mobile": "13800000001", "email": "a@example.com", "member_no": "M1"}
    first = register(vault, operator, {"name": "甲", field: values[field]}, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(DuplicateCustomerError) as raised:
        register(vault, operator, {"name": "乙", field: values[field]}, MEMBER)
    assert (raised.value.field, raised.value.existing_id) == (field, first)
    assert first in raised.value.message
    assert table_counts(vault.database) == before


def test_duplicate_detection_uses_the_normalised_value(vault: Vault, operator: Actor) -> None:
    register(vault, operator, {"name": "甲", "mobile": "13800000002"})
    with pytest.raises(DuplicateCustomerError):
        register(vault, operator, {"name": "乙", "mobile": "+86 138 0000 0002"})


def test_child_under_guardian_may_share_the_guardian_mobile(vault: Vault, operator: Actor) -> None:
    parent = register(vault, operator, {"name": "王芳", "mobile": "13800000003"})
    child = register(
        vault,
        operator,
        {"name": "王小明", "mobile": "13800000003", "birth_date": "2016-02-29"},
        MEMBER,
        guardian_name="王芳",
        guardian_relation="母亲",
    )
    found = find_customers(vault, operator, "mobile", "13800000003")
    assert {c.id for c in found.customers} == {parent, child}
    assert get_customer(vault, operator, child).is_minor
    with pytest.raises(DuplicateCustomerError):
        register(vault, operator, {"name": "他人", "mobile": "13800000003"})


def test_guardian_consent_is_recorded_with_masked_name_and_relation(
    vault: Vault, operator: Actor
) -> None:
    from privault.services.consents.ledger import list_consents

    child = register(
        vault,
        operator,
        {"name": "王小明", "birth_date": "2015-06-01"},
        MEMBER,
        guardian_name="王芳",
        guardian_relation="mother",
    )
    records = list_consents(vault, operator, child)
    assert {(r.given_by, r.guardian_relation, r.guardian_name) for r in records} == {
        ("guardian", "mother", "王*")
    }


def test_lookups_find_by_mobile_tail_email_and_member_no(vault: Vault, operator: Actor) -> None:
    customer_id = register(
        vault,
        operator,
        {
            "name": "张三",
            "mobile": "13812345678",
            "email": "Zhang.San@Example.com",
            "member_no": "vip-88",
        },
        (*MEMBER, "marketing_email"),
    )
    register(vault, operator, {"name": "李四", "mobile": "13912345678"})
    assert [
        c.id for c in find_customers(vault, operator, "email", "zhang.san@example.com").customers
    ] == [customer_id]
    assert [c.id for c in find_customers(vault, operator, "member_no", "VIP-88").customers] == [
        customer_id
    ]
    assert [c.id for c in find_customers(vault, operator, "mobile", "138 1234 5678").customers] == [
        customer_id
    ]
    assert find_customers(vault, operator, "mobile_tail", "5678").total == 2


def test_search_results_are_masked_and_each_found_customer_is_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812345678"})
    result = find_customers(vault, operator, "mobile_tail", "5678")
    assert result.customers[0].fields == {"mobile": "138****5678", "name": "欧阳**"}
    assert ("customer.search", "allowed", ("mobile", "name")) in _audit(
        vault, operator, customer_id
    )


def test_search_with_no_match_is_audited_without_customer(vault: Vault, operator: Actor) -> None:
    assert find_customers(vault, operator, "mobile", "13700000000").customers == []
    latest = list_audit_events(vault, operator, limit=1)[0]
    assert (latest.action, latest.customer_id, latest.reason) == (
        "customer.search",
        None,
        "no match",
    )


@pytest.mark.parametrize(
    ("by", "value", "field"),
    [
        ("mobile_tail", "567", "mobile_tail"),
        ("mobile_tail", "abcd", "mobile_tail"),
        ("name", "张三", "name"),
        ("mobile", "12345", "mobile"),
    ],
)
def test_bad_searches_are_refused_naming_the_field(
    vault: Vault, operator: Actor, by: str, value: str, field: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        find_customers(vault, operator, by, value)
    assert raised.value.field == field


def test_search_returns_a_page_and_the_total(vault: Vault, operator: Actor) -> None:
    for n in range(5):
        register(vault, operator, {"name": "顾客", "mobile": f"138000{n}0999"})
    result = find_customers(vault, operator, "mobile_tail", "0999", limit=3)
    assert (result.total, len(result.customers)) == (5, 3)


def test_reveal_returns_the_clear_value_and_audits_the_purpose(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": "13812345678"})
    clear = reveal_field(
        vault, operator, customer_id, "mobile", "service", note="call about tomorrow's booking"
    )
    assert clear == "13812345678"
    events = list_audit_events(vault, operator, customer_id=customer_id)
    reveal = next(e for e in events if e.action == "customer.reveal")
    assert (reveal.fields, reveal.purpose, reveal.reason, reveal.outcome) == (
        ("mobile",),
        "service",
        "call about tomorrow's booking",
        Outcome.ALLOWED,
    )


def test_reveal_without_purpose_is_denied_and_the_denial_is_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    with pytest.raises(PolicyDeniedError, match="purpose"):
        reveal_field(vault, operator, customer_id, "mobile", "   ")
    assert ("customer.reveal", "denied", ("mobile",)) in _audit(vault, operator, customer_id)


def test_reveal_by_an_untrained_actor_is_denied(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    untrained = Actor(
        "new-hire", frozenset({"front_desk"}), training_gap="privacy training expired"
    )
    with pytest.raises(PolicyDeniedError, match="training"):
        reveal_field(vault, untrained, customer_id, "mobile", "service")


def test_an_actor_without_a_role_is_denied_everything(vault: Vault, operator: Actor) -> None:
    nobody = Actor("visitor", frozenset())
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError):
        register(vault, nobody)
    after = table_counts(vault.database)
    assert after["customers"] == before["customers"]
    assert after["audit_events"] == before["audit_events"] + 1


def test_reveal_of_missing_field_or_customer_is_not_found(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, {"name": "张三"})
    with pytest.raises(NotFoundError):
        reveal_field(vault, operator, customer_id, "mobile", "service")
    with pytest.raises(NotFoundError):
        reveal_field(vault, operator, "no-such-id", "mobile", "service")


def test_update_changes_values_and_their_blind_indexes(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": "13812345678"})
    clock.advance(days=1)
    view = update_customer(vault, operator, customer_id, {"mobile": "13998765432"})
    assert view.fields["mobile"] == "139****5432"
    assert find_customers(vault, operator, "mobile", "13812345678").customers == []
    assert find_customers(vault, operator, "mobile_tail", "5432").customers[0].id == customer_id
    assert ("customer.update", "allowed", ("mobile",)) in _audit(vault, operator, customer_id)


def test_update_with_empty_value_removes_the_field(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": "13812345678"})
    view = update_customer(vault, operator, customer_id, {"mobile": ""})
    assert "mobile" not in view.fields
    assert find_customers(vault, operator, "mobile_tail", "5678").total == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"gender": "女"}, "gender"),  # only personalisation justifies it
        ({"mobile": "123"}, "mobile"),
        ({"birth_date": "2020-01-01"}, "birth_date"),
    ],
)
def test_refused_update_changes_nothing(
    vault: Vault, operator: Actor, changes: dict[str, str], field: str
) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": "13812345678"}, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        update_customer(vault, operator, customer_id, changes)
    assert raised.value.field == field
    assert table_counts(vault.database) == before
    assert get_customer(vault, operator, customer_id).fields["mobile"] == "138****5678"


def test_update_to_another_customers_mobile_is_refused(vault: Vault, operator: Actor) -> None:
    first = register(vault, operator, {"name": "甲", "mobile": "13800000011"})
    second = register(vault, operator, {"name": "乙", "mobile": "13800000012"})
    with pytest.raises(DuplicateCustomerError) as raised:
        update_customer(vault, operator, second, {"mobile": "13800000011"})
    assert raised.value.existing_id == first


def test_search_finds_only_customers_of_the_actors_stores(vault: Vault, operator: Actor) -> None:
    north = register(vault, operator, {"name": "北", "mobile": "13800000021"}, store="north")
    register(vault, operator, {"name": "南", "mobile": "13900000021"}, store="south")
    north_desk = Actor("north-desk", frozenset({"front_desk"}), stores=frozenset({"north"}))
    result = find_customers(vault, north_desk, "mobile_tail", "0021")
    assert (result.total, [c.id for c in result.customers]) == (1, [north])
    assert find_customers(vault, north_desk, "mobile", "13900000021").customers == []
    everywhere = find_customers(vault, operator, "mobile_tail", "0021", limit=1)
    assert everywhere.total == 2
