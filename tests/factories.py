"""Typed factories for test data; everything goes through the services."""

from __future__ import annotations

from itertools import count

from privault.domain.policy import Actor
from privault.services.customers.records import RegistrationForm, register_customer
from privault.services.vault import Vault

NOTICE = "2026.1"
_numbers = count(1)


def unique_mobile() -> str:
    return f"139{next(_numbers):08d}"


def form(
    values: dict[str, str] | None = None,
    purposes: tuple[str, ...] = ("service",),
    *,
    channel: str = "store",
    notice: str = NOTICE,
    guardian_name: str | None = None,
    guardian_relation: str | None = None,
    store: str | None = None,
) -> RegistrationForm:
    chosen = {"name": "张三丰", "mobile": unique_mobile()} if values is None else values
    return RegistrationForm(
        chosen,
        purposes,
        channel,
        notice,
        guardian_name,
        guardian_relation,
        "paper form in folder 2026-11",
        store,
    )


def register(
    vault: Vault,
    actor: Actor,
    values: dict[str, str] | None = None,
    purposes: tuple[str, ...] = ("service",),
    **kwargs: str,
) -> str:
    return register_customer(vault, actor, form(values, purposes, **kwargs))


MEMBER = ("service", "membership")
EVERYTHING_SALON = (
    "service",
    "membership",
    "marketing_sms",
    "marketing_email",
    "birthday_offers",
    "personalisation",
    "sensitive_care",
)
