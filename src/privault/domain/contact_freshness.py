"""How long a customer's contact data counts as confirmed (issue 17, 定期更新): the setting, the
contact fields of the catalog, and when a record is stale."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from privault.domain.catalog import Catalog, Category
from privault.domain.errors import InvalidInputError

FRESH_DAYS_KEY = "contact_fresh_days"
DEFAULT_FRESH_DAYS = 365
MIN_FRESH_DAYS, MAX_FRESH_DAYS = 30, 3650


class ConfirmedBy(StrEnum):
    """How the contact data came to be confirmed."""

    REGISTRATION = "registration"  # given by the customer when registered
    UPDATE = "update"  # a contact field changed
    CUSTOMER = "customer"  # the desk confirmed it with the customer


def parse_fresh_days(raw: int | str | None) -> int:
    try:
        days = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInputError("give a whole number of days", field="contact_fresh_days") from None
    if not MIN_FRESH_DAYS <= days <= MAX_FRESH_DAYS:
        raise InvalidInputError(
            "between {low} and {high} days",
            field="contact_fresh_days",
            params={"low": MIN_FRESH_DAYS, "high": MAX_FRESH_DAYS},
        )
    return days


def stored_fresh_days(raw: str | None) -> int:
    return DEFAULT_FRESH_DAYS if raw is None else parse_fresh_days(raw)


def contact_fields(catalog: Catalog) -> frozenset[str]:
    return frozenset(k for k, spec in catalog.fields.items() if spec.category is Category.CONTACT)


def touches_contact(catalog: Catalog, changed: Mapping[str, object] | list[str]) -> bool:
    return bool(contact_fields(catalog) & set(changed))


def stale_before(now: datetime, fresh_days: int) -> datetime:
    """Contact data confirmed before this moment is stale."""
    return now - timedelta(days=fresh_days)


def is_stale(confirmed_at: datetime, now: datetime, fresh_days: int) -> bool:
    return confirmed_at < stale_before(now, fresh_days)


def days_since(confirmed_at: datetime, now: datetime) -> int:
    return max(0, (now - confirmed_at).days)
