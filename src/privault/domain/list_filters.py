"""The filters long lists share: a customer's mobile tail, a shop day, a choice from a list,
the list's order. Blank means any (None); a bad value is named as its field."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from privault.domain.errors import InvalidInputError


def parse_tail(value: str | None, field: str = "mobile_tail") -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    if not (len(cleaned) == 4 and cleaned.isascii() and cleaned.isdigit()):
        raise InvalidInputError("give exactly the last four digits", field=field)
    return cleaned


def parse_day(value: str | None, field: str) -> date | None:
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInputError("give a day as YYYY-MM-DD", field=field) from None


def parse_choice(value: str | None, allowed: Collection[str], field: str) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    if cleaned not in allowed:
        raise InvalidInputError("choose one from the list", field=field)
    return cleaned


# A list's order: newest first (the default) or oldest first. The customer search, the audit
# trail and the exports list take the same two words from the console, the API and the CLI.
ORDERS = ("newest", "oldest")


def parse_oldest_first(value: str | None) -> bool:
    """The `order` filter: True for oldest first; blank or "newest" keeps newest first."""
    return parse_choice(value, ORDERS, "order") == "oldest"
