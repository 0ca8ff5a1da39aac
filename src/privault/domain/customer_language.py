"""The language a customer is written to in (incident notices, answers to their questions): their
own stored choice, else the shop's default, else Chinese; one language, never both."""

from __future__ import annotations

from privault.domain.errors import InvalidInputError

LANGUAGES = ("zh", "en")
FALLBACK = "zh"
# The installation setting naming the shop's default language for customers.
SHOP_DEFAULT_KEY = "customer_language"


def parse_customer_language(raw: str | None) -> str | None:
    """None (or empty) clears the customer's choice: the shop's default applies."""
    cleaned = (raw or "").strip().lower()
    if not cleaned:
        return None
    if cleaned not in LANGUAGES:
        raise InvalidInputError(
            "choose one of {choices}", field="language", params={"choices": ", ".join(LANGUAGES)}
        )
    return cleaned


def language_for(stored: str | None, shop_default: str | None) -> str:
    for choice in (stored, shop_default):
        if choice in LANGUAGES:
            return str(choice)
    return FALLBACK
