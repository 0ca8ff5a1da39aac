"""Finding customers by surname (issue 18 point 7): the desk asks "尾号? 姓?" and the surname,
or the masked name as shown, narrows a mobile-tail search through the blind indexes; the search
is audited as by surname, never with the value; the index follows updates and erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import blind_indexes
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import find_customers, update_customer
from privault.services.vault import Vault
from tests.factories import register


def _ids(vault: Vault, actor: Actor, by: str, value: str, surname: str | None = None) -> set[str]:
    return {c.id for c in find_customers(vault, actor, by, value, surname=surname).customers}


def _index_names(vault: Vault, customer_id: str) -> set[str]:
    query = select(blind_indexes.c.index_name).where(blind_indexes.c.customer_id == customer_id)
    with vault.database.data_engine.connect() as connection:
        return set(connection.execute(query).scalars())


def test_a_surname_or_a_masked_name_finds_the_customers_of_that_surname(
    vault: Vault, operator: Actor
) -> None:
    zhang = register(vault, operator, {"name": "张三丰", "mobile": "13812340001"})
    zhang_two = register(vault, operator, {"name": "张伟", "mobile": "13812340002"})
    ouyang = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812340003"})
    register(vault, operator, {"name": "李四", "mobile": "13812340004"})
    smith = register(vault, operator, {"name": "John Smith", "mobile": "13812340005"})

    assert _ids(vault, operator, "name_surname", "张") == {zhang, zhang_two}
    assert _ids(vault, operator, "name_surname", "张*三") == {zhang, zhang_two}
    assert _ids(vault, operator, "name_surname", "欧阳**") == {ouyang}
    assert _ids(vault, operator, "name_surname", "欧阳") == {ouyang}
    assert _ids(vault, operator, "name_surname", "SMITH") == {smith}
    assert _ids(vault, operator, "name_surname", "王") == set()


def test_a_surname_narrows_a_mobile_tail_search_to_the_customers_holding_both(
    vault: Vault, operator: Actor
) -> None:
    zhang = register(vault, operator, {"name": "张三丰", "mobile": "13800005678"})
    register(vault, operator, {"name": "李四", "mobile": "13900005678"})
    register(vault, operator, {"name": "张伟", "mobile": "13900001111"})

    narrowed = find_customers(vault, operator, "mobile_tail", "5678", surname="张*丰", limit=1)

    assert ([c.id for c in narrowed.customers], narrowed.total) == ([zhang], 1)
    assert _ids(vault, operator, "mobile_tail", "5678") != {zhang}
    assert _ids(vault, operator, "mobile_tail", "5678", surname="王") == set()
    assert _ids(vault, operator, "mobile_tail", "5678", surname="  ") == _ids(
        vault, operator, "mobile_tail", "5678"
    )


def test_the_surname_search_keeps_to_the_actors_stores(vault: Vault, operator: Actor) -> None:
    north = register(vault, operator, {"name": "张北", "mobile": "13800000031"}, store="north")
    register(vault, operator, {"name": "张南", "mobile": "13900000031"}, store="south")
    north_desk = Actor("north-desk", frozenset({"front_desk"}), stores=frozenset({"north"}))

    assert _ids(vault, north_desk, "name_surname", "张") == {north}
    assert _ids(vault, north_desk, "mobile_tail", "0031", surname="张") == {north}
    result = find_customers(vault, north_desk, "mobile_tail", "0031", surname="张", limit=1)
    assert result.total == 1
    assert find_customers(vault, operator, "name_surname", "张", limit=1).total == 2


@pytest.mark.parametrize(
    ("by", "value", "surname", "field"),
    [
        ("name_surname", "张三丰", None, "name_surname"),
        ("name_surname", "*三", None, "name_surname"),
        ("mobile_tail", "5678", "张三丰", "surname"),
        ("mobile_tail", "5678", "J*** S****", "surname"),
    ],
)
def test_a_whole_name_instead_of_a_surname_is_refused_naming_the_field_and_changes_nothing(
    vault: Vault, operator: Actor, by: str, value: str, surname: str | None, field: str
) -> None:
    register(vault, operator, {"name": "张三丰", "mobile": "13800005678"})
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        find_customers(vault, operator, by, value, surname=surname)
    assert refused.value.field == field
    assert "surname only" in refused.value.reason
    assert "张三丰" not in str(refused.value)
    assert table_counts(vault.database) == before


def test_the_search_is_audited_as_by_surname_never_with_the_value(
    vault: Vault, operator: Actor
) -> None:
    zhang = register(vault, operator, {"name": "张三丰", "mobile": "13800005678"})
    find_customers(vault, operator, "mobile_tail", "5678", surname="张")
    find_customers(vault, operator, "mobile_tail", "5678", surname="王")
    find_customers(vault, operator, "name_surname", "张*丰")

    events = [
        e for e in list_audit_events(vault, operator, limit=4) if e.action == "customer.search"
    ]
    by_name, nobody, narrowed = events
    assert (narrowed.customer_id, narrowed.reason) == (zhang, "found by mobile_tail and surname")
    assert (nobody.customer_id, nobody.reason) == (None, "no match")
    assert nobody.fields == ("mobile_tail", "name_surname")
    assert (by_name.customer_id, by_name.reason) == (zhang, "found by name_surname")
    for event in events:
        assert "张" not in (event.reason or "")
        assert "5678" not in (event.reason or "")


def test_a_changed_name_moves_the_customer_to_the_new_surname(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "张三丰", "mobile": "13800006789"})
    update_customer(vault, operator, customer_id, {"name": "欧阳锋"})
    assert _ids(vault, operator, "name_surname", "张") == set()
    assert _ids(vault, operator, "name_surname", "欧阳") == {customer_id}

    update_customer(vault, operator, customer_id, {"name": ""})

    assert _ids(vault, operator, "name_surname", "欧阳") == set()
    assert "name_surname" not in _index_names(vault, customer_id)
    assert "mobile_tail" in _index_names(vault, customer_id)


def test_erasure_removes_the_surname_index(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, {"name": "张三丰", "mobile": "13800007890"})
    assert "name_surname" in _index_names(vault, customer_id)

    erase_customer(vault, operator, customer_id, reason="customer asked")

    assert _index_names(vault, customer_id) == set()
    assert _ids(vault, operator, "name_surname", "张") == set()
