"""The shop's identity: who processes the customers' data and how to reach them (PIPL Art. 17),
checked one setting at a time and filled into the privacy notice."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError
from privault.domain.values import contact_email, contact_phone

# Setting name → what it is, in the words the refusals and the settings page use.
SETTINGS = {
    "business_name": "the business name",
    "address": "the business address",
    "phone": "the contact phone",
    "email": "the contact email",
    "officer_name": "the privacy officer's name",
    "officer_contact": "the privacy officer's phone or email",
}
KEY_PREFIX = "shop."  # where each setting lives in the installation table
MAX_LENGTH = {"business_name": 100, "address": 200, "officer_name": 50}


@dataclass(frozen=True)
class ShopIdentity:
    business_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    officer_name: str = ""
    officer_contact: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if not getattr(self, f.name))

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def as_settings(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def identity_from(stored: Mapping[str, str | None]) -> ShopIdentity:
    """From the stored settings, each already checked when it was set."""
    return ShopIdentity(**{name: stored.get(name) or "" for name in SETTINGS})


def change_identity(current: ShopIdentity, changes: Mapping[str, str]) -> ShopIdentity:
    """Each change checked and normalised; an unknown setting or an empty value is refused by
    name, and nothing is changed unless every one passes."""
    checked = {name: parse_setting(name, value) for name, value in changes.items()}
    return replace(current, **checked)


def parse_setting(name: str, raw: str) -> str:
    if name not in SETTINGS:
        raise InvalidInputError(
            "unknown setting; choose one of {choices}",
            field="setting",
            params={"choices": ", ".join(SETTINGS)},
        )
    refuse_control_characters(raw, field=name)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not text:
        raise InvalidInputError("may not be empty", field=name)
    if name == "phone":
        return contact_phone(text, field=name)
    if name == "email":
        return contact_email(text, field=name)
    if name == "officer_contact":
        return contact_email(text, field=name) if "@" in text else contact_phone(text, field=name)
    return _bounded(name, text)


def _bounded(name: str, text: str) -> str:
    limit = MAX_LENGTH[name]
    if len(text) > limit:
        raise InvalidInputError("at most {limit} characters", field=name, params={"limit": limit})
    return text
