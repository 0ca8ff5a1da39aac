"""The serving fields of a booking's customer as the service day's use cases open them: the
values sealed in the vault, allergies only with the separate consent, nothing of an erased
customer."""

from __future__ import annotations

from privault.domain.policy import Actor
from privault.services.customers.erasure import erase_customer
from privault.services.service_day.serving import open_serving
from privault.services.use_case import use_case
from privault.services.vault import Vault
from tests.factories import register

VALUES = {"name": "欧阳娜娜", "mobile": "13812345678", "hair_type": "dry", "allergies": "染发剂"}


def _opened(vault: Vault, operator: Actor, customer_id: str) -> dict[str, str]:
    with use_case(vault, operator, read_only=True) as uc:
        return {item.key: item.value for item in open_serving(uc, customer_id).items}


def test_the_sealed_serving_values_open_allergies_only_with_separate_consent(
    vault: Vault, operator: Actor
) -> None:
    consented = register(vault, operator, VALUES, ("service", "sensitive_care"))
    assert _opened(vault, operator, consented) == {"hair_type": "dry", "allergies": "染发剂"}

    values = {k: v for k, v in VALUES.items() if k != "allergies"} | {"mobile": "13912345678"}
    without = register(vault, operator, values)
    assert _opened(vault, operator, without) == {"hair_type": "dry"}


def test_an_erased_customer_opens_nothing(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, VALUES, ("service", "sensitive_care"))
    erase_customer(vault, operator, customer, reason="the customer asked")
    assert _opened(vault, operator, customer) == {}
