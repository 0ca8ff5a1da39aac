"""Every catalog field of every preset leaves the services masked, whatever its kind."""

from __future__ import annotations

import pytest

from privault.domain.assessments import ACTIVATED_BY_SHOP
from privault.domain.catalog import MaskRule, ValueKind
from privault.domain.masking import mask
from privault.domain.policy import Actor
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.vault import Vault
from tests.factories import register

# One realistic clear value per value kind; normalisation leaves each of them unchanged.
CLEAR = {
    ValueKind.NAME: "欧阳娜娜",
    ValueKind.MOBILE: "13812345678",
    ValueKind.EMAIL: "zhangsan@example.com",
    ValueKind.DATE: "1990-03-07",
    ValueKind.ADDRESS: "广东省深圳市南山区科技园路1号2栋301",
    ValueKind.MEMBER_NO: "VIP-20260001",
    ValueKind.CN_RESIDENT_ID: "11010519491231002X",
    ValueKind.PLATE_NUMBER: "粤B12345",
    ValueKind.TEXT: "对芒果和花生过敏",
    ValueKind.LANDLINE: "0755-86013388",
    ValueKind.MONEY: "1234.50",
    ValueKind.BANK_CARD: "6222021234567890128",
}


@pytest.fixture(params=["salon", "restaurant", "retail"])
def industry(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.legal("GB/T 35273-2020 §7.3", "GDPR Art. 25")
def test_every_field_is_masked_in_views_and_searches_and_clear_only_on_reveal(
    vault: Vault, operator: Actor
) -> None:
    with vault.unit_of_work() as uow:
        catalog = vault.catalog(uow)
    values = {
        key: (next(iter(spec.choices)) if spec.kind is ValueKind.ENUM else CLEAR[spec.kind])
        for key, spec in catalog.fields.items()
        if spec.purposes
    }
    in_use = tuple(p for p in catalog.purposes if p not in ACTIVATED_BY_SHOP)
    customer_id = register(vault, operator, values, in_use)

    shown = get_customer(vault, operator, customer_id).fields
    found = find_customers(vault, operator, "mobile_tail", "5678").customers[0].fields
    assert shown == found
    assert set(shown) == set(values)
    for key, clear in values.items():
        spec = catalog.fields[key]
        assert shown[key] == mask(spec.mask, clear), key
        if spec.mask is not MaskRule.NONE:
            assert clear not in shown[key], key
        assert reveal_field(vault, operator, customer_id, key, spec.purposes[0]) == clear
