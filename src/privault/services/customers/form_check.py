"""Checking a registration form whole, before or after a refused registration, so the form shows
every problem at once. Reads nothing about any customer and records nothing."""

from __future__ import annotations

from privault.domain.consents import parse_channel
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.registration import registration_problems
from privault.services.customers.records import (
    RegistrationForm,
    consent_evidence,
    parse_guardian,
)
from privault.services.free_text.rule import on_found
from privault.services.use_case import use_case
from privault.services.vault import Vault


def check_registration(
    vault: Vault, actor: Actor, form: RegistrationForm
) -> list[InvalidInputError]:
    """The field-level problems of the form (values, purposes, guardian, channel, evidence);
    who may register, duplicates, age and the notice are left to the registration itself."""
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_READ)  # the catalog is what the notice discloses
        problems = registration_problems(
            uc.catalog,
            form.values,
            form.purposes,
            today=uc.now.date(),
            on_found=on_found(uc.vault),
        )
    for check in (_guardian, _channel):
        try:
            check(form)
        except InvalidInputError as error:
            problems.append(error)
    return problems


def _guardian(form: RegistrationForm) -> None:
    parse_guardian(form.guardian_name, form.guardian_relation)


def _channel(form: RegistrationForm) -> None:
    consent_evidence(parse_channel(form.channel), form)
