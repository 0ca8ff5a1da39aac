"""The store registry's rules: a store's code, names, address, phone and time zone as typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from privault.domain.devices import parse_idle
from privault.domain.errors import InvalidInputError

MAX_CODE = 64  # the `store` columns of every table that names a store
MAX_NAME = 100
MAX_ADDRESS = 200
MAX_PHONE = 32
# A code is what the `store` columns and staff's space-separated `stores` hold: no space.
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
PHONE = re.compile(r"[0-9+()\- ]+")


@dataclass(frozen=True)
class StoreDetails:
    """What a person types about a store; none of it is a customer's personal data."""

    name: str
    name_en: str | None = None
    address: str | None = None
    phone: str | None = None
    zone: str | None = None  # none: the installation's time zone
    idle_seconds: int | None = None  # a shared device's idle lock; none: the default


@dataclass(frozen=True)
class Store:
    code: str
    details: StoreDetails
    is_active: bool
    created_at: datetime

    def name(self, lang: str) -> str:
        """The name in the reader's language (a customer's page shows no code)."""
        return self.details.name_en if lang == "en" and self.details.name_en else self.details.name

    def label(self, lang: str) -> str:
        """The name in the reader's language, the code beside it."""
        name = self.name(lang)
        return f"{name} ({self.code})" if name != self.code else self.code


def parse_code(raw: str) -> str:
    code = raw.strip()
    if not code:
        raise InvalidInputError("give the store's code, such as main or east", field="code")
    if len(code) > MAX_CODE or not CODE.fullmatch(code):
        raise InvalidInputError(
            "a code is at most {limit} letters, digits, '-', '_' or '.', without spaces",
            field="code",
            params={"limit": MAX_CODE},
        )
    return code


def parse_details(
    name: str,
    name_en: str = "",
    address: str = "",
    phone: str = "",
    zone: str = "",
    idle_seconds: str = "",
) -> StoreDetails:
    """Every field checked; the first fault is raised naming its field."""
    cleaned_name = _text(name, "name", MAX_NAME)
    if cleaned_name is None:
        raise InvalidInputError("give the store's name", field="name")
    cleaned_phone = _text(phone, "phone", MAX_PHONE)
    if cleaned_phone is not None and not PHONE.fullmatch(cleaned_phone):
        raise InvalidInputError("digits, spaces, '+', '-' and brackets only", field="phone")
    return StoreDetails(
        cleaned_name,
        _text(name_en, "name_en", MAX_NAME),
        _text(address, "address", MAX_ADDRESS),
        cleaned_phone,
        parse_zone(zone),
        parse_idle(idle_seconds),
    )


def parse_zone(raw: str) -> str | None:
    zone = raw.strip()
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            "unknown time zone {zone}; use a name such as Asia/Shanghai",
            field="zone",
            params={"zone": zone[:MAX_NAME]},
        ) from None
    return zone


def _text(raw: str, field: str, limit: int) -> str | None:
    cleaned = " ".join(raw.split())
    if not cleaned:
        return None
    if not cleaned.isprintable():
        raise InvalidInputError("must not contain control characters", field=field)
    if len(cleaned) > limit:
        raise InvalidInputError("at most {limit} characters", field=field, params={"limit": limit})
    return cleaned
